/**
 * The hand-written runtime of the generated JidoCode RPC client.
 *
 * - fetch transport, `POST <url>` with JSON-RPC 2.0 bodies;
 * - calls made in the same tick are sent as one batch (at most `maxBatchSize` per
 *   request; a lone call goes as a plain request object);
 * - per-call `AbortSignal` and timeout: the call settles at once; the HTTP request is
 *   aborted when every call riding on it has given up;
 * - an async headers hook, cookie (`credentials: "include"`) or bearer auth, and the
 *   `X-JidoCode-Inventory` header on every request;
 * - errors as a discriminated union on `kind`: the server's error `data.kind`, or one of
 *   the client-side kinds `aborted`, `client_timeout`, `transport`, `protocol`.
 */

export const INVENTORY_HEADER = "X-JidoCode-Inventory";

/** An error the server returned: `kind` from its data, the data typed by its schema. */
export interface RpcFailure<D extends { kind: string }> {
  readonly kind: D["kind"];
  readonly code: number;
  readonly message: string;
  readonly data: D;
}

/** Distributes `RpcFailure` over a union of error data types. */
export type FailureOf<D extends { kind: string }> = D extends { kind: string }
  ? RpcFailure<D>
  : never;

/** Errors the protocol layer may return for any call (unknown method, bad request). */
export interface ProtocolErrorData {
  kind: "method_not_found" | "invalid_request" | "parse_error";
  request_id: string;
  reason?: string;
}

/** Failures raised on the client side, before or instead of a server answer. */
export type ClientFailure =
  | {
      readonly kind: "aborted";
      readonly code: null;
      readonly message: string;
      readonly data: { reason: string };
    }
  | {
      readonly kind: "client_timeout";
      readonly code: null;
      readonly message: string;
      readonly data: { timeout_ms: number };
    }
  | {
      readonly kind: "transport";
      readonly code: null;
      readonly message: string;
      readonly data: { status: number | null };
    }
  | {
      readonly kind: "protocol";
      readonly code: null;
      readonly message: string;
      readonly data: { reason: string };
    };

/** What every call may fail with, besides the errors its method declares. */
export type CommonFailure = ClientFailure | FailureOf<ProtocolErrorData>;

/** Any failure at all. */
export type AnyFailure = CommonFailure | RpcFailure<{ kind: string }>;

/** The result of a call that does not throw. */
export type Outcome<T, E> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };

/** Thrown by the throwing call variant; `failure` is the same value `safe` returns. */
export class RpcError<E extends AnyFailure = AnyFailure> extends Error {
  readonly failure: E;

  constructor(failure: E) {
    super(`${failure.kind}: ${failure.message}`);
    this.name = "RpcError";
    this.failure = failure;
  }

  /** The failure's kind, for a quick `switch`. */
  get kind(): E["kind"] {
    return this.failure.kind;
  }
}

/** Narrows an unknown thrown value to an `RpcError` of a method's failure union. */
export function isRpcError<E extends AnyFailure = AnyFailure>(value: unknown): value is RpcError<E> {
  return value instanceof RpcError;
}

/** How the client proves who it is. */
export type Auth =
  | { readonly mode: "none" }
  | { readonly mode: "cookie" }
  | { readonly mode: "bearer"; readonly token: string | (() => string | Promise<string>) };

export type HeadersHook = () => Record<string, string> | Promise<Record<string, string>>;

export interface ClientOptions {
  /** The JSON-RPC endpoint, e.g. `http://127.0.0.1:8420/rpc`. */
  readonly url: string;
  /** Cookie (the browser's session) or bearer (an API key or token). Default: none. */
  readonly auth?: Auth;
  /** Extra headers, computed before every HTTP request. */
  readonly headers?: HeadersHook;
  /** At most this many calls per HTTP request (the server takes 100). Default 50. */
  readonly maxBatchSize?: number;
  /** Default per-call timeout in milliseconds; none when absent. */
  readonly timeoutMs?: number;
  /** Set to false to send every call on its own request. Default true. */
  readonly batch?: boolean;
  /** The fetch to use (tests, polyfills). Default: the global fetch. */
  readonly fetch?: typeof fetch;
  /** The inventory version sent in `X-JidoCode-Inventory`; the generated client sets it. */
  readonly inventoryVersion?: number;
  /** The Server-Sent Events endpoint. Default: `url` with `/rpc` replaced by `/events`. */
  readonly eventsUrl?: string;
}

/** A `GET /events` request as the transport would send it (see events.ts). */
export interface StreamRequest {
  readonly url: string;
  readonly fetch: typeof fetch;
  readonly headers: Record<string, string>;
  readonly credentials: RequestCredentials | undefined;
}

/** The SSE address for an RPC endpoint: `…/rpc` becomes `…/events`. */
export function eventsUrlFor(rpcUrl: string): string {
  const cut = rpcUrl.search(/[?#]/);
  const path = (cut === -1 ? rpcUrl : rpcUrl.slice(0, cut)).replace(/\/+$/, "");
  return path.endsWith("/rpc") ? `${path.slice(0, -4)}/events` : `${path}/events`;
}

export interface CallOptions {
  /** Gives up on the call; it fails with kind `aborted`. */
  readonly signal?: AbortSignal;
  /** Gives up after this many milliseconds; it fails with kind `client_timeout`. */
  readonly timeoutMs?: number;
}

interface Pending {
  readonly id: number;
  readonly method: string;
  readonly params: unknown;
  readonly settle: (outcome: Outcome<unknown, AnyFailure>) => void;
  done: boolean;
  onGiveUp: (() => void) | null;
}

interface WireError {
  code?: unknown;
  message?: unknown;
  data?: unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function clientFailure(
  kind: ClientFailure["kind"],
  message: string,
  data: ClientFailure["data"],
): ClientFailure {
  return { kind, code: null, message, data } as ClientFailure;
}

function fromWire(error: WireError): AnyFailure {
  const code = typeof error.code === "number" ? error.code : -32603;
  const message = typeof error.message === "string" ? error.message : "Error";
  const data = isObject(error.data) ? error.data : {};
  const kind = typeof data["kind"] === "string" ? data["kind"] : "internal";
  return { kind, code, message, data: { ...data, kind } };
}

/** Sends calls, batching those made in the same tick. */
export class Transport {
  private readonly options: ClientOptions;
  private readonly fetchImpl: typeof fetch;
  private readonly maxBatch: number;
  private queue: Pending[] = [];
  private scheduled = false;
  private nextId = 1;

  constructor(options: ClientOptions) {
    this.options = options;
    const impl = options.fetch ?? globalThis.fetch;
    this.fetchImpl = impl.bind(globalThis);
    this.maxBatch = Math.max(1, Math.min(options.maxBatchSize ?? 50, 100));
  }

  /** One call; resolves to its result, rejects with an `RpcError`. */
  async call<T, E extends AnyFailure = AnyFailure>(
    method: string,
    params: unknown,
    options?: CallOptions,
  ): Promise<T> {
    const outcome = await this.settle<T, E>(method, params, options);
    if (outcome.ok) return outcome.value;
    throw new RpcError<E>(outcome.error);
  }

  /** One call that never rejects: `{ ok: true, value }` or `{ ok: false, error }`. */
  settle<T, E extends AnyFailure = AnyFailure>(
    method: string,
    params: unknown,
    options?: CallOptions,
  ): Promise<Outcome<T, E>> {
    return new Promise<Outcome<T, E>>((resolve) => {
      const signal = options?.signal;
      const timeoutMs = options?.timeoutMs ?? this.options.timeoutMs;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const cleanup = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      };
      const pending: Pending = {
        id: this.nextId++,
        method,
        params,
        done: false,
        onGiveUp: null,
        settle: (outcome) => {
          if (pending.done) return;
          pending.done = true;
          cleanup();
          resolve(outcome as Outcome<T, E>);
        },
      };
      const giveUp = (failure: ClientFailure): void => {
        if (pending.done) return;
        pending.settle({ ok: false, error: failure });
        pending.onGiveUp?.();
      };
      const onAbort = (): void => {
        giveUp(clientFailure("aborted", "The call was aborted", { reason: String(signal?.reason) }));
      };
      if (signal?.aborted) {
        onAbort();
        return;
      }
      signal?.addEventListener("abort", onAbort, { once: true });
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          giveUp(
            clientFailure("client_timeout", `No answer within ${timeoutMs} ms`, {
              timeout_ms: timeoutMs,
            }),
          );
        }, timeoutMs);
      }
      this.enqueue(pending);
    });
  }

  private enqueue(pending: Pending): void {
    if (this.options.batch === false) {
      void this.send([pending]);
      return;
    }
    this.queue.push(pending);
    if (!this.scheduled) {
      this.scheduled = true;
      // Everything called before this microtask runs rides in the same request(s).
      queueMicrotask(() => this.flush());
    }
  }

  private flush(): void {
    this.scheduled = false;
    const live = this.queue.filter((p) => !p.done);
    this.queue = [];
    for (let i = 0; i < live.length; i += this.maxBatch) {
      void this.send(live.slice(i, i + this.maxBatch));
    }
  }

  private async headers(): Promise<Record<string, string>> {
    const out: Record<string, string> = {
      "Content-Type": "application/json",
      Accept: "application/json",
    };
    if (this.options.inventoryVersion !== undefined) {
      out[INVENTORY_HEADER] = String(this.options.inventoryVersion);
    }
    const auth = this.options.auth;
    if (auth?.mode === "bearer") {
      const token = typeof auth.token === "function" ? await auth.token() : auth.token;
      out["Authorization"] = `Bearer ${token}`;
    }
    if (this.options.headers) Object.assign(out, await this.options.headers());
    return out;
  }

  /** The events endpoint, fetch, headers and credentials for `GET /events`: the same auth,
   * headers hook and inventory header as calls. */
  async streamRequest(): Promise<StreamRequest> {
    const headers = await this.headers();
    delete headers["Content-Type"];
    headers["Accept"] = "text/event-stream";
    return {
      url: this.options.eventsUrl ?? eventsUrlFor(this.options.url),
      fetch: this.fetchImpl,
      headers,
      credentials: this.options.auth?.mode === "cookie" ? "include" : undefined,
    };
  }

  private async send(calls: Pending[]): Promise<void> {
    const controller = new AbortController();
    let waiting = calls.length;
    for (const call of calls) {
      call.onGiveUp = () => {
        waiting -= 1;
        if (waiting === 0) controller.abort();
      };
    }
    const fail = (failure: AnyFailure): void => {
      for (const call of calls) call.settle({ ok: false, error: failure });
    };
    const envelope = (call: Pending): Record<string, unknown> => {
      const body: Record<string, unknown> = { jsonrpc: "2.0", id: call.id, method: call.method };
      if (call.params !== undefined) body["params"] = call.params;
      return body;
    };
    const first = calls[0];
    if (first === undefined) return;
    let payload: unknown;
    let status: number;
    try {
      const body = calls.length === 1 ? envelope(first) : calls.map(envelope);
      const init: RequestInit = {
        method: "POST",
        headers: await this.headers(),
        body: JSON.stringify(body),
        signal: controller.signal,
      };
      if (this.options.auth?.mode === "cookie") init.credentials = "include";
      const response = await this.fetchImpl(this.options.url, init);
      status = response.status;
      if (status === 204) {
        fail(clientFailure("protocol", "The server sent no answer", { reason: "204" }));
        return;
      }
      const text = await response.text();
      try {
        payload = JSON.parse(text) as unknown;
      } catch {
        fail(clientFailure("transport", `HTTP ${status}: not JSON`, { status }));
        return;
      }
    } catch (error) {
      if (controller.signal.aborted) return; // every call already gave up
      const message = error instanceof Error ? error.message : String(error);
      fail(clientFailure("transport", message, { status: null }));
      return;
    }
    const answers = Array.isArray(payload) ? payload : [payload];
    const byId = new Map<unknown, Record<string, unknown>>();
    let requestError: WireError | null = null;
    for (const answer of answers) {
      if (!isObject(answer)) continue;
      if (answer["id"] === null || answer["id"] === undefined) {
        if (isObject(answer["error"])) requestError = answer["error"];
        continue;
      }
      byId.set(answer["id"], answer);
    }
    for (const call of calls) {
      const answer = byId.get(call.id);
      if (answer === undefined) {
        call.settle({
          ok: false,
          error:
            requestError !== null
              ? fromWire(requestError)
              : clientFailure("protocol", `No answer for call ${call.id}`, {
                  reason: `HTTP ${status}`,
                }),
        });
      } else if (isObject(answer["error"])) {
        call.settle({ ok: false, error: fromWire(answer["error"]) });
      } else if ("result" in answer) {
        call.settle({ ok: true, value: answer["result"] });
      } else {
        call.settle({
          ok: false,
          error: clientFailure("protocol", "An answer without result or error", {
            reason: "malformed",
          }),
        });
      }
    }
  }
}

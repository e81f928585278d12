/**
 * Live events: `subscribe(source, topic, { after, signal })` streams `GET /events` (Server-Sent
 * Events over fetch streaming, framed by `eventsource-parser`) as an `AsyncIterable`.
 *
 * - auth and headers are the RPC transport's own (bearer, cookie, the headers hook);
 * - after a dropped connection, a server error or a `reset` it reconnects with
 *   `Last-Event-ID: <topic>@<seq>` of the last event it yielded, after a small backoff;
 * - a topic's seq only goes up: an event at or below the last one yielded is dropped, so
 *   nothing is yielded twice or out of order;
 * - `cursor_expired` (the cursor is older than retention) throws `CursorExpired`: reload,
 *   then subscribe again from `earliest`;
 * - a refusal (401, 400 bad topic, 404 unknown subject, ...) throws `StreamRefused`;
 * - aborting `signal` (or breaking out of the loop) ends the iteration and the request;
 * - `onState` tells a UI where the stream is: `connecting`, `open`, `reconnecting`.
 */

import { createParser, type EventSourceMessage } from "eventsource-parser";

import { RpcError, type ClientFailure, type RpcFailure, type StreamRequest } from "./runtime.js";

/** One event of a topic, as `GET /events` and `events.list` carry it. */
export interface StreamEvent<Type extends string = string, Data = unknown> {
  readonly topic: string;
  /** Gapless and strictly increasing within the topic. */
  readonly seq: number;
  readonly type: Type;
  readonly data: Data;
  /** ISO 8601 time the event was recorded. */
  readonly at: string;
}

/** The data of a `cursor_expired` error (the stream's control event and `events.list`). */
export interface CursorExpiredData {
  readonly kind: "cursor_expired";
  readonly topic: string;
  readonly after: number;
  /** Events at or below this seq are gone: reload, then resume from here. */
  readonly earliest: number;
}

/** The error code of `cursor_expired`, as `events.list` answers it. */
export const CURSOR_EXPIRED_CODE = 1095;

/** The cursor is older than retention; the caller must reload its state. */
export class CursorExpired extends RpcError<RpcFailure<CursorExpiredData>> {
  constructor(data: Omit<CursorExpiredData, "kind">) {
    super({
      kind: "cursor_expired",
      code: CURSOR_EXPIRED_CODE,
      message: `Events of ${data.topic} after ${data.after} are no longer kept`,
      data: { kind: "cursor_expired", ...data },
    });
    this.name = "CursorExpired";
  }

  get topic(): string {
    return this.failure.data.topic;
  }

  get earliest(): number {
    return this.failure.data.earliest;
  }
}

/** The data of a refused stream: the server's error data, or made from the status. */
export interface StreamRefusedData {
  readonly kind: string;
  readonly status: number;
  readonly [key: string]: unknown;
}

/** The server refused the stream (bad credentials, bad topic, unknown subject, ...). */
export class StreamRefused extends RpcError<RpcFailure<StreamRefusedData>> {
  constructor(failure: RpcFailure<StreamRefusedData>) {
    super(failure);
    this.name = "StreamRefused";
  }

  get status(): number {
    return this.failure.data.status;
  }
}

/** Where a subscription connects: a `Transport` (`client.transport`) is one. */
export interface StreamSource {
  streamRequest(): Promise<StreamRequest>;
}

/** Where a subscription is: before its first connection, connected, or between two. */
export type StreamState = "connecting" | "open" | "reconnecting";

export interface SubscribeOptions {
  /** Yield only events with a greater seq (default 0: everything still kept). */
  readonly after?: number;
  /** Ends the iteration (without an error) and the request. */
  readonly signal?: AbortSignal;
  /** Consecutive failed connection attempts before giving up (default: never give up). */
  readonly maxRetries?: number;
  /** The first reconnection delay in ms, doubled per failure up to `maxBackoffMs`. */
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
  /**
   * Called when the state changes: `connecting` as the first connection is attempted,
   * `open` when a connection is answered (the server streams from here), `reconnecting`
   * when it drops or fails and a retry begins (not again for each failed retry). Not
   * called once the iteration ends (an abort, a refusal, `cursor_expired`).
   */
  readonly onState?: (state: StreamState) => void;
}

/** Failed to connect `maxRetries` times in a row: the client-side kind `transport`. */
export class StreamUnavailable extends RpcError<Extract<ClientFailure, { kind: "transport" }>> {
  constructor(message: string, status: number | null) {
    super({ kind: "transport", code: null, message, data: { status } });
    this.name = "StreamUnavailable";
  }
}

const DEFAULT_BACKOFF_MS = 200;
const DEFAULT_MAX_BACKOFF_MS = 5000;
const REFUSAL_KINDS: Record<number, string> = {
  400: "validation_error",
  401: "unauthenticated",
  403: "forbidden",
  404: "not_found",
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function streamUrl(base: string, topic: string, after: number): string {
  const query = `topic=${encodeURIComponent(topic)}&after=${after}`;
  return `${base}${base.includes("?") ? "&" : "?"}${query}`;
}

async function refusal(response: Response): Promise<StreamRefused> {
  const status = response.status;
  let body: unknown = null;
  try {
    body = JSON.parse(await response.text()) as unknown;
  } catch {
    // not JSON: the status says what happened
  }
  // The server answers `{kind, message, ...data}`; a JSON-RPC style `{error}` is read too.
  const error = isObject(body) && isObject(body["error"]) ? body["error"] : body;
  const fields = isObject(error) ? error : {};
  const { message, code, data: nested, ...flat } = fields;
  const data = isObject(nested) ? nested : flat;
  const kind =
    typeof data["kind"] === "string" ? data["kind"] : (REFUSAL_KINDS[status] ?? "transport");
  return new StreamRefused({
    kind,
    code: typeof code === "number" ? code : status,
    message: typeof message === "string" ? message : `GET /events answered HTTP ${status}`,
    data: { ...data, kind, status },
  });
}

function parseEvent(message: EventSourceMessage): StreamEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(message.data) as unknown;
  } catch {
    return null;
  }
  if (!isObject(value)) return null;
  const { topic, seq, type, data, at } = value;
  if (typeof topic !== "string" || typeof seq !== "number" || typeof type !== "string") {
    return null;
  }
  return { topic, seq, type, data, at: typeof at === "string" ? at : "" };
}

function cursorExpired(message: EventSourceMessage, topic: string, after: number): CursorExpired {
  let value: unknown = null;
  try {
    value = JSON.parse(message.data) as unknown;
  } catch {
    // fall back to what we know
  }
  const data = isObject(value) ? value : {};
  return new CursorExpired({
    topic: typeof data["topic"] === "string" ? data["topic"] : topic,
    after: typeof data["after"] === "number" ? data["after"] : after,
    earliest: typeof data["earliest"] === "number" ? data["earliest"] : after,
  });
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** How one connection ended, when it did not throw. */
interface Ending {
  /** The server sent something (an event, a keep-alive): the connection worked. */
  readonly healthy: boolean;
  readonly problem: string;
  readonly status: number | null;
}

/**
 * The events of `topic` after `options.after`, live, until `options.signal` aborts.
 *
 * Narrow the event type with the type parameter (`subscribe<RunEvent>(…)`); the stream is
 * not validated beyond its envelope.
 */
export async function* subscribe<E extends StreamEvent = StreamEvent>(
  source: StreamSource,
  topic: string,
  options: SubscribeOptions = {},
): AsyncGenerator<E, void, undefined> {
  const signal = options.signal;
  const base = options.backoffMs ?? DEFAULT_BACKOFF_MS;
  const ceiling = options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS;
  const maxRetries = options.maxRetries ?? Number.POSITIVE_INFINITY;
  const cursor = { last: options.after ?? 0 };
  let resume = false; // Last-Event-ID from the second connection on
  let failures = 0;
  let state: StreamState | null = null;
  const tell = (next: StreamState): void => {
    if (next === state || signal?.aborted) return;
    state = next;
    options.onState?.(next);
  };
  tell("connecting");
  while (!signal?.aborted) {
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(signal?.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    let ending: Ending;
    try {
      ending = yield* connection<E>(source, topic, cursor, resume, controller.signal, () =>
        tell("open"),
      );
    } catch (error) {
      if (signal?.aborted) return;
      throw error;
    } finally {
      signal?.removeEventListener("abort", onAbort);
      controller.abort();
    }
    if (signal?.aborted) return;
    resume = true;
    failures = ending.healthy ? 0 : failures + 1;
    if (failures > maxRetries) {
      throw new StreamUnavailable(`${topic}: ${ending.problem}`, ending.status);
    }
    tell("reconnecting");
    const delay = ending.healthy ? base : Math.min(ceiling, base * 2 ** (failures - 1));
    await pause(delay, signal);
  }
}

/** One `GET /events`: yields its new events, returns how it ended, throws refusals. */
async function* connection<E extends StreamEvent>(
  source: StreamSource,
  topic: string,
  cursor: { last: number },
  resume: boolean,
  signal: AbortSignal,
  opened: () => void,
): AsyncGenerator<E, Ending, undefined> {
  const request = await source.streamRequest();
  const headers: Record<string, string> = { ...request.headers };
  if (resume) headers["Last-Event-ID"] = `${topic}@${cursor.last}`;
  const init: RequestInit = { method: "GET", headers, signal, cache: "no-store" };
  if (request.credentials !== undefined) init.credentials = request.credentials;
  let response: Response;
  try {
    response = await request.fetch(streamUrl(request.url, topic, cursor.last), init);
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error);
    return { healthy: false, problem, status: null };
  }
  const status = response.status;
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
    throw await refusal(response);
  }
  if (!response.ok || response.body === null) {
    await response.body?.cancel().catch(() => undefined);
    return { healthy: false, problem: `GET /events answered HTTP ${status}`, status };
  }
  opened();
  let healthy = false;
  const pending: EventSourceMessage[] = [];
  const parser = createParser({
    onEvent: (message) => pending.push(message),
    onComment: () => {
      healthy = true;
    },
  });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) return { healthy, problem: "the stream ended", status };
      parser.feed(chunk.value);
      for (let message = pending.shift(); message !== undefined; message = pending.shift()) {
        healthy = true;
        if (message.event === "reset") {
          return { healthy, problem: "the server reset the stream", status };
        }
        if (message.event === "cursor_expired") throw cursorExpired(message, topic, cursor.last);
        if (signal.aborted) return { healthy, problem: "aborted", status };
        const event = parseEvent(message);
        if (event === null || event.topic !== topic || event.seq <= cursor.last) continue;
        cursor.last = event.seq;
        yield event as E;
      }
    }
  } catch (error) {
    if (error instanceof RpcError) throw error;
    const problem = error instanceof Error ? error.message : String(error);
    return { healthy, problem, status };
  } finally {
    void reader.cancel().catch(() => undefined);
  }
}

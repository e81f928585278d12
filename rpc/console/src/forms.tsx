// What the sign-in, onboarding, dashboard and settings pages share: reading data with its
// loading and error states, the server's typed errors split by field, write-only secret
// inputs, and small display helpers.
import { isRpcError } from "@jidocode/rpc-client";
import type { JSX, RefObject } from "preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";

import { messageOf } from "./api";

// ---- reading -------------------------------------------------------------------------

export interface Data<T> {
  readonly value: T | null;
  readonly error: string | null;
  readonly loading: boolean;
  /** Read again; a late answer of an older read is dropped. */
  readonly reload: () => Promise<void>;
  /** Replace the value with what a mutation answered. */
  readonly set: (value: T) => void;
}

/** `read()` on mount and whenever `deps` change. */
export function useData<T>(read: () => Promise<T>, deps: readonly unknown[] = []): Data<T> {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const ticket = useRef(0);
  const reader = useRef(read);
  reader.current = read;
  const reload = useCallback(async () => {
    const mine = ++ticket.current;
    setLoading(true);
    try {
      const got = await reader.current();
      if (mine !== ticket.current) return;
      setValue(() => got);
      setError(null);
    } catch (caught) {
      if (mine === ticket.current) setError(messageOf(caught));
    } finally {
      if (mine === ticket.current) setLoading(false);
    }
  }, []);
  useEffect(() => {
    void reload();
    return () => {
      ticket.current += 1;
    };
  }, deps);
  const set = useCallback((next: T) => {
    ticket.current += 1;
    setValue(() => next);
    setError(null);
    setLoading(false);
  }, []);
  return { value, error, loading, reload, set };
}

/** Loading, error or the content of one section. */
export function Section<T>(props: {
  readonly data: Data<T>;
  readonly children: (value: T) => JSX.Element;
}): JSX.Element {
  const { data } = props;
  if (data.value === null) {
    if (data.error !== null) return <ErrorText message={data.error} onRetry={data.reload} />;
    return <p class="muted" data-testid="page-loading">Loading…</p>;
  }
  return (
    <>
      {data.error !== null && <ErrorText message={data.error} onRetry={data.reload} />}
      {props.children(data.value)}
    </>
  );
}

export function ErrorText(props: {
  readonly message: string;
  readonly onRetry?: () => void | Promise<void>;
  readonly testId?: string;
}): JSX.Element {
  const retry = props.onRetry;
  return (
    <p class="error" role="alert" data-testid={props.testId ?? "page-error"}>
      {props.message}{" "}
      {retry && (
        <button type="button" class="secondary" onClick={() => void retry()}>
          Try again
        </button>
      )}
    </p>
  );
}

// ---- the server's typed errors ---------------------------------------------------------

/** A failed call, for a form: one line for the whole, and messages by field name. */
export interface FormError {
  readonly kind: string | null;
  readonly message: string;
  readonly fields: Readonly<Record<string, string>>;
  /** For `rate_limited`: seconds until another attempt is allowed. */
  readonly retryAfterS: number | null;
}

/** The form field a server error names: `sealed_value` is the `value` input,
 * `sealed_webhook_secret` the `webhook_secret` one, `value.app_id` the `app_id` one. */
export function fieldName(field: string): string {
  let name = field;
  if (name.startsWith("value.")) name = name.slice("value.".length);
  if (name.startsWith("sealed_")) name = name.slice("sealed_".length);
  return name;
}

/** A problem the console found itself (a credential the provider refused, a clone that
 * failed), thrown to an action like a server error. */
export class Problem extends Error {
  readonly form: FormError;

  constructor(message: string, field?: string, kind = "problem") {
    super(message);
    this.name = "Problem";
    this.form = { kind, message, fields: field ? { [field]: message } : {}, retryAfterS: null };
  }
}

export function formError(error: unknown): FormError {
  if (error instanceof Problem) return error.form;
  const fields: Record<string, string> = {};
  let kind: string | null = null;
  let retryAfterS: number | null = null;
  if (isRpcError(error)) {
    kind = error.failure.kind;
    const data = error.failure.data as {
      field_errors?: { field: string; message: string }[];
      errors?: { loc: (string | number)[]; msg: string }[];
      retry_after_s?: number;
    };
    for (const f of data.field_errors ?? []) {
      const name = fieldName(f.field);
      fields[name] = fields[name] ? `${fields[name]}; ${f.message}` : f.message;
    }
    for (const e of data.errors ?? []) {
      const last = [...e.loc].reverse().find((p): p is string => typeof p === "string");
      if (last !== undefined) fields[fieldName(last)] = e.msg;
    }
    if (typeof data.retry_after_s === "number") retryAfterS = data.retry_after_s;
  }
  let message = messageOf(error);
  if (kind === "invalid_params" && Object.keys(fields).length) {
    message = Object.entries(fields)
      .map(([f, m]) => `${f}: ${m}`)
      .join("; ");
  }
  return { kind, message, fields, retryAfterS };
}

/** The server's message for one field, shown next to it. */
export function FieldError(props: { readonly error: FormError | null; readonly name: string }): JSX.Element | null {
  const message = props.error?.fields[props.name];
  if (!message) return null;
  return (
    <span class="error" data-testid={`field-error-${props.name}`}>
      {message}
    </span>
  );
}

/** A button's work: busy while it runs, its failure as a `FormError`. */
export interface Action {
  readonly busy: boolean;
  readonly error: FormError | null;
  readonly run: (work: () => Promise<void>) => Promise<void>;
  readonly clear: () => void;
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FormError | null>(null);
  const running = useRef(false);
  const run = useCallback(async (work: () => Promise<void>) => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (caught) {
      setError(formError(caught));
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);
  const clear = useCallback(() => setError(null), []);
  return { busy, error, run, clear };
}

// ---- secret inputs ---------------------------------------------------------------------

/** Read a write-only secret input and clear it at once: the value lives only in the
 * caller's hands until it is sealed, and is never rendered again. */
export function takeSecret(ref: RefObject<HTMLInputElement | HTMLTextAreaElement>): string {
  const element = ref.current;
  if (!element) return "";
  const value = element.value;
  element.value = "";
  return value;
}

/** Clear secret inputs without reading them. */
export function clearSecrets(...refs: RefObject<HTMLInputElement | HTMLTextAreaElement>[]): void {
  for (const ref of refs) if (ref.current) ref.current.value = "";
}

// ---- display ---------------------------------------------------------------------------

/** A timestamp in the reader's locale; a dash for none. */
export function when(iso: string | null | undefined): string {
  if (!iso) return "—";
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : at.toLocaleString();
}

/** How long until `seconds` from now, in words ("3 minutes"). */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return `${s} second${s === 1 ? "" : "s"}`;
  const m = Math.ceil(s / 60);
  return `${m} minute${m === 1 ? "" : "s"}`;
}

/** Non-secret metadata as `key: value` pairs (nested values as JSON). */
export function describe(metadata: Readonly<Record<string, unknown>>): string {
  return Object.entries(metadata)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join(", ");
}

/** The CSS class of a status word. */
export function tone(status: string): string {
  switch (status) {
    case "active":
    case "pass":
    case "ready":
    case "completed":
    case "processed":
      return "status ok";
    case "invalid":
    case "fail":
    case "failed":
    case "error":
    case "timeout":
    case "revoked":
    case "expired":
      return "status error";
    case "awaiting_approval":
    case "unverified":
    case "rotating":
      return "status warn";
    default:
      return "status muted";
  }
}

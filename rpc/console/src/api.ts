// The one client every page uses: the generated TypeScript client, over the session
// cookie (the browser adds Origin and Sec-Fetch-Site itself; the transport sends JSON).
import { createClient, isRpcError, type Client } from "@jidocode/rpc-client";

export const client: Client = createClient({ url: "/rpc", auth: { mode: "cookie" } });

/** A one-line, human message for whatever a call threw (never a stack trace). */
export function messageOf(error: unknown): string {
  if (isRpcError(error)) {
    const failure = error.failure as { kind: string; message?: string; data?: unknown };
    const data = failure.data as { field_errors?: { field: string; message: string }[]; reason?: string } | undefined;
    if (data?.field_errors?.length) {
      return data.field_errors.map((f) => `${f.field}: ${f.message}`).join("; ");
    }
    if (data?.reason) return `${failure.kind}: ${data.reason}`;
    return failure.message ? `${failure.kind}: ${failure.message}` : failure.kind;
  }
  return error instanceof Error ? error.message : String(error);
}

// What a person reads of a Forge session's events, one line each — the console's copy of
// `jidocode watch run`'s rules (rpc/app/cli_watch_format.py): an agent's messages, its
// tool calls and failed tool results, a command and its output, how it ended.
import type { ForgeSessionTopicEvent } from "@jidocode/rpc-client";

/** One line of output; `key` is stable across renders (seq and line number). */
export interface OutputLine {
  readonly key: string;
  readonly text: string;
  /** `out` for command output, `agent` for what the agent said, `note` for the rest. */
  readonly kind: "out" | "agent" | "tool" | "note" | "error";
  /** The run step that produced it, when the session belongs to a run. */
  readonly step: string | null;
}

const TOOL_LINE_CHARS = 160;
const TEXT_LINE_CHARS = 2000;
const TOOL_SUBJECTS = ["command", "file_path", "path", "pattern", "url", "query", "description"];

function cut(text: string, limit: number): string {
  const flat = text.split(/\s+/).filter(Boolean).join(" ");
  return flat.length <= limit ? flat : flat.slice(0, limit - 1) + "…";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function toolInput(value: unknown): string {
  if (isRecord(value)) {
    for (const key of TOOL_SUBJECTS) {
      const subject = value[key];
      if (typeof subject === "string" && subject) return subject;
    }
    const values = Object.values(value);
    if (values.length === 1) {
      const only = values[0];
      return typeof only === "string" ? only : JSON.stringify(only);
    }
  }
  return JSON.stringify(value) ?? "";
}

function split(text: string): string[] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "")
    .map((line) => line.slice(0, TEXT_LINE_CHARS));
}

type Piece = readonly [OutputLine["kind"], string];

/** Whether a session's raw output is worth showing (an agent's is its JSON stream, which
 * its `agent.*` events tell better). */
export function showsOutput(runner: unknown): boolean {
  return runner !== "agent_cli";
}

function texts(event: ForgeSessionTopicEvent, showOutput: boolean): Piece[] {
  const data: Record<string, unknown> = isRecord(event.data.data) ? event.data.data : {};
  switch (event.type) {
    case "exec.output": {
      if (data["dropped"]) return [["note", `[${String(data["bytes"] ?? "?")} bytes of older output dropped]`]];
      const text = data["text"];
      return showOutput && typeof text === "string" ? split(text).map((l) => ["out", l] as const) : [];
    }
    case "agent.message": {
      const text = data["text"];
      return typeof text === "string" ? split(text).map((l) => ["agent", l] as const) : [];
    }
    case "agent.tool_call": {
      const name = typeof data["name"] === "string" && data["name"] ? data["name"] : "tool";
      return [["tool", cut(`tool ${name}: ${toolInput(data["input"])}`, TOOL_LINE_CHARS)]];
    }
    case "agent.tool_result":
      if (!data["is_error"]) return [];
      return [["error", cut(`tool error: ${String(data["content"] ?? "")}`, TOOL_LINE_CHARS)]];
    case "agent.init":
      return [["note", `agent started (model ${String(data["model"] ?? "?")})`]];
    case "agent.warning":
      return [["note", cut(`warning: ${String(data["reason"])}: ${String(data["line"] ?? "")}`, TOOL_LINE_CHARS)]];
    case "agent.result": {
      const parts = [String(data["subtype"] ?? (data["is_error"] ? "error" : "done"))];
      if (data["num_turns"] !== undefined && data["num_turns"] !== null) parts.push(`${String(data["num_turns"])} turns`);
      if (data["total_cost_usd"] !== undefined && data["total_cost_usd"] !== null) {
        parts.push(`$${String(data["total_cost_usd"])}`);
      }
      return [["note", "agent finished: " + parts.join(", ")]];
    }
    case "exec.started": {
      const command = data["command"];
      return typeof command === "string" && showOutput ? [["note", cut(`$ ${command}`, TOOL_LINE_CHARS)]] : [];
    }
    case "exec.completed": {
      const exit = data["exit_code"];
      const shown = exit !== undefined && exit !== null ? `exit ${String(exit)}` : String(data["status"] ?? "?");
      const error = data["error"];
      return [["note", cut(shown + (error ? `: ${String(error)}` : ""), TOOL_LINE_CHARS)]];
    }
    case "session.needs_input":
      return [["note", cut(`needs input: ${String(data["question"] ?? "(no question)")}`, TEXT_LINE_CHARS)]];
    case "session.failed":
    case "session.cancelled": {
      const reason = data["reason"];
      const what = event.type === "session.failed" ? "failed" : "cancelled";
      return [["error", `session ${what}` + (reason ? `: ${String(reason)}` : "")]];
    }
    case "checkpoint.created":
    case "checkpoint.restored": {
      const name = data["name"] ?? data["id"] ?? "";
      return [["note", `${event.type.replace(".", " ")} ${String(name)}`.trimEnd()]];
    }
    default:
      return [];
  }
}

/** The lines of a session's events so far. */
export function sessionLines(
  events: readonly ForgeSessionTopicEvent[],
  options: { readonly showOutput: boolean; readonly step: string | null },
): OutputLine[] {
  const lines: OutputLine[] = [];
  for (const event of events) {
    texts(event, options.showOutput).forEach(([kind, text], i) => {
      lines.push({ key: `${event.topic}@${event.seq}.${i}`, text, kind, step: options.step });
    });
  }
  return lines;
}

/** The session events after which nothing more comes. */
export const SESSION_ENDS: ReadonlySet<string> = new Set([
  "session.completed",
  "session.failed",
  "session.cancelled",
]);

// A run's events in order (`run-timeline`, items `timeline-item` with seq, type, step).
import type { RunTopicEvent } from "@jidocode/rpc-client";
import type { JSX } from "preact";

const TONE: Record<string, string> = {
  run_completed: "ok",
  step_completed: "ok",
  approval_granted: "ok",
  run_failed: "error",
  step_failed: "error",
  approval_rejected: "error",
  run_cancelled: "warn",
  approval_requested: "warn",
};

function clock(at: string): string {
  const time = new Date(at);
  return Number.isNaN(time.getTime()) ? at : time.toLocaleTimeString();
}

/** What an event adds beyond its type: a comment, a reason, a route. */
function note(event: RunTopicEvent): string {
  const data = event.data.data;
  const parts: string[] = [];
  for (const key of ["comment", "reason", "on_reject", "kind"] as const) {
    const value = data[key];
    if (typeof value === "string" && value) parts.push(`${key}: ${value}`);
  }
  return parts.join(" · ");
}

export function Timeline(props: { readonly events: readonly RunTopicEvent[] }): JSX.Element {
  return (
    <ol class="timeline" data-testid="run-timeline">
      {props.events.length === 0 ? <li class="muted">No events yet.</li> : null}
      {props.events.map((event) => {
        const { from, to, step } = event.data;
        const move = from === to ? to : `${from ?? "∅"} → ${to}`;
        const extra = note(event);
        return (
          <li
            key={event.seq}
            data-testid="timeline-item"
            data-seq={event.seq}
            data-type={event.type}
            data-step={step ?? ""}
          >
            <span class="muted mono">{clock(event.at)}</span>{" "}
            <strong class={TONE[event.type] ?? ""}>{event.type}</strong>{" "}
            {step ? <span class="mono">{step}</span> : null} <span class="muted">{move}</span>
            {extra ? <span class="muted"> — {extra}</span> : null}
          </li>
        );
      })}
    </ol>
  );
}

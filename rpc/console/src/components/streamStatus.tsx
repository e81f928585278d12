// Where a live stream is (`stream-state`), and a gap when one was seen (`stream-gap`).
import type { JSX } from "preact";

import type { LiveState } from "../live";

export function StreamStatus(props: {
  readonly state: LiveState;
  readonly gap: boolean;
  readonly error?: string | null;
}): JSX.Element {
  const tone = props.state === "live" ? "ok" : "warn";
  return (
    <p class="stream">
      Events: <strong class={tone} data-testid="stream-state">{props.state}</strong>
      {props.gap ? (
        <span class="warn" data-testid="stream-gap" role="status">
          {" "}
          — some events are missing (a sequence gap): reload for the full history
        </span>
      ) : null}
      {props.error ? (
        <span class="error" data-testid="stream-error" role="alert">
          {" "}
          — the stream stopped: {props.error}
        </span>
      ) : null}
    </p>
  );
}

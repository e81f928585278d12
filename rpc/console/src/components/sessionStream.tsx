// One Forge session's output inside a run's page: follows `forge:session:<id>` until the
// session ends, and tells the page where its stream is.
import type { JSX } from "preact";
import { useEffect, useMemo } from "preact/hooks";

import { useTopic, type LiveState } from "../live";
import { OutputPane } from "./output";
import { SESSION_ENDS, sessionLines, showsOutput } from "./sessionLines";

export interface StreamReport {
  readonly state: LiveState;
  readonly gap: boolean;
  readonly ended: boolean;
  readonly error: string | null;
}

export function SessionStream(props: {
  readonly sessionId: string;
  readonly runner: string | null;
  readonly step: string | null;
  readonly onReport: (sessionId: string, report: StreamReport) => void;
}): JSX.Element {
  const { sessionId, onReport } = props;
  const topic = useTopic(`forge:session:${sessionId}`, {
    until: (event) => SESSION_ENDS.has(event.type),
  });
  const lines = useMemo(
    () => sessionLines(topic.events, { showOutput: showsOutput(props.runner), step: props.step }),
    [topic.events, props.runner, props.step],
  );
  const { state, gap, ended, error } = topic;
  useEffect(() => {
    onReport(sessionId, { state, gap, ended, error });
  }, [sessionId, onReport, state, gap, ended, error]);
  return (
    <section class="session-stream" data-session-id={sessionId} data-step={props.step ?? ""}>
      <h3>
        {props.step ?? "session"}{" "}
        <a class="muted" href={`#/sessions/${sessionId}`}>
          ({props.runner ?? "session"} {sessionId.slice(0, 8)})
        </a>
        {error ? <span class="error"> — stream stopped: {error}</span> : null}
      </h3>
      <OutputPane lines={lines} testid="session-lines" empty="Waiting for output…" />
    </section>
  );
}

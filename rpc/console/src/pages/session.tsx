// A Forge session: its phase, its output live over `forge:session:<id>`, the answer box
// when it needs input, cancel, and its checkpoints.
import type { ForgeSessionTopicEvent, SessionDetail } from "@jidocode/rpc-client";
import type { JSX } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";

import { client, messageOf } from "../api";
import { useLoad } from "../components/load";
import { OutputPane } from "../components/output";
import { sessionLines, showsOutput } from "../components/sessionLines";
import { StreamStatus } from "../components/streamStatus";
import { useTopic } from "../live";

type Phase = SessionDetail["phase"];
const ENDED: ReadonlySet<Phase> = new Set(["completed", "failed", "cancelled"]);

/** Events after which get_session has something new: phases, execs, checkpoints. */
function moves(event: ForgeSessionTopicEvent): boolean {
  return event.type.startsWith("session.") || event.type.startsWith("checkpoint.") || event.type === "exec.completed";
}

export function SessionPage(props: { readonly sessionId: string }): JSX.Element {
  return <SessionDetailPage key={props.sessionId} sessionId={props.sessionId} />;
}

function SessionDetailPage(props: { readonly sessionId: string }): JSX.Element {
  const { sessionId } = props;
  const topic = useTopic(`forge:session:${sessionId}`);
  const session = useLoad(() => client.forge.get_session({ session_id: sessionId }), [sessionId]);
  const moved = useMemo(() => topic.events.filter(moves).length, [topic.events]);
  useEffect(() => {
    if (moved > 0) void session.reload();
  }, [moved]);

  const s = session.value;
  // An agent's raw output is its JSON stream: hidden once the runner is known to be one
  // (until then nothing raw is shown, unless the session cannot be read at all).
  const showOutput = s ? showsOutput(s.runner) : session.error !== null;
  const lines = useMemo(
    () => sessionLines(topic.events, { showOutput, step: null }),
    [topic.events, showOutput],
  );
  const [answer, setAnswer] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const act = async (what: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await what();
      await session.reload();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  const send = (event: Event): void => {
    event.preventDefault();
    const input = answer.trim();
    if (!input) return;
    void act(async () => {
      await client.forge.apply_input({ session_id: sessionId, input });
      setAnswer("");
    });
  };
  const cancel = (): void => {
    void act(async () => {
      await client.forge.cancel_session({ session_id: sessionId });
    });
  };

  return (
    <div class="session">
      <header class="card">
        <h1>
          Session {s?.name || <span class="mono">{sessionId.slice(0, 8)}</span>}{" "}
          <strong data-testid="session-phase">{s?.phase ?? ""}</strong>
        </h1>
        {s ? (
          <p class="muted">
            {s.runner} · {s.environment} · {s.execution_count} execution(s)
            {s.run_id ? (
              <>
                {" "}· run <a href={`#/runs/${s.run_id}`}>{s.run_id.slice(0, 8)}</a>
              </>
            ) : null}{" "}
            · project <a href={`#/projects/${s.project_id}`}>{s.project_id.slice(0, 8)}</a>
          </p>
        ) : null}
        {s?.last_error ? <p class="error">{s.last_error}</p> : null}
        <StreamStatus state={topic.state} gap={topic.gap} error={topic.error} />
        {session.error || error ? (
          <p class="error" role="alert" data-testid="session-error">{error ?? session.error}</p>
        ) : null}
        {s && !ENDED.has(s.phase) ? (
          <button type="button" class="danger" data-testid="session-cancel" disabled={busy} onClick={cancel}>
            Cancel session
          </button>
        ) : null}
      </header>

      {s?.phase === "needs_input" ? (
        <form class="card" onSubmit={send}>
          <h2>The session asks</h2>
          <p data-testid="session-question">{s.question ?? "(no question recorded)"}</p>
          <label for="session-input">Your answer</label>
          <textarea
            id="session-input"
            data-testid="session-input"
            rows={3}
            value={answer}
            onInput={(e) => setAnswer(e.currentTarget.value)}
          />
          <button type="submit" data-testid="session-input-submit" disabled={busy || answer.trim() === ""}>
            Send
          </button>
        </form>
      ) : null}

      <section class="card">
        <h2>Output</h2>
        <OutputPane lines={lines} testid="session-output" />
      </section>

      <section class="card" data-testid="session-checkpoints">
        <h2>Checkpoints</h2>
        {s && s.checkpoints.length === 0 ? <p class="muted">No checkpoints.</p> : null}
        {s && s.checkpoints.length > 0 ? (
          <table>
            <thead>
              <tr><th>#</th><th>Name</th><th>After exec</th><th>Commit</th><th>At</th></tr>
            </thead>
            <tbody>
              {s.checkpoints.map((c) => (
                <tr key={c.id} data-testid="checkpoint-row" data-number={c.number}>
                  <td>{c.number}</td>
                  <td>{c.name}</td>
                  <td>{c.exec_sequence}</td>
                  <td class="mono">{c.commit_sha.slice(0, 12)}</td>
                  <td class="muted">{new Date(c.inserted_at).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
    </div>
  );
}

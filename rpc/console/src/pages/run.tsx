// A run: its status and workflow, the step timeline live over `run:<id>`, each step's
// agent or command output as it streams, the approval panel, artifacts, a typed failure,
// retry from a step, cancel, and the pull request it opened.
import type {
  ApprovalView,
  ArtifactSummary,
  DefinitionView,
  PullRequestView,
  RunTopicEvent,
  RunView,
} from "@jidocode/rpc-client";
import type { JSX } from "preact";
import { useCallback, useEffect, useMemo, useState } from "preact/hooks";

import { client, messageOf } from "../api";
import { ApprovalPanel } from "../components/approval";
import { Artifacts } from "../components/artifacts";
import { FailureView } from "../components/failure";
import { useLoad } from "../components/load";
import { SessionStream, type StreamReport } from "../components/sessionStream";
import { StreamStatus } from "../components/streamStatus";
import { Timeline } from "../components/timeline";
import { useTopic, type LiveState } from "../live";
import { navigate } from "../router";

type Status = RunView["status"];

// Events that move the run's status (get_run is read again after each).
const STATUS_EVENTS: ReadonlySet<string> = new Set([
  "run_started",
  "approval_requested",
  "approval_granted",
  "approval_rejected",
  "run_completed",
  "run_failed",
  "run_cancelled",
]);
// Events after which the run may have new artifacts.
const ARTIFACT_EVENTS: ReadonlySet<string> = new Set([...STATUS_EVENTS, "step_completed", "step_failed"]);
const CANCELLABLE: ReadonlySet<Status> = new Set(["pending", "running", "awaiting_approval"]);
const RETRYABLE: ReadonlySet<Status> = new Set(["failed", "cancelled"]);
const PAGE = 200;

interface StepSession {
  readonly sessionId: string;
  readonly runner: string | null;
  readonly step: string | null;
}

function sessionsOf(events: readonly RunTopicEvent[]): StepSession[] {
  const seen = new Map<string, StepSession>();
  for (const event of events) {
    if (event.type !== "step_session_started") continue;
    const id = event.data.data["forge_session_id"];
    const runner = event.data.data["runner"];
    if (typeof id === "string" && !seen.has(id)) {
      seen.set(id, { sessionId: id, runner: typeof runner === "string" ? runner : null, step: event.data.step });
    }
  }
  return [...seen.values()];
}

function countOf(events: readonly RunTopicEvent[], types: ReadonlySet<string>): number {
  return events.reduce((n, event) => (types.has(event.type) ? n + 1 : n), 0);
}

/** The first item of a project's pages that belongs to the run (pending approvals and pull
 * requests are listed by project, not by run). */
async function findForRun<T extends { readonly run_id: string | null }>(
  run: RunView,
  list: (params: { project_id: string; limit: number; cursor?: string }) => Promise<{
    readonly items: readonly T[];
    readonly next_cursor: string | null;
  }>,
): Promise<T | null> {
  let cursor: string | null = null;
  do {
    const page = await list({ project_id: run.project_id, limit: PAGE, ...(cursor ? { cursor } : {}) });
    const found = page.items.find((item) => item.run_id === run.id);
    if (found) return found;
    cursor = page.next_cursor;
  } while (cursor);
  return null;
}

/** The run's open approval request. */
function pendingApproval(run: RunView): Promise<ApprovalView | null> {
  return findForRun(run, (params) => client.orchestration.list_pending_approvals(params));
}

/** The pull request the run opened. */
function pullRequestOf(run: RunView): Promise<PullRequestView | null> {
  return findForRun(run, (params) => client.orchestration.list_pull_requests(params));
}

async function artifactsOf(runId: string): Promise<ArtifactSummary[]> {
  const items: ArtifactSummary[] = [];
  let cursor: string | null = null;
  do {
    const page = await client.orchestration.list_artifacts({
      run_id: runId,
      limit: PAGE,
      ...(cursor ? { cursor } : {}),
    });
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}

/** The PR URL the shipping step recorded in its output, before the PR record is read. */
function shippedUrl(run: RunView): string | null {
  for (const output of Object.values(run.step_results)) {
    if (typeof output !== "object" || output === null) continue;
    const pr = (output as Record<string, unknown>)["pull_request"];
    if (typeof pr === "object" && pr !== null) {
      const url = (pr as Record<string, unknown>)["url"];
      if (typeof url === "string" && url) return url;
    }
  }
  return null;
}

/** The worst of the run's and its sessions' streams: reconnecting, connecting, live. */
function combined(own: LiveState, reports: readonly StreamReport[]): LiveState {
  const states = [own, ...reports.filter((r) => !r.ended && r.error === null).map((r) => r.state)];
  if (states.includes("reconnecting")) return "reconnecting";
  if (states.includes("connecting")) return "connecting";
  return "live";
}

export function RunPage(props: { readonly runId: string }): JSX.Element {
  // A new run id is a new page: no state of the previous run carries over.
  return <RunDetail key={props.runId} runId={props.runId} />;
}

function RunDetail(props: { readonly runId: string }): JSX.Element {
  const { runId } = props;
  const topic = useTopic(`run:${runId}`);
  const run = useLoad(() => client.orchestration.get_run({ run_id: runId }), [runId]);
  const [actionError, setActionError] = useState<string | null>(null);

  // Read the run again whenever its status moves (the event says what; get_run says all).
  const statusKey = countOf(topic.events, STATUS_EVENTS);
  useEffect(() => {
    if (statusKey > 0) void run.reload();
  }, [statusKey]);

  const current = run.value;
  const workflow = current?.workflow_name ?? null;
  const status = current?.status ?? null;
  const definition = useLoad<DefinitionView | null>(
    async () => (workflow ? client.orchestration.get_definition({ name: workflow }) : null),
    [workflow],
  );
  const approval = useLoad<ApprovalView | null>(
    async () => (current && status === "awaiting_approval" ? pendingApproval(current) : null),
    [status, current?.updated_at],
  );
  const artifactKey = countOf(topic.events, ARTIFACT_EVENTS);
  const artifacts = useLoad(() => artifactsOf(runId), [runId, artifactKey, status]);
  const diffId = artifacts.value?.find((item) => item.kind === "diff")?.id ?? null;
  const diff = useLoad<string | null>(
    async () => (diffId ? (await client.orchestration.get_artifact({ artifact_id: diffId })).content : null),
    [diffId],
  );
  const shipped = current ? shippedUrl(current) : null;
  const pullRequest = useLoad<PullRequestView | null>(
    async () => (current && (shipped || status === "completed") ? pullRequestOf(current) : null),
    [status, shipped],
  );

  const sessions = useMemo(() => sessionsOf(topic.events), [topic.events]);
  const [reports, setReports] = useState<ReadonlyMap<string, StreamReport>>(new Map());
  const onReport = useCallback((sessionId: string, report: StreamReport) => {
    setReports((before) => new Map(before).set(sessionId, report));
  }, []);
  const reportList = [...reports.values()];
  const streamState = combined(topic.state, reportList);
  const gap = topic.gap || reportList.some((r) => r.gap);

  const decided = (next: RunView): void => {
    setActionError(null);
    run.set(next);
  };

  return (
    <div class="run">
      <header class="card">
        <h1>
          Run <span class="mono">{runId.slice(0, 8)}</span>{" "}
          <strong class={toneOf(status)} data-testid="run-status">{status ?? ""}</strong>
        </h1>
        {current ? (
          <p>
            <span data-testid="run-workflow">
              {current.workflow_name} v{current.workflow_version}
            </span>{" "}
            · project <a href={`#/projects/${current.project_id}`}>{current.project_id.slice(0, 8)}</a> ·
            trigger {current.trigger}
            {current.current_step ? <> · step <span class="mono">{current.current_step}</span></> : null}
            {current.retry_of_run_id ? (
              <>
                {" "}
                · retry {current.retry_attempt} of{" "}
                <a href={`#/runs/${current.retry_of_run_id}`}>{current.retry_of_run_id.slice(0, 8)}</a>
                {current.start_step ? ` from ${current.start_step}` : ""}
              </>
            ) : null}
          </p>
        ) : null}
        <StreamStatus state={streamState} gap={gap} error={topic.error} />
        {run.error || actionError ? (
          <p class="error" role="alert" data-testid="run-error">{actionError ?? run.error}</p>
        ) : null}
        {current ? (
          <Controls run={current} definition={definition.value} onDone={decided} onError={setActionError} />
        ) : null}
        {current ? <PullRequest run={current} pr={pullRequest.value} fallbackUrl={shipped} /> : null}
      </header>

      {current?.status === "awaiting_approval" ? (
        <ApprovalPanel
          run={current}
          approval={approval.value}
          definition={definition.value}
          diff={diff.value}
          onDecided={decided}
          onError={setActionError}
        />
      ) : null}

      {current?.error ? <FailureView error={current.error} /> : null}

      <section class="card">
        <h2>Timeline</h2>
        <Timeline events={topic.events} />
      </section>

      <section class="card" data-testid="run-output">
        <h2>Output</h2>
        {sessions.length === 0 ? <p class="muted">No step has started a session yet.</p> : null}
        {sessions.map((s) => (
          <SessionStream key={s.sessionId} sessionId={s.sessionId} runner={s.runner} step={s.step} onReport={onReport} />
        ))}
      </section>

      <Artifacts items={artifacts.value} error={artifacts.error} />
    </div>
  );
}

function toneOf(status: Status | null): string {
  if (status === "completed") return "ok";
  if (status === "failed") return "error";
  if (status === "awaiting_approval" || status === "cancelled") return "warn";
  return "";
}

/** Cancel a run that has not ended; retry a failed or cancelled one, from a step. */
function Controls(props: {
  readonly run: RunView;
  readonly definition: DefinitionView | null;
  readonly onDone: (run: RunView) => void;
  readonly onError: (message: string | null) => void;
}): JSX.Element | null {
  const { run } = props;
  const steps = props.definition?.approval_policy.retryable_steps ?? [];
  const failedAt = run.error?.failed_step ?? null;
  const [fromStep, setFromStep] = useState<string>(failedAt && steps.includes(failedAt) ? failedAt : "");
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (failedAt && steps.includes(failedAt)) setFromStep((chosen) => chosen || failedAt);
  }, [failedAt, steps.join(",")]);

  const act = async (what: () => Promise<void>): Promise<void> => {
    setBusy(true);
    props.onError(null);
    try {
      await what();
    } catch (caught) {
      props.onError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  const cancel = (): Promise<void> =>
    act(async () => props.onDone(await client.orchestration.cancel_run({ run_id: run.id })));
  const retry = (): Promise<void> =>
    act(async () => {
      const next = await client.orchestration.retry_run({
        run_id: run.id,
        ...(fromStep ? { from_step: fromStep } : {}),
      });
      navigate(`/runs/${next.id}`);
    });

  const canCancel = CANCELLABLE.has(run.status);
  const canRetry = RETRYABLE.has(run.status);
  if (!canCancel && !canRetry) return null;
  return (
    <div class="actions">
      {canCancel ? (
        <button type="button" class="danger" data-testid="cancel-button" disabled={busy} onClick={() => void cancel()}>
          Cancel run
        </button>
      ) : null}
      {canRetry ? (
        <>
          <label for="retry-step">Retry from</label>
          <select
            id="retry-step"
            data-testid="retry-step"
            value={fromStep}
            onChange={(e) => setFromStep(e.currentTarget.value)}
          >
            <option value="">the start (a full run)</option>
            {steps.map((step) => (
              <option key={step} value={step}>
                {step}
              </option>
            ))}
          </select>
          <button type="button" data-testid="retry-button" disabled={busy} onClick={() => void retry()}>
            Retry
          </button>
        </>
      ) : null}
    </div>
  );
}

/** The pull request the run opened: its link and status (open, merged, closed). */
function PullRequest(props: {
  readonly run: RunView;
  readonly pr: PullRequestView | null;
  readonly fallbackUrl: string | null;
}): JSX.Element | null {
  const [synced, setSynced] = useState<PullRequestView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const pr = synced ?? props.pr;
  const url = pr?.url ?? props.fallbackUrl;
  if (!url) return null;
  const sync = async (): Promise<void> => {
    if (!pr) return;
    setError(null);
    try {
      setSynced(await client.orchestration.sync_pull_request({ pull_request_id: pr.id }));
    } catch (caught) {
      setError(messageOf(caught));
    }
  };
  return (
    <p class="pr">
      Pull request:{" "}
      <a data-testid="run-pr-link" href={url} target="_blank" rel="noopener noreferrer">
        {pr ? `#${pr.number} ${pr.title}` : url}
      </a>{" "}
      <strong data-testid="run-pr-status">{pr?.status ?? "unknown"}</strong>
      {pr ? (
        <>
          {" "}
          <button type="button" class="secondary" onClick={() => void sync()}>
            Refresh from GitHub
          </button>
        </>
      ) : null}
      {error ? <span class="error"> {error}</span> : null}
    </p>
  );
}

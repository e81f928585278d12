// The dashboard: projects with their clone status, recent runs, runs waiting for approval,
// webhook deliveries that failed, and what onboarding (or anything else) asks of the owner.
// Runs and approvals follow the `runs` topic live; clones in progress are polled.
import type {
  ApprovalPage,
  DeliveryPage,
  ProjectPage,
  RunPage,
  SetupStatus,
} from "@jidocode/rpc-client";
import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";

import { client } from "../api";
import { ErrorText, Section, formError, tone, useData, when, type Data } from "../forms";

const RUNS_SHOWN = 15;
const LIVE_DEBOUNCE_MS = 300;
const CLONE_POLL_MS = 2000;

const STEP_TITLES: Readonly<Record<SetupStatus["current_step"], string>> = {
  welcome: "the welcome checks",
  owner_bootstrap: "the owner account",
  provider_setup: "an LLM provider credential",
  github_setup: "GitHub access",
  environment: "the environment",
  issue_bot: "the issue bot",
  import_project: "a first project",
  complete: "finishing",
};

function firstLine(text: string): string {
  const line = text.split("\n").find((l) => l.trim()) ?? "";
  return line.length > 120 ? `${line.slice(0, 117)}…` : line;
}

/** Follow the `runs` topic from now on; `onEvent` runs (debounced) on every event. */
function useRunsLive(onEvent: () => void): void {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    const stop = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    void (async () => {
      try {
        // From the topic's newest event: what came before is in the snapshot just read.
        // (`after` past the newest answers no event and the newest seq, never cursor_expired.)
        const head = await client.events.list(
          { topic: "runs", after: Number.MAX_SAFE_INTEGER, limit: 1 },
          { signal: stop.signal },
        );
        for await (const _event of client.subscribe("runs", { after: head.last_seq, signal: stop.signal })) {
          clearTimeout(timer);
          timer = setTimeout(() => handler.current(), LIVE_DEBOUNCE_MS);
        }
      } catch {
        // Live updates are a convenience here; the lists still load and reload by hand.
      }
    })();
    return () => {
      clearTimeout(timer);
      stop.abort();
    };
  }, []);
}

export function DashboardPage(): JSX.Element {
  const status = useData(() => client.setup.status());
  const projects = useData(() => client.projects.list({ limit: 100 }));
  const runs = useData(() => client.orchestration.list_runs({ limit: RUNS_SHOWN }));
  const approvals = useData(() => client.orchestration.list_pending_approvals({ limit: 50 }));
  const deliveries = useData(() => client.github.list_deliveries({ status: "failed", limit: 20 }));
  const all: readonly Pick<Data<unknown>, "value" | "error" | "reload">[] = [
    status,
    projects,
    runs,
    approvals,
    deliveries,
  ];
  // Every section has its first answer (or its error) on screen.
  const ready = all.every((d) => d.value !== null || d.error !== null);

  // One mark when the first full render is on screen, for the time-to-first-render measure.
  const marked = useRef(false);
  useEffect(() => {
    if (!ready || marked.current) return;
    marked.current = true;
    performance.mark("jidocode:dashboard-ready");
  }, [ready]);

  useRunsLive(() => {
    void runs.reload();
    void approvals.reload();
  });

  // While a clone is under way, read the projects again until it settles.
  const cloning = (projects.value?.items ?? []).some(
    (p) => p.clone_status === "pending" || p.clone_status === "cloning",
  );
  useEffect(() => {
    if (!cloning) return;
    const timer = setTimeout(() => void projects.reload(), CLONE_POLL_MS);
    return () => clearTimeout(timer);
  }, [projects.value]);

  const reloadAll = (): void => {
    for (const d of all) void d.reload();
  };

  return (
    <div data-testid="dashboard" data-ready={ready ? "true" : "false"}>
      <h1>Dashboard</h1>
      <p>
        <button type="button" class="secondary" data-testid="dashboard-refresh" onClick={reloadAll}>
          Refresh
        </button>
      </p>
      <NextActions status={status} projects={projects} approvals={approvals} deliveries={deliveries} />
      <Projects projects={projects} />
      <Runs runs={runs} projects={projects} />
      <Approvals approvals={approvals} />
      <Deliveries deliveries={deliveries} />
    </div>
  );
}

function NextActions(props: {
  readonly status: Data<SetupStatus>;
  readonly projects: Data<ProjectPage>;
  readonly approvals: Data<ApprovalPage>;
  readonly deliveries: Data<DeliveryPage>;
}): JSX.Element {
  const actions: JSX.Element[] = [];
  const status = props.status.value;
  if (status && !status.onboarding_completed) {
    const left = status.steps.filter((s) => !s.done).length;
    actions.push(
      <li key="onboarding" data-testid="next-action" data-action="onboarding" data-step={status.current_step}>
        <a href="#/onboarding">Finish onboarding</a>: next is {STEP_TITLES[status.current_step]} (step{" "}
        {status.onboarding_step} of {status.steps.length}, {left} left).
      </li>,
    );
  }
  const approvals = props.approvals.value?.items ?? [];
  if (approvals.length > 0) {
    actions.push(
      <li key="approvals" data-testid="next-action" data-action="approvals">
        {approvals.length === 1 ? "One run waits" : `${approvals.length} runs wait`} for your approval
        (below).
      </li>,
    );
  }
  for (const p of props.projects.value?.items ?? []) {
    if (p.clone_status !== "error") continue;
    actions.push(
      <li key={`clone-${p.id}`} data-testid="next-action" data-action="clone_error">
        The clone of <a href={`#/projects/${p.id}`}>{p.github_full_name}</a> failed
        {p.clone_error ? `: ${p.clone_error}` : ""}. Sync it again from its page.
      </li>,
    );
  }
  const failed = props.deliveries.value?.items.length ?? 0;
  if (failed > 0) {
    actions.push(
      <li key="deliveries" data-testid="next-action" data-action="deliveries">
        {failed === 1 ? "One webhook delivery" : `${failed} webhook deliveries`} failed (below).
      </li>,
    );
  }
  return (
    <section class="card" data-testid="dashboard-next-actions">
      <h2>Next actions</h2>
      {props.status.value === null && props.status.error !== null && (
        <ErrorText message={props.status.error} onRetry={props.status.reload} />
      )}
      {props.status.value === null && props.status.error === null ? (
        <p class="muted" data-testid="page-loading">Loading…</p>
      ) : actions.length > 0 ? (
        <ul>{actions}</ul>
      ) : (
        <p class="muted">Nothing needs you right now.</p>
      )}
    </section>
  );
}

function Projects({ projects }: { readonly projects: Data<ProjectPage> }): JSX.Element {
  return (
    <section class="card" data-testid="dashboard-projects">
      <h2>Projects</h2>
      <Section data={projects}>
        {(page) =>
          page.items.length === 0 ? (
            <p class="muted">
              No project yet. <a href="#/onboarding">Import one in onboarding</a>.
            </p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>Project</th>
                  <th>Repository</th>
                  <th>Clone</th>
                  <th>Environment</th>
                  <th>Last synced</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((p) => (
                  <tr key={p.id} data-testid="project-row" data-project-id={p.id} data-clone-status={p.clone_status}>
                    <td>
                      <a href={`#/projects/${p.id}`} data-testid="project-link">
                        {p.name}
                      </a>
                    </td>
                    <td class="mono">{p.github_full_name}</td>
                    <td>
                      <span class={tone(p.clone_status)} data-testid="project-clone-status">
                        {p.clone_status}
                      </span>
                      {p.clone_error && <div class="error">{p.clone_error}</div>}
                    </td>
                    <td>{p.environment_type}</td>
                    <td>{when(p.last_synced_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Section>
    </section>
  );
}

function Runs(props: { readonly runs: Data<RunPage>; readonly projects: Data<ProjectPage> }): JSX.Element {
  const names = new Map((props.projects.value?.items ?? []).map((p) => [p.id, p.name]));
  return (
    <section class="card" data-testid="dashboard-runs">
      <h2>Recent runs</h2>
      <Section data={props.runs}>
        {(page) =>
          page.items.length === 0 ? (
            <p class="muted">No run yet. Start one from a project's page.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>Run</th>
                  <th>Project</th>
                  <th>Status</th>
                  <th>Step</th>
                  <th>Started</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((r) => (
                  <tr key={r.id} data-testid="run-row" data-run-id={r.id} data-status={r.status}>
                    <td>
                      <a href={`#/runs/${r.id}`} data-testid="run-link">
                        {r.workflow_name}
                      </a>{" "}
                      <span class="muted mono">{r.id.slice(0, 8)}</span>
                    </td>
                    <td>
                      <a href={`#/projects/${r.project_id}`}>{names.get(r.project_id) ?? r.project_id.slice(0, 8)}</a>
                    </td>
                    <td>
                      <span class={tone(r.status)}>{r.status.replace("_", " ")}</span>
                      {r.error && <div class="error">{r.error.kind}: {r.error.reason}</div>}
                    </td>
                    <td>{r.current_step ?? "—"}</td>
                    <td>{when(r.started_at ?? r.inserted_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Section>
    </section>
  );
}

function Approvals({ approvals }: { readonly approvals: Data<ApprovalPage> }): JSX.Element {
  return (
    <section class="card" data-testid="dashboard-approvals">
      <h2>Waiting for approval</h2>
      <Section data={approvals}>
        {(page) =>
          page.items.length === 0 ? (
            <p class="muted">No run waits for approval.</p>
          ) : (
            <ul>
              {page.items.map((a) => (
                <li key={a.id} data-testid="approval-row" data-run-id={a.run_id} data-approval-id={a.id}>
                  <a href={`#/runs/${a.run_id}`} data-testid="approval-link">
                    {a.workflow_name}: {a.step}
                  </a>{" "}
                  <span class="muted">requested {when(a.requested_at)}</span>
                  {a.diff_summary && <div class="mono">{firstLine(a.diff_summary)}</div>}
                  {a.test_summary && <div class="muted">{firstLine(a.test_summary)}</div>}
                  {a.risk_notes.length > 0 && (
                    <div class="warn">
                      {a.risk_notes.length} risk note{a.risk_notes.length === 1 ? "" : "s"}
                    </div>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </Section>
    </section>
  );
}

function Deliveries({ deliveries }: { readonly deliveries: Data<DeliveryPage> }): JSX.Element {
  const [errors, setErrors] = useState<Readonly<Record<string, string>>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const reprocess = async (id: string): Promise<void> => {
    setBusy(id);
    try {
      await client.github.reprocess_delivery({ id });
      setErrors((e) => ({ ...e, [id]: "" }));
      await deliveries.reload();
    } catch (caught) {
      setErrors((e) => ({ ...e, [id]: formError(caught).message }));
    } finally {
      setBusy(null);
    }
  };
  return (
    <section class="card" data-testid="dashboard-deliveries">
      <h2>Failed webhook deliveries</h2>
      <Section data={deliveries}>
        {(page) =>
          page.items.length === 0 ? (
            <p class="muted">No delivery failed.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>Event</th>
                  <th>Repository</th>
                  <th>Why</th>
                  <th>Received</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {page.items.map((d) => (
                  <tr key={d.id} data-testid="delivery-row" data-delivery-id={d.id} data-status={d.status}>
                    <td class="mono">
                      {d.event}
                      {d.action ? `.${d.action}` : ""}
                    </td>
                    <td class="mono">{d.repo_full_name ?? "—"}</td>
                    <td>
                      {d.reason ?? (d.error ? String(d.error["message"] ?? d.error["kind"] ?? "failed") : "failed")}
                      {errors[d.id] && <div class="error">{errors[d.id]}</div>}
                    </td>
                    <td>
                      {when(d.received_at)}
                      {d.process_count > 1 && <span class="muted"> ({d.process_count} attempts)</span>}
                    </td>
                    <td>
                      <button
                        type="button"
                        class="secondary"
                        data-testid="delivery-reprocess"
                        disabled={busy === d.id}
                        onClick={() => void reprocess(d.id)}
                      >
                        Process again
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Section>
    </section>
  );
}

// What the approver is shown for a run awaiting approval — the diff, the tests, the risk
// notes and where a rejection sends the run — and the approve / reject buttons.
import type { ApprovalView, DefinitionView, RunView } from "@jidocode/rpc-client";
import type { JSX } from "preact";
import { useState } from "preact/hooks";

import { client, messageOf } from "../api";
import { DiffView } from "./diff";

/** Where a rejection sends the run: the definition's policy, or always cancel for a
 * budget extension. */
export function rejectRoute(definition: DefinitionView | null, approval: ApprovalView | null): string {
  if (approval?.context["kind"] === "budget_extension") {
    return "cancel — rejecting a budget extension always cancels the run";
  }
  const onReject = definition?.approval_policy.on_reject;
  if (onReject === undefined) return "unknown (the definition could not be read)";
  if (onReject.action === "retry_step" && onReject.step) {
    return `retry_step — the run goes back to step ${onReject.step}`;
  }
  return "cancel — the run ends cancelled";
}

export function ApprovalPanel(props: {
  readonly run: RunView;
  readonly approval: ApprovalView | null;
  readonly definition: DefinitionView | null;
  /** The run's latest diff artifact, when it has one. */
  readonly diff: string | null;
  readonly onDecided: (run: RunView) => void;
  /** A refused decision (shown as the page's `run-error`); `null` clears it. */
  readonly onError: (message: string | null) => void;
}): JSX.Element {
  const { approval } = props;
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState(false);

  const decide = async (approve: boolean): Promise<void> => {
    const comment = reason.trim();
    if (!approve && comment === "") {
      setMissing(true);
      return;
    }
    setBusy(true);
    setMissing(false);
    props.onError(null);
    try {
      const params = { run_id: props.run.id, ...(comment ? { comment } : {}) };
      const run = approve
        ? await client.orchestration.approve_run(params)
        : await client.orchestration.reject_run(params);
      setReason("");
      props.onDecided(run);
    } catch (caught) {
      props.onError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  // No decision before the approver can see what is decided on.
  const undecidable = busy || approval === null;
  const summary = approval?.diff_summary ?? "";
  const risks = approval?.risk_notes ?? [];
  return (
    <section class="card approval" data-testid="approval-panel">
      <h2>Awaiting approval{approval ? ` at ${approval.step}` : ""}</h2>
      {approval === null ? <p class="muted">Reading the approval request…</p> : null}
      <h3>Changes</h3>
      {summary ? <pre class="summary" data-testid="approval-diff-summary">{summary}</pre> : null}
      {props.diff !== null ? (
        <DiffView text={props.diff} testid="approval-diff" />
      ) : (
        <p class="muted" data-testid="approval-diff">
          {summary ? "The diff itself is not stored for this run." : "This run changed no files."}
        </p>
      )}
      <h3>Tests</h3>
      <p data-testid="approval-tests">{approval?.test_summary || "no tests were run"}</p>
      <h3>Risks</h3>
      <ul data-testid="approval-risks">
        {risks.length === 0 ? <li class="muted">No risk notes.</li> : null}
        {risks.map((note, i) => (
          <li key={i} class="warn">{note}</li>
        ))}
      </ul>
      <div class="actions">
        <button type="button" data-testid="approve-button" disabled={undecidable} onClick={() => void decide(true)}>
          Approve
        </button>
      </div>
      <label for="reject-reason">Reason for rejecting</label>
      <textarea
        id="reject-reason"
        data-testid="reject-reason"
        rows={2}
        value={reason}
        onInput={(e) => {
          setReason(e.currentTarget.value);
          setMissing(false);
        }}
      />
      {missing ? <p class="error" data-testid="reject-reason-missing">Give a reason for the rejection.</p> : null}
      <p>
        On reject: <span data-testid="approval-route">{rejectRoute(props.definition, approval)}</span>
      </p>
      <button
        type="button"
        class="danger"
        data-testid="reject-button"
        disabled={undecidable}
        onClick={() => void decide(false)}
      >
        Reject
      </button>
    </section>
  );
}

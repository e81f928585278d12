// A failed run's typed error: its kind, the step that failed, the last good one, the fix.
import type { RunError } from "@jidocode/rpc-client";
import type { JSX } from "preact";

export function FailureView(props: { readonly error: RunError }): JSX.Element {
  const { error } = props;
  return (
    <section class="card failure" data-testid="run-failure" role="alert">
      <h2 class="error">Failed: <span data-testid="failure-kind">{error.kind}</span></h2>
      <p>{error.reason}</p>
      {error.detail ? <pre>{error.detail}</pre> : null}
      <table>
        <tbody>
          <tr>
            <th>Failed step</th>
            <td data-testid="failure-step">{error.failed_step ?? "—"}</td>
          </tr>
          <tr>
            <th>Last good step</th>
            <td data-testid="failure-last-good">{error.last_successful_step ?? "none"}</td>
          </tr>
          <tr>
            <th>What to do</th>
            <td data-testid="failure-remediation">{error.remediation ?? "No remediation was recorded."}</td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}

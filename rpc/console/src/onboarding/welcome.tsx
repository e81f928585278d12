// Step 1, welcome: the server's own checks (`setup.run_checks`): the database, the secret
// key ring and, when local, the workspace root; each failing one says what to change.
import type { JSX } from "preact";

import { client } from "../api";
import { useAction, useData } from "../forms";
import { Panel } from "./panel";
import { FIXES, type Check, type StepContext } from "./steps";

const CHECK_LABELS: Readonly<Record<string, string>> = {
  database: "Database",
  key_ring: "Secret key ring",
  workspace_root: "Workspace root",
};

export function WelcomePanel({ ctx }: { readonly ctx: StepContext }): JSX.Element {
  const report = useData(() => client.setup.run_checks());
  const action = useAction();
  const checks: Check[] | null =
    report.value?.checks.map((c) => ({
      name: c.name,
      label: CHECK_LABELS[c.name] ?? c.name,
      status: c.status,
      detail: c.detail,
    })) ?? null;
  const failing = report.value?.checks.filter((c) => c.status !== "pass") ?? [];
  const fix =
    report.value === null
      ? [FIXES.welcome]
      : failing.length > 0
        ? failing.map((c) => `${CHECK_LABELS[c.name] ?? c.name}: ${c.remediation ?? c.detail}`)
        : ["Nothing to fix: every check passes."];
  return (
    <Panel
      ctx={ctx}
      checks={report.loading && report.value === null ? null : checks}
      checksError={report.value === null ? report.error : null}
      fix={fix}
      error={action.error}
      busy={action.busy}
      onSave={() =>
        void action.run(async () => {
          try {
            await ctx.save({ step: "welcome" });
          } catch (caught) {
            void report.reload(); // the server ran them again: show what it saw
            throw caught;
          }
        })
      }
      actions={
        <button
          type="button"
          class="secondary"
          data-testid="onboarding-rerun"
          disabled={report.loading}
          onClick={() => void report.reload()}
        >
          Run the checks again
        </button>
      }
    />
  );
}

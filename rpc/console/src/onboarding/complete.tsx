// Step 8, finish: every earlier step has passed; saving marks onboarding complete.
import type { JSX } from "preact";

import { useAction } from "../forms";
import { Panel } from "./panel";
import { TITLES, type Check, type StepContext } from "./steps";

export function CompletePanel({ ctx }: { readonly ctx: StepContext }): JSX.Element {
  const action = useAction();
  const earlier = ctx.status.steps.filter((s) => s.name !== "complete");
  const missing = earlier.filter((s) => !s.done);
  const checks: Check[] = earlier.map((s) => ({
    name: s.name,
    label: TITLES[s.name],
    status: s.done ? "pass" : "pending",
    detail: s.done ? "passed" : "has not passed yet",
  }));
  return (
    <Panel
      ctx={ctx}
      checks={checks}
      fix={
        missing.length > 0
          ? [`Finish first: ${missing.map((s) => TITLES[s.name]).join(", ")}.`]
          : ["Nothing to fix: every step has passed."]
      }
      error={action.error}
      busy={action.busy}
      saveLabel="Finish onboarding"
      onSave={() => void action.run(() => ctx.save({ step: "complete" }))}
    />
  );
}

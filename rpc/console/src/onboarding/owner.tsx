// Step 2, owner account: confirms the signed-in owner (`accounts.me`).
import type { JSX } from "preact";

import { client } from "../api";
import { useAction, useData, when } from "../forms";
import { Panel } from "./panel";
import { FIXES, type Check, type StepContext } from "./steps";

export function OwnerPanel({ ctx }: { readonly ctx: StepContext }): JSX.Element {
  const me = useData(() => client.accounts.me());
  const action = useAction();
  const checks: Check[] | null = me.value
    ? [
        {
          name: "owner",
          label: "Owner",
          status: "pass",
          detail: `${me.value.owner.email}, created ${when(me.value.owner.owner_bootstrapped_at)}`,
        },
      ]
    : null;
  return (
    <Panel
      ctx={ctx}
      checks={checks}
      checksError={me.value === null ? me.error : null}
      fix={[FIXES.owner_bootstrap]}
      error={action.error}
      busy={action.busy}
      onSave={() => void action.run(() => ctx.save({ step: "owner_bootstrap" }))}
    />
  );
}

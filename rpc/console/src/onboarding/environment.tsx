// Step 5, environment: the deployment mode, the default environment and the workspace root.
import type { JSX } from "preact";
import { useState } from "preact/hooks";

import { FieldError, useAction } from "../forms";
import { Panel } from "./panel";
import { FIXES, type Check, type StepContext } from "./steps";

export function EnvironmentPanel({ ctx }: { readonly ctx: StepContext }): JSX.Element {
  const { config } = ctx;
  const action = useAction();
  const [mode, setMode] = useState<"local" | "cloud_vm">(config.deployment_mode ?? "local");
  const [environment, setEnvironment] = useState<"local" | "sprite">(config.default_environment ?? "local");
  const [root, setRoot] = useState(config.workspace_root ?? "");
  const stored = ctx.status.steps.find((s) => s.name === "environment")?.done ?? false;
  const checks: Check[] = stored
    ? [
        {
          name: "environment",
          label: "Stored choice",
          status: "pass",
          detail: `${config.deployment_mode ?? "—"}, default ${config.default_environment ?? "—"}, workspace root ${config.workspace_root ?? "—"}`,
        },
      ]
    : [];
  return (
    <Panel
      ctx={ctx}
      checks={checks}
      fix={[FIXES.environment]}
      error={action.error}
      busy={action.busy}
      onSave={() =>
        void action.run(() =>
          ctx.save({
            step: "environment",
            deployment_mode: mode,
            default_environment: environment,
            workspace_root: root.trim() || null,
          }),
        )
      }
    >
      <label for="field-deployment_mode">Deployment mode</label>
      <select
        id="field-deployment_mode"
        data-testid="field-deployment_mode"
        value={mode}
        onChange={(e) => setMode(e.currentTarget.value as "local" | "cloud_vm")}
      >
        <option value="local">local (this machine)</option>
        <option value="cloud_vm">cloud_vm</option>
      </select>
      <FieldError error={action.error} name="deployment_mode" />
      <label for="field-default_environment">Default environment</label>
      <select
        id="field-default_environment"
        data-testid="field-default_environment"
        value={environment}
        onChange={(e) => setEnvironment(e.currentTarget.value as "local" | "sprite")}
      >
        <option value="local">local</option>
        <option value="sprite">sprite</option>
      </select>
      <FieldError error={action.error} name="default_environment" />
      <label for="field-workspace_root">Workspace root</label>
      <input
        id="field-workspace_root"
        data-testid="field-workspace_root"
        class="mono"
        placeholder="/var/lib/jidocode/workspaces"
        value={root}
        onInput={(e) => setRoot(e.currentTarget.value)}
      />
      <FieldError error={action.error} name="workspace_root" />
    </Panel>
  );
}

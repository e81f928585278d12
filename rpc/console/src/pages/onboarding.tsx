// The onboarding wizard: the eight steps of `setup.status`, in order. Each step's panel
// (src/onboarding/) says what the step checks and what to fix, shows the live checks (the
// welcome checks of `setup.run_checks`, provider credential states, the webhook secret,
// project clones), takes the step's fields and saves it with `setup.save_step`; the server's
// typed errors appear next to the field they name. Secrets entered here (provider
// credentials, the webhook secret) are sealed in the browser (src/sealing.ts) and sent as
// `sealed_value`. This page keeps the step list, the navigation between steps and the save.
import type { SaveStepResult, SetupStatus, StepInfo } from "@jidocode/rpc-client";
import type { JSX } from "preact";
import { useState } from "preact/hooks";

import { client } from "../api";
import type { Shell } from "../app";
import { ErrorText, useData } from "../forms";
import { CompletePanel } from "../onboarding/complete";
import { CredentialPanel } from "../onboarding/credentials";
import { EnvironmentPanel } from "../onboarding/environment";
import { ImportPanel } from "../onboarding/import";
import { IssueBotPanel } from "../onboarding/issueBot";
import { OwnerPanel } from "../onboarding/owner";
import { TITLES, type Payload, type StepContext, type StepName } from "../onboarding/steps";
import { WelcomePanel } from "../onboarding/welcome";

function stateOf(info: StepInfo, status: SetupStatus): "done" | "current" | "pending" {
  if (info.done) return "done";
  return info.name === status.current_step ? "current" : "pending";
}

export function OnboardingPage({ shell }: { readonly shell: Shell }): JSX.Element {
  const data = useData(async () => {
    const [status, config] = await Promise.all([client.setup.status(), client.setup.get_config()]);
    return { status, config };
  });
  const [selected, setSelected] = useState<StepName | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  if (data.value === null) {
    return (
      <div>
        <h1>Onboarding</h1>
        {data.error !== null ? (
          <ErrorText message={data.error} onRetry={data.reload} />
        ) : (
          <p class="muted" data-testid="page-loading">Loading…</p>
        )}
      </div>
    );
  }
  const { status, config } = data.value;

  const save = async (payload: Payload): Promise<void> => {
    const result: SaveStepResult = await client.setup.save_step({ payload });
    setNotice(`Saved: ${TITLES[result.step]}.`);
    setSelected(null);
    // The shell first (its nav stops saying "to finish"), then this page's own state.
    if (result.step === "complete") await shell.refresh();
    await data.reload();
  };

  const shown: StepName | null = selected ?? (status.onboarding_completed ? null : status.current_step);
  const info = status.steps.find((s) => s.name === shown);

  return (
    <div>
      <h1>Onboarding</h1>
      {status.onboarding_completed && (
        <p class="card ok" data-testid="onboarding-done">
          Onboarding is complete. <a href="#/">Go to the dashboard</a>.
        </p>
      )}
      <ol data-testid="onboarding-steps">
        {status.steps.map((s) => {
          const state = stateOf(s, status);
          return (
            <li key={s.name}>
              <button
                type="button"
                class={s.name === shown ? "" : "secondary"}
                data-testid={`onboarding-step-${s.name}`}
                data-state={state}
                aria-current={s.name === shown ? "step" : undefined}
                disabled={state === "pending"}
                onClick={() => {
                  setNotice(null);
                  setSelected(s.name);
                }}
              >
                {TITLES[s.name]}
              </button>{" "}
              <span class={state === "done" ? "status ok" : state === "current" ? "status warn" : "status muted"}>
                {state}
              </span>
            </li>
          );
        })}
      </ol>
      {data.error !== null && <ErrorText message={data.error} onRetry={data.reload} />}
      {notice && (
        <p class="ok" data-testid="onboarding-saved">
          {notice}
        </p>
      )}
      {shown !== null && info && (
        <StepPanel key={shown} ctx={{ step: shown, number: info.number, status, config, save }} />
      )}
    </div>
  );
}

function StepPanel({ ctx }: { readonly ctx: StepContext }): JSX.Element {
  switch (ctx.step) {
    case "welcome":
      return <WelcomePanel ctx={ctx} />;
    case "owner_bootstrap":
      return <OwnerPanel ctx={ctx} />;
    case "provider_setup":
      return <CredentialPanel ctx={ctx} providers={["anthropic", "openai", "google"]} />;
    case "github_setup":
      return <CredentialPanel ctx={ctx} providers={["github_pat", "github_app"]} />;
    case "environment":
      return <EnvironmentPanel ctx={ctx} />;
    case "issue_bot":
      return <IssueBotPanel ctx={ctx} />;
    case "import_project":
      return <ImportPanel ctx={ctx} />;
    case "complete":
      return <CompletePanel ctx={ctx} />;
  }
}

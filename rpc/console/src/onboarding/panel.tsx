// The frame every onboarding step's panel shares (data-testid `onboarding-panel`): what the
// step checks, the live checks, what to fix, the step's fields, the error and the save button.
import type { ComponentChildren, JSX } from "preact";

import { FieldError, tone, type FormError } from "../forms";
import { CHECKS, TITLES, type Check, type StepContext } from "./steps";

/** The frame every step shares: what it checks, the checks, what to fix, the fields, the
 * error and the save button. */
export function Panel(props: {
  readonly ctx: StepContext;
  readonly checks: readonly Check[] | null;
  readonly checksError?: string | null;
  readonly fix: readonly string[];
  readonly error: FormError | null;
  readonly busy: boolean;
  readonly progress?: string | null;
  readonly onSave: () => void;
  readonly saveLabel?: string;
  readonly actions?: ComponentChildren;
  readonly children?: ComponentChildren;
}): JSX.Element {
  const { ctx, checks, error } = props;
  return (
    <section class="card" data-testid="onboarding-panel" data-step={ctx.step}>
      <h2>
        Step {ctx.number} of {ctx.status.steps.length}: {TITLES[ctx.step]}
      </h2>
      <h3>What it checks</h3>
      <p data-testid="onboarding-checks-text">{CHECKS[ctx.step]}</p>
      {props.checksError ? (
        <p class="error" data-testid="onboarding-checks-error">{props.checksError}</p>
      ) : checks === null ? (
        <p class="muted" data-testid="page-loading">Checking…</p>
      ) : (
        checks.length > 0 && (
          <ul data-testid="onboarding-checks">
            {checks.map((c) => (
              <li
                key={c.name}
                data-testid="onboarding-check"
                data-check={c.name}
                data-status={c.status}
                data-credential-status={c.credentialStatus}
              >
                <span class={tone(c.status)}>{c.status}</span> <strong>{c.label}</strong>: {c.detail}{" "}
                <FieldError error={error} name={`checks.${c.name}`} />
              </li>
            ))}
          </ul>
        )
      )}
      <h3>What to fix</h3>
      <div data-testid="onboarding-fix">
        {props.fix.map((line, i) => (
          <p key={i}>{line}</p>
        ))}
      </div>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          props.onSave();
        }}
      >
        {props.children}
        {error && (
          <p class="error" role="alert" data-testid="onboarding-error" data-kind={error.kind ?? "client"}>
            {error.message}
          </p>
        )}
        {props.progress && (
          <p class="muted" data-testid="onboarding-progress">
            {props.progress}
          </p>
        )}
        <p>
          <button type="submit" data-testid="onboarding-save" disabled={props.busy}>
            {props.busy ? "Working…" : (props.saveLabel ?? "Save and continue")}
          </button>{" "}
          {props.actions}
        </p>
      </form>
    </section>
  );
}

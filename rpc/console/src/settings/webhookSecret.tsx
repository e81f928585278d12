// Settings, the GitHub webhook secret: write-only, sealed in this browser before it is sent.
import type { WebhookSecretSet } from "@jidocode/rpc-client";
import type { JSX } from "preact";
import { useRef, useState } from "preact/hooks";

import { client } from "../api";
import { FieldError, Problem, takeSecret, useAction, when } from "../forms";
import { seal } from "../sealing";

export function WebhookSecret(props: { readonly onSecretChange: () => void }): JSX.Element {
  const input = useRef<HTMLInputElement>(null);
  const [repo, setRepo] = useState("");
  const [filled, setFilled] = useState(false);
  const [saved, setSaved] = useState<WebhookSecretSet | null>(null);
  const action = useAction();

  const save = (): Promise<void> =>
    action.run(async () => {
      setSaved(null);
      const secret = takeSecret(input);
      setFilled(false);
      if (!secret.trim()) throw new Problem("Enter the webhook secret first.", "value", "missing");
      const sealed = await seal(secret);
      const target = repo.trim();
      setSaved(await client.github.set_webhook_secret({ sealed_value: sealed, repo: target || null }));
      props.onSecretChange();
    });

  return (
    <section class="card" data-testid="settings-webhook">
      <h2>GitHub webhook secret</h2>
      <p class="muted">
        GitHub signs each delivery with this secret. It is write-only: sealed in this browser,
        stored encrypted, never shown. A replaced secret keeps verifying deliveries for a while,
        so GitHub can be switched over without dropping any.
      </p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label for="webhook-secret-repo">Repository (owner/repo; empty for the whole instance)</label>
        <input
          id="webhook-secret-repo"
          data-testid="webhook-secret-repo"
          class="mono"
          placeholder="owner/repo"
          value={repo}
          onInput={(e) => setRepo(e.currentTarget.value)}
        />
        <FieldError error={action.error} name="repo" />
        <label for="webhook-secret-input">Secret</label>
        <input
          id="webhook-secret-input"
          data-testid="webhook-secret-input"
          type="password"
          autocomplete="off"
          spellcheck={false}
          ref={input}
          onInput={(e) => setFilled(e.currentTarget.value.length > 0)}
        />
        <FieldError error={action.error} name="value" />
        {action.error && (
          <p class="error" role="alert" data-testid="webhook-secret-error">
            {action.error.message}
          </p>
        )}
        <p>
          <button type="submit" data-testid="webhook-secret-save" disabled={action.busy || !filled}>
            Save the secret
          </button>
        </p>
      </form>
      {saved && <WebhookSaved saved={saved} />}
    </section>
  );
}

function WebhookSaved({ saved }: { readonly saved: WebhookSecretSet }): JSX.Element {
  const target = saved.target === "repository" ? `the repository ${saved.repo ?? ""}` : "the whole instance";
  return (
    <p class="ok" data-testid="webhook-secret-saved" data-target={saved.target}>
      Saved for {target}.
      {saved.rotated &&
        (saved.previous_valid_until
          ? ` The previous secret keeps verifying deliveries until ${when(saved.previous_valid_until)}.`
          : " It replaces the previous secret.")}
    </p>
  );
}

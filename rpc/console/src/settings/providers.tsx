// Settings, provider credentials: each provider's status, a new value (sealed in this
// browser before it is sent, write-only), verify and remove.
import type { ProviderCredentialList, ProviderCredentialView } from "@jidocode/rpc-client";
import type { JSX } from "preact";
import { useRef, useState } from "preact/hooks";

import { client } from "../api";
import { PROVIDER_LABELS } from "../providers";
import { FieldError, Problem, Section, describe, takeSecret, tone, useAction, useData, when } from "../forms";
import { seal } from "../sealing";

type Provider = ProviderCredentialView["provider"];


const PROVIDER_HINTS: Readonly<Record<Provider, string>> = {
  anthropic: "API key (sk-ant-…)",
  openai: "API key (sk-…)",
  google: "API key",
  github_pat: "Token (ghp_… or github_pat_…)",
  github_app: 'One line of JSON: {"app_id": …, "installation_id": …, "private_key": "-----BEGIN …"}',
  sprites: "API token",
};

export function Providers(props: { readonly onSecretChange: () => void }): JSX.Element {
  const list = useData(() => client.setup.list_provider_credentials());
  const replace = (view: ProviderCredentialView): void => {
    const current: ProviderCredentialList = list.value ?? { items: [] };
    const before = current.items.find((c) => c.provider === view.provider);
    list.set({ items: current.items.map((c) => (c.provider === view.provider ? view : c)) });
    if (before?.secret_ref_id !== view.secret_ref_id || before?.updated_at !== view.updated_at) {
      props.onSecretChange();
    }
  };
  return (
    <section class="card" data-testid="settings-providers">
      <h2>Provider credentials</h2>
      <p class="muted">
        A credential is sealed in this browser before it is sent, stored encrypted, and never
        shown again; only its status and non-secret facts appear here.
      </p>
      <Section data={list}>
        {(value) => (
          <table>
            <thead>
              <tr>
                <th>Provider</th>
                <th>Status</th>
                <th>New value</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {value.items.map((c) => (
                <ProviderRow key={c.provider} view={c} onChange={replace} />
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </section>
  );
}

function ProviderRow(props: {
  readonly view: ProviderCredentialView;
  readonly onChange: (view: ProviderCredentialView) => void;
}): JSX.Element {
  const { view } = props;
  const input = useRef<HTMLInputElement>(null);
  const [filled, setFilled] = useState(false);
  const action = useAction();
  const [note, setNote] = useState<string | null>(null);
  const label = PROVIDER_LABELS[view.provider];

  const save = (): Promise<void> =>
    action.run(async () => {
      setNote(null);
      const secret = takeSecret(input);
      setFilled(false);
      if (!secret.trim()) throw new Problem(`Enter the ${label} credential first.`, "value", "missing");
      const sealed = await seal(secret);
      props.onChange(await client.setup.set_provider_credential({ provider: view.provider, sealed_value: sealed }));
      setNote("Stored; verify it to use it.");
    });
  const verify = (): Promise<void> =>
    action.run(async () => {
      setNote(null);
      const verified = await client.setup.verify_provider_credential({ provider: view.provider });
      props.onChange(verified);
      setNote(verified.status === "active" ? "Verified." : null);
    });
  const remove = (): Promise<void> =>
    action.run(async () => {
      setNote(null);
      props.onChange(await client.setup.remove_provider_credential({ provider: view.provider }));
      setNote("Removed.");
    });

  const meta = describe(view.metadata);
  return (
    <tr data-testid="provider-row" data-provider={view.provider} data-status={view.status}>
      <td>{label}</td>
      <td>
        <span class={tone(view.status)} data-testid="provider-status" data-status={view.status}>
          {view.status.replace("_", " ")}
        </span>
        {view.status_reason && <div class="error">{view.status_reason}</div>}
        {view.verified_at && (
          <div class="muted">
            {view.status === "active" ? "verified" : "checked"} {when(view.verified_at)}
          </div>
        )}
        {meta && <div class="muted mono">{meta}</div>}
      </td>
      <td>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <input
            type="password"
            data-testid="provider-value"
            aria-label={`${label} credential`}
            placeholder={PROVIDER_HINTS[view.provider]}
            autocomplete="off"
            spellcheck={false}
            ref={input}
            onInput={(e) => setFilled(e.currentTarget.value.length > 0)}
          />
          <FieldError error={action.error} name="value" />
        </form>
        {action.error && (
          <div class="error" role="alert" data-testid="provider-error" data-kind={action.error.kind ?? "client"}>
            {action.error.message}
          </div>
        )}
        {note && (
          <div class="ok" data-testid="provider-note">
            {note}
          </div>
        )}
      </td>
      <td>
        <button type="button" data-testid="provider-save" disabled={action.busy || !filled} onClick={() => void save()}>
          Save
        </button>{" "}
        <button
          type="button"
          class="secondary"
          data-testid="provider-verify"
          disabled={action.busy || view.status === "not_set"}
          onClick={() => void verify()}
        >
          Verify
        </button>{" "}
        <button
          type="button"
          class="secondary"
          data-testid="provider-remove"
          disabled={action.busy || view.status === "not_set"}
          onClick={() => void remove()}
        >
          Remove
        </button>
      </td>
    </tr>
  );
}

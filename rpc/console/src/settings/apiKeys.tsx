// Settings, API keys: create one (the key is shown once), list them, revoke one.
import type { ApiKeyPage, ApiKeyView, CreatedApiKey } from "@jidocode/rpc-client";
import type { JSX } from "preact";
import { useState } from "preact/hooks";

import { client } from "../api";
import { FieldError, Section, tone, useAction, useData, when } from "../forms";

export function ApiKeys(): JSX.Element {
  const keys = useData(() => client.accounts.list_api_keys({ include_inactive: true, limit: 100 }));
  const [name, setName] = useState("");
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const create = useAction();

  const submit = (): Promise<void> =>
    create.run(async () => {
      setCreated(null);
      const made = await client.accounts.create_api_key({ name: name.trim() });
      setCreated(made);
      setName("");
      await keys.reload();
    });

  return (
    <section class="card" data-testid="settings-apikeys">
      <h2>API keys</h2>
      <p class="muted">
        For scripts and the CLI (<span class="mono">Authorization: Bearer jck_…</span>). A key is
        shown once, when it is created.
      </p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label for="apikey-name">Name</label>
        <input
          id="apikey-name"
          data-testid="apikey-name"
          placeholder="ci, laptop…"
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <FieldError error={create.error} name="name" />
        {create.error && (
          <p class="error" role="alert" data-testid="apikey-error">
            {create.error.message}
          </p>
        )}
        <p>
          <button type="submit" data-testid="apikey-create" disabled={create.busy || !name.trim()}>
            Create a key
          </button>
        </p>
      </form>
      {created && (
        <div class="card" data-testid="apikey-created-panel">
          <p class="warn">
            <strong>Copy the key “{created.api_key.name}” now.</strong> It is shown only this once;
            the server keeps only its digest.
          </p>
          <pre data-testid="apikey-created">{created.key}</pre>
          <button type="button" class="secondary" data-testid="apikey-dismiss" onClick={() => setCreated(null)}>
            I have stored it
          </button>
        </div>
      )}
      <Section data={keys}>
        {(page) => <ApiKeyList page={page} onRevoked={() => void keys.reload()} />}
      </Section>
    </section>
  );
}

function ApiKeyList(props: { readonly page: ApiKeyPage; readonly onRevoked: () => void }): JSX.Element {
  const { page } = props;
  return (
    <table data-testid="apikey-list">
      <thead>
        <tr>
          <th>Name</th>
          <th>Prefix</th>
          <th>Status</th>
          <th>Created</th>
          <th>Last used</th>
          <th>Expires</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {page.items.length === 0 ? (
          <tr>
            <td colSpan={7} class="muted">
              No API key yet.
            </td>
          </tr>
        ) : (
          page.items.map((k) => <ApiKeyRow key={k.id} view={k} onRevoked={props.onRevoked} />)
        )}
      </tbody>
    </table>
  );
}

function ApiKeyRow(props: { readonly view: ApiKeyView; readonly onRevoked: () => void }): JSX.Element {
  const { view } = props;
  const action = useAction();
  return (
    <tr data-testid="apikey-row" data-apikey-id={view.id} data-status={view.status}>
      <td>{view.name}</td>
      <td class="mono">{view.prefix}…</td>
      <td>
        <span class={tone(view.status)} data-testid="apikey-status">
          {view.status}
        </span>
      </td>
      <td>{when(view.inserted_at)}</td>
      <td>{when(view.last_used_at)}</td>
      <td>{view.expires_at ? when(view.expires_at) : "never"}</td>
      <td>
        {view.status === "active" && (
          <button
            type="button"
            class="danger"
            data-testid="apikey-revoke"
            disabled={action.busy}
            onClick={() =>
              void action.run(async () => {
                await client.accounts.revoke_api_key({ api_key_id: view.id });
                props.onRevoked();
              })
            }
          >
            Revoke
          </button>
        )}
        {action.error && <div class="error">{action.error.message}</div>}
      </td>
    </tr>
  );
}

// Settings, stored secrets: their metadata and their audit trail (never a value).
import type { SecretAuditPage, SecretPage } from "@jidocode/rpc-client";
import type { JSX } from "preact";

import { client } from "../api";
import { Section, tone, useData, when } from "../forms";

export function Secrets(props: { readonly version: number }): JSX.Element {
  const secrets = useData(() => client.setup.list_secrets({ limit: 200 }), [props.version]);
  const audits = useData(() => client.setup.list_secret_audits({ limit: 50 }), [props.version]);
  return (
    <section class="card" data-testid="settings-secrets">
      <h2>Stored secrets</h2>
      <p class="muted">Names and metadata only: a secret's value never leaves the server.</p>
      <Section data={secrets}>{(page) => <SecretList page={page} />}</Section>
      <h3>Audit trail</h3>
      <Section data={audits}>{(page) => <AuditList page={page} />}</Section>
    </section>
  );
}

function SecretList({ page }: { readonly page: SecretPage }): JSX.Element {
  return (
    <table data-testid="secrets-list">
      <thead>
        <tr>
          <th>Scope</th>
          <th>Name</th>
          <th>Status</th>
          <th>Source</th>
          <th>Key version</th>
          <th>Rotated</th>
          <th>Expires</th>
        </tr>
      </thead>
      <tbody>
        {page.items.length === 0 ? (
          <tr>
            <td colSpan={7} class="muted">
              No secret stored.
            </td>
          </tr>
        ) : (
          page.items.map((s) => (
            <tr key={s.id} data-testid="secret-row" data-secret-id={s.id} data-status={s.status}>
              <td>{s.scope}</td>
              <td class="mono">{s.name}</td>
              <td>
                <span class={tone(s.status)}>{s.status}</span>
              </td>
              <td>{s.source}</td>
              <td>{s.key_version ?? "—"}</td>
              <td>{when(s.last_rotated_at)}</td>
              <td>{s.expires_at ? when(s.expires_at) : "never"}</td>
            </tr>
          ))
        )}
      </tbody>
      {page.next_cursor && (
        <caption class="muted">Showing the newest {page.items.length}.</caption>
      )}
    </table>
  );
}

function AuditList({ page }: { readonly page: SecretAuditPage }): JSX.Element {
  return (
    <table data-testid="secret-audits">
      <thead>
        <tr>
          <th>When</th>
          <th>Action</th>
          <th>Outcome</th>
          <th>Secret</th>
          <th>By</th>
          <th>Key version</th>
        </tr>
      </thead>
      <tbody>
        {page.items.length === 0 ? (
          <tr>
            <td colSpan={6} class="muted">
              Nothing happened to a secret yet.
            </td>
          </tr>
        ) : (
          page.items.map((a) => (
            <tr key={a.id} data-testid="audit-row" data-action={a.action} data-outcome={a.outcome}>
              <td>{when(a.occurred_at)}</td>
              <td>{a.action}</td>
              <td>
                <span class={a.outcome === "success" ? "status ok" : "status error"}>{a.outcome}</span>
              </td>
              <td class="mono">
                {a.scope}/{a.name}
              </td>
              <td>{a.actor}</td>
              <td>{a.key_version ?? "—"}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

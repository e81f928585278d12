// Steps 3 and 4, the LLM provider and GitHub access: one panel for both, over the step's
// providers. A typed credential is sealed in the browser (src/sealing.ts), stored with
// `setup.set_provider_credential`, then verified with `setup.verify_provider_credential`.
import type { ProviderCredentialList, ProviderCredentialView } from "@jidocode/rpc-client";
import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";

import { client } from "../api";
import { PROVIDER_LABELS } from "../providers";
import {
  FieldError,
  Problem,
  clearSecrets,
  describe,
  takeSecret,
  useAction,
  useData,
  when,
} from "../forms";
import { seal } from "../sealing";
import { Panel } from "./panel";
import { FIXES, type Check, type StepContext } from "./steps";

type Provider = ProviderCredentialView["provider"];


function credentialCheck(view: ProviderCredentialView): Check {
  const status = view.status === "active" ? "pass" : view.status === "invalid" ? "fail" : "pending";
  const parts: string[] = [view.status.replace("_", " ")];
  if (view.status_reason) parts.push(view.status_reason);
  if (view.verified_at) {
    parts.push(`${view.status === "active" ? "verified" : "checked"} ${when(view.verified_at)}`);
  }
  const meta = describe(view.metadata);
  if (meta) parts.push(meta);
  return {
    name: view.provider,
    label: PROVIDER_LABELS[view.provider],
    status,
    detail: parts.join(" — "),
    credentialStatus: view.status,
  };
}

export function CredentialPanel(props: {
  readonly ctx: StepContext;
  readonly providers: readonly Provider[];
}): JSX.Element {
  const { ctx, providers } = props;
  const list = useData(() => client.setup.list_provider_credentials());
  const action = useAction();
  const [progress, setProgress] = useState<string | null>(null);
  const [provider, setProvider] = useState<Provider>(providers[0] ?? "anthropic");
  const value = useRef<HTMLInputElement>(null);
  const privateKey = useRef<HTMLTextAreaElement>(null);
  const [appId, setAppId] = useState("");
  const [installationId, setInstallationId] = useState("");

  const rows = (list.value?.items ?? []).filter((c) => providers.includes(c.provider));
  const row = rows.find((c) => c.provider === provider);
  const anyActive = rows.some((c) => c.status === "active");

  // Pick an active (or stored) provider once the list arrives, so "save" verifies it.
  const picked = useRef(false);
  useEffect(() => {
    if (picked.current || list.value === null) return;
    picked.current = true;
    const best =
      rows.find((c) => c.status === "active") ?? rows.find((c) => c.status !== "not_set");
    if (best) setProvider(best.provider);
  }, [list.value]);

  const replace = (view: ProviderCredentialView): void => {
    const current: ProviderCredentialList = list.value ?? { items: [] };
    list.set({ items: current.items.map((c) => (c.provider === view.provider ? view : c)) });
  };

  /** The secret typed for `provider` (cleared from the inputs at once), or "" for none. */
  const takeTyped = (): string => {
    if (provider !== "github_app") return takeSecret(value);
    const key = takeSecret(privateKey);
    if (!key.trim()) return "";
    return JSON.stringify({
      app_id: appId.trim(),
      installation_id: installationId.trim(),
      private_key: key,
    });
  };

  const verify = async (): Promise<void> => {
    setProgress(`Verifying with ${PROVIDER_LABELS[provider]}…`);
    const verified = await client.setup.verify_provider_credential({ provider });
    replace(verified);
    if (verified.status !== "active") {
      throw new Problem(
        `${PROVIDER_LABELS[provider]} refused the credential: ${verified.status_reason ?? verified.status}`,
        undefined,
        "credential_invalid",
      );
    }
  };

  /** Store what was typed (sealed) and verify it; or verify what is stored. */
  const storeAndVerify = async (requireSomething: boolean): Promise<void> => {
    const typed = takeTyped();
    try {
      if (typed) {
        setProgress("Sealing and storing the credential…");
        const sealed = await seal(typed);
        replace(await client.setup.set_provider_credential({ provider, sealed_value: sealed }));
        await verify();
      } else if (row && row.status !== "not_set" && row.status !== "active") {
        await verify();
      } else if (requireSomething && !(row && row.status === "active")) {
        throw new Problem(
          `Enter the ${PROVIDER_LABELS[provider]} credential first.`,
          provider === "github_app" ? "private_key" : "value",
          "missing",
        );
      }
    } finally {
      setProgress(null);
    }
  };

  const fields = (
    <>
      <label for="field-provider">Provider</label>
      <select
        id="field-provider"
        data-testid="field-provider"
        value={provider}
        onChange={(e) => {
          action.clear();
          clearSecrets(value, privateKey);
          setProvider(e.currentTarget.value as Provider);
        }}
      >
        {providers.map((p) => (
          <option key={p} value={p}>
            {PROVIDER_LABELS[p]}
          </option>
        ))}
      </select>
      <FieldError error={action.error} name="provider" />
      {provider === "github_app" ? (
        <>
          <label for="field-app_id">App id</label>
          <input
            id="field-app_id"
            data-testid="field-app_id"
            inputMode="numeric"
            value={appId}
            onInput={(e) => setAppId(e.currentTarget.value)}
          />
          <FieldError error={action.error} name="app_id" />
          <label for="field-installation_id">Installation id</label>
          <input
            id="field-installation_id"
            data-testid="field-installation_id"
            inputMode="numeric"
            value={installationId}
            onInput={(e) => setInstallationId(e.currentTarget.value)}
          />
          <FieldError error={action.error} name="installation_id" />
          <label for="field-private_key">Private key (PEM)</label>
          <textarea
            id="field-private_key"
            data-testid="field-private_key"
            class="mono"
            rows={6}
            autocomplete="off"
            spellcheck={false}
            ref={privateKey}
          />
          <FieldError error={action.error} name="private_key" />
          <FieldError error={action.error} name="value" />
        </>
      ) : (
        <>
          <label for="field-value">
            {provider === "github_pat" ? "Token" : "API key"}
            {row && row.status !== "not_set" ? " (leave empty to keep the stored one)" : ""}
          </label>
          <input
            id="field-value"
            data-testid="field-value"
            type="password"
            autocomplete="off"
            spellcheck={false}
            ref={value}
          />
          <FieldError error={action.error} name="value" />
        </>
      )}
    </>
  );

  return (
    <Panel
      ctx={ctx}
      checks={list.value === null ? null : rows.map(credentialCheck)}
      checksError={list.value === null ? list.error : null}
      fix={[FIXES[ctx.step]]}
      error={action.error}
      busy={action.busy}
      progress={progress}
      onSave={() =>
        void action.run(async () => {
          await storeAndVerify(!anyActive);
          await ctx.save({ step: ctx.step as "provider_setup" | "github_setup" });
        })
      }
      actions={
        <button
          type="button"
          class="secondary"
          data-testid="onboarding-verify"
          disabled={action.busy}
          onClick={() => void action.run(() => storeAndVerify(true))}
        >
          Store and verify only
        </button>
      }
    >
      {fields}
    </Panel>
  );
}

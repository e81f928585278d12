// Settings: provider credentials (status, store sealed, verify, remove), API keys (the new
// key shown once; list and revoke), stored secrets' metadata and their audit trail (never a
// value), the GitHub webhook secret (write-only, sealed), and the server's versions. Each
// section is its own module in src/settings/; this page lays them out and tells the secrets
// section to read again when another section stored or removed a secret.
import type { JSX } from "preact";
import { useState } from "preact/hooks";

import { ApiKeys } from "../settings/apiKeys";
import { Providers } from "../settings/providers";
import { Secrets } from "../settings/secrets";
import { Version } from "../settings/versions";
import { WebhookSecret } from "../settings/webhookSecret";

export function SettingsPage(): JSX.Element {
  // Bumped whenever a secret is stored or removed, so the secrets and audits read again.
  const [secretsVersion, setSecretsVersion] = useState(0);
  const changed = (): void => setSecretsVersion((v) => v + 1);
  return (
    <div>
      <h1>Settings</h1>
      <Providers onSecretChange={changed} />
      <ApiKeys />
      <Secrets version={secretsVersion} />
      <WebhookSecret onSecretChange={changed} />
      <Version />
    </div>
  );
}

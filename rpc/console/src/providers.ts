// How the console names each provider credential (onboarding and settings alike).
import type { ProviderCredentialView } from "@jidocode/rpc-client";

type Provider = ProviderCredentialView["provider"];

export const PROVIDER_LABELS: Readonly<Record<Provider, string>> = {
  anthropic: "Anthropic",
  openai: "OpenAI",
  google: "Google",
  github_pat: "GitHub personal access token",
  github_app: "GitHub App",
  sprites: "Sprites",
};

// What the onboarding wizard knows about each of the eight steps of `setup.status`: its
// title, what it checks and what to fix, and what the wizard hands a step's panel.
import type { SaveStepParams, SetupStatus, StepInfo, SystemConfigView } from "@jidocode/rpc-client";

export type StepName = StepInfo["name"];
export type Payload = SaveStepParams["payload"];

export const TITLES: Readonly<Record<StepName, string>> = {
  welcome: "Welcome checks",
  owner_bootstrap: "Owner account",
  provider_setup: "LLM provider",
  github_setup: "GitHub access",
  environment: "Environment",
  issue_bot: "Issue bot",
  import_project: "First project",
  complete: "Finish",
};

export const CHECKS: Readonly<Record<StepName, string>> = {
  welcome:
    "The database answers, the secret key ring opens what it seals, and (for a local " +
    "deployment) the workspace root is writable by the server.",
  owner_bootstrap: "The instance has its one owner account.",
  provider_setup:
    "At least one LLM provider credential (Anthropic, OpenAI or Google) is stored and " +
    "verified active: the server calls the provider's API with it.",
  github_setup:
    "A GitHub personal access token or GitHub App credential is stored and verified: the " +
    "server calls GitHub's API with it (and clones with it).",
  environment:
    "Where work runs: the deployment mode, the default environment, and an absolute, " +
    "existing, writable workspace root when local.",
  issue_bot:
    "The GitHub webhook secret is stored (GitHub signs every delivery with it) and the " +
    "issue bot's default policy is chosen.",
  import_project: "A first project is imported from GitHub and its clone has reached ready.",
  complete: "Every earlier step has passed; finishing marks onboarding complete.",
};

export const FIXES: Readonly<Record<StepName, string>> = {
  welcome: "Run the checks; each failing one says what to change on the server.",
  owner_bootstrap:
    "Nothing to fix: you are signed in as the owner (created with accounts.bootstrap_owner). " +
    "Save to confirm it.",
  provider_setup:
    "Pick a provider, paste its API key and save: the key is sealed in this browser, stored, " +
    "then verified. An invalid key shows the provider's reason.",
  github_setup:
    "Paste a GitHub personal access token (or a GitHub App's ids and private key) and save: " +
    "it is sealed in this browser, stored, then verified against GitHub.",
  environment:
    "Choose local or cloud_vm and the default environment. When local, workspace_root must " +
    "be an absolute path to an existing directory the server's user can write to.",
  issue_bot:
    "Give the secret configured on the GitHub webhook (it is sealed in this browser) unless " +
    "one is already stored, and choose whether the issue bot posts its replies itself " +
    "(auto_post) or waits for you (manual).",
  import_project:
    "Type or pick a repository (owner/repo) the GitHub credential can see, then save: the " +
    "console imports it and waits until the clone is ready.",
  complete: "Steps that have not passed are listed above; finish them first.",
};

/** One line of a step's checks. */
export interface Check {
  readonly name: string;
  readonly label: string;
  readonly status: "pass" | "fail" | "timeout" | "pending";
  readonly detail: string;
  /** For credentials: the credential's own status word. */
  readonly credentialStatus?: string;
}

/** What the wizard gives a step's panel. */
export interface StepContext {
  readonly step: StepName;
  readonly number: number;
  readonly status: SetupStatus;
  readonly config: SystemConfigView;
  /** `setup.save_step`; throws the server's error. */
  readonly save: (payload: Payload) => Promise<void>;
}

"""Params, results and row models of the Setup domain."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal, get_args
from uuid import UUID

from pydantic import BaseModel, Field, SecretStr

from rpc.contract import Params, Result, Timestamp

Scope = Literal["instance", "project", "integration"]
SecretSource = Literal["env", "onboarding", "rotation", "api"]
SecretStatus = Literal["active", "revoked"]
AuditAction = Literal["create", "rotate", "revoke", "rewrap"]
Provider = Literal["anthropic", "openai", "google", "github_app", "github_pat", "sprites"]
CredentialStatus = Literal["active", "invalid", "not_set", "rotating", "unverified"]
DeploymentMode = Literal["cloud_vm", "local"]
Environment = Literal["sprite", "local"]
IssueBotPolicy = Literal["manual", "auto_post"]
StepName = Literal[
    "welcome",
    "owner_bootstrap",
    "provider_setup",
    "github_setup",
    "environment",
    "issue_bot",
    "import_project",
    "complete",
]
CheckStatus = Literal["pass", "fail", "timeout"]

# In order: onboarding walks them first to last.
STEPS: tuple[StepName, ...] = get_args(StepName)
LLM_PROVIDERS: tuple[Provider, ...] = ("anthropic", "openai", "google")
GITHUB_PROVIDERS: tuple[Provider, ...] = ("github_pat", "github_app")
ALL_PROVIDERS: tuple[Provider, ...] = (*LLM_PROVIDERS, *GITHUB_PROVIDERS, "sprites")

SecretName = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,199}$")]
Limit = Annotated[int, Field(ge=1, le=200)]


# ---- rows and views -------------------------------------------------------------------


class SecretRefView(Result):
    """A stored secret's metadata; the value never leaves the server this way."""

    id: UUID
    scope: Scope
    name: str
    status: SecretStatus
    key_version: int | None
    source: SecretSource
    last_rotated_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None
    inserted_at: datetime
    updated_at: datetime


class SealedSecret(BaseModel):
    """A secret row with its ciphertext (inside the domain only)."""

    ref: SecretRefView
    ciphertext: bytes | None


class RewrapRow(BaseModel):
    """A sealed value claimed for rewrapping (inside the domain only)."""

    id: UUID
    scope: str
    name: str
    key_version: int
    ciphertext: bytes


class SecretAuditView(Result):
    """One audit row: what happened to which secret, by whom; never the value."""

    id: UUID
    secret_ref_id: UUID | None
    scope: str
    name: str
    action: AuditAction
    outcome: Literal["success", "failure"]
    actor: str
    key_version: int | None
    occurred_at: datetime


class SecretPage(Result):
    """A page of secrets, newest first."""

    items: list[SecretRefView]
    next_cursor: str | None


class SecretAuditPage(Result):
    """A page of audit rows, newest first."""

    items: list[SecretAuditView]
    next_cursor: str | None


class ProviderCredentialView(Result):
    """A provider credential's state and metadata (never the secret)."""

    provider: Provider
    status: CredentialStatus
    status_reason: str | None = None
    verified_at: datetime | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)
    secret_ref_id: UUID | None = None
    updated_at: datetime | None = None


class ProviderCredentialList(Result):
    """Every known provider, ``not_set`` when nothing is stored."""

    items: list[ProviderCredentialView]


class SystemConfigView(Result):
    """The instance configuration and onboarding progress."""

    onboarding_completed: bool
    onboarding_step: int
    onboarding_state: dict[str, Any]
    deployment_mode: DeploymentMode | None
    default_environment: Environment | None
    workspace_root: str | None
    issue_bot_policy: IssueBotPolicy | None
    owner_bootstrapped_at: datetime | None
    rpc_inventory_version: int | None
    onboarding_completed_at: datetime | None
    updated_at: datetime


class StepInfo(Result):
    """One onboarding step and whether it has passed."""

    number: int
    name: StepName
    done: bool


class SetupStatus(Result):
    """What a fresh frontend needs to route: bootstrap, sign in and onboard, or the app."""

    onboarding_completed: bool
    onboarding_step: int
    current_step: StepName
    steps: list[StepInfo]
    owner_exists: bool
    next_action: Literal["bootstrap_owner", "onboarding", "ready"]


class CheckResult(Result):
    """One prerequisite check of the welcome step."""

    name: Literal["database", "key_ring", "workspace_root"]
    status: CheckStatus
    detail: str
    remediation: str | None = None


class ChecksReport(Result):
    """Every welcome check; ``all_passed`` gates the welcome step."""

    checks: list[CheckResult]
    all_passed: bool


class SealingKeyView(Result):
    """The server's X25519 public key for libsodium sealed boxes (base64)."""

    public_key: str
    algorithm: Literal["x25519-xsalsa20-poly1305-sealedbox"] = "x25519-xsalsa20-poly1305-sealedbox"
    key_id: UUID


class RewrapReport(Result):
    """What a rewrap pass did."""

    newest_version: int
    rewrapped: int
    failed: int = 0
    remaining: int
    batches: int


class Removed(Result):
    """Acknowledges a removal."""

    removed: bool = True


# ---- params ---------------------------------------------------------------------------


class SecretInput(Params):
    """A secret reaching the server: ``value`` in clear, or ``sealed_value``, a libsodium
    sealed box to the key from ``setup.get_sealing_key`` (base64). Exactly one is given."""

    value: SecretStr | None = None
    sealed_value: str | None = Field(default=None, max_length=65536)


class PutSecretParams(SecretInput):
    """Store a new secret under ``(scope, name)``."""

    scope: Scope
    name: SecretName
    expires_at: Timestamp | None = None


class RotateSecretParams(SecretInput):
    """Replace an active secret's value."""

    secret_ref_id: UUID
    expires_at: Timestamp | None = None


class SecretIdParams(Params):
    """Names one secret."""

    secret_ref_id: UUID


class ListSecretsParams(Params):
    """Filter and page the secret list."""

    scope: Scope | None = None
    cursor: str | None = None
    limit: Limit = 50


class ListAuditsParams(Params):
    """Filter and page the audit trail."""

    secret_ref_id: UUID | None = None
    cursor: str | None = None
    limit: Limit = 50


class RewrapParams(Params):
    """Rewrap batch size (each batch is one transaction)."""

    batch_size: int = Field(default=500, ge=1, le=5000)


class SetProviderCredentialParams(SecretInput):
    """Store (or replace) one provider's credential; it stays unverified until verified.
    For ``github_app`` the secret is JSON text with ``app_id``, ``installation_id`` and
    ``private_key`` (PEM)."""

    provider: Provider


class ProviderParams(Params):
    """Names one provider."""

    provider: Provider


class UpdateConfigParams(Params):
    """Change instance configuration; omitted fields stay as they are."""

    deployment_mode: DeploymentMode | None = None
    default_environment: Environment | None = None
    workspace_root: str | None = Field(default=None, max_length=4096)
    issue_bot_policy: IssueBotPolicy | None = None


# ---- onboarding steps (a discriminated union on ``step``) -----------------------------


class WelcomeStep(Params):
    """Runs the prerequisite checks; passes when every check passes."""

    step: Literal["welcome"]


class OwnerBootstrapStep(Params):
    """Confirms the owner exists (create it with ``accounts.bootstrap_owner``)."""

    step: Literal["owner_bootstrap"]


class ProviderSetupStep(Params):
    """Passes when at least one LLM provider credential is verified ``active``.

    Store one with ``setup.set_provider_credential`` and check it with
    ``setup.verify_provider_credential``. The server calls the provider at
    ``JIDOCODE_ANTHROPIC_BASE_URL``, ``JIDOCODE_OPENAI_BASE_URL`` or
    ``JIDOCODE_GOOGLE_BASE_URL``; offline, point one at a local server that speaks that API.
    """

    step: Literal["provider_setup"]


class GithubSetupStep(Params):
    """Passes when a GitHub PAT or GitHub App credential is verified ``active``.

    The server calls GitHub at ``JIDOCODE_GITHUB_API_URL`` (GitHub Enterprise, or a local
    server speaking GitHub's REST API) and clones from ``JIDOCODE_GIT_CLONE_BASE_URL``.
    """

    step: Literal["github_setup"]


class EnvironmentStep(Params):
    """Deployment mode, default environment, and the workspace root when local."""

    step: Literal["environment"]
    deployment_mode: DeploymentMode
    default_environment: Environment
    workspace_root: str | None = Field(default=None, max_length=4096)


class IssueBotStep(Params):
    """The instance webhook secret (given here, or stored before) and the default policy."""

    step: Literal["issue_bot"]
    default_policy: IssueBotPolicy
    webhook_secret: SecretStr | None = None
    sealed_webhook_secret: str | None = Field(default=None, max_length=65536)


class ImportProjectStep(Params):
    """Passes when a project's clone has reached ``ready``."""

    step: Literal["import_project"]


class CompleteStep(Params):
    """Marks onboarding complete once every earlier step has passed."""

    step: Literal["complete"]


StepPayload = Annotated[
    WelcomeStep
    | OwnerBootstrapStep
    | ProviderSetupStep
    | GithubSetupStep
    | EnvironmentStep
    | IssueBotStep
    | ImportProjectStep
    | CompleteStep,
    Field(discriminator="step"),
]


class SaveStepParams(Params):
    """One onboarding step and its step-specific payload."""

    payload: StepPayload


class SaveStepResult(Result):
    """The step's stored result and the configuration after it."""

    step: StepName
    result: dict[str, Any]
    config: SystemConfigView

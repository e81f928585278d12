"""Setup methods: onboarding, configuration, provider credentials and sealed secrets."""

from __future__ import annotations

from domains.setup import (
    service_config,
    service_intake,
    service_onboarding,
    service_providers,
    service_rewrap,
    service_secrets,
)
from domains.setup.errors import (
    CredentialNotFound,
    ProviderUnreachable,
    SecretExists,
    SecretNotFound,
    SecretReserved,
    SecretRevoked,
)
from domains.setup.lifecycle import SetupLifecycle
from domains.setup.models import (
    ChecksReport,
    ListAuditsParams,
    ListSecretsParams,
    ProviderCredentialList,
    ProviderCredentialView,
    ProviderParams,
    PutSecretParams,
    RewrapParams,
    RewrapReport,
    RotateSecretParams,
    SaveStepParams,
    SaveStepResult,
    SealingKeyView,
    SecretAuditPage,
    SecretIdParams,
    SecretPage,
    SecretRefView,
    SetProviderCredentialParams,
    SetupStatus,
    SystemConfigView,
    UpdateConfigParams,
)
from rpc.context import RpcContext
from rpc.contract import ANONYMOUS, DomainRegistration, Group, MethodTable, NoParams
from rpc.errors import (
    Conflict,
    InvalidTransition,
    SecretUnavailable,
    ValidationFailed,
)

methods = MethodTable("setup")
_SECRET_INPUT_ERRORS = [ValidationFailed]


@methods.method("setup.status", auth=ANONYMOUS, group=Group.SETUP, idempotent=True)
async def status(ctx: RpcContext, params: NoParams) -> SetupStatus:
    """Where this instance stands: whether an owner exists, onboarding progress with each
    step's done flag, and ``next_action`` (``bootstrap_owner``, ``onboarding`` or ``ready``)
    so a fresh frontend knows where to route. Needs no credentials."""
    return await service_config.status(ctx.db)


@methods.method("setup.run_checks", group=Group.SETUP, idempotent=True)
async def run_checks(ctx: RpcContext, params: NoParams) -> ChecksReport:
    """Run the welcome step's prerequisite checks (database reachable, key ring loaded,
    workspace root writable when local), each ``pass``, ``fail`` or ``timeout`` with a
    remediation text."""
    return await service_onboarding.run_checks(ctx.db, ctx.runtime)


@methods.method(
    "setup.save_step",
    group=Group.SETUP,
    errors=[ValidationFailed, InvalidTransition],
    idempotent=True,
)
async def save_step(ctx: RpcContext, params: SaveStepParams) -> SaveStepResult:
    """Validate one onboarding step (``payload.step`` selects its fields) and store its
    result; onboarding advances only when the step passes. A failing step stores nothing
    and answers ``validation_error`` naming what to fix; a step after the current one is
    an ``invalid_transition``."""
    return await service_onboarding.save_step(
        ctx.db, ctx.runtime, payload=params.payload, actor=ctx.actor
    )


@methods.method(
    "setup.complete_onboarding",
    group=Group.SETUP,
    errors=[ValidationFailed, InvalidTransition],
    idempotent=True,
)
async def complete_onboarding(ctx: RpcContext, params: NoParams) -> SystemConfigView:
    """Mark onboarding complete; refused until every earlier step has passed."""
    return await service_onboarding.complete_onboarding(ctx.db, ctx.runtime, actor=ctx.actor)


@methods.method("setup.get_config", group=Group.SETUP, idempotent=True)
async def get_config(ctx: RpcContext, params: NoParams) -> SystemConfigView:
    """The instance configuration and onboarding state."""
    return await service_config.get_config(ctx.db)


@methods.method(
    "setup.update_config", group=Group.SETUP, errors=[ValidationFailed], idempotent=True
)
async def update_config(ctx: RpcContext, params: UpdateConfigParams) -> SystemConfigView:
    """Change deployment mode, default environment, workspace root or the default issue-bot
    policy; a local workspace root must be an absolute, existing, writable directory."""
    return await service_config.update_config(ctx.db, params=params)


@methods.method("setup.list_provider_credentials", group=Group.SETUP, idempotent=True)
async def list_provider_credentials(ctx: RpcContext, params: NoParams) -> ProviderCredentialList:
    """Every provider with its credential status and metadata (never the secret)."""
    return await service_providers.list_provider_credentials(ctx.db)


@methods.method("setup.set_provider_credential", group=Group.SETUP, errors=_SECRET_INPUT_ERRORS)
async def set_provider_credential(
    ctx: RpcContext, params: SetProviderCredentialParams
) -> ProviderCredentialView:
    """Store or replace a provider's credential, given as ``value`` or ``sealed_value``; it
    stays ``unverified`` until ``setup.verify_provider_credential``."""
    value = service_intake.read_secret_input(
        ctx.runtime, value=params.value, sealed_value=params.sealed_value
    )
    return await service_providers.set_provider_credential(
        ctx.db, ctx.runtime, provider=params.provider, value=value, actor=ctx.actor
    )


@methods.method(
    "setup.verify_provider_credential",
    group=Group.SETUP,
    errors=[
        CredentialNotFound,
        ValidationFailed,
        Conflict,
        SecretUnavailable,
        ProviderUnreachable,
    ],
    idempotent=True,
)
async def verify_provider_credential(
    ctx: RpcContext, params: ProviderParams
) -> ProviderCredentialView:
    """Call the provider's API with the stored credential and record ``active`` or
    ``invalid`` with the provider's (redacted) reason."""
    return await service_providers.verify_provider_credential(
        ctx.db, ctx.runtime, provider=params.provider
    )


@methods.method("setup.remove_provider_credential", group=Group.SETUP, errors=[CredentialNotFound])
async def remove_provider_credential(
    ctx: RpcContext, params: ProviderParams
) -> ProviderCredentialView:
    """Forget a provider's credential and revoke its stored secret."""
    return await service_providers.remove_provider_credential(
        ctx.db, ctx.runtime, provider=params.provider, actor=ctx.actor
    )


@methods.method(
    "setup.get_sealing_key", group=Group.SETUP, errors=[SecretUnavailable], idempotent=True
)
async def get_sealing_key(ctx: RpcContext, params: NoParams) -> SealingKeyView:
    """The server's X25519 public key (base64): seal a secret to it with a libsodium sealed
    box and send the base64 box as ``sealed_value`` to keep plaintext out of proxies and
    logs."""
    return await service_intake.get_sealing_key(ctx.db, ctx.runtime)


@methods.method(
    "setup.put_secret", group=Group.SETUP, errors=[ValidationFailed, SecretExists, SecretReserved]
)
async def put_secret(ctx: RpcContext, params: PutSecretParams) -> SecretRefView:
    """Store a new secret under ``(scope, name)`` from ``value`` or ``sealed_value``;
    answers its metadata, never the value."""
    value = service_intake.read_secret_input(
        ctx.runtime, value=params.value, sealed_value=params.sealed_value
    )
    return await service_secrets.put_secret(
        ctx.db,
        ctx.runtime,
        scope=params.scope,
        name=params.name,
        value=value,
        actor=ctx.actor,
        expires_at=params.expires_at,
    )


@methods.method("setup.list_secrets", group=Group.SETUP, errors=[ValidationFailed], idempotent=True)
async def list_secrets(ctx: RpcContext, params: ListSecretsParams) -> SecretPage:
    """Stored secrets' metadata, newest first, paginated by cursor."""
    return await service_secrets.list_secrets(
        ctx.db, scope=params.scope, cursor=params.cursor, limit=params.limit
    )


@methods.method(
    "setup.rotate_secret",
    group=Group.SETUP,
    errors=[ValidationFailed, SecretNotFound, SecretRevoked, SecretReserved],
)
async def rotate_secret(ctx: RpcContext, params: RotateSecretParams) -> SecretRefView:
    """Replace an active secret's value (sealed with the newest key)."""
    value = service_intake.read_secret_input(
        ctx.runtime, value=params.value, sealed_value=params.sealed_value
    )
    return await service_secrets.rotate_secret(
        ctx.db,
        ctx.runtime,
        secret_ref_id=params.secret_ref_id,
        value=value,
        actor=ctx.actor,
        expires_at=params.expires_at,
    )


@methods.method(
    "setup.revoke_secret", group=Group.SETUP, errors=[SecretNotFound, SecretRevoked, SecretReserved]
)
async def revoke_secret(ctx: RpcContext, params: SecretIdParams) -> SecretRefView:
    """Revoke a secret: its value is erased at once; revoking twice is a conflict."""
    return await service_secrets.revoke_secret(
        ctx.db, ctx.runtime, secret_ref_id=params.secret_ref_id, actor=ctx.actor
    )


@methods.method(
    "setup.list_secret_audits", group=Group.SETUP, errors=[ValidationFailed], idempotent=True
)
async def list_secret_audits(ctx: RpcContext, params: ListAuditsParams) -> SecretAuditPage:
    """The secret audit trail (create, rotate, revoke, rewrap), newest first."""
    return await service_secrets.list_audits(
        ctx.db, secret_ref_id=params.secret_ref_id, cursor=params.cursor, limit=params.limit
    )


@methods.method(
    "setup.rewrap_secrets", group=Group.SETUP, errors=[SecretUnavailable], idempotent=True
)
async def rewrap_secrets(ctx: RpcContext, params: RewrapParams) -> RewrapReport:
    """Re-seal every value under an older key with the newest key, in batches; safe to
    repeat (a second run changes nothing). Large stores: prefer ``jidocode secrets
    rewrap``, which is not bound by the call deadline."""
    return await service_rewrap.rewrap_secrets(
        ctx.db, ctx.runtime, actor=ctx.actor, batch_size=params.batch_size
    )


REGISTRATION = DomainRegistration(name="setup", lifecycle=SetupLifecycle(), methods=methods)

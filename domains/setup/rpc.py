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
from rpc.contract import ANONYMOUS, DomainRegistration, Group, NoParams, method
from rpc.errors import (
    Conflict,
    InvalidTransition,
    SecretUnavailable,
    ValidationFailed,
)


async def status(ctx: RpcContext, params: NoParams) -> SetupStatus:
    """Where this instance stands: whether an owner exists, onboarding progress with each
    step's done flag, and ``next_action`` (``bootstrap_owner``, ``onboarding`` or ``ready``)
    so a fresh frontend knows where to route. Needs no credentials."""
    return await service_config.status(ctx.db)


async def run_checks(ctx: RpcContext, params: NoParams) -> ChecksReport:
    """Run the welcome step's prerequisite checks (database reachable, key ring loaded,
    workspace root writable when local), each ``pass``, ``fail`` or ``timeout`` with a
    remediation text."""
    return await service_onboarding.run_checks(ctx.db, ctx.runtime)


async def save_step(ctx: RpcContext, params: SaveStepParams) -> SaveStepResult:
    """Validate one onboarding step (``payload.step`` selects its fields) and store its
    result; onboarding advances only when the step passes. A failing step stores nothing
    and answers ``validation_error`` naming what to fix; a step after the current one is
    an ``invalid_transition``."""
    return await service_onboarding.save_step(
        ctx.db, ctx.runtime, payload=params.payload, actor=ctx.actor
    )


async def complete_onboarding(ctx: RpcContext, params: NoParams) -> SystemConfigView:
    """Mark onboarding complete; refused until every earlier step has passed."""
    return await service_onboarding.complete_onboarding(ctx.db, ctx.runtime, actor=ctx.actor)


async def get_config(ctx: RpcContext, params: NoParams) -> SystemConfigView:
    """The instance configuration and onboarding state."""
    return await service_config.get_config(ctx.db)


async def update_config(ctx: RpcContext, params: UpdateConfigParams) -> SystemConfigView:
    """Change deployment mode, default environment, workspace root or the default issue-bot
    policy; a local workspace root must be an absolute, existing, writable directory."""
    return await service_config.update_config(ctx.db, params=params)


async def list_provider_credentials(ctx: RpcContext, params: NoParams) -> ProviderCredentialList:
    """Every provider with its credential status and metadata (never the secret)."""
    return await service_providers.list_provider_credentials(ctx.db)


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


async def verify_provider_credential(
    ctx: RpcContext, params: ProviderParams
) -> ProviderCredentialView:
    """Call the provider's API with the stored credential and record ``active`` or
    ``invalid`` with the provider's (redacted) reason."""
    return await service_providers.verify_provider_credential(
        ctx.db, ctx.runtime, provider=params.provider
    )


async def remove_provider_credential(
    ctx: RpcContext, params: ProviderParams
) -> ProviderCredentialView:
    """Forget a provider's credential and revoke its stored secret."""
    return await service_providers.remove_provider_credential(
        ctx.db, ctx.runtime, provider=params.provider, actor=ctx.actor
    )


async def get_sealing_key(ctx: RpcContext, params: NoParams) -> SealingKeyView:
    """The server's X25519 public key (base64): seal a secret to it with a libsodium sealed
    box and send the base64 box as ``sealed_value`` to keep plaintext out of proxies and
    logs."""
    return await service_intake.get_sealing_key(ctx.db, ctx.runtime)


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


async def list_secrets(ctx: RpcContext, params: ListSecretsParams) -> SecretPage:
    """Stored secrets' metadata, newest first, paginated by cursor."""
    return await service_secrets.list_secrets(
        ctx.db, scope=params.scope, cursor=params.cursor, limit=params.limit
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


async def revoke_secret(ctx: RpcContext, params: SecretIdParams) -> SecretRefView:
    """Revoke a secret: its value is erased at once; revoking twice is a conflict."""
    return await service_secrets.revoke_secret(
        ctx.db, ctx.runtime, secret_ref_id=params.secret_ref_id, actor=ctx.actor
    )


async def list_secret_audits(ctx: RpcContext, params: ListAuditsParams) -> SecretAuditPage:
    """The secret audit trail (create, rotate, revoke, rewrap), newest first."""
    return await service_secrets.list_audits(
        ctx.db, secret_ref_id=params.secret_ref_id, cursor=params.cursor, limit=params.limit
    )


async def rewrap_secrets(ctx: RpcContext, params: RewrapParams) -> RewrapReport:
    """Re-seal every value under an older key with the newest key, in batches; safe to
    repeat (a second run changes nothing). Large stores: prefer ``jidocode secrets
    rewrap``, which is not bound by the call deadline."""
    return await service_rewrap.rewrap_secrets(
        ctx.db, ctx.runtime, actor=ctx.actor, batch_size=params.batch_size
    )


_SECRET_INPUT_ERRORS = [ValidationFailed]

REGISTRATION = DomainRegistration(
    name="setup",
    lifecycle=SetupLifecycle(),
    methods=[
        method(
            "setup.status",
            status,
            params=NoParams,
            result=SetupStatus,
            auth=ANONYMOUS,
            group=Group.SETUP,
            idempotent=True,
        ),
        method(
            "setup.run_checks",
            run_checks,
            params=NoParams,
            result=ChecksReport,
            group=Group.SETUP,
            idempotent=True,
        ),
        method(
            "setup.save_step",
            save_step,
            params=SaveStepParams,
            result=SaveStepResult,
            group=Group.SETUP,
            errors=[ValidationFailed, InvalidTransition],
            idempotent=True,
        ),
        method(
            "setup.complete_onboarding",
            complete_onboarding,
            params=NoParams,
            result=SystemConfigView,
            group=Group.SETUP,
            errors=[ValidationFailed, InvalidTransition],
            idempotent=True,
        ),
        method(
            "setup.get_config",
            get_config,
            params=NoParams,
            result=SystemConfigView,
            group=Group.SETUP,
            idempotent=True,
        ),
        method(
            "setup.update_config",
            update_config,
            params=UpdateConfigParams,
            result=SystemConfigView,
            group=Group.SETUP,
            errors=[ValidationFailed],
            idempotent=True,
        ),
        method(
            "setup.list_provider_credentials",
            list_provider_credentials,
            params=NoParams,
            result=ProviderCredentialList,
            group=Group.SETUP,
            idempotent=True,
        ),
        method(
            "setup.set_provider_credential",
            set_provider_credential,
            params=SetProviderCredentialParams,
            result=ProviderCredentialView,
            group=Group.SETUP,
            errors=_SECRET_INPUT_ERRORS,
        ),
        method(
            "setup.verify_provider_credential",
            verify_provider_credential,
            params=ProviderParams,
            result=ProviderCredentialView,
            group=Group.SETUP,
            errors=[
                CredentialNotFound,
                ValidationFailed,
                Conflict,
                SecretUnavailable,
                ProviderUnreachable,
            ],
            idempotent=True,
        ),
        method(
            "setup.remove_provider_credential",
            remove_provider_credential,
            params=ProviderParams,
            result=ProviderCredentialView,
            group=Group.SETUP,
            errors=[CredentialNotFound],
        ),
        method(
            "setup.get_sealing_key",
            get_sealing_key,
            params=NoParams,
            result=SealingKeyView,
            group=Group.SETUP,
            errors=[SecretUnavailable],
            idempotent=True,
        ),
        method(
            "setup.put_secret",
            put_secret,
            params=PutSecretParams,
            result=SecretRefView,
            group=Group.SETUP,
            errors=[ValidationFailed, SecretExists, SecretReserved],
        ),
        method(
            "setup.list_secrets",
            list_secrets,
            params=ListSecretsParams,
            result=SecretPage,
            group=Group.SETUP,
            errors=[ValidationFailed],
            idempotent=True,
        ),
        method(
            "setup.rotate_secret",
            rotate_secret,
            params=RotateSecretParams,
            result=SecretRefView,
            group=Group.SETUP,
            errors=[ValidationFailed, SecretNotFound, SecretRevoked, SecretReserved],
        ),
        method(
            "setup.revoke_secret",
            revoke_secret,
            params=SecretIdParams,
            result=SecretRefView,
            group=Group.SETUP,
            errors=[SecretNotFound, SecretRevoked, SecretReserved],
        ),
        method(
            "setup.list_secret_audits",
            list_secret_audits,
            params=ListAuditsParams,
            result=SecretAuditPage,
            group=Group.SETUP,
            errors=[ValidationFailed],
            idempotent=True,
        ),
        method(
            "setup.rewrap_secrets",
            rewrap_secrets,
            params=RewrapParams,
            result=RewrapReport,
            group=Group.SETUP,
            errors=[SecretUnavailable],
            idempotent=True,
        ),
    ],
)

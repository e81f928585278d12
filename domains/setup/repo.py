"""The only module that runs the Setup domain's SQL (``sql/queries/setup.sql``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from domains.setup.models import (
    ProviderCredentialView,
    RewrapRow,
    SealedSecret,
    SecretAuditView,
    SecretRefView,
    SystemConfigView,
)
from sql.database import Connection
from sql.queries import query_file

Q = query_file("setup")


def _sealed(row: asyncpg.Record) -> SealedSecret:
    data = dict(row)
    ciphertext = data.pop("ciphertext")
    return SealedSecret(ref=SecretRefView.model_validate(data), ciphertext=ciphertext)


# ---- system_config --------------------------------------------------------------------


async def ensure_config(conn: Connection) -> None:
    """Create the singleton row unless it exists."""
    await conn.execute(Q["setup_ensure_config"])


async def get_config(conn: Connection) -> SystemConfigView | None:
    """The singleton, or None before it was created."""
    row = await conn.fetchrow(Q["setup_get_config"])
    return SystemConfigView.model_validate(dict(row)) if row else None


async def lock_config(conn: Connection) -> SystemConfigView | None:
    """The singleton, locked until the caller's transaction ends."""
    row = await conn.fetchrow(Q["setup_lock_config"])
    return SystemConfigView.model_validate(dict(row)) if row else None


async def save_config(conn: Connection, config: SystemConfigView) -> SystemConfigView:
    """Write every mutable field of the (locked) singleton."""
    row = await conn.fetchrow(
        Q["setup_save_config"],
        config.onboarding_completed,
        config.onboarding_step,
        config.onboarding_state,
        config.deployment_mode,
        config.default_environment,
        config.workspace_root,
        config.issue_bot_policy,
        config.owner_bootstrapped_at,
        config.rpc_inventory_version,
        config.onboarding_completed_at,
    )
    assert row is not None  # the caller locked the row in this transaction
    return SystemConfigView.model_validate(dict(row))


# ---- secret_refs ----------------------------------------------------------------------


async def insert_secret(
    conn: Connection,
    *,
    id: UUID,
    scope: str,
    name: str,
    ciphertext: bytes,
    key_version: int,
    source: str,
    expires_at: datetime | None,
) -> SecretRefView | None:
    """Insert a sealed secret; ``None`` when ``(scope, name)`` exists (once any concurrent
    inserter of it has committed: the unique index makes this insert wait for it)."""
    row = await conn.fetchrow(
        Q["secret_insert"], id, scope, name, ciphertext, key_version, source, expires_at
    )
    return SecretRefView.model_validate(dict(row)) if row is not None else None


async def insert_secret_if_absent(
    conn: Connection,
    *,
    id: UUID,
    scope: str,
    name: str,
    ciphertext: bytes,
    key_version: int,
    source: str,
) -> bool:
    """Insert unless ``(scope, name)`` exists; True when this call inserted it."""
    inserted = await conn.fetchval(
        Q["secret_insert_if_absent"], id, scope, name, ciphertext, key_version, source
    )
    return inserted is not None


async def get_secret(conn: Connection, *, id: UUID) -> SealedSecret | None:
    """One secret with its ciphertext."""
    row = await conn.fetchrow(Q["secret_get"], id)
    return _sealed(row) if row else None


async def get_secret_by_name(conn: Connection, *, scope: str, name: str) -> SealedSecret | None:
    """One secret with its ciphertext, by scope and name."""
    row = await conn.fetchrow(Q["secret_get_by_name"], scope, name)
    return _sealed(row) if row else None


async def lock_secret(conn: Connection, *, id: UUID) -> SealedSecret | None:
    """One secret, locked until the caller's transaction ends."""
    row = await conn.fetchrow(Q["secret_lock"], id)
    return _sealed(row) if row else None


async def lock_secret_by_name(conn: Connection, *, scope: str, name: str) -> SealedSecret | None:
    """One secret by scope and name, locked until the caller's transaction ends."""
    row = await conn.fetchrow(Q["secret_lock_by_name"], scope, name)
    return _sealed(row) if row else None


async def replace_secret(
    conn: Connection,
    *,
    id: UUID,
    ciphertext: bytes,
    key_version: int,
    source: str,
    expires_at: datetime | None,
    rotated: bool,
) -> SecretRefView:
    """Put a new sealed value into a locked secret."""
    row = await conn.fetchrow(
        Q["secret_replace"], id, ciphertext, key_version, source, expires_at, rotated
    )
    assert row is not None  # locked by the caller
    return SecretRefView.model_validate(dict(row))


async def revoke_secret(conn: Connection, *, id: UUID) -> SecretRefView | None:
    """Revoke an active secret; None when it was not active."""
    row = await conn.fetchrow(Q["secret_revoke"], id)
    return SecretRefView.model_validate(dict(row)) if row else None


async def list_secrets(
    conn: Connection,
    after: tuple[datetime, UUID],
    limit: int,
    *,
    scope: str | None,
) -> list[SecretRefView]:
    """Secrets newest first, after an ``(inserted_at, id)`` position."""
    rows = await conn.fetch(Q["secret_list"], scope, *after, limit)
    return [SecretRefView.model_validate(dict(r)) for r in rows]


async def list_sealed(conn: Connection) -> list[tuple[UUID, int, bytes]]:
    """Every active sealed value as ``(id, key_version, ciphertext)``."""
    rows = await conn.fetch(Q["secret_list_sealed"])
    return [(r["id"], r["key_version"], r["ciphertext"]) for r in rows]


async def count_below_version(conn: Connection, *, version: int) -> int:
    """How many sealed values are under a key older than ``version``."""
    count: int = await conn.fetchval(Q["secret_count_below_version"], version)
    return count


async def claim_rewrap_batch(
    conn: Connection, *, below_version: int, limit: int, skip: Sequence[UUID] = ()
) -> list[RewrapRow]:
    """Lock up to ``limit`` rows under older keys (skipping locked ones and ``skip``)."""
    rows = await conn.fetch(Q["secret_claim_rewrap_batch"], below_version, limit, list(skip))
    return [RewrapRow.model_validate(dict(r)) for r in rows]


async def write_rewrapped(
    conn: Connection, *, ids: Sequence[UUID], ciphertexts: Sequence[bytes], key_version: int
) -> int:
    """Store re-sealed values of a locked batch; returns how many rows changed."""
    rows = await conn.fetch(Q["secret_rewrap_batch"], list(ids), list(ciphertexts), key_version)
    return len(rows)


# ---- secret_audits --------------------------------------------------------------------


async def insert_audit(
    conn: Connection,
    *,
    secret_ref_id: UUID | None,
    scope: str,
    name: str,
    action: str,
    outcome: str,
    actor: str,
    key_version: int | None,
) -> UUID:
    """Record one action on a secret."""
    audit_id: UUID = await conn.fetchval(
        Q["secret_audit_insert"], secret_ref_id, scope, name, action, outcome, actor, key_version
    )
    return audit_id


async def insert_audits(
    conn: Connection,
    *,
    ids: Sequence[UUID],
    scopes: Sequence[str],
    names: Sequence[str],
    action: str,
    actor: str,
    key_version: int | None,
    outcome: str = "success",
) -> int:
    """Record the same action and outcome on many secrets; returns the row count."""
    rows = await conn.fetch(
        Q["secret_audit_insert_many"],
        list(ids),
        list(scopes),
        list(names),
        action,
        actor,
        key_version,
        outcome,
    )
    return len(rows)


async def list_audits(
    conn: Connection,
    after: tuple[datetime, UUID],
    limit: int,
    *,
    secret_ref_id: UUID | None,
) -> list[SecretAuditView]:
    """Audit rows newest first, after an ``(occurred_at, id)`` position."""
    rows = await conn.fetch(Q["secret_audit_list"], secret_ref_id, *after, limit)
    return [SecretAuditView.model_validate(dict(r)) for r in rows]


# ---- provider_credentials -------------------------------------------------------------


async def get_credential(conn: Connection, *, provider: str) -> ProviderCredentialView | None:
    """One provider's credential row."""
    row = await conn.fetchrow(Q["provider_credential_get"], provider)
    return ProviderCredentialView.model_validate(dict(row)) if row else None


async def list_credentials(conn: Connection) -> list[ProviderCredentialView]:
    """Every stored credential row."""
    rows = await conn.fetch(Q["provider_credential_list"])
    return [ProviderCredentialView.model_validate(dict(r)) for r in rows]


async def upsert_credential(
    conn: Connection, *, provider: str, status: str, secret_ref_id: UUID, metadata: dict[str, Any]
) -> ProviderCredentialView:
    """Point a provider at a secret, restarting its status."""
    row = await conn.fetchrow(
        Q["provider_credential_upsert"], provider, status, secret_ref_id, metadata
    )
    assert row is not None
    return ProviderCredentialView.model_validate(dict(row))


async def set_credential_status(
    conn: Connection,
    *,
    provider: str,
    secret_ref_id: UUID,
    status: str,
    reason: str | None,
    metadata: dict[str, Any],
) -> ProviderCredentialView | None:
    """Record a verification; None when the credential changed meanwhile."""
    row = await conn.fetchrow(
        Q["provider_credential_set_status"], provider, secret_ref_id, status, reason, metadata
    )
    return ProviderCredentialView.model_validate(dict(row)) if row else None


async def clear_credential(conn: Connection, *, provider: str) -> ProviderCredentialView | None:
    """Forget a provider's credential; None when none was set."""
    row = await conn.fetchrow(Q["provider_credential_clear"], provider)
    return ProviderCredentialView.model_validate(dict(row)) if row else None


async def active_providers(conn: Connection, *, providers: Sequence[str]) -> list[str]:
    """Which of ``providers`` have a credential verified active."""
    rows = await conn.fetch(Q["provider_credential_active"], list(providers))
    return [r["provider"] for r in rows]


async def ping(conn: Connection) -> bool:
    """True when the database answers a trivial query."""
    return bool(await conn.fetchval(Q["setup_ping_database"]))

"""Sealed secrets: store, reveal, rotate, revoke, list and audit.

Every value is sealed with the runtime ``KeyRing`` into ``secret_refs.ciphertext``, bound
to its row id; every create, rotate and revoke writes a ``secret_audits`` row in the same
transaction, so a failed audit write leaves nothing changed. Values are remembered by the
runtime ``Redactor`` so they are masked wherever they might appear later. How a value
arrives (plain or in a sealed box) is ``service_intake``'s concern.
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime
from uuid import UUID

from domains.setup import repo
from domains.setup.errors import SecretExists, SecretNotFound, SecretReserved, SecretRevoked
from domains.setup.models import (
    SecretAuditPage,
    SecretPage,
    SecretRefView,
)
from domains.shared import cursors
from rpc.context import Runtime
from rpc.errors import SecretUnavailable
from rpc.sealing import KeyRing
from sql.database import Connection, Database

log = logging.getLogger(__name__)

TABLE = "secret_refs"
COLUMN = "ciphertext"
SEALING_SCOPE = "instance"
SEALING_NAME = "sealing_key"
RESERVED: frozenset[tuple[str, str]] = frozenset({(SEALING_SCOPE, SEALING_NAME)})


# ---- store, reveal, rotate, revoke ----------------------------------------------------


def open_value(
    ring: KeyRing, row_id: UUID, key_version: int | None, ciphertext: bytes | None
) -> str:
    """The plaintext of a stored secret row; ``SecretUnavailable`` when revoked."""
    if ciphertext is None or key_version is None:
        raise SecretUnavailable(reason="the secret is revoked")
    raw = ring.open(ciphertext, table=TABLE, column=COLUMN, row_id=row_id, key_version=key_version)
    return raw.decode("utf-8")


async def store_secret(
    conn: Connection,
    runtime: Runtime,
    *,
    scope: str,
    name: str,
    value: str,
    source: str,
    actor: str,
    expires_at: datetime | None = None,
    refuse_active: bool = False,
) -> SecretRefView:
    """Create the secret, or rotate it when ``(scope, name)`` exists (re-create if revoked);
    with ``refuse_active``, an active one is ``SecretExists`` instead of rotated.

    Insert first: a row lock cannot be taken on a row that does not exist yet, so two
    callers that both found nothing would both create. The insert either creates the row
    or, once a concurrent creator committed, finds it; only then is the existing row
    locked and rotated (or refused). Runs in the caller's transaction and writes the
    audit row there too.
    """
    ring = runtime.key_ring
    while True:  # twice at most: a row found conflicting and then gone is inserted again
        row_id = uuid.uuid4()
        ciphertext, version = ring.seal(value.encode(), table=TABLE, column=COLUMN, row_id=row_id)
        ref = await repo.insert_secret(
            conn,
            id=row_id,
            scope=scope,
            name=name,
            ciphertext=ciphertext,
            key_version=version,
            source=source,
            expires_at=expires_at,
        )
        existing = None
        if ref is None:
            existing = await repo.lock_secret_by_name(conn, scope=scope, name=name)
        if ref is not None or existing is not None:
            break
    action = "create"
    if existing is not None:
        if refuse_active and existing.ref.status == "active":
            raise SecretExists(scope=scope, name=name)
        row_id = existing.ref.id
        action = "rotate" if existing.ref.status == "active" else "create"
        ciphertext, version = ring.seal(value.encode(), table=TABLE, column=COLUMN, row_id=row_id)
        ref = await repo.replace_secret(
            conn,
            id=row_id,
            ciphertext=ciphertext,
            key_version=version,
            source=source,
            expires_at=expires_at,
            rotated=action == "rotate",
        )
    assert ref is not None  # inserted, or the existing row replaced
    await repo.insert_audit(
        conn,
        secret_ref_id=ref.id,
        scope=scope,
        name=name,
        action=action,
        outcome="success",
        actor=actor,
        key_version=version,
    )
    runtime.redactor.remember(value)
    return ref


async def reveal_secret(conn: Connection, runtime: Runtime, *, secret_ref_id: UUID) -> str:
    """The plaintext of a secret; ``SecretUnavailable`` when missing, revoked, expired or
    unopenable."""
    stored = await repo.get_secret(conn, id=secret_ref_id)
    if stored is None:
        raise SecretUnavailable(reason=f"secret {secret_ref_id} does not exist")
    return _reveal(runtime, stored.ref, stored.ciphertext)


def _reveal(runtime: Runtime, ref: SecretRefView, ciphertext: bytes | None) -> str:
    if ref.status != "active":
        raise SecretUnavailable(reason=f"secret {ref.scope}/{ref.name} is revoked")
    if ref.expires_at is not None and ref.expires_at <= datetime.now(UTC):
        raise SecretUnavailable(reason=f"secret {ref.scope}/{ref.name} has expired")
    return open_value(runtime.key_ring, ref.id, ref.key_version, ciphertext)


async def reveal_secret_by_name(
    conn: Connection, runtime: Runtime, *, scope: str, name: str
) -> str | None:
    """The plaintext of ``(scope, name)``; None when it does not exist or is revoked."""
    stored = await repo.get_secret_by_name(conn, scope=scope, name=name)
    if stored is None or stored.ref.status != "active":
        return None
    return _reveal(runtime, stored.ref, stored.ciphertext)


async def get_secret_ref(conn: Connection, *, secret_ref_id: UUID) -> SecretRefView | None:
    """A secret's metadata, or None."""
    stored = await repo.get_secret(conn, id=secret_ref_id)
    return stored.ref if stored else None


def _refuse_reserved(scope: str, name: str) -> None:
    if (scope, name) in RESERVED:
        raise SecretReserved(scope=scope, name=name)


async def put_secret(
    db: Database,
    runtime: Runtime,
    *,
    scope: str,
    name: str,
    value: str,
    actor: str,
    expires_at: datetime | None = None,
) -> SecretRefView:
    """Create a secret; ``SecretExists`` when an active one has that scope and name."""
    _refuse_reserved(scope, name)
    async with db.transaction() as conn:
        return await store_secret(
            conn,
            runtime,
            scope=scope,
            name=name,
            value=value,
            source="api",
            actor=actor,
            expires_at=expires_at,
            refuse_active=True,
        )


async def rotate_secret(
    db: Database,
    runtime: Runtime,
    *,
    secret_ref_id: UUID,
    value: str,
    actor: str,
    expires_at: datetime | None = None,
) -> SecretRefView:
    """Replace an active secret's value (a new nonce, the newest key)."""
    async with db.transaction() as conn:
        existing = await repo.lock_secret(conn, id=secret_ref_id)
        if existing is None:
            raise SecretNotFound(id=str(secret_ref_id))
        _refuse_reserved(existing.ref.scope, existing.ref.name)
        if existing.ref.status != "active":
            raise SecretRevoked(id=str(secret_ref_id))
        return await store_secret(
            conn,
            runtime,
            scope=existing.ref.scope,
            name=existing.ref.name,
            value=value,
            source="rotation",
            actor=actor,
            expires_at=expires_at,
        )


async def revoke_secret_in(conn: Connection, *, secret_ref_id: UUID, actor: str) -> SecretRefView:
    """Revoke in the caller's transaction: drop the value, keep the row, audit it."""
    existing = await repo.lock_secret(conn, id=secret_ref_id)
    if existing is None:
        raise SecretNotFound(id=str(secret_ref_id))
    revoked = await repo.revoke_secret(conn, id=secret_ref_id)
    if revoked is None:
        raise SecretRevoked(id=str(secret_ref_id))
    await repo.insert_audit(
        conn,
        secret_ref_id=revoked.id,
        scope=revoked.scope,
        name=revoked.name,
        action="revoke",
        outcome="success",
        actor=actor,
        key_version=None,
    )
    return revoked


async def revoke_secret(
    db: Database, runtime: Runtime, *, secret_ref_id: UUID, actor: str
) -> SecretRefView:
    """Revoke a secret; revoking twice is a conflict."""
    async with db.transaction() as conn:
        existing = await repo.get_secret(conn, id=secret_ref_id)
        if existing is not None:
            _refuse_reserved(existing.ref.scope, existing.ref.name)
        return await revoke_secret_in(conn, secret_ref_id=secret_ref_id, actor=actor)


# ---- listing --------------------------------------------------------------------------


async def list_secrets(
    db: Database, *, scope: str | None, cursor: str | None, limit: int
) -> SecretPage:
    """Secret metadata, newest first."""
    items, next_cursor = await cursors.NEWEST_FIRST.page(
        db, cursor, limit, cursors.by_inserted_at, repo.list_secrets, scope=scope
    )
    return SecretPage(items=items, next_cursor=next_cursor)


async def list_audits(
    db: Database, *, secret_ref_id: UUID | None, cursor: str | None, limit: int
) -> SecretAuditPage:
    """The audit trail, newest first."""
    items, next_cursor = await cursors.NEWEST_FIRST.page(
        db,
        cursor,
        limit,
        lambda r: (r.occurred_at, r.id),
        repo.list_audits,
        secret_ref_id=secret_ref_id,
    )
    return SecretAuditPage(items=items, next_cursor=next_cursor)


async def load_known_values(db: Database, runtime: Runtime) -> int:
    """Teach the redactor every active secret (in memory only); returns how many."""
    ring = runtime.key_ring
    redactor = runtime.redactor
    async with db.connection() as conn:
        rows = await repo.list_sealed(conn)
    unopenable = 0
    for row_id, version, ciphertext in rows:
        try:
            redactor.remember(open_value(ring, row_id, version, ciphertext))
        except SecretUnavailable:
            unopenable += 1
    if unopenable:
        log.warning(
            "some stored secrets do not open with the key ring", extra={"count": unopenable}
        )
    return len(rows) - unopenable

"""The sealed intake: how a secret value reaches the server (plain or in a sealed box).

The intake key pair (X25519, for libsodium sealed boxes) is itself a sealed secret,
``instance/sealing_key``, created once per database and held in memory by
``SealingKeys`` so ``read_secret_input`` can open ``sealed_value`` without a query.
"""

from __future__ import annotations

import base64
import binascii
import uuid

from nacl.public import PrivateKey
from pydantic import SecretStr

from domains.setup import repo
from domains.setup.models import SealingKeyView
from domains.setup.service_secrets import COLUMN, SEALING_NAME, SEALING_SCOPE, TABLE, open_value
from rpc.context import Runtime
from rpc.errors import ValidationFailed
from sql.database import Connection, Database

MAX_SECRET_BYTES = 32 * 1024


# ---- the sealed intake ----------------------------------------------------------------


async def ensure_sealing_key(conn: Connection, runtime: Runtime) -> SealingKeyView:
    """The stored intake key pair (created on first use), loaded into ``SealingKeys``."""
    ring = runtime.key_ring
    held = runtime.sealing_keys
    stored = await repo.get_secret_by_name(conn, scope=SEALING_SCOPE, name=SEALING_NAME)
    if stored is None:
        current = held.current
        key = current[1] if current else PrivateKey.generate()
        row_id = uuid.uuid4()
        ciphertext, version = ring.seal(
            base64.b64encode(bytes(key)), table=TABLE, column=COLUMN, row_id=row_id
        )
        async with conn.transaction():
            created = await repo.insert_secret_if_absent(
                conn,
                id=row_id,
                scope=SEALING_SCOPE,
                name=SEALING_NAME,
                ciphertext=ciphertext,
                key_version=version,
                source="env",
            )
            if created:
                await repo.insert_audit(
                    conn,
                    secret_ref_id=row_id,
                    scope=SEALING_SCOPE,
                    name=SEALING_NAME,
                    action="create",
                    outcome="success",
                    actor="system",
                    key_version=version,
                )
        if created:
            held.add(row_id, key)
            return SealingKeyView(public_key=_b64(bytes(key.public_key)), key_id=row_id)
        stored = await repo.get_secret_by_name(conn, scope=SEALING_SCOPE, name=SEALING_NAME)
        assert stored is not None  # another process inserted it a moment ago
    current = held.current
    if current is None or current[0] != stored.ref.id:
        raw = open_value(ring, stored.ref.id, stored.ref.key_version, stored.ciphertext)
        key = PrivateKey(base64.b64decode(raw))
        held.add(stored.ref.id, key)
        current = (stored.ref.id, key)
    return SealingKeyView(public_key=_b64(bytes(current[1].public_key)), key_id=current[0])


async def get_sealing_key(db: Database, runtime: Runtime) -> SealingKeyView:
    """The server's X25519 public key for ``sealed_value`` inputs."""
    async with db.connection() as conn:
        return await ensure_sealing_key(conn, runtime)


def read_secret_input(
    runtime: Runtime,
    *,
    value: SecretStr | None,
    sealed_value: str | None,
    field: str = "value",
) -> str:
    """The plaintext from ``value`` or from ``sealed_value`` (a base64 sealed box).

    Raises ``ValidationFailed`` when neither or both are given, or when the box does not
    open with this server's sealing key.
    """
    sealed_field = "sealed_value" if field == "value" else f"sealed_{field}"
    if (value is None) == (sealed_value is None):
        raise ValidationFailed.on(field, f"give exactly one of {field} and {sealed_field}")
    if value is not None:
        plaintext = value.get_secret_value()
    else:
        assert sealed_value is not None
        try:
            box = base64.b64decode(sealed_value, validate=True)
        except (binascii.Error, ValueError):
            raise ValidationFailed.on(sealed_field, "is not valid base64") from None
        opened = runtime.sealing_keys.open(box)
        if opened is None:
            raise ValidationFailed.on(
                sealed_field,
                "does not open with this server's sealing key; fetch setup.get_sealing_key again",
            )
        try:
            plaintext = opened.decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationFailed.on(sealed_field, "does not hold UTF-8 text") from None
    if not plaintext.strip():
        raise ValidationFailed.on(field, "must not be empty")
    if len(plaintext.encode()) > MAX_SECRET_BYTES:
        raise ValidationFailed.on(field, f"must be at most {MAX_SECRET_BYTES} bytes")
    return plaintext


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()

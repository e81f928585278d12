"""Sealed secrets: store, reveal, rotate, revoke, audits, listing and the sealed intake."""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import pytest
from nacl.public import PrivateKey
from pydantic import SecretStr

from domains.setup import repo, service_intake, service_secrets
from domains.setup.errors import SecretExists, SecretNotFound, SecretReserved, SecretRevoked
from domains.setup.service import (
    get_secret_ref,
    read_secret_input,
    reveal_secret,
    reveal_secret_by_name,
    store_secret,
)
from rpc.context import Runtime
from rpc.errors import SecretUnavailable, ValidationFailed
from rpc.redaction import MASK
from sql.database import Connection, Database
from tests.domains.setup.factories import seal_to

ACTOR = "owner:" + str(uuid.UUID(int=1))


async def audits(conn: Connection, secret_id: uuid.UUID) -> list[str]:
    rows = await conn.fetch(
        "SELECT action FROM secret_audits WHERE secret_ref_id = $1 ORDER BY occurred_at, id",
        secret_id,
    )
    return [r["action"] for r in rows]


async def test_store_and_reveal_in_the_callers_transaction(
    conn: Connection, runtime: Runtime
) -> None:
    ref = await store_secret(
        conn, runtime, scope="instance", name="demo", value="pl41n-v4lue", source="api", actor=ACTOR
    )
    assert ref.status == "active"
    assert ref.key_version is not None
    raw = await conn.fetchval("SELECT ciphertext FROM secret_refs WHERE id = $1", ref.id)
    assert b"pl41n-v4lue" not in raw
    assert await reveal_secret(conn, runtime, secret_ref_id=ref.id) == "pl41n-v4lue"
    assert (
        await reveal_secret_by_name(conn, runtime, scope="instance", name="demo") == "pl41n-v4lue"
    )
    assert await reveal_secret_by_name(conn, runtime, scope="instance", name="nope") is None
    assert (await get_secret_ref(conn, secret_ref_id=ref.id)) == ref
    assert await get_secret_ref(conn, secret_ref_id=uuid.uuid4()) is None
    assert await audits(conn, ref.id) == ["create"]
    assert runtime.redactor.redact("x pl41n-v4lue") == f"x {MASK}"

    again = await store_secret(
        conn,
        runtime,
        scope="instance",
        name="demo",
        value="n3w-v4lue",
        source="rotation",
        actor=ACTOR,
    )
    assert again.id == ref.id
    assert again.last_rotated_at is not None
    assert await reveal_secret(conn, runtime, secret_ref_id=ref.id) == "n3w-v4lue"
    assert await audits(conn, ref.id) == ["create", "rotate"]


async def test_a_ciphertext_copied_to_another_row_does_not_open(
    conn: Connection, runtime: Runtime
) -> None:
    a = await store_secret(
        conn, runtime, scope="instance", name="a", value="value-a", source="api", actor=ACTOR
    )
    b = await store_secret(
        conn, runtime, scope="instance", name="b", value="value-b", source="api", actor=ACTOR
    )
    await conn.execute(
        "UPDATE secret_refs SET ciphertext = (SELECT ciphertext FROM secret_refs WHERE id = $1) "
        "WHERE id = $2",
        a.id,
        b.id,
    )
    with pytest.raises(SecretUnavailable):
        await reveal_secret(conn, runtime, secret_ref_id=b.id)
    assert await reveal_secret(conn, runtime, secret_ref_id=a.id) == "value-a"


async def test_reveal_refuses_missing_revoked_and_expired(
    conn: Connection, runtime: Runtime
) -> None:
    with pytest.raises(SecretUnavailable):
        await reveal_secret(conn, runtime, secret_ref_id=uuid.uuid4())
    ref = await store_secret(
        conn,
        runtime,
        scope="project",
        name="p1:TOKEN",
        value="tok-value",
        source="api",
        actor=ACTOR,
    )
    await service_secrets.revoke_secret_in(conn, secret_ref_id=ref.id, actor=ACTOR)
    with pytest.raises(SecretUnavailable):
        await reveal_secret(conn, runtime, secret_ref_id=ref.id)
    assert await reveal_secret_by_name(conn, runtime, scope="project", name="p1:TOKEN") is None
    assert await audits(conn, ref.id) == ["create", "revoke"]
    old = await store_secret(
        conn,
        runtime,
        scope="instance",
        name="old",
        value="expired-value",
        source="api",
        actor=ACTOR,
        expires_at=datetime.now(UTC) - timedelta(seconds=1),
    )
    with pytest.raises(SecretUnavailable) as info:
        await reveal_secret(conn, runtime, secret_ref_id=old.id)
    assert "expired" in info.value.data()["reason"]


@pytest.mark.usefixtures("clean")
async def test_put_rotate_revoke_lifecycle(db: Database, runtime: Runtime) -> None:
    ref = await service_secrets.put_secret(
        db, runtime, scope="integration", name="slack", value="xoxb-first-value", actor=ACTOR
    )
    assert ref.source == "api"
    with pytest.raises(SecretExists):
        await service_secrets.put_secret(
            db, runtime, scope="integration", name="slack", value="other-value", actor=ACTOR
        )
    rotated = await service_secrets.rotate_secret(
        db, runtime, secret_ref_id=ref.id, value="xoxb-second-value", actor=ACTOR
    )
    assert rotated.source == "rotation"
    assert rotated.last_rotated_at is not None
    with pytest.raises(SecretNotFound):
        await service_secrets.rotate_secret(
            db, runtime, secret_ref_id=uuid.uuid4(), value="v-123456", actor=ACTOR
        )
    revoked = await service_secrets.revoke_secret(db, runtime, secret_ref_id=ref.id, actor=ACTOR)
    assert revoked.status == "revoked"
    assert revoked.key_version is None
    with pytest.raises(SecretRevoked) as info:
        await service_secrets.revoke_secret(db, runtime, secret_ref_id=ref.id, actor=ACTOR)
    assert info.value.kind == "conflict"
    with pytest.raises(SecretRevoked):
        await service_secrets.rotate_secret(
            db, runtime, secret_ref_id=ref.id, value="v-123456", actor=ACTOR
        )
    with pytest.raises(SecretNotFound):
        await service_secrets.revoke_secret(db, runtime, secret_ref_id=uuid.uuid4(), actor=ACTOR)
    # A revoked name can be stored again; the row (and its audit history) is kept.
    again = await service_secrets.put_secret(
        db, runtime, scope="integration", name="slack", value="xoxb-third-value", actor=ACTOR
    )
    assert again.id == ref.id
    async with db.connection() as conn:
        assert await audits(conn, ref.id) == ["create", "rotate", "revoke", "create"]
        assert await reveal_secret(conn, runtime, secret_ref_id=ref.id) == "xoxb-third-value"
        assert (
            await conn.fetchval("SELECT ciphertext IS NULL FROM secret_refs WHERE id = $1", ref.id)
            is False
        )


@pytest.mark.usefixtures("clean")
async def test_the_sealing_key_is_server_managed(db: Database, runtime: Runtime) -> None:
    view = await service_intake.get_sealing_key(db, runtime)
    async with db.connection() as conn:
        stored = await repo.get_secret_by_name(conn, scope="instance", name="sealing_key")
    assert stored is not None
    assert stored.ref.id == view.key_id
    with pytest.raises(SecretReserved):
        await service_secrets.put_secret(
            db, runtime, scope="instance", name="sealing_key", value="x-123456", actor=ACTOR
        )
    with pytest.raises(SecretReserved):
        await service_secrets.rotate_secret(
            db, runtime, secret_ref_id=view.key_id, value="x-123456", actor=ACTOR
        )
    with pytest.raises(SecretReserved):
        await service_secrets.revoke_secret(db, runtime, secret_ref_id=view.key_id, actor=ACTOR)
    # Stable across calls; the private key is stored only sealed.
    assert (await service_intake.get_sealing_key(db, runtime)) == view
    held = runtime.sealing_keys.current
    assert held is not None
    assert bytes(held[1]) not in (stored.ciphertext or b"")
    assert base64.b64encode(bytes(held[1])) not in (stored.ciphertext or b"")


@pytest.mark.usefixtures("clean")
@pytest.mark.parametrize(
    "operation",
    ["create", "rotate", "revoke"],
)
async def test_a_failing_audit_write_changes_nothing(
    db: Database, runtime: Runtime, operation: str
) -> None:
    bad_actor = "NOT A VALID ACTOR"  # breaks secret_audits' CHECK on actor
    ref = await service_secrets.put_secret(
        db, runtime, scope="instance", name="guarded", value="original-value", actor=ACTOR
    )
    if operation == "create":
        attempt = service_secrets.put_secret(
            db, runtime, scope="instance", name="other", value="new-value-1", actor=bad_actor
        )
    elif operation == "rotate":
        attempt = service_secrets.rotate_secret(
            db, runtime, secret_ref_id=ref.id, value="new-value-1", actor=bad_actor
        )
    else:
        attempt = service_secrets.revoke_secret(db, runtime, secret_ref_id=ref.id, actor=bad_actor)
    with pytest.raises(asyncpg.CheckViolationError):
        await attempt
    async with db.connection() as conn:
        assert await conn.fetchval("SELECT count(*) FROM secret_refs WHERE name = 'other'") == 0
        after = await repo.get_secret(conn, id=ref.id)
        assert after is not None
        assert after.ref.status == "active"
        assert await reveal_secret(conn, runtime, secret_ref_id=ref.id) == "original-value"
        assert await audits(conn, ref.id) == ["create"]


@pytest.mark.usefixtures("clean")
async def test_listing_secrets_and_audits_newest_first_with_cursors(
    db: Database, runtime: Runtime
) -> None:
    ids = []
    for i in range(5):
        ref = await service_secrets.put_secret(
            db,
            runtime,
            scope="integration" if i % 2 else "instance",
            name=f"s{i}",
            value=f"value-{i}-xyz",
            actor=ACTOR,
        )
        ids.append(ref.id)
    page1 = await service_secrets.list_secrets(db, scope=None, cursor=None, limit=2)
    assert [s.id for s in page1.items] == [ids[4], ids[3]]
    assert page1.next_cursor is not None
    page2 = await service_secrets.list_secrets(db, scope=None, cursor=page1.next_cursor, limit=2)
    page3 = await service_secrets.list_secrets(db, scope=None, cursor=page2.next_cursor, limit=2)
    assert [s.id for s in page2.items + page3.items] == [ids[2], ids[1], ids[0]]
    assert page3.next_cursor is None
    only = await service_secrets.list_secrets(db, scope="integration", cursor=None, limit=50)
    assert {s.id for s in only.items} == {ids[1], ids[3]}
    dumped = page1.model_dump_json()
    assert "value-4-xyz" not in dumped
    assert "ciphertext" not in dumped

    await service_secrets.revoke_secret(db, runtime, secret_ref_id=ids[0], actor=ACTOR)
    trail = await service_secrets.list_audits(db, secret_ref_id=None, cursor=None, limit=3)
    assert trail.items[0].action == "revoke"
    assert trail.items[0].secret_ref_id == ids[0]
    rest = await service_secrets.list_audits(
        db, secret_ref_id=None, cursor=trail.next_cursor, limit=50
    )
    mine = [a for a in trail.items + rest.items if a.actor == ACTOR]  # not the sealing key's
    assert len(mine) == 6
    assert rest.next_cursor is None
    assert [a.occurred_at for a in trail.items + rest.items] == sorted(
        (a.occurred_at for a in trail.items + rest.items), reverse=True
    )
    one = await service_secrets.list_audits(db, secret_ref_id=ids[0], cursor=None, limit=50)
    assert [a.action for a in one.items] == ["revoke", "create"]
    assert all(a.actor == ACTOR for a in one.items)
    with pytest.raises(ValidationFailed):
        await service_secrets.list_audits(db, secret_ref_id=None, cursor="garbage!", limit=5)
    with pytest.raises(ValidationFailed):
        await service_secrets.list_secrets(db, scope=None, cursor="Zm9v", limit=5)


@pytest.mark.usefixtures("clean")
async def test_read_secret_input(db: Database, runtime: Runtime) -> None:
    key = await service_intake.get_sealing_key(db, runtime)
    assert read_secret_input(runtime, value=SecretStr("plain-1"), sealed_value=None) == "plain-1"
    sealed = seal_to(key.public_key, "sealed-plain-1")
    assert read_secret_input(runtime, value=None, sealed_value=sealed) == "sealed-plain-1"

    def field_of(**kwargs: Any) -> str:
        with pytest.raises(ValidationFailed) as info:
            read_secret_input(runtime, **kwargs)
        errors = info.value.data()["field_errors"]
        assert "sealed-plain" not in str(errors)
        return str(errors[0]["field"])

    assert field_of(value=None, sealed_value=None) == "value"
    assert field_of(value=SecretStr("a-b-c-d"), sealed_value=sealed) == "value"
    assert field_of(value=None, sealed_value="not base64 ***") == "sealed_value"
    stranger = base64.b64encode(bytes(PrivateKey.generate().public_key)).decode()
    assert field_of(value=None, sealed_value=seal_to(stranger, "sealed-plain-2")) == "sealed_value"
    assert field_of(value=SecretStr("   "), sealed_value=None) == "value"
    assert field_of(value=None, sealed_value=None, field="webhook_secret") == "webhook_secret"
    assert (
        field_of(value=None, sealed_value="%%%", field="webhook_secret") == "sealed_webhook_secret"
    )

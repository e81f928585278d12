"""Concurrent writers of one secret name: exactly one creates it (insert first)."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from domains.setup import service_secrets
from domains.setup.errors import SecretExists
from domains.setup.models import SecretRefView
from domains.setup.service import reveal_secret_by_name, store_secret
from rpc.context import Runtime
from sql.database import Database

ACTOR = "owner:" + str(uuid.UUID(int=1))
WRITERS = 8

pytestmark = pytest.mark.committing


async def actions(db: Database, name: str) -> list[str]:
    async with db.connection() as conn:
        rows = await conn.fetch(
            "SELECT action FROM secret_audits WHERE scope = 'integration' AND name = $1",
            name,
        )
    return sorted(r["action"] for r in rows)


async def test_concurrent_put_secret_creates_once(
    db: Database, runtime: Runtime, clean: None
) -> None:
    async def put(n: int) -> object:
        return await service_secrets.put_secret(
            db, runtime, scope="integration", name="race", value=f"value-{n}-xyz", actor=ACTOR
        )

    outcomes = await asyncio.gather(*(put(n) for n in range(WRITERS)), return_exceptions=True)
    created = [o for o in outcomes if not isinstance(o, BaseException)]
    refused = [o for o in outcomes if isinstance(o, SecretExists)]
    assert len(created) == 1
    assert len(refused) == WRITERS - 1
    winner = outcomes.index(created[0])
    async with db.connection() as conn:
        value = await reveal_secret_by_name(conn, runtime, scope="integration", name="race")
    assert value == f"value-{winner}-xyz"  # no later caller overwrote it
    assert await actions(db, "race") == ["create"]


async def test_concurrent_store_secret_creates_once_then_rotates(
    db: Database, runtime: Runtime, clean: None
) -> None:
    async def store(n: int) -> SecretRefView:
        async with db.transaction() as conn:
            return await store_secret(
                conn,
                runtime,
                scope="integration",
                name="upsert",
                value=f"upsert-{n}-xyz",
                source="api",
                actor=ACTOR,
            )

    outcomes = await asyncio.gather(*(store(n) for n in range(WRITERS)))
    assert len({o.id for o in outcomes}) == 1
    assert await actions(db, "upsert") == ["create"] + ["rotate"] * (WRITERS - 1)

"""accounts.bootstrap_owner and get_owner: one owner, enforced by the database too."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from domains.accounts import passwords, repo, service
from domains.accounts.errors import OwnerExists
from rpc.context import Runtime
from sql.database import Connection, Database
from tests.conftest import call
from tests.domains.accounts.factories import EMAIL, PASSWORD, error_kind, make_owner


async def test_bootstrap_creates_the_owner_once(client: TestClient[Any, Any], db: Database) -> None:
    owner = await make_owner(client)
    assert owner["email"] == EMAIL
    assert set(owner) == {"id", "email", "owner_bootstrapped_at", "password_changed_at"}
    async with db.connection() as conn:
        found = await service.get_owner(conn)
    assert found is not None
    assert str(found.id) == owner["id"]

    again = await call(
        client, "accounts.bootstrap_owner", {"email": "other@example.com", "password": PASSWORD}
    )
    assert again["error"]["code"] == 1009
    assert again["error"]["data"] == {
        "kind": "conflict",
        "request_id": again["error"]["data"]["request_id"],
        "resource": "owner",
        "reason": "an owner already exists",
    }


async def test_get_owner_is_none_before_bootstrap(conn: Connection) -> None:
    assert await service.get_owner(conn) is None


async def test_database_refuses_a_second_owner_even_past_the_service(conn: Connection) -> None:
    hashed = passwords.hash_sync(PASSWORD)
    await repo.insert_owner(conn, email="a@example.com", password_hash=hashed)
    with pytest.raises(OwnerExists):
        await repo.insert_owner(conn, email="b@example.com", password_hash=hashed)


async def test_email_is_unique_case_insensitively(conn: Connection) -> None:
    hashed = passwords.hash_sync(PASSWORD)
    await repo.insert_owner(conn, email="a@example.com", password_hash=hashed)
    # Drop the singleton rule for this transaction only, to see the email index alone.
    await conn.execute("ALTER TABLE users DROP CONSTRAINT users_one_owner")
    with pytest.raises(OwnerExists):
        await repo.insert_owner(conn, email="A@EXAMPLE.COM", password_hash=hashed)


@pytest.mark.committing
async def test_two_concurrent_bootstraps_make_exactly_one_owner(
    db: Database, runtime: Runtime, clean: None
) -> None:
    results = await asyncio.gather(
        service.bootstrap_owner(db, runtime, email="one@example.com", password=PASSWORD),
        service.bootstrap_owner(db, runtime, email="two@example.com", password=PASSWORD),
        return_exceptions=True,
    )
    winners = [r for r in results if not isinstance(r, BaseException)]
    losers = [r for r in results if isinstance(r, BaseException)]
    assert len(winners) == 1
    assert len(losers) == 1
    assert isinstance(losers[0], OwnerExists)
    async with db.connection() as conn:
        assert await conn.fetchval("SELECT count(*) FROM users") == 1


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"email": "not-an-email", "password": PASSWORD}, "email"),
        ({"email": "a@example.com", "password": "too short"}, "password"),
    ],
)
async def test_bootstrap_refuses_bad_input(
    client: TestClient[Any, Any], params: dict[str, str], field: str
) -> None:
    answer = await call(client, "accounts.bootstrap_owner", params)
    assert answer["error"]["code"] == 1022
    assert answer["error"]["data"]["field_errors"][0]["field"] == field
    assert params["password"] not in str(answer)
    assert (await call(client, "system.ping"))["result"] == {"pong": True}


async def test_bootstrap_params_errors_never_echo_the_password(
    client: TestClient[Any, Any],
) -> None:
    long_password = "s3cret-" * 200
    answer = await call(
        client, "accounts.bootstrap_owner", {"email": "a@example.com", "password": long_password}
    )
    assert answer["error"]["code"] == -32602
    assert "s3cret" not in str(answer)
    missing = await call(client, "accounts.bootstrap_owner", {"email": "a@example.com"})
    assert error_kind(missing) == "invalid_params"

"""API keys and tokens: create, list, revoke, last use, and revocation across processes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from domains.accounts import keys
from rpc.app.runtime import build_runtime
from rpc.context import Runtime
from rpc.http import build_app
from rpc.registry import Registry
from rpc.settings import Settings
from sql.database import Database
from tests.conftest import call
from tests.domains.accounts.factories import (
    PASSWORD,
    bearer,
    error_kind,
    make_api_key,
    owner_token,
    sign_in_bearer,
)
from tests.server_process import server_process as running_server

ROOT = Path(__file__).resolve().parents[3]


async def test_create_api_key_returns_it_once_and_stores_only_a_digest(
    client: TestClient[Any, Any], db: Database
) -> None:
    token = await owner_token(client)
    created = await make_api_key(client, token, name="laptop")
    key = created["key"]
    assert keys.is_well_formed(key)
    assert keys.kind_of(key) == "api_key"
    view = created["api_key"]
    assert view["name"] == "laptop"
    assert view["prefix"] == key[:12]
    assert view["status"] == "active"
    assert view["expires_at"] is None
    assert view["last_used_at"] is None

    listed = await call(client, "accounts.list_api_keys", headers=bearer(token))
    assert listed["result"] == {"items": [view], "next_cursor": None}
    assert key not in str(listed)

    secrets = [key, token, PASSWORD]
    async with db.connection() as conn:
        dumps = [
            r["j"]
            for table in ("users", "tokens", "api_keys", "signin_attempts")
            for r in await conn.fetch(f"SELECT row_to_json(t)::text AS j FROM {table} t")
        ]
        stored = await conn.fetchval("SELECT digest FROM api_keys")
    assert not any(s in d for s in secrets for d in dumps)
    assert bytes(stored) == keys.digest(key)


async def test_api_key_authenticates_and_marks_last_use_at_most_once_a_minute(
    client: TestClient[Any, Any], db: Database
) -> None:
    token = await owner_token(client)
    created = await make_api_key(client, token)
    key, key_id = created["key"], created["api_key"]["id"]
    me = await call(client, "accounts.me", headers=bearer(key))
    assert me["result"]["auth_mode"] == "api_key"
    assert me["result"]["credential_id"] == key_id

    async def last_used() -> datetime:
        async with db.connection() as conn:
            value: datetime = await conn.fetchval("SELECT last_used_at FROM api_keys")
        return value

    first = await last_used()
    assert first is not None
    await call(client, "accounts.me", headers=bearer(key))
    assert await last_used() == first  # used again within the minute: no write
    async with db.connection() as conn:
        await conn.execute("UPDATE api_keys SET last_used_at = now() - interval '2 minutes'")
    aged = await last_used()
    await call(client, "accounts.me", headers=bearer(key))
    assert await last_used() > aged


async def test_create_api_key_refuses_bad_input(client: TestClient[Any, Any]) -> None:
    token = await owner_token(client)
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    expired = await call(
        client,
        "accounts.create_api_key",
        {"name": "old", "expires_at": past},
        headers=bearer(token),
    )
    assert expired["error"]["code"] == 1022
    assert expired["error"]["data"]["field_errors"][0]["field"] == "expires_at"
    for params in (
        {"name": ""},
        {"name": "   "},
        {"name": "x" * 101},
        {},
        {"name": "naive", "expires_at": "2099-01-01T00:00:00"},
        {"name": "extra", "scope": "all"},
    ):
        answer = await call(client, "accounts.create_api_key", params, headers=bearer(token))
        assert answer["error"]["code"] == -32602, params


async def test_api_key_cannot_mint_api_keys(client: TestClient[Any, Any]) -> None:
    token = await owner_token(client)
    key = (await make_api_key(client, token))["key"]
    answer = await call(client, "accounts.create_api_key", {"name": "more"}, headers=bearer(key))
    assert answer["error"]["code"] == 1003


async def test_expired_api_key_is_refused(client: TestClient[Any, Any], db: Database) -> None:
    token = await owner_token(client)
    soon = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    created = await make_api_key(client, token, expires_at=soon)
    key = created["key"]
    assert (await call(client, "accounts.me", headers=bearer(key)))["result"]
    async with db.connection() as conn:
        await conn.execute("UPDATE api_keys SET expires_at = now() - interval '1 second'")
    assert error_kind(await call(client, "accounts.me", headers=bearer(key))) == "unauthenticated"
    listed = await call(
        client, "accounts.list_api_keys", {"include_inactive": True}, headers=bearer(token)
    )
    assert [k["status"] for k in listed["result"]["items"]] == ["expired"]


async def test_revoke_api_key_takes_effect_at_once_and_twice_is_a_conflict(
    client: TestClient[Any, Any],
) -> None:
    token = await owner_token(client)
    created = await make_api_key(client, token)
    key, key_id = created["key"], created["api_key"]["id"]
    assert (await call(client, "accounts.me", headers=bearer(key)))["result"]
    revoked = await call(
        client, "accounts.revoke_api_key", {"api_key_id": key_id}, headers=bearer(token)
    )
    assert revoked["result"]["status"] == "revoked"
    assert revoked["result"]["revoked_at"] is not None
    assert error_kind(await call(client, "accounts.me", headers=bearer(key))) == "unauthenticated"
    again = await call(
        client, "accounts.revoke_api_key", {"api_key_id": key_id}, headers=bearer(token)
    )
    assert again["error"]["code"] == 1009
    assert again["error"]["data"]["resource"] == "api_key"
    unknown = await call(
        client,
        "accounts.revoke_api_key",
        {"api_key_id": "00000000-0000-0000-0000-000000000000"},
        headers=bearer(token),
    )
    assert unknown["error"]["code"] == 1004
    not_uuid = await call(
        client, "accounts.revoke_api_key", {"api_key_id": "abc"}, headers=bearer(token)
    )
    assert not_uuid["error"]["code"] == -32602
    # Revoked keys drop out of the default listing.
    listed = await call(client, "accounts.list_api_keys", headers=bearer(token))
    assert listed["result"]["items"] == []


async def test_list_api_keys_pages_newest_first(client: TestClient[Any, Any]) -> None:
    token = await owner_token(client)
    names = ["one", "two", "three"]
    for name in names:
        await make_api_key(client, token, name=name)
    first = await call(client, "accounts.list_api_keys", {"limit": 2}, headers=bearer(token))
    page = first["result"]
    assert [k["name"] for k in page["items"]] == ["three", "two"]
    assert page["next_cursor"]
    second = await call(
        client,
        "accounts.list_api_keys",
        {"limit": 2, "cursor": page["next_cursor"]},
        headers=bearer(token),
    )
    assert [k["name"] for k in second["result"]["items"]] == ["one"]
    assert second["result"]["next_cursor"] is None
    bad = await call(
        client, "accounts.list_api_keys", {"cursor": "garbage!"}, headers=bearer(token)
    )
    assert bad["error"]["code"] == 1022
    for params in ({"limit": 0}, {"limit": 101}):
        answer = await call(client, "accounts.list_api_keys", params, headers=bearer(token))
        assert answer["error"]["code"] == -32602


async def test_list_and_revoke_tokens(client: TestClient[Any, Any]) -> None:
    current = await owner_token(client)
    other = await sign_in_bearer(client)
    listed = await call(client, "accounts.list_tokens", headers=bearer(current))
    items = listed["result"]["items"]
    assert len(items) == 2
    assert [t["current"] for t in items] == [False, True]  # newest (other) first
    assert all(t["kind"] == "bearer" and t["status"] == "active" for t in items)
    assert current not in str(listed)
    assert other["token"] not in str(listed)

    revoked = await call(
        client, "accounts.revoke_token", {"token_id": other["token_id"]}, headers=bearer(current)
    )
    assert revoked["result"]["status"] == "revoked"
    refused = await call(client, "accounts.me", headers=bearer(other["token"]))
    assert error_kind(refused) == "unauthenticated"
    again = await call(
        client, "accounts.revoke_token", {"token_id": other["token_id"]}, headers=bearer(current)
    )
    assert again["error"]["code"] == 1009
    unknown = await call(
        client,
        "accounts.revoke_token",
        {"token_id": "00000000-0000-0000-0000-000000000000"},
        headers=bearer(current),
    )
    assert unknown["error"]["code"] == 1004
    active = await call(client, "accounts.list_tokens", headers=bearer(current))
    assert [t["current"] for t in active["result"]["items"]] == [True]
    everything = await call(
        client, "accounts.list_tokens", {"include_inactive": True}, headers=bearer(current)
    )
    assert [t["status"] for t in everything["result"]["items"]] == ["revoked", "active"]


# -- revocation seen by another server process --------------------------------------------


@pytest.fixture
async def second_client(
    runtime: Runtime, registry: Registry, settings: Settings
) -> AsyncIterator[TestClient[Any, Any]]:
    """Another app on its own runtime and connection pool over the same database."""
    assert settings.database_url
    db = await Database.open(
        settings.database_url, min_size=1, max_size=2, statement_timeout_ms=5_000
    )
    try:
        rt = build_runtime(settings, db, registry)
        async with TestClient(TestServer(build_app(rt, registry), host="127.0.0.1")) as c:
            yield c
    finally:
        await db.close()


async def test_revocation_reaches_another_pool_at_once(
    client: TestClient[Any, Any], second_client: TestClient[Any, Any]
) -> None:
    token = await owner_token(client)
    created = await make_api_key(client, token)
    key = created["key"]
    assert (await call(second_client, "accounts.me", headers=bearer(key)))["result"]
    await call(
        client,
        "accounts.revoke_api_key",
        {"api_key_id": created["api_key"]["id"]},
        headers=bearer(token),
    )
    refused = await call(second_client, "accounts.me", headers=bearer(key))
    assert error_kind(refused) == "unauthenticated"


@pytest.fixture
async def server_process(settings: Settings, tmp_path: Path) -> AsyncIterator[str]:
    """A real ``jidocode serve`` subprocess on the test database; yields its /rpc URL."""
    async with running_server(settings, tmp_path) as base:
        yield f"{base}/rpc"


async def _me_via(url: str, credential: str) -> dict[str, Any]:
    async with (
        aiohttp.ClientSession() as http,
        http.post(
            url,
            json={"jsonrpc": "2.0", "method": "accounts.me", "id": 1},
            headers=bearer(credential),
        ) as resp,
    ):
        data: dict[str, Any] = await resp.json()
        return data


@pytest.mark.committing
async def test_revocation_reaches_another_server_process_at_once(
    client: TestClient[Any, Any], server_process: str
) -> None:
    token = await owner_token(client)
    other = (await sign_in_bearer(client))["token"]
    created = await make_api_key(client, token)
    key = created["key"]
    assert (await _me_via(server_process, key))["result"]["auth_mode"] == "api_key"
    assert (await _me_via(server_process, other))["result"]["auth_mode"] == "token"

    await call(
        client,
        "accounts.revoke_api_key",
        {"api_key_id": created["api_key"]["id"]},
        headers=bearer(token),
    )
    await call(client, "accounts.sign_out", headers=bearer(other))

    assert error_kind(await _me_via(server_process, key)) == "unauthenticated"
    assert error_kind(await _me_via(server_process, other)) == "unauthenticated"
    assert (await _me_via(server_process, token))["result"]["auth_mode"] == "token"

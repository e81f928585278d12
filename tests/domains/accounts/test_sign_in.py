"""accounts.sign_in / sign_out / me / change_password over real HTTP."""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp.test_utils import TestClient

from domains.accounts import passwords
from domains.accounts.auth import SESSION_COOKIE, set_session_cookie
from rpc.context import HttpExchange
from rpc.settings import Settings
from sql.database import Database
from tests.conftest import call
from tests.domains.accounts.factories import (
    EMAIL,
    PASSWORD,
    bearer,
    error_kind,
    make_api_key,
    make_owner,
    owner_token,
    session_headers,
    sign_in_bearer,
    sign_in_session,
)

NEW_PASSWORD = "another long passphrase"


async def test_bearer_sign_in_and_me(client: TestClient[Any, Any]) -> None:
    owner = await make_owner(client)
    signed = await sign_in_bearer(client, email=EMAIL.upper())  # emails ignore case
    assert signed["mode"] == "bearer"
    assert signed["token"].startswith("jct_")
    assert signed["owner"] == owner
    me = await call(client, "accounts.me", headers=bearer(signed["token"]))
    assert me["result"] == {
        "owner": owner,
        "auth_mode": "token",
        "credential_id": signed["token_id"],
    }


async def test_session_sign_in_sets_a_strict_httponly_cookie(client: TestClient[Any, Any]) -> None:
    await make_owner(client)
    resp = await client.post(
        "/rpc",
        json={
            "jsonrpc": "2.0",
            "method": "accounts.sign_in",
            "params": {"email": EMAIL, "password": PASSWORD, "mode": "session"},
            "id": 1,
        },
    )
    body = await resp.json()
    assert body["result"]["mode"] == "session"
    assert body["result"]["token"] is None  # the token lives only in the HttpOnly cookie
    morsel = resp.cookies[SESSION_COOKIE]
    assert morsel.value.startswith("jct_")
    assert morsel["httponly"] is True
    assert morsel["samesite"] == "Strict"
    assert morsel["path"] == "/"
    assert not morsel["secure"]  # development
    assert int(morsel["max-age"]) > 0
    client.session.cookie_jar.clear()
    me = await call(client, "accounts.me", headers=session_headers(client, morsel.value))
    assert me["result"]["auth_mode"] == "session"
    assert me["result"]["credential_id"] == body["result"]["token_id"]


def test_session_cookie_is_secure_in_production(settings: Settings) -> None:
    exchange = HttpExchange()
    set_session_cookie(exchange, settings.model_copy(update={"production": True}), "jct_x")
    assert exchange.cookies[0].secure
    assert exchange.cookies[0].http_only
    assert exchange.cookies[0].same_site == "Strict"


async def test_wrong_password_and_unknown_email_get_the_same_answer(
    client: TestClient[Any, Any],
) -> None:
    await make_owner(client)
    wrong = await call(client, "accounts.sign_in", {"email": EMAIL, "password": "x" * 20})
    unknown = await call(
        client, "accounts.sign_in", {"email": "nobody@example.com", "password": PASSWORD}
    )
    for answer in (wrong, unknown):
        answer["error"]["data"].pop("request_id")
    assert wrong == unknown
    assert wrong["error"]["code"] == 1001


async def test_sign_in_is_throttled_the_same_for_known_and_unknown_emails(
    client: TestClient[Any, Any], db: Database
) -> None:
    await make_owner(client)
    answers: dict[str, list[dict[str, Any]]] = {}
    for email in (EMAIL, "nobody@example.com"):
        answers[email] = [
            await call(client, "accounts.sign_in", {"email": email, "password": "w" * 20})
            for _ in range(6)
        ]
    for email, seq in answers.items():
        assert [a["error"]["code"] for a in seq] == [1001] * 5 + [1029], email
        retry = seq[5]["error"]["data"]["retry_after_s"]
        assert 1 <= retry <= 15 * 60
    # Even the right password is refused while throttled.
    right = await call(client, "accounts.sign_in", {"email": EMAIL, "password": PASSWORD})
    assert right["error"]["code"] == 1029
    assert set(right["error"]["data"]) == {"kind", "request_id", "retry_after_s"}
    # Failures live in the database (so every process sees them), keyed by a digest only.
    async with db.connection() as conn:
        assert await conn.fetchval("SELECT count(*) FROM signin_attempts") == 10
        rows = await conn.fetch("SELECT row_to_json(a)::text AS j FROM signin_attempts a")
    assert not any("example.com" in r["j"].lower() for r in rows)


async def test_throttle_expires_after_the_window(
    client: TestClient[Any, Any], db: Database
) -> None:
    await make_owner(client)
    for _ in range(5):
        await call(client, "accounts.sign_in", {"email": EMAIL, "password": "w" * 20})
    # Age the failures past the 15-minute window.
    async with db.connection() as conn:
        await conn.execute(
            "UPDATE signin_attempts SET attempted_at = attempted_at - interval '16 minutes'"
        )
    signed = await call(client, "accounts.sign_in", {"email": EMAIL, "password": PASSWORD})
    assert signed["result"]["token"]


async def test_success_clears_earlier_failures(client: TestClient[Any, Any], db: Database) -> None:
    await make_owner(client)
    for _ in range(4):
        await call(client, "accounts.sign_in", {"email": EMAIL, "password": "w" * 20})
    assert (await sign_in_bearer(client))["token"]
    async with db.connection() as conn:
        assert await conn.fetchval("SELECT count(*) FROM signin_attempts") == 0


async def test_sign_in_rehashes_a_hash_made_with_other_parameters(
    client: TestClient[Any, Any], db: Database
) -> None:
    await make_owner(client)
    old = passwords.hash_sync(PASSWORD, opslimit=3)
    async with db.connection() as conn:
        before = await conn.fetchval(
            "UPDATE users SET password_hash = $1 RETURNING updated_at", old
        )
    assert (await sign_in_bearer(client))["token"]
    async with db.connection() as conn:
        row = await conn.fetchrow(
            "SELECT password_hash, password_changed_at, updated_at FROM users"
        )
    assert row is not None
    assert row["password_hash"] != old
    assert row["password_hash"].startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert not passwords.needs_rehash(row["password_hash"])
    assert row["updated_at"] > before
    # Still the same password.
    assert (await sign_in_bearer(client))["token"]


async def test_sign_in_refuses_bad_params(client: TestClient[Any, Any]) -> None:
    await make_owner(client)
    bad_mode = await call(
        client, "accounts.sign_in", {"email": EMAIL, "password": PASSWORD, "mode": "cookie"}
    )
    assert bad_mode["error"]["code"] == -32602
    assert PASSWORD not in str(bad_mode)
    missing = await call(client, "accounts.sign_in", {"email": EMAIL})
    assert missing["error"]["code"] == -32602


async def test_sign_out_revokes_the_current_token_only(client: TestClient[Any, Any]) -> None:
    first = await owner_token(client)
    second = (await sign_in_bearer(client))["token"]
    out = await call(client, "accounts.sign_out", headers=bearer(first))
    assert out["result"] == {"revoked": True}
    assert error_kind(await call(client, "accounts.me", headers=bearer(first))) == (
        "unauthenticated"
    )
    assert (await call(client, "accounts.me", headers=bearer(second)))["result"]


async def test_sign_out_of_a_session_clears_the_cookie(client: TestClient[Any, Any]) -> None:
    await make_owner(client)
    cookie = await sign_in_session(client)
    resp = await client.post(
        "/rpc",
        json={"jsonrpc": "2.0", "method": "accounts.sign_out", "id": 1},
        headers=session_headers(client, cookie),
    )
    assert (await resp.json())["result"] == {"revoked": True}
    morsel = resp.cookies[SESSION_COOKIE]
    assert morsel.value == ""
    assert morsel["max-age"] == "0"
    client.session.cookie_jar.clear()
    again = await call(client, "accounts.me", headers=session_headers(client, cookie))
    assert error_kind(again) == "unauthenticated"


async def test_sign_out_and_change_password_refuse_api_keys(client: TestClient[Any, Any]) -> None:
    token = await owner_token(client)
    key = (await make_api_key(client, token))["key"]
    assert error_kind(await call(client, "accounts.sign_out", headers=bearer(key))) == "forbidden"
    change = await call(
        client,
        "accounts.change_password",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers=bearer(key),
    )
    assert change["error"]["code"] == 1003


async def test_change_password_revokes_every_other_token(client: TestClient[Any, Any]) -> None:
    current = await owner_token(client)
    other = (await sign_in_bearer(client))["token"]
    session = await sign_in_session(client)
    key = (await make_api_key(client, current, name="ci"))["key"]
    changed = await call(
        client,
        "accounts.change_password",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers=bearer(current),
    )
    assert changed["result"] == {"revoked_tokens": 2}
    assert (await call(client, "accounts.me", headers=bearer(current)))["result"]
    assert error_kind(await call(client, "accounts.me", headers=bearer(other))) == (
        "unauthenticated"
    )
    refused = await call(client, "accounts.me", headers=session_headers(client, session))
    assert error_kind(refused) == "unauthenticated"
    # API keys are not tokens: they stay valid.
    assert (await call(client, "accounts.me", headers=bearer(key)))["result"]
    old = await call(client, "accounts.sign_in", {"email": EMAIL, "password": PASSWORD})
    assert error_kind(old) == "unauthenticated"
    assert (await sign_in_bearer(client, password=NEW_PASSWORD))["token"]


async def test_change_password_refuses_bad_input(client: TestClient[Any, Any]) -> None:
    token = await owner_token(client)
    wrong = await call(
        client,
        "accounts.change_password",
        {"current_password": "not the password", "new_password": NEW_PASSWORD},
        headers=bearer(token),
    )
    assert wrong["error"]["code"] == 1022
    assert wrong["error"]["data"]["field_errors"][0]["field"] == "current_password"
    short = await call(
        client,
        "accounts.change_password",
        {"current_password": PASSWORD, "new_password": "short"},
        headers=bearer(token),
    )
    assert short["error"]["data"]["field_errors"][0]["field"] == "new_password"
    assert "not the password" not in str(wrong)
    assert "short" not in str(short["error"]["data"])


async def test_owner_methods_need_credentials(client: TestClient[Any, Any]) -> None:
    await make_owner(client)
    for name in (
        "accounts.me",
        "accounts.sign_out",
        "accounts.list_api_keys",
        "accounts.list_tokens",
    ):
        answer = await call(client, name)
        assert answer["error"]["code"] == 1001, name


async def test_malformed_and_expired_tokens_are_refused(
    client: TestClient[Any, Any], db: Database
) -> None:
    token = await owner_token(client)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    for header in (
        {"Authorization": "Bearer"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "Bearer not-a-token"},
        bearer(tampered),
        bearer("jct_" + "a" * 36),
    ):
        answer = await call(client, "accounts.me", headers=header)
        assert answer["error"]["code"] == 1001, header
    assert (await call(client, "accounts.me", headers=bearer(token)))["result"]
    async with db.connection() as conn:
        await conn.execute("UPDATE tokens SET expires_at = now() - interval '1 second'")
    expired = await call(client, "accounts.me", headers=bearer(token))
    assert error_kind(expired) == "unauthenticated"


async def test_a_session_token_is_not_a_bearer_token(client: TestClient[Any, Any]) -> None:
    await make_owner(client)
    cookie = await sign_in_session(client)
    answer = await call(client, "accounts.me", headers=bearer(cookie))
    assert error_kind(answer) == "unauthenticated"


async def test_concurrent_guesses_never_check_more_than_the_limit(
    client: TestClient[Any, Any], db: Database
) -> None:
    await make_owner(client)
    answers = await asyncio.gather(
        *(
            call(client, "accounts.sign_in", {"email": EMAIL, "password": f"guess number {i}"})
            for i in range(8)
        )
    )
    codes = sorted(a["error"]["code"] for a in answers)
    assert set(codes) <= {1001, 1029}
    assert codes.count(1001) <= 5
    assert codes.count(1029) >= 3
    async with db.connection() as conn:
        assert await conn.fetchval("SELECT count(*) FROM signin_attempts") == codes.count(1001)


async def test_change_password_guesses_are_throttled(client: TestClient[Any, Any]) -> None:
    token = await owner_token(client)
    answers = [
        await call(
            client,
            "accounts.change_password",
            {"current_password": f"wrong guess {i}", "new_password": NEW_PASSWORD},
            headers=bearer(token),
        )
        for i in range(6)
    ]
    assert [a["error"]["code"] for a in answers] == [1022] * 5 + [1029]
    # The same counter guards sign-in for the owner's email.
    signed = await call(client, "accounts.sign_in", {"email": EMAIL, "password": PASSWORD})
    assert signed["error"]["code"] == 1029

"""Factories for Accounts records over HTTP: the owner, signed-in tokens and sessions, API
keys; and the auth headers that carry them."""

from __future__ import annotations

from typing import Any

from aiohttp.test_utils import TestClient

from domains.accounts.auth import SESSION_COOKIE
from tests.conftest import call

EMAIL = "Owner@Example.com"
PASSWORD = "correct horse battery staple"


def bearer(token: str) -> dict[str, str]:
    """The Authorization header for a bearer token or API key."""
    return {"Authorization": f"Bearer {token}"}


def origin_of(client: TestClient[Any, Any]) -> str:
    """The test server's own origin, as a browser would send it."""
    return str(client.make_url("/")).rstrip("/")


def session_headers(client: TestClient[Any, Any], cookie: str, **extra: str) -> dict[str, str]:
    """A same-origin browser request carrying the session cookie."""
    return {"Cookie": f"{SESSION_COOKIE}={cookie}", "Sec-Fetch-Site": "same-origin", **extra}


async def make_owner(
    client: TestClient[Any, Any], *, email: str = EMAIL, password: str = PASSWORD
) -> dict[str, Any]:
    """Bootstrap the owner over HTTP; returns the OwnerView."""
    answer = await call(client, "accounts.bootstrap_owner", {"email": email, "password": password})
    result: dict[str, Any] = answer["result"]
    return result


async def sign_in_bearer(
    client: TestClient[Any, Any], *, email: str = EMAIL, password: str = PASSWORD
) -> dict[str, Any]:
    """Sign in for a bearer token; returns the SignInResult."""
    answer = await call(client, "accounts.sign_in", {"email": email, "password": password})
    result: dict[str, Any] = answer["result"]
    return result


async def sign_in_session(client: TestClient[Any, Any]) -> str:
    """Sign in for a session; returns the cookie value (and empties the client's jar, so
    each test sends the cookie explicitly)."""
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
    assert "result" in body, body
    value = resp.cookies[SESSION_COOKIE].value
    client.session.cookie_jar.clear()
    return value


async def owner_token(client: TestClient[Any, Any]) -> str:
    """Bootstrap the owner and return a bearer token."""
    await make_owner(client)
    token: str = (await sign_in_bearer(client))["token"]
    return token


async def make_api_key(client: TestClient[Any, Any], token: str, **params: Any) -> dict[str, Any]:
    """Create an API key over HTTP with the owner's ``token``; returns the CreatedApiKey
    (the key itself and its view)."""
    answer = await call(
        client, "accounts.create_api_key", {"name": "cli", **params}, headers=bearer(token)
    )
    result: dict[str, Any] = answer["result"]
    return result


def error_kind(answer: dict[str, Any]) -> str:
    """The ``data.kind`` of an error answer (fails on a success)."""
    assert "error" in answer, answer
    kind: str = answer["error"]["data"]["kind"]
    return kind

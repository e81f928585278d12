"""The session cookie's cross-site request rules, over real HTTP.

A cookie request must be ``application/json`` and carry ``Sec-Fetch-Site:
same-origin|none`` or an ``Origin`` equal to the server's; whichever of the two is present
must pass. Refusals are ``forbidden`` (1003). Bearer requests need none of it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import orjson
import pytest
from aiohttp.test_utils import TestClient, TestServer

from domains.accounts.auth import SESSION_COOKIE
from rpc.app.runtime import build_runtime
from rpc.context import Runtime
from rpc.http import build_app
from rpc.registry import Registry
from tests.conftest import call
from tests.domains.accounts.factories import (
    bearer,
    make_owner,
    origin_of,
    sign_in_bearer,
    sign_in_session,
)

SAME = "{same}"  # replaced by the test server's own origin

CASES: list[tuple[str, dict[str, str], str | None]] = [
    ("sec-fetch-site same-origin", {"Sec-Fetch-Site": "same-origin"}, None),
    ("sec-fetch-site none", {"Sec-Fetch-Site": "none"}, None),
    ("matching origin", {"Origin": SAME}, None),
    ("same-origin and matching origin", {"Sec-Fetch-Site": "same-origin", "Origin": SAME}, None),
    ("cross-site", {"Sec-Fetch-Site": "cross-site"}, "forbidden"),
    ("same-site (another subdomain)", {"Sec-Fetch-Site": "same-site"}, "forbidden"),
    ("mismatched origin", {"Origin": "http://evil.example"}, "forbidden"),
    ("origin on another port", {"Origin": "http://127.0.0.1:1"}, "forbidden"),
    ("origin null", {"Origin": "null"}, "forbidden"),
    (
        "matching origin but cross-site",
        {"Origin": SAME, "Sec-Fetch-Site": "cross-site"},
        "forbidden",
    ),
    (
        "same-origin but origin null",
        {"Sec-Fetch-Site": "same-origin", "Origin": "null"},
        "forbidden",
    ),
    ("neither header", {}, "forbidden"),
]


async def _post(
    client: TestClient[Any, Any], headers: dict[str, str], *, content_type: str = "application/json"
) -> dict[str, Any]:
    body = orjson.dumps({"jsonrpc": "2.0", "method": "accounts.me", "id": 1})
    resp = await client.post("/rpc", data=body, headers={"Content-Type": content_type, **headers})
    data: dict[str, Any] = await resp.json()
    return data


@pytest.mark.parametrize(("case", "extra", "refusal"), CASES, ids=[c[0] for c in CASES])
async def test_cookie_request_matrix(
    client: TestClient[Any, Any], case: str, extra: dict[str, str], refusal: str | None
) -> None:
    await make_owner(client)
    cookie = await sign_in_session(client)
    headers = {k: v.replace(SAME, origin_of(client)) for k, v in extra.items()}
    answer = await _post(client, {"Cookie": f"{SESSION_COOKIE}={cookie}", **headers})
    if refusal is None:
        assert answer["result"]["auth_mode"] == "session", case
    else:
        assert answer["error"]["code"] == 1003, case
        assert answer["error"]["data"]["kind"] == refusal
        assert cookie not in str(answer)


async def test_cookie_request_must_be_json(client: TestClient[Any, Any]) -> None:
    await make_owner(client)
    cookie = await sign_in_session(client)
    cookie_header = {"Cookie": f"{SESSION_COOKIE}={cookie}", "Sec-Fetch-Site": "same-origin"}
    for content_type in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data"):
        answer = await _post(client, cookie_header, content_type=content_type)
        assert answer["error"]["code"] == 1003, content_type
    ok = await _post(client, cookie_header, content_type="application/json; charset=utf-8")
    assert ok["result"]["auth_mode"] == "session"


async def test_bearer_needs_no_origin_headers_and_wins_over_a_cookie(
    client: TestClient[Any, Any],
) -> None:
    await make_owner(client)
    cookie = await sign_in_session(client)
    token = (await sign_in_bearer(client))["token"]
    plain = await call(client, "accounts.me", headers=bearer(token))
    assert plain["result"]["auth_mode"] == "token"
    # A cross-site request with a bearer header is judged by the header alone: a site
    # cannot make a browser attach our bearer token, so there is nothing to forge.
    mixed = await _post(
        client,
        {
            **bearer(token),
            "Cookie": f"{SESSION_COOKIE}={cookie}",
            "Sec-Fetch-Site": "cross-site",
        },
        content_type="text/plain",
    )
    assert mixed["result"]["auth_mode"] == "token"


async def test_anonymous_methods_ignore_a_refused_cookie(client: TestClient[Any, Any]) -> None:
    await make_owner(client)
    cookie = await sign_in_session(client)
    answer = await call(
        client,
        "system.ping",
        headers={"Cookie": f"{SESSION_COOKIE}={cookie}", "Sec-Fetch-Site": "cross-site"},
    )
    assert answer["result"] == {"pong": True}


@pytest.fixture
async def public_client(
    runtime: Runtime, registry: Registry, clean: None
) -> AsyncIterator[TestClient[Any, Any]]:
    """The app with ``public_origin`` set, as behind a TLS-terminating proxy."""
    settings = runtime.settings.model_copy(update={"public_origin": "https://jido.example.com/"})
    rt = build_runtime(settings, runtime.db, registry)
    async with TestClient(TestServer(build_app(rt, registry), host="127.0.0.1")) as c:
        yield c


async def test_public_origin_replaces_the_host_derived_origin(
    public_client: TestClient[Any, Any],
) -> None:
    client = public_client
    await make_owner(client)
    cookie = await sign_in_session(client)
    jar = {"Cookie": f"{SESSION_COOKIE}={cookie}"}
    ok = await _post(client, {**jar, "Origin": "https://jido.example.com"})
    assert ok["result"]["auth_mode"] == "session"
    refused = await _post(client, {**jar, "Origin": origin_of(client)})
    assert refused["error"]["code"] == 1003

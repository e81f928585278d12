"""Who may open ``GET /events`` and what a refusal looks like: a small JSON body with the
error's kind, never a stream."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest

from domains.accounts.auth import SESSION_COOKIE
from sql.database import Database
from tests.conftest import call
from tests.domains.accounts.factories import make_api_key, origin_of, sign_in_session
from tests.rpc.events.conftest import EventsServer, ServeEvents, append

pytestmark = pytest.mark.committing


async def _refused(
    server: EventsServer, params: dict[str, str], headers: dict[str, str]
) -> tuple[int, dict[str, Any], str | None]:
    resp = await server.client.get("/events", params=params, headers=headers)
    assert resp.content_type == "application/json"
    body: dict[str, Any] = await resp.json()
    return resp.status, body, resp.headers.get("WWW-Authenticate")


async def test_credentials_decide_who_streams(serve_events: ServeEvents) -> None:
    runs = {"topic": "runs"}
    async with serve_events() as server:
        status, body, challenge = await _refused(server, runs, {})
        assert (status, body["kind"], challenge) == (401, "unauthenticated", "Bearer")
        status, body, challenge = await _refused(server, runs, {"Authorization": "Bearer jck_x"})
        assert (status, body["kind"], challenge) == (401, "unauthenticated", "Bearer")

        # The bearer token the fixture signed in with, and an API key.
        (await server.open("runs")).close()
        key: str = (await make_api_key(server.client, server.auth["Authorization"][7:]))["key"]
        (await server.open("runs", headers={"Authorization": f"Bearer {key}"})).close()

        # A session cookie from our own pages: no JSON content type is needed on a GET.
        cookie = {"Cookie": f"{SESSION_COOKIE}={await sign_in_session(server.client)}"}
        for same in ({"Sec-Fetch-Site": "same-origin"}, {"Origin": origin_of(server.client)}):
            (await server.open("runs", headers={**cookie, **same})).close()
        for foreign in (
            {"Sec-Fetch-Site": "cross-site"},
            {"Sec-Fetch-Site": "same-site"},
            {"Origin": "http://evil.example"},
            {"Origin": origin_of(server.client), "Sec-Fetch-Site": "cross-site"},
            {},
        ):
            status, body, _ = await _refused(server, runs, {**cookie, **foreign})
            assert (status, body["kind"]) == (403, "forbidden"), foreign
            assert cookie["Cookie"].split("=", 1)[1] not in str(body)


async def test_post_with_a_cookie_still_needs_json(serve_events: ServeEvents) -> None:
    # The GET exemption is only for GET: /rpc keeps its content-type rule.
    async with serve_events() as server:
        cookie = await sign_in_session(server.client)
        resp = await server.client.post(
            "/rpc",
            data=b'{"jsonrpc": "2.0", "method": "accounts.me", "id": 1}',
            headers={
                "Cookie": f"{SESSION_COOKIE}={cookie}",
                "Sec-Fetch-Site": "same-origin",
                "Content-Type": "text/plain",
            },
        )
        answer = await resp.json()
        assert answer["error"]["data"]["kind"] == "forbidden"


@pytest.mark.parametrize(
    ("params", "headers", "status", "kind"),
    [
        ({}, {}, 400, "validation_error"),
        ({"topic": "nope"}, {}, 400, "validation_error"),
        ({"topic": "run:not-a-uuid"}, {}, 400, "validation_error"),
        ({"topic": "runs", "after": "-1"}, {}, 400, "validation_error"),
        ({"topic": "runs", "after": "x"}, {}, 400, "validation_error"),
        ({"topic": "runs"}, {"Last-Event-ID": "runs"}, 400, "validation_error"),
        ({"topic": "runs"}, {"Last-Event-ID": "runs@x"}, 400, "validation_error"),
        ({"topic": "runs", "after": "\u00b2"}, {}, 400, "validation_error"),
        ({"topic": "runs", "after": "9" * 19}, {}, 400, "validation_error"),
        ({"topic": "runs"}, {"Last-Event-ID": "runs@" + "9" * 19}, 400, "validation_error"),
        ({"topic": f"run:{uuid.uuid4()}"}, {}, 404, "not_found"),
    ],
)
async def test_bad_requests_are_refused_before_the_stream(
    serve_events: ServeEvents,
    params: dict[str, str],
    headers: dict[str, str],
    status: int,
    kind: str,
) -> None:
    async with serve_events() as server:
        got, body, _ = await _refused(server, params, {**server.auth, **headers})
    assert (got, body["kind"]) == (status, kind)
    assert isinstance(body["message"], str)
    assert "SELECT" not in str(body)


async def test_a_last_event_id_of_another_topic_is_ignored(
    serve_events: ServeEvents, db: Database
) -> None:
    await append(db, "runs", 2)
    async with serve_events() as server:
        stream = await server.open("runs", after=0, last_event_id="deliveries@7")
        first = await asyncio.wait_for(stream.next(), 30)
        stream.close()
    assert first is not None
    assert first.seq == 1


async def test_head_is_not_a_stream(serve_events: ServeEvents) -> None:
    async with serve_events() as server:
        resp = await server.client.head("/events", params={"topic": "runs"}, headers=server.auth)
        assert resp.status == 405


async def test_a_revoked_key_ends_its_open_stream(serve_events: ServeEvents, db: Database) -> None:
    async with serve_events() as server:
        token = server.auth["Authorization"][7:]
        created = await make_api_key(server.client, token)
        key_auth = {"Authorization": f"Bearer {created['key']}"}
        stream = await server.open("runs", after=0, headers=key_auth)
        await append(db, "runs")
        first = await asyncio.wait_for(stream.next(), 30)
        assert first is not None
        assert first.seq == 1
        answer = await call(
            server.client,
            "accounts.revoke_api_key",
            {"api_key_id": created["api_key"]["id"]},
            headers=server.auth,
        )
        assert "result" in answer, answer
        # The stream's credential is resolved again at every ping: it ends...
        assert await asyncio.wait_for(stream.next(), 30) is None
        # ...and the client's reconnection is refused.
        status, body, _ = await _refused(server, {"topic": "runs"}, key_auth)
        assert (status, body["kind"]) == (401, "unauthenticated")

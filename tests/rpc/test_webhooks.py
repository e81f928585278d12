"""``POST /webhooks/github`` over real HTTP on a real database.

Every refusal is a 401 with zero rows written; a delivery is stored once with its job
however often, or however concurrently, GitHub sends it.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import io
import logging
import uuid
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlencode

import orjson
import pytest
from aiohttp.test_utils import TestClient, TestServer

from domains.github import signatures
from rpc.context import Runtime
from rpc.http import build_app
from rpc.registry import Registry
from rpc.settings import Settings
from sql.database import Database
from tests.domains.github.factories import (
    SECRET,
    count,
    issue_payload,
    set_secret,
    signed,
    started_runtime,
)

pytestmark = pytest.mark.committing

Client = TestClient[Any, Any]
URL = "/webhooks/github"


@pytest.fixture
async def webhook_runtime(
    settings: Settings, db: Database, registry: Registry, clean: None
) -> AsyncIterator[Runtime]:
    async with started_runtime(settings, db, registry) as runtime:
        await set_secret(runtime)
        yield runtime


@pytest.fixture
async def hooks(webhook_runtime: Runtime, registry: Registry) -> AsyncIterator[Client]:
    app = build_app(webhook_runtime, registry)
    async with TestClient(TestServer(app, host="127.0.0.1")) as client:
        yield client


async def nothing_written(db: Database) -> bool:
    return (
        await count(db, "webhook_deliveries") == 0
        and await count(db, "jobs") == 0
        and await count(db, "repos") == 0
    )


async def test_githubs_test_vector_verifies_through_the_adapter(
    hooks: Client, webhook_runtime: Runtime, db: Database
) -> None:
    await set_secret(webhook_runtime, "It's a Secret to Everybody")
    resp = await hooks.post(
        URL,
        data=b"Hello, World!",
        headers={
            "X-GitHub-Event": "ping",
            "X-GitHub-Delivery": "vector-1",
            "X-Hub-Signature-256": (
                "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
            ),
        },
    )
    # The signature verified; the body is not a JSON object, so it is refused as such.
    assert resp.status == 400
    assert await nothing_written(db)


async def test_a_signed_delivery_is_stored_with_its_job(hooks: Client, db: Database) -> None:
    body, headers = signed(issue_payload(), delivery="d-1")
    resp = await hooks.post(URL, data=body, headers=headers)
    assert resp.status == 202
    answer = await resp.json()
    assert answer["status"] == "accepted"
    async with db.connection() as conn:
        row = await conn.fetchrow(
            "SELECT delivery_id, event, action, repo_full_name, status, repo_id"
            " FROM webhook_deliveries"
        )
        job = await conn.fetchrow("SELECT kind, payload FROM jobs")
    assert row is not None
    assert job is not None
    assert (row["delivery_id"], row["event"], row["action"]) == ("d-1", "issues", "opened")
    assert (row["repo_full_name"], row["status"]) == ("acme/app", "received")
    assert row["repo_id"] is not None
    assert job["kind"] == "github.process_delivery"
    assert job["payload"] == {"id": answer["id"]}


DIGEST = "0" * 64


def _variants() -> list[tuple[str, dict[str, str | None]]]:
    good = issue_payload()
    body = orjson.dumps(good)
    right = signatures.sign(SECRET, body)
    sha1 = "sha1=" + hmac.new(SECRET.encode(), body, hashlib.sha1).hexdigest()
    hexd = right.removeprefix("sha256=")
    return [
        ("missing signature", {"X-Hub-Signature-256": None}),
        ("missing event", {"X-GitHub-Event": None}),
        ("missing delivery", {"X-GitHub-Delivery": None}),
        ("sha1 prefix", {"X-Hub-Signature-256": sha1}),
        ("odd digits", {"X-Hub-Signature-256": right[:-1]}),
        ("non-hex digits", {"X-Hub-Signature-256": right[:-1] + "z"}),
        ("31-byte digest", {"X-Hub-Signature-256": "sha256=" + hexd[:62]}),
        ("33-byte digest", {"X-Hub-Signature-256": "sha256=" + hexd + "ab"}),
        ("wrong secret", {"X-Hub-Signature-256": signatures.sign("not the secret!!", body)}),
        ("empty signature", {"X-Hub-Signature-256": ""}),
    ]


@pytest.mark.parametrize(("case", "change"), _variants(), ids=[c for c, _ in _variants()])
async def test_refusals_are_401_and_write_nothing(
    hooks: Client, db: Database, case: str, change: dict[str, str | None]
) -> None:
    body = orjson.dumps(issue_payload())
    headers: dict[str, str | None] = {
        "Content-Type": "application/json",
        "X-GitHub-Event": "issues",
        "X-GitHub-Delivery": str(uuid.uuid4()),
        "X-Hub-Signature-256": signatures.sign(SECRET, body),
        **change,
    }
    sent = {k: v for k, v in headers.items() if v is not None}
    resp = await hooks.post(URL, data=body, headers=sent)
    assert resp.status == 401, case
    assert "error" in await resp.json()
    assert await nothing_written(db)


async def test_a_tampered_body_is_refused(hooks: Client, db: Database) -> None:
    body, headers = signed(issue_payload(title="one"))
    resp = await hooks.post(URL, data=body.replace(b"one", b"two"), headers=headers)
    assert resp.status == 401
    assert await nothing_written(db)


async def test_without_any_secret_everything_is_refused(
    settings: Settings, db: Database, registry: Registry, clean: None
) -> None:
    async with started_runtime(settings, db, registry) as runtime:
        app = build_app(runtime, registry)
        async with TestClient(TestServer(app, host="127.0.0.1")) as client:
            body, headers = signed(issue_payload())
            resp = await client.post(URL, data=body, headers=headers)
    assert resp.status == 401
    assert await nothing_written(db)


async def test_the_same_delivery_twice_has_one_effect(hooks: Client, db: Database) -> None:
    body, headers = signed(issue_payload(), delivery="dup-1")
    first = await hooks.post(URL, data=body, headers=headers)
    second = await hooks.post(URL, data=body, headers=headers)
    assert (first.status, second.status) == (202, 202)
    assert (await second.json())["status"] == "duplicate"
    assert await count(db, "webhook_deliveries") == 1
    assert await count(db, "jobs") == 1


async def test_the_same_delivery_twice_at_once_has_one_effect(hooks: Client, db: Database) -> None:
    body, headers = signed(issue_payload(full_name="acme/fresh"), delivery="dup-2")
    answers = await asyncio.gather(*(hooks.post(URL, data=body, headers=headers) for _ in range(8)))
    assert [a.status for a in answers] == [202] * 8
    statuses = sorted([(await a.json())["status"] for a in answers])
    assert statuses == ["accepted"] + ["duplicate"] * 7
    assert await count(db, "webhook_deliveries") == 1
    assert await count(db, "jobs") == 1
    assert await count(db, "repos") == 1


async def test_payloads_are_redacted_before_storage(hooks: Client, db: Database) -> None:
    token = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
    payload = issue_payload(body=f"my token is {token}, oops")
    body, headers = signed(payload)
    assert (await hooks.post(URL, data=body, headers=headers)).status == 202
    async with db.connection() as conn:
        stored = await conn.fetchval("SELECT payload FROM webhook_deliveries")
    assert token not in orjson.dumps(stored).decode()
    assert "oops" in stored["issue"]["body"]


async def test_a_form_encoded_delivery_is_accepted(hooks: Client, db: Database) -> None:
    payload = issue_payload()
    body = urlencode({"payload": orjson.dumps(payload).decode()}).encode()
    _, headers = signed(body)
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    resp = await hooks.post(URL, data=body, headers=headers)
    assert resp.status == 202
    async with db.connection() as conn:
        stored = await conn.fetchval("SELECT payload FROM webhook_deliveries")
    assert stored["issue"]["number"] == payload["issue"]["number"]


async def test_the_previous_secret_verifies_during_rotation(
    hooks: Client, webhook_runtime: Runtime, db: Database
) -> None:
    await set_secret(webhook_runtime, "the next secret value")
    old_body, old_headers = signed(issue_payload(), secret=SECRET)
    new_body, new_headers = signed(issue_payload(), secret="the next secret value")
    assert (await hooks.post(URL, data=old_body, headers=old_headers)).status == 202
    assert (await hooks.post(URL, data=new_body, headers=new_headers)).status == 202
    assert await count(db, "webhook_deliveries") == 2


async def test_without_a_rotation_window_the_previous_secret_is_refused(
    settings: Settings, db: Database, registry: Registry, clean: None
) -> None:
    async with started_runtime(settings, db, registry, webhook_rotation_window_s=0) as runtime:
        await set_secret(runtime, SECRET)
        await set_secret(runtime, "the next secret value")
        app = build_app(runtime, registry)
        async with TestClient(TestServer(app, host="127.0.0.1")) as client:
            body, headers = signed(issue_payload(), secret=SECRET)
            assert (await client.post(URL, data=body, headers=headers)).status == 401
            body, headers = signed(issue_payload(), secret="the next secret value")
            assert (await client.post(URL, data=body, headers=headers)).status == 202


async def test_a_repository_secret_wins_over_the_instance_secret(
    hooks: Client, webhook_runtime: Runtime
) -> None:
    await set_secret(webhook_runtime, "acme app's own secret", repo="acme/app")
    body, headers = signed(issue_payload("acme/app"), secret=SECRET)
    assert (await hooks.post(URL, data=body, headers=headers)).status == 401
    body, headers = signed(issue_payload("acme/app"), secret="acme app's own secret")
    assert (await hooks.post(URL, data=body, headers=headers)).status == 202
    # Other repositories still use the instance's.
    body, headers = signed(issue_payload("acme/other"), secret=SECRET)
    assert (await hooks.post(URL, data=body, headers=headers)).status == 202


async def test_repeated_failures_from_one_address_are_throttled(
    settings: Settings,
    db: Database,
    registry: Registry,
    clean: None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with started_runtime(
        settings, db, registry, webhook_failure_limit=3, webhook_failure_window_s=600
    ) as runtime:
        await set_secret(runtime)
        app = build_app(runtime, registry)
        async with TestClient(TestServer(app, host="127.0.0.1")) as client:
            for _ in range(3):
                body, headers = signed(issue_payload(), secret="a wrong secret!!")
                assert (await client.post(URL, data=body, headers=headers)).status == 401
            body, headers = signed(issue_payload())  # even a good one, for a while
            with caplog.at_level(logging.WARNING, logger="jidocode.security"):
                resp = await client.post(URL, data=body, headers=headers)
            assert resp.status == 429
            (line,) = [r for r in caplog.records if r.getMessage() == "webhook_throttled"]
            assert line.__dict__["client"] == "127.0.0.1"
            assert line.__dict__["retry_after_s"] > 0
            assert int(resp.headers["Retry-After"]) > 0
            assert (await resp.json())["retry_after_s"] > 0
    assert await count(db, "webhook_deliveries") == 0


async def test_the_route_has_its_own_body_limit(
    settings: Settings, db: Database, registry: Registry, clean: None
) -> None:
    big = issue_payload(body="x" * (2 * 1024 * 1024))
    async with started_runtime(settings, db, registry) as runtime:
        await set_secret(runtime)
        app = build_app(runtime, registry)
        async with TestClient(TestServer(app, host="127.0.0.1")) as client:
            body, headers = signed(big)
            assert len(body) > settings.max_body_bytes
            resp = await client.post(URL, data=io.BytesIO(body), headers=headers)
            assert resp.status == 202
            # /rpc keeps its 1 MiB.
            rpc = await client.post(
                "/rpc", data=io.BytesIO(body), headers={"Content-Type": "application/json"}
            )
            assert rpc.status == 413
    async with started_runtime(settings, db, registry, max_webhook_body_bytes=4096) as runtime:
        app = build_app(runtime, registry)
        async with TestClient(TestServer(app, host="127.0.0.1")) as client:
            body, headers = signed(issue_payload(body="y" * 5000))
            assert (await client.post(URL, data=body, headers=headers)).status == 413
    assert await count(db, "webhook_deliveries") == 1


async def test_a_refused_attempt_is_logged_without_secrets(
    hooks: Client, caplog: pytest.LogCaptureFixture
) -> None:
    body, headers = signed(issue_payload(), secret="a wrong secret!!", delivery="bad-1")
    with caplog.at_level(logging.WARNING, logger="jidocode.security"):
        assert (await hooks.post(URL, data=body, headers=headers)).status == 401
    refused = [r for r in caplog.records if r.getMessage() == "webhook_refused"]
    assert len(refused) == 1
    record = refused[0]
    assert record.__dict__["security"] == "webhook_refused"
    assert record.__dict__["reason"] == "signature mismatch"
    assert record.__dict__["delivery"] == "bad-1"
    assert record.__dict__["client"] == "127.0.0.1"
    text = repr(record.__dict__)
    assert SECRET not in text
    assert "a wrong secret!!" not in text
    assert headers["X-Hub-Signature-256"] not in text

"""The throttle on failed webhook attempts, in the database: shared by every server
process, keyed by the client address (the forwarded one only behind trusted proxies),
and pruned once its window no longer counts a failure."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from domains.github.service_intake import FailureThrottle
from domains.github.service_retention import WEBHOOK_FAILURES
from rpc.http import build_app
from rpc.registry import Registry
from rpc.retention import PruneWindow
from rpc.settings import Settings
from sql.database import Database
from tests.domains.github.factories import issue_payload, set_secret, signed, started_runtime

pytestmark = pytest.mark.committing

Client = TestClient[Any, Any]
URL = "/webhooks/github"


async def failures(db: Database) -> int:
    async with db.connection() as conn:
        n: int = await conn.fetchval("SELECT count(*) FROM webhook_failures")
    return n


async def age_failures(db: Database, seconds: float) -> None:
    """Test set-up: move every recorded failure ``seconds`` into the past."""
    async with db.connection() as conn:
        await conn.execute(
            "UPDATE webhook_failures SET failed_at = failed_at - make_interval(secs => $1)",
            seconds,
        )


async def test_throttles_after_the_limit_within_the_window_then_forgets(
    db: Database, clean: None
) -> None:
    throttle = FailureThrottle(limit=3, window_s=60)
    for _ in range(2):
        await throttle.record_failure(db, "10.0.0.1")
    assert await throttle.retry_after_s(db, "10.0.0.1") is None
    await throttle.record_failure(db, "10.0.0.1")
    retry = await throttle.retry_after_s(db, "10.0.0.1")
    assert retry is not None
    assert 59 <= retry <= 60
    assert await throttle.retry_after_s(db, "10.0.0.2") is None
    await age_failures(db, 30)
    retry = await throttle.retry_after_s(db, "10.0.0.1")
    assert retry is not None
    assert 29 <= retry <= 30
    await age_failures(db, 31)
    assert await throttle.retry_after_s(db, "10.0.0.1") is None


async def test_recording_prunes_expired_failures_and_the_pruner_the_rest(
    db: Database, settings: Settings, clean: None
) -> None:
    throttle = FailureThrottle(limit=3, window_s=60)
    for n in range(5):
        await throttle.record_failure(db, f"10.0.0.{n}")
    await age_failures(db, 120)
    await throttle.record_failure(db, "10.0.0.9")  # prunes the five expired ones
    assert await failures(db) == 1

    # The pruner keeps what the configured window still counts.
    await age_failures(db, settings.webhook_failure_window_s + 1)
    wide = FailureThrottle(limit=3, window_s=10 * settings.webhook_failure_window_s)
    await wide.record_failure(db, "10.0.0.10")  # nothing is old enough for it to prune
    now = datetime.now(UTC)
    dry = await WEBHOOK_FAILURES.prune(db, settings, PruneWindow(now=now, dry_run=True))
    assert dry == 1
    assert await WEBHOOK_FAILURES.prune(db, settings, PruneWindow(now=now, batch_size=1)) == 1
    assert await failures(db) == 1  # the recent one stays
    later = PruneWindow(now=now + timedelta(seconds=settings.webhook_failure_window_s + 5))
    assert await WEBHOOK_FAILURES.prune(db, settings, later) == 1
    assert await failures(db) == 0


@pytest.fixture
async def two_servers(
    settings: Settings, db: Database, registry: Registry, clean: None
) -> AsyncIterator[tuple[Client, Client]]:
    """Two runtimes on two pools over the same database: two server processes' views."""
    assert settings.database_url
    other_db = await Database.open(
        settings.database_url, min_size=1, max_size=4, statement_timeout_ms=5000
    )
    overrides = {
        "webhook_failure_limit": 3,
        "webhook_failure_window_s": 600,
        "trusted_proxies": "127.0.0.1",
    }
    try:
        async with AsyncExitStack() as stack:
            clients = []
            for database in (db, other_db):
                runtime = await stack.enter_async_context(
                    started_runtime(settings, database, registry, **overrides)
                )
                server = TestServer(build_app(runtime, registry), host="127.0.0.1")
                clients.append(await stack.enter_async_context(TestClient(server)))
            await set_secret(runtime)
            yield clients[0], clients[1]
    finally:
        await other_db.close()


async def bad_delivery(client: Client, forwarded_for: str | None = None) -> int:
    body, headers = signed(issue_payload(), secret="a wrong secret!!")
    if forwarded_for is not None:
        headers["X-Forwarded-For"] = forwarded_for
    return (await client.post(URL, data=body, headers=headers)).status


async def good_delivery(client: Client, forwarded_for: str | None = None) -> int:
    body, headers = signed(issue_payload())
    if forwarded_for is not None:
        headers["X-Forwarded-For"] = forwarded_for
    return (await client.post(URL, data=body, headers=headers)).status


async def test_failures_at_one_server_throttle_the_sender_at_another(
    two_servers: tuple[Client, Client],
) -> None:
    one, two = two_servers
    sender = "203.0.113.7"
    assert await bad_delivery(one, sender) == 401
    assert await bad_delivery(two, sender) == 401
    assert await bad_delivery(one, sender) == 401
    # Three failures across two processes: both now refuse the sender, even signed right.
    assert await good_delivery(two, sender) == 429
    assert await good_delivery(one, sender) == 429
    # Another sender behind the same proxy is not one address with it.
    assert await good_delivery(two, "198.51.100.1") == 202


async def test_only_a_trusted_proxy_can_name_the_client(
    settings: Settings, db: Database, registry: Registry, clean: None
) -> None:
    overrides: dict[str, Any] = {"webhook_failure_limit": 2, "webhook_failure_window_s": 600}
    async with started_runtime(settings, db, registry, **overrides) as runtime:
        await set_secret(runtime)
        async with TestClient(TestServer(build_app(runtime, registry), host="127.0.0.1")) as c:
            # The peer (127.0.0.1) is not trusted: its header is ignored, so rotating
            # made-up addresses does not escape the throttle.
            assert await bad_delivery(c, "192.0.2.1") == 401
            assert await bad_delivery(c, "192.0.2.2") == 401
            assert await good_delivery(c, "192.0.2.3") == 429
    async with db.connection() as conn:
        clients = {r["client"] for r in await conn.fetch("SELECT client FROM webhook_failures")}
    assert clients == {"127.0.0.1"}


async def test_a_trusted_proxy_chain_is_walked_from_the_right(
    settings: Settings, db: Database, registry: Registry, clean: None
) -> None:
    overrides: dict[str, Any] = {
        "webhook_failure_limit": 1,
        "trusted_proxies": "127.0.0.0/8, 10.0.0.0/8",
    }
    async with started_runtime(settings, db, registry, **overrides) as runtime:
        await set_secret(runtime)
        async with TestClient(TestServer(build_app(runtime, registry), host="127.0.0.1")) as c:
            # A sender's own "1.1.1.1" is left of the address our proxies saw.
            assert await bad_delivery(c, "1.1.1.1, 198.51.100.9, 10.1.2.3") == 401
    async with db.connection() as conn:
        clients = [r["client"] for r in await conn.fetch("SELECT client FROM webhook_failures")]
    assert clients == ["198.51.100.9"]

"""``GET /metrics`` over real HTTP on a real database: who may read it, and that its
numbers move with calls, requests, jobs and deliveries."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from prometheus_client.parser import text_string_to_metric_families

from domains.github.service_intake import GitHubWebhookIntake
from rpc.context import JobContext, Runtime
from rpc.http import RUNTIME, build_metrics_app
from rpc.jobs import Workers
from rpc.metrics import Metrics
from rpc.settings import Settings
from sql.database import Database
from tests.domains.accounts.factories import bearer, make_api_key, owner_token
from tests.rpc.conftest import AUTH_HEADER, AppFactory, Client, post, req
from tests.rpc.jobs_support import enqueue_committed

pytestmark = pytest.mark.committing

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def parse(text: str) -> Samples:
    """Every sample of an exposition, by name and labels."""
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


async def scrape(client: Client, headers: dict[str, str] | None = None) -> Samples:
    resp = await client.get("/metrics", headers=headers or {AUTH_HEADER: "api_key"})
    assert resp.status == 200, await resp.text()
    assert resp.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    return parse(await resp.text())


async def test_without_owner_credentials_it_is_a_bare_401(client: Client) -> None:
    token = await owner_token(client)
    key = (await make_api_key(client, token))["key"]
    for headers in (
        {},
        bearer("jck_not_a_real_key"),
        bearer("jct_not_a_real_token"),
        {"Authorization": "Basic b3duZXI6cGFzcw=="},
    ):
        resp = await client.get("/metrics", headers=headers)
        assert resp.status == 401
        assert resp.headers["WWW-Authenticate"] == "Bearer"
        assert await resp.read() == b""  # no detail
        assert "X-Request-Id" in resp.headers
    for credential in (key, token):
        samples = await scrape(client, bearer(credential))
        assert value(samples, "jidocode_scrape_database_ok") == 1


async def test_call_counts_move_per_method_and_outcome(serve: AppFactory) -> None:
    async with serve() as client:
        before = await scrape(client)
        await post(client, req("system.ping"))
        await post(client, req("system.ping"))
        await post(
            client,
            [
                req("system.ping", id=1),
                req("test.count", {"count": "many"}, id=2),
                req("no.such_method", id=3),
                req("test.boom", id=4),
            ],
        )
        after = await scrape(client)

    def moved(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    calls = "jidocode_rpc_calls_total"
    assert moved(calls, method="system.ping", outcome="ok") == 3
    assert moved(calls, method="test.count", outcome="invalid_params") == 1
    assert moved(calls, method="unknown", outcome="method_not_found") == 1
    assert moved(calls, method="test.boom", outcome="internal") == 1
    hist = "jidocode_rpc_call_duration_seconds"
    assert moved(f"{hist}_count", method="system.ping", outcome="ok") == 3
    assert moved(f"{hist}_sum", method="system.ping", outcome="ok") > 0
    assert moved(f"{hist}_bucket", method="system.ping", outcome="ok", le="+Inf") == 3
    http = "jidocode_http_requests_total"
    assert moved(http, route="/rpc", method="POST", status="200") == 3
    # The first scrape is counted once it is answered, so the second one sees it.
    assert value(after, http, route="/metrics", method="GET", status="200") == 1
    assert value(after, "jidocode_db_pool_max") >= 1
    assert value(after, "jidocode_db_pool_size") >= value(after, "jidocode_db_pool_idle")


async def test_each_runtime_counts_on_its_own(serve: AppFactory) -> None:
    async with serve() as one, serve() as two:
        await post(one, req("system.ping"))
        assert (
            value(await scrape(one), "jidocode_rpc_calls_total", method="system.ping", outcome="ok")
            == 1
        )
        assert (
            value(await scrape(two), "jidocode_rpc_calls_total", method="system.ping", outcome="ok")
            == 0
        )


async def test_jobs_and_deliveries_are_read_from_the_database_at_scrape(
    client: Client, runtime: Runtime
) -> None:
    key = (await make_api_key(client, await owner_token(client)))["key"]
    before = await scrape(client, bearer(key))
    assert value(before, "jidocode_webhook_deliveries", status="received") == 0
    intake = GitHubWebhookIntake(runtime.settings)
    await intake.store(
        runtime,
        delivery_id="metrics-1",
        event="ping",
        payload={"zen": "metrics"},
        full_name=None,
        repo_id=None,
    )
    await enqueue_committed(runtime.db, "test.later", delay_s=3600)
    after = await scrape(client, bearer(key))
    assert value(after, "jidocode_webhook_deliveries", status="received") == 1
    assert value(after, "jidocode_jobs", kind="github.process_delivery", status="queued") == 1
    assert value(after, "jidocode_jobs", kind="test.later", status="queued") == 1
    assert value(after, "jidocode_jobs_oldest_due_seconds", kind="github.process_delivery") >= 0
    # Not yet due: it has not waited at all.
    assert ("jidocode_jobs_oldest_due_seconds", frozenset({("kind", "test.later")})) not in after


async def test_job_outcomes_are_counted_by_the_worker_that_ran_them(
    runtime: Runtime, clean: None
) -> None:
    async def ok(ctx: JobContext, payload: dict[str, Any]) -> None:
        """Succeeds."""

    async def fails(ctx: JobContext, payload: dict[str, Any]) -> None:
        raise RuntimeError("no")

    await enqueue_committed(runtime.db, "test.ok")
    await enqueue_committed(runtime.db, "test.ok")
    await enqueue_committed(runtime.db, "test.fails", max_attempts=2)
    await enqueue_committed(runtime.db, "test.dies", max_attempts=1)
    workers = Workers(
        runtime,
        {"test.ok": ok, "test.fails": fails, "test.dies": fails},
        worker_id="metrics",
        backoff_base_s=3600,
    )
    assert await workers.drain() == 4
    samples = parse((await runtime.metrics.render(runtime.db)).decode())
    outcomes = "jidocode_job_outcomes_total"
    assert value(samples, outcomes, kind="test.ok", outcome="done") == 2
    assert value(samples, outcomes, kind="test.fails", outcome="retry") == 1
    assert value(samples, outcomes, kind="test.dies", outcome="dead") == 1
    assert value(samples, "jidocode_jobs", kind="test.dies", status="dead") == 1


async def test_a_separate_listen_address_serves_it_without_auth(serve: AppFactory) -> None:
    async with serve(metrics_listen="127.0.0.1:0") as main:
        assert main.app is not None
        runtime = main.app[RUNTIME]
        # The main address no longer serves it, with credentials or without.
        assert (await main.get("/metrics", headers={AUTH_HEADER: "api_key"})).status == 404
        await post(main, req("system.ping"))
        async with TestClient(TestServer(build_metrics_app(runtime), host="127.0.0.1")) as side:
            samples = await scrape(side, {})
            assert (await side.get("/rpc")).status in (404, 405)
    assert value(samples, "jidocode_rpc_calls_total", method="system.ping", outcome="ok") == 1


async def test_an_unreadable_database_still_answers(settings: Settings) -> None:
    assert settings.database_url
    closed = await Database.open(
        settings.database_url, min_size=1, max_size=1, statement_timeout_ms=1000
    )
    await closed.close()
    samples = parse((await Metrics().render(closed)).decode())
    assert value(samples, "jidocode_scrape_database_ok") == 0

"""Jobs: enqueue inside the caller's transaction, claims that never run a job twice,
retries with backoff up to ``dead``, leases that outlive a crashed worker, and the
LISTEN/NOTIFY wake-up.

No timing assertions: where time must pass (a lease expiring) the test waits in a bounded
loop for the state it expects; backoff is checked from the stored ``run_at``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest

from rpc.context import JobContext, Runtime
from rpc.errors import ProviderError
from rpc.jobs import Workers, enqueue, repo
from rpc.jobs.worker import MAX_BACKOFF_S, backoff_s, describe_failure
from sql.database import Connection, Database
from tests.rpc.jobs_support import (
    KIND,
    _nothing,
    enqueue_committed,
    job,
    on,
    runtime_,
    second_db,
    until,
)

__all__ = ["runtime_", "second_db"]


# --- enqueue -----------------------------------------------------------------------------


async def test_enqueue_requires_a_transaction(db: Database) -> None:
    async with db.connection() as c:
        with pytest.raises(RuntimeError, match="inside the caller's transaction"):
            await enqueue(c, KIND)


async def test_enqueue_records_a_queued_job(conn: Connection) -> None:
    job_id = await enqueue(conn, KIND, {"n": 1, "nested": {"ok": True}}, max_attempts=3)
    found = await repo.get_job(conn, job_id=job_id)
    assert found is not None
    assert (found.kind, found.status, found.attempts, found.max_attempts) == (KIND, "queued", 0, 3)
    assert found.payload == {"n": 1, "nested": {"ok": True}}
    assert found.locked_by is None


async def test_rolled_back_enqueue_leaves_no_job(db: Database) -> None:
    async with db.pool.acquire() as c:
        tx = c.transaction()
        await tx.start()
        job_id = await enqueue(c, KIND)
        assert await repo.get_job(c, job_id=job_id) is not None
        await tx.rollback()
    async with db.connection() as c:
        assert await repo.get_job(c, job_id=job_id) is None


async def test_delayed_job_is_not_due(conn: Connection) -> None:
    await enqueue(conn, KIND, delay_s=3600)
    assert await repo.claim_job(conn, worker_id="w", kinds=[KIND], lease_s=60) is None


async def test_claim_only_takes_known_kinds(conn: Connection) -> None:
    await enqueue(conn, "test.other")
    assert await repo.claim_job(conn, worker_id="w", kinds=[KIND], lease_s=60) is None
    claimed = await repo.claim_job(conn, worker_id="w", kinds=["test.other"], lease_s=60)
    assert claimed is not None
    assert claimed.attempts == 1


# --- two workers, 1,000 jobs -------------------------------------------------------------


@pytest.mark.committing
async def test_two_workers_drain_1000_jobs_once_each(
    db: Database, second_db: Database, runtime_: Runtime, clean: None
) -> None:
    async with db.transaction() as c:
        enqueued = {await enqueue(c, KIND, {"n": n}) for n in range(1000)}
    assert len(enqueued) == 1000

    ran: list[tuple[str, UUID, int]] = []

    def recorder(name: str) -> Callable[[JobContext, dict[str, Any]], Awaitable[None]]:
        async def handler(ctx: JobContext, payload: dict[str, Any]) -> None:
            """Record which worker ran which job, then yield to the other loops."""
            ran.append((name, ctx.job_id, payload["n"]))
            await asyncio.sleep(0)

        return handler

    one = Workers(on(runtime_, db), {KIND: recorder("one")}, worker_id="worker-one")
    two = Workers(on(runtime_, second_db), {KIND: recorder("two")}, worker_id="worker-two")
    # Several drains per worker, so claims really race (SKIP LOCKED).
    counts = await asyncio.gather(*(w.drain() for w in (one, two) for _ in range(4)))

    assert sum(counts) == 1000
    ids = [job_id for _, job_id, _ in ran]
    assert len(ids) == 1000, "no job ran twice"
    assert set(ids) == enqueued, "no job was lost"
    assert sorted(n for _, _, n in ran) == list(range(1000))
    assert {name for name, _, _ in ran} == {"one", "two"}, "both workers took part"
    async with db.connection() as c:
        rows = await c.fetch("SELECT status, attempts, count(*) AS n FROM jobs GROUP BY 1, 2")
    assert [(r["status"], r["attempts"], r["n"]) for r in rows] == [("done", 1, 1000)]


# --- failures, backoff, dead -------------------------------------------------------------


def test_backoff_doubles_and_is_capped() -> None:
    assert [backoff_s(a, 1.0) for a in (1, 2, 3, 4)] == [1.0, 2.0, 4.0, 8.0]
    assert backoff_s(1, 0.5) == 0.5
    assert backoff_s(40, 1.0) == MAX_BACKOFF_S


def test_failure_description_never_carries_an_arbitrary_message() -> None:
    assert describe_failure(RuntimeError("ghp_secret")) == "RuntimeError (see the worker log)"
    typed = describe_failure(ProviderError(reason="upstream answered 502"))
    assert typed.startswith("provider_error:")
    assert "upstream answered 502" in typed


@pytest.mark.committing
async def test_failing_job_backs_off_then_dies(
    db: Database, runtime_: Runtime, clean: None
) -> None:
    calls: list[int] = []

    async def failing(ctx: JobContext, payload: dict[str, Any]) -> None:
        """Always fails, with a message that must not be stored."""
        calls.append(ctx.attempt)
        raise RuntimeError("token=ghp_DoNotStoreMe0123456789")

    workers = Workers(runtime_, {KIND: failing}, backoff_base_s=60, worker_id="w-backoff")
    job_id = await enqueue_committed(db, max_attempts=3)

    async def make_due() -> None:
        # Stands in for the backoff delay passing, so no test waits a minute.
        async with db.connection() as c:
            await c.execute("UPDATE jobs SET run_at = now() WHERE id = $1", job_id)

    assert await workers.drain() == 1
    first = await job(db, job_id)
    assert (first.status, first.attempts) == ("queued", 1)
    assert first.run_at - first.updated_at == timedelta(seconds=60)
    assert first.last_error == "RuntimeError (see the worker log)"
    assert first.locked_by is None
    assert await workers.drain() == 0, "not due before its backoff"

    await make_due()
    assert await workers.drain() == 1
    second = await job(db, job_id)
    assert (second.status, second.attempts) == ("queued", 2)
    assert second.run_at - second.updated_at == timedelta(seconds=120)

    await make_due()
    assert await workers.drain() == 1
    dead = await job(db, job_id)
    assert (dead.status, dead.attempts) == ("dead", 3)
    assert dead.finished_at is not None
    assert "ghp_" not in (dead.last_error or "")
    assert calls == [1, 2, 3]

    await make_due()
    assert await workers.drain() == 0, "a dead job stays dead"


@pytest.mark.committing
async def test_small_backoff_reaches_dead_on_its_own(
    db: Database, runtime_: Runtime, clean: None
) -> None:
    calls: list[int] = []

    async def failing(ctx: JobContext, payload: dict[str, Any]) -> None:
        """Fails with a typed error."""
        calls.append(ctx.attempt)
        raise ProviderError(reason="upstream answered 502")

    workers = Workers(runtime_, {KIND: failing}, backoff_base_s=0.01, worker_id="w-small")
    job_id = await enqueue_committed(db, max_attempts=3)

    async def is_dead() -> bool:
        await workers.drain()
        return bool((await job(db, job_id)).status == "dead")

    await until(is_dead)
    final = await job(db, job_id)
    assert final.attempts == 3
    assert calls == [1, 2, 3]
    assert final.last_error is not None
    assert final.last_error.startswith("provider_error:")


# --- LISTEN/NOTIFY -----------------------------------------------------------------------


@pytest.mark.committing
async def test_notify_wakes_an_idle_worker(db: Database, runtime_: Runtime, clean: None) -> None:
    seen: dict[int, asyncio.Event] = {1: asyncio.Event(), 2: asyncio.Event()}

    async def handler(ctx: JobContext, payload: dict[str, Any]) -> None:
        """Signals the test."""
        seen[payload["n"]].set()

    # An hour between polls: only a NOTIFY can make the worker claim within the test.
    workers = Workers(runtime_, {KIND: handler}, poll_interval_s=3600, concurrency=2)
    await workers.start()
    try:
        await enqueue_committed(db, payload={"n": 1})
        await asyncio.wait_for(seen[1].wait(), 30)
        await enqueue_committed(db, "test.unhandled")  # another kind: not claimed here
        await asyncio.sleep(0.2)  # let the loops go back to sleep (not an assertion)
        await enqueue_committed(db, payload={"n": 2})
        await asyncio.wait_for(seen[2].wait(), 30)
    finally:
        await workers.stop()
    async with db.connection() as c:
        statuses = await c.fetch("SELECT kind, status FROM jobs ORDER BY kind")
    assert [(r["kind"], r["status"]) for r in statuses] == [
        (KIND, "done"),
        (KIND, "done"),
        ("test.unhandled", "queued"),
    ]


@pytest.mark.committing
async def test_stop_without_handlers_and_twice(runtime_: Runtime, clean: None) -> None:
    workers = Workers(runtime_, {})
    await workers.start()
    await workers.stop()
    busy = Workers(runtime_, {KIND: _nothing}, poll_interval_s=3600)
    await busy.start()
    await busy.stop()
    await busy.stop()


@pytest.mark.committing
async def test_stop_during_a_claim_is_not_lost(
    db: Database, second_db: Database, runtime_: Runtime, clean: None
) -> None:
    # Block the workers' claim behind a table lock, ask them to stop, then release: the
    # claim finds nothing, and the loop must notice the stop instead of sleeping a poll.
    workers = Workers(
        on(runtime_, second_db), {KIND: _nothing}, poll_interval_s=3600, concurrency=1
    )
    async with db.pool.acquire() as blocker:
        tx = blocker.transaction()
        await tx.start()
        await blocker.execute("LOCK TABLE jobs IN ACCESS EXCLUSIVE MODE")
        await workers.start()

        async def claim_is_blocked() -> bool:
            waiting = await blocker.fetchval(
                "SELECT count(*) FROM pg_locks WHERE relation = 'jobs'::regclass AND NOT granted"
            )
            return bool(waiting)

        await until(claim_is_blocked)
        tasks = list(workers._tasks)
        stopping = asyncio.create_task(workers.stop(grace_s=30))
        await asyncio.sleep(0)  # let stop() signal before the claim can return
        await tx.rollback()
    await stopping
    assert all(t.done() and not t.cancelled() for t in tasks), "the loop saw the stop"

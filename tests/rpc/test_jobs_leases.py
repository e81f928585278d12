"""Jobs and crashed workers: a dead worker's job is taken again after its lease, a worker
that lost its lease cannot complete, and a lease lost on the last attempt ends ``dead``.

No timing assertions: the tests wait in bounded loops for the state they expect.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from uuid import UUID

import pytest

from rpc.context import JobContext, Runtime
from rpc.jobs import Workers, repo
from sql.database import Database
from tests.rpc.jobs_support import (
    KIND,
    enqueue_committed,
    job,
    on,
    runtime_,
    second_db,
    until,
)

__all__ = ["runtime_", "second_db"]


@pytest.mark.committing
async def test_job_of_a_dead_worker_is_picked_up_after_its_lease(
    db: Database, second_db: Database, runtime_: Runtime, clean: None
) -> None:
    ran: list[tuple[UUID, int]] = []

    async def record(ctx: JobContext, payload: dict[str, Any]) -> None:
        """Records the run."""
        ran.append((ctx.job_id, ctx.attempt))

    # One job is held by a live worker whose lease is far from expiring.
    held_id = await enqueue_committed(db)
    async with db.connection() as c:
        held = await repo.claim_job(c, worker_id="alive", kinds=[KIND], lease_s=3600)
    assert held is not None
    assert held.id == held_id
    # Another worker claims a job with a short lease and then "dies": it never completes.
    job_id = await enqueue_committed(db)
    async with db.connection() as c:
        claimed = await repo.claim_job(c, worker_id="crashed", kinds=[KIND], lease_s=0.2)
    assert claimed is not None
    assert claimed.id == job_id

    survivor = Workers(on(runtime_, second_db), {KIND: record}, worker_id="survivor")

    async def picked_up() -> bool:
        await survivor.drain()
        return bool(ran)

    await until(picked_up)
    assert ran == [(job_id, 2)]
    done = await job(db, job_id)
    assert (done.status, done.attempts, done.locked_by) == ("done", 2, None)
    still_held = await job(db, held_id)
    assert (still_held.status, still_held.locked_by) == ("running", "alive")

    # The dead worker, were it to come back, can no longer touch the job.
    async with db.connection() as c:
        stale = claimed.lease_token
        assert not await repo.complete_job(c, job_id=job_id, lease_token=stale)
        assert not await repo.extend_lease(c, job_id=job_id, lease_token=stale, lease_s=60)
        assert (
            await repo.fail_job(c, job_id=job_id, lease_token=stale, retry_in_s=0, error="x")
            is None
        )
    assert (await job(db, job_id)).status == "done"


@pytest.mark.committing
async def test_lease_lost_on_the_last_attempt_makes_the_job_dead(
    db: Database, runtime_: Runtime, clean: None
) -> None:
    ran: list[UUID] = []

    async def record(ctx: JobContext, payload: dict[str, Any]) -> None:
        """Records the run."""
        ran.append(ctx.job_id)

    job_id = await enqueue_committed(db, max_attempts=1)
    async with db.connection() as c:
        assert await repo.claim_job(c, worker_id="crashed", kinds=[KIND], lease_s=0.2)
    workers = Workers(runtime_, {KIND: record}, worker_id="w-last")

    async def dead() -> bool:
        await workers.drain()
        return bool((await job(db, job_id)).status == "dead")

    await until(dead)
    assert ran == [], "a job out of attempts is not run again"
    assert (await job(db, job_id)).last_error == "lease expired during the last attempt"


@pytest.mark.committing
async def test_worker_that_lost_its_lease_cannot_complete(
    db: Database,
    second_db: Database,
    runtime_: Runtime,
    clean: None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    release = asyncio.Event()
    started = asyncio.Event()
    runs: list[str] = []

    async def slow(ctx: JobContext, payload: dict[str, Any]) -> None:
        """Blocks until released (the stalled holder)."""
        runs.append("slow")
        started.set()
        await release.wait()

    async def quick(ctx: JobContext, payload: dict[str, Any]) -> None:
        """Finishes at once (the worker that takes over)."""
        runs.append("quick")

    stalled = Workers(on(runtime_, db), {KIND: slow}, worker_id="stalled", lease_s=60)
    other = Workers(on(runtime_, second_db), {KIND: quick}, worker_id="other")
    job_id = await enqueue_committed(db)

    holder = asyncio.create_task(stalled.run_one())
    await asyncio.wait_for(started.wait(), 30)
    # The stalled worker's lease runs out (as if it had hung for a minute).
    async with db.connection() as c:
        await c.execute(
            "UPDATE jobs SET lease_expires_at = now() - interval '1 second' WHERE id = $1", job_id
        )
    assert await other.run_one()
    taken_over = await job(db, job_id)
    assert (taken_over.status, taken_over.attempts) == ("done", 2)

    with caplog.at_level(logging.WARNING):
        release.set()
        assert await asyncio.wait_for(holder, 30)
    assert "lease was taken over" in caplog.text
    after = await job(db, job_id)
    assert (after.status, after.finished_at) == ("done", taken_over.finished_at)
    assert runs == ["slow", "quick"]

"""Fencing tokens and dedupe keys: a stale claim commits nothing; a key is held once."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from rpc.context import JobContext, Runtime
from rpc.jobs import LeaseLost, Workers, complete_in, enqueue, repo
from sql.database import Database
from tests.rpc.jobs_support import KIND, enqueue_committed, job, runtime_

__all__ = ["runtime_"]

pytestmark = pytest.mark.committing


async def expire(db: Database, job_id: object) -> None:
    async with db.connection() as c:
        await c.execute(
            "UPDATE jobs SET lease_expires_at = now() - interval '1 second' WHERE id = $1", job_id
        )


async def test_a_second_claim_by_the_same_worker_id_fences_the_first(
    db: Database, clean: None
) -> None:
    # Two loops of one process share the worker id: only the token tells them apart.
    job_id = await enqueue_committed(db)
    async with db.connection() as c:
        first = await repo.claim_job(c, worker_id="same", kinds=[KIND], lease_s=60)
    assert first is not None
    await expire(db, job_id)
    async with db.connection() as c:
        second = await repo.claim_job(c, worker_id="same", kinds=[KIND], lease_s=60)
        assert second is not None
        assert second.lease_token > first.lease_token
        assert not await repo.complete_job(c, job_id=job_id, lease_token=first.lease_token)
        assert not await repo.extend_lease(
            c, job_id=job_id, lease_token=first.lease_token, lease_s=60
        )
        assert await repo.complete_job(c, job_id=job_id, lease_token=second.lease_token)
    assert (await job(db, job_id)).status == "done"


async def test_complete_in_rolls_back_the_writes_of_a_stale_attempt(
    db: Database, runtime_: Runtime, clean: None
) -> None:
    job_id = await enqueue_committed(db)
    async with db.connection() as c:
        claimed = await repo.claim_job(c, worker_id="w", kinds=[KIND], lease_s=60)
    assert claimed is not None
    stale = JobContext(runtime_, job_id, 1, 5, claimed.lease_token - 1)

    async def write_then_complete(ctx: JobContext) -> None:
        async with db.transaction() as c:
            await c.execute("UPDATE jobs SET last_error = 'written' WHERE id = $1", job_id)
            await complete_in(c, ctx)

    with pytest.raises(LeaseLost):
        await write_then_complete(stale)
    assert (await job(db, job_id)).last_error is None
    fresh = JobContext(runtime_, job_id, 1, 5, claimed.lease_token)
    async with db.transaction() as c:
        await complete_in(c, fresh)
    assert (await job(db, job_id)).status == "done"


async def test_a_handler_completing_itself_is_not_reported_as_lost(
    db: Database, runtime_: Runtime, clean: None, caplog: pytest.LogCaptureFixture
) -> None:
    async def finishes(ctx: JobContext, payload: dict[str, Any]) -> None:
        """Completes the job in its own transaction."""
        async with ctx.db.transaction() as c:
            await complete_in(c, ctx)

    job_id = await enqueue_committed(db)
    assert await Workers(runtime_, {KIND: finishes}, worker_id="self").run_one()
    assert (await job(db, job_id)).status == "done"
    assert "taken over" not in caplog.text


async def test_dedupe_key_holds_one_unfinished_job(db: Database, clean: None) -> None:
    async def put() -> object:
        async with db.transaction() as c:
            return await enqueue(c, KIND, {"n": 1}, dedupe_key="project:1")

    ids = await asyncio.gather(*(put() for _ in range(6)))
    assert len(set(ids)) == 1
    other = await enqueue_committed(db, dedupe_key="project:2")
    assert other != ids[0]
    plain = {await enqueue_committed(db), await enqueue_committed(db)}
    assert len(plain) == 2  # no key, no deduplication
    # Once finished, the key is free again.
    async with db.connection() as c:
        claimed = await repo.claim_job(c, worker_id="w", kinds=[KIND], lease_s=60)
        while claimed is not None and claimed.id != ids[0]:
            claimed = await repo.claim_job(c, worker_id="w", kinds=[KIND], lease_s=60)
        assert claimed is not None
        assert await repo.complete_job(c, job_id=claimed.id, lease_token=claimed.lease_token)
    again = await enqueue_committed(db, dedupe_key="project:1")
    assert again != ids[0]

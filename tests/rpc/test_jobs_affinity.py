"""Host affinity: a job pinned to a host runs there while that host sends heartbeats; once
its heartbeat is older than a lease another host may claim it and its handler is told;
a job without affinity runs anywhere; a running job pinned by its holder (``set_affinity``)
is retried only on that host; started workers keep their host's row fresh.

No timing assertions: a host's age is set with SQL, and where time must pass (a lease
expiring, a heartbeat advancing) the test waits in a bounded loop for the state.
"""

from __future__ import annotations

import socket
from datetime import datetime
from typing import Any
from uuid import UUID

import pytest

from rpc.context import JobContext, Runtime
from rpc.jobs import LeaseLost, Workers, repo, set_affinity
from rpc.settings import Settings
from sql.database import Database
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

LEASE_S = 60.0
HOST_A = "host-a"
HOST_B = "host-b"


class Seen:
    """A handler recording the context of each job it ran."""

    def __init__(self) -> None:
        self.contexts: list[JobContext] = []

    async def __call__(self, ctx: JobContext, payload: dict[str, Any]) -> None:
        """Record the context."""
        self.contexts.append(ctx)

    def views(self) -> list[tuple[UUID, str, str | None, bool]]:
        return [(c.job_id, c.host, c.affinity, c.on_foreign_host) for c in self.contexts]


def worker_on(runtime: Runtime, host: str, seen: Seen) -> Workers:
    return Workers(runtime, {KIND: seen}, host_id=host, worker_id=f"{host}:w", lease_s=LEASE_S)


async def host_seen(db: Database, host: str, *, ago_s: float) -> None:
    """Set ``host``'s last heartbeat ``ago_s`` seconds into the past (the database's clock)."""
    async with db.connection() as c:
        await c.execute(
            """
            INSERT INTO worker_hosts (host, last_seen_at)
            VALUES ($1, now() - make_interval(secs => $2))
            ON CONFLICT (host) DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at
            """,
            host,
            ago_s,
        )


async def last_seen(db: Database, host: str) -> datetime | None:
    async with db.connection() as c:
        seen: datetime | None = await c.fetchval(
            "SELECT last_seen_at FROM worker_hosts WHERE host = $1", host
        )
    return seen


def test_on_foreign_host_needs_an_affinity_for_another_host(runtime_: Runtime) -> None:
    def ctx(affinity: str | None) -> JobContext:
        return JobContext(runtime_, UUID(int=1), 1, host=HOST_A, affinity=affinity)

    assert not ctx(None).on_foreign_host
    assert not ctx(HOST_A).on_foreign_host
    assert ctx(HOST_B).on_foreign_host
    assert not JobContext(runtime_, UUID(int=1), 1).on_foreign_host, "old constructions"


@pytest.mark.committing
async def test_a_job_for_a_live_host_waits_for_that_host(
    db: Database, second_db: Database, runtime_: Runtime, clean: None
) -> None:
    await host_seen(db, HOST_B, ago_s=LEASE_S / 2)  # older than a beat, within the lease
    job_id = await enqueue_committed(db, affinity=HOST_B)
    assert (await job(db, job_id)).affinity == HOST_B

    on_a, on_b = Seen(), Seen()
    assert await worker_on(runtime_, HOST_A, on_a).drain() == 0, "not claimed off its host"
    assert (await job(db, job_id)).status == "queued"

    assert await worker_on(on(runtime_, second_db), HOST_B, on_b).drain() == 1
    assert on_b.views() == [(job_id, HOST_B, HOST_B, False)]
    assert on_a.views() == []
    assert (await job(db, job_id)).status == "done"


@pytest.mark.committing
async def test_a_job_for_a_gone_host_is_claimed_elsewhere_and_the_handler_told(
    db: Database, runtime_: Runtime, clean: None
) -> None:
    await host_seen(db, HOST_B, ago_s=LEASE_S * 1.5)
    stale = await enqueue_committed(db, affinity=HOST_B)
    never_seen = await enqueue_committed(db, affinity="host-never-seen")

    on_a = Seen()
    assert await worker_on(runtime_, HOST_A, on_a).drain() == 2
    assert on_a.views() == [
        (stale, HOST_A, HOST_B, True),
        (never_seen, HOST_A, "host-never-seen", True),
    ]
    assert (await job(db, stale)).locked_by is None
    assert (await job(db, stale)).status == "done"


@pytest.mark.committing
async def test_an_expired_lease_on_a_live_host_stays_with_that_host(
    db: Database, runtime_: Runtime, clean: None
) -> None:
    # Host B claims its job and loses the lease (a frozen loop) while the host is alive:
    # only host B may take it again, until host B itself goes quiet.
    await host_seen(db, HOST_B, ago_s=0)
    job_id = await enqueue_committed(db, affinity=HOST_B)
    async with db.connection() as c:
        held = await repo.claim_job(c, worker_id="b:frozen", kinds=[KIND], lease_s=0.2, host=HOST_B)
    assert held is not None
    assert (held.id, held.affinity) == (job_id, HOST_B)

    async def lease_expired() -> bool:
        async with db.connection() as c:
            return bool(
                await c.fetchval("SELECT lease_expires_at < now() FROM jobs WHERE id = $1", job_id)
            )

    await until(lease_expired)
    on_a = Seen()
    workers_a = worker_on(runtime_, HOST_A, on_a)
    assert await workers_a.drain() == 0
    await host_seen(db, HOST_B, ago_s=LEASE_S * 2)
    assert await workers_a.drain() == 1
    assert on_a.views() == [(job_id, HOST_A, HOST_B, True)]
    assert on_a.contexts[0].attempt == 2


async def lease_expired(db: Database, job_id: UUID) -> bool:
    async with db.connection() as c:
        return bool(
            await c.fetchval("SELECT lease_expires_at < now() FROM jobs WHERE id = $1", job_id)
        )


@pytest.mark.committing
async def test_a_job_pinned_by_its_holder_is_retried_only_on_that_host(
    db: Database, runtime_: Runtime, clean: None
) -> None:
    # A run's first job goes to any host; host A claims it, makes the worktree and pins
    # the job to itself, then dies: the retry waits for host A, or, once host A is gone,
    # runs elsewhere knowing it is on a foreign host.
    await host_seen(db, HOST_A, ago_s=0)
    job_id = await enqueue_committed(db)
    async with db.connection() as c:
        held = await repo.claim_job(c, worker_id="a:dies", kinds=[KIND], lease_s=0.2, host=HOST_A)
    assert held is not None
    assert held.affinity is None
    holder = JobContext(
        runtime_, held.id, held.attempts, held.max_attempts, held.lease_token, host=HOST_A
    )
    async with db.transaction() as c:
        await set_affinity(c, holder, HOST_A)
    assert (await job(db, job_id)).affinity == HOST_A

    async def expired() -> bool:
        return await lease_expired(db, job_id)

    await until(expired)
    on_b = Seen()
    workers_b = worker_on(runtime_, HOST_B, on_b)
    assert await workers_b.drain() == 0, "host A is alive: its job waits for it"
    await host_seen(db, HOST_A, ago_s=LEASE_S * 2)
    assert await workers_b.drain() == 1
    assert on_b.views() == [(job_id, HOST_B, HOST_A, True)]
    assert on_b.contexts[0].attempt == 2


@pytest.mark.committing
async def test_set_affinity_is_fenced_on_the_lease(
    db: Database, runtime_: Runtime, clean: None
) -> None:
    job_id = await enqueue_committed(db)
    async with db.connection() as c:
        held = await repo.claim_job(c, worker_id="a:w", kinds=[KIND], lease_s=60, host=HOST_A)
    assert held is not None

    async def pin_with_a_write(ctx: JobContext) -> None:
        async with db.transaction() as c:
            await c.execute("INSERT INTO worker_hosts (host) VALUES ('rolled-back')")
            await set_affinity(c, ctx, HOST_A)

    stale = JobContext(runtime_, held.id, 1, 5, held.lease_token - 1, host=HOST_A)
    with pytest.raises(LeaseLost):
        await pin_with_a_write(stale)
    assert (await job(db, job_id)).affinity is None
    assert await last_seen(db, "rolled-back") is None, "the caller's writes rolled back"
    fresh = JobContext(runtime_, held.id, 1, 5, held.lease_token, host=HOST_A)
    async with db.connection() as c:
        with pytest.raises(RuntimeError, match="inside the handler's transaction"):
            await set_affinity(c, fresh, HOST_A)
    async with db.transaction() as c:
        await set_affinity(c, fresh, HOST_A)
    assert (await job(db, job_id)).affinity == HOST_A


@pytest.mark.committing
async def test_a_job_for_its_own_host_is_claimed_normally(
    db: Database, runtime_: Runtime, clean: None
) -> None:
    # Even with this host's own row stale (before its first beat): it is its job.
    await host_seen(db, HOST_A, ago_s=LEASE_S * 2)
    job_id = await enqueue_committed(db, affinity=HOST_A)
    on_a = Seen()
    assert await worker_on(runtime_, HOST_A, on_a).drain() == 1
    assert on_a.views() == [(job_id, HOST_A, HOST_A, False)]


@pytest.mark.committing
async def test_a_job_without_affinity_is_claimed_by_any_host(
    db: Database, second_db: Database, runtime_: Runtime, clean: None
) -> None:
    first = await enqueue_committed(db)
    on_a, on_b = Seen(), Seen()
    assert await worker_on(runtime_, HOST_A, on_a).drain() == 1
    second = await enqueue_committed(db)
    assert await worker_on(on(runtime_, second_db), HOST_B, on_b).drain() == 1
    assert on_a.views() == [(first, HOST_A, None, False)]
    assert on_b.views() == [(second, HOST_B, None, False)]
    async with db.connection() as c:
        assert await repo.claim_job(c, worker_id="w", kinds=[KIND], lease_s=60) is None
        await enqueue_committed(db)
        claimed = await repo.claim_job(c, worker_id="w", kinds=[KIND], lease_s=60)
    assert claimed is not None, "a claimer without a host still takes unpinned jobs"
    assert claimed.affinity is None


@pytest.mark.committing
async def test_started_workers_heartbeat_their_host_and_leave_the_row(
    db: Database, runtime_: Runtime, clean: None
) -> None:
    host = "host-heartbeat"
    # A short lease, so beats (a third of it) come quickly; no job is ever claimed here.
    workers = Workers(runtime_, {KIND: _nothing}, host_id=host, lease_s=0.3, poll_interval_s=3600)
    assert workers.host_id == host
    assert workers.worker_id.startswith(f"{host}:")
    assert await last_seen(db, host) is None
    await workers.start()
    try:
        started = await last_seen(db, host)
        assert started is not None, "the row is written when the workers start"
        first: datetime = started

        async def advanced() -> bool:
            seen = await last_seen(db, host)
            return seen is not None and seen > first

        await until(advanced)
    finally:
        await workers.stop()
    assert await last_seen(db, host) is not None, "stopping does not delete the row"


def test_host_id_defaults_to_the_host_name(
    runtime_: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("JIDOCODE_HOST_ID", raising=False)
    assert Settings().host_id == socket.gethostname()
    monkeypatch.setenv("JIDOCODE_HOST_ID", "worker-7")
    assert Settings().host_id == "worker-7"
    assert Workers(runtime_, {}).host_id == runtime_.settings.host_id

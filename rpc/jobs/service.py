"""Enqueueing jobs inside the caller's transaction, and completing or pinning one inside a
handler's."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from rpc.context import JobContext
from rpc.jobs import repo
from sql.database import Connection, Database


class LeaseLost(Exception):
    """The job was claimed again (its lease expired) since this attempt began: this
    attempt may commit nothing for it. Raised inside the handler's transaction, so the
    handler's own writes roll back with it."""

    def __init__(self, job_id: UUID) -> None:
        super().__init__(f"job {job_id}: its lease was taken over")
        self.job_id = job_id


async def enqueue(
    conn: Connection,
    kind: str,
    payload: dict[str, Any] | None = None,
    *,
    delay_s: float = 0.0,
    max_attempts: int = 5,
    dedupe_key: str | None = None,
    affinity: str | None = None,
) -> UUID:
    """Record a job on ``conn``; it exists (and workers wake) only if the transaction commits.

    Call it inside the service's transaction, next to the state change that wants the
    effect, so the two are committed or rolled back together. With ``dedupe_key``, a job
    of ``kind`` that is still queued or running with that key is returned instead of a
    new one (a partial unique index keeps it so under concurrency), whatever its affinity.

    With ``affinity`` (a host id, ``Settings.host_id`` of the host holding the job's
    worktree) only workers on that host claim the job while that host sends heartbeats;
    once it has sent none for a lease, any host may, and its handler sees
    ``JobContext.on_foreign_host``.
    """
    if not conn.is_in_transaction():
        raise RuntimeError("enqueue must run inside the caller's transaction")
    while True:
        job_id = await repo.insert_job(
            conn,
            kind=kind,
            payload=payload or {},
            delay_s=delay_s,
            max_attempts=max_attempts,
            dedupe_key=dedupe_key,
            affinity=affinity,
        )
        if job_id is not None:
            return job_id
        assert dedupe_key is not None  # only a deduplicated insert returns nothing
        existing = await repo.find_unfinished(conn, kind=kind, dedupe_key=dedupe_key)
        if existing is not None:
            return existing
        # The holder finished between the two statements: insert again.


async def complete_in(conn: Connection, ctx: JobContext) -> None:
    """Mark the running job done in the caller's transaction, fenced on its lease token.

    A handler whose final writes must happen exactly once calls this in the transaction
    that makes them: if the lease was taken over, ``LeaseLost`` rolls them back; else
    the job row stays locked until commit, so no other worker can claim it in between.
    """
    if not conn.is_in_transaction():
        raise RuntimeError("complete_in must run inside the handler's transaction")
    if not await repo.complete_job(conn, job_id=ctx.job_id, lease_token=ctx.lease_token):
        raise LeaseLost(ctx.job_id)


async def set_affinity(conn: Connection, ctx: JobContext, host: str) -> None:
    """Pin the running job to ``host`` in the caller's transaction, fenced on its lease.

    A job enqueued for any host that makes something only ``host`` has (a run's
    worktree) calls this in the transaction that records it: should its worker die, the
    job's next attempt runs only on ``host`` while that host sends heartbeats (after a
    lease without one, elsewhere with ``JobContext.on_foreign_host``). If the lease was
    taken over, ``LeaseLost`` rolls the caller's writes back with it.
    """
    if not conn.is_in_transaction():
        raise RuntimeError("set_affinity must run inside the handler's transaction")
    if not await repo.set_affinity(conn, job_id=ctx.job_id, lease_token=ctx.lease_token, host=host):
        raise LeaseLost(ctx.job_id)


async def enqueue_when_due(
    db: Database, task: str, *, interval_s: float, max_attempts: int = 3
) -> bool:
    """Enqueue job ``task`` if its period is up; several processes enqueue it once a period.

    The claim and the job are one transaction: a job is enqueued exactly when the
    schedule moved forward; the task name is also the job's dedupe key, so a run that
    outlives its period is not doubled.
    """
    async with db.transaction() as conn:
        if not await repo.claim_schedule(conn, task=task, interval_s=interval_s):
            return False
        await enqueue(conn, task, {}, max_attempts=max_attempts, dedupe_key=task)
    return True

"""Enqueueing jobs inside the caller's transaction."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from rpc.jobs import repo
from sql.database import Connection, Database


async def enqueue(
    conn: Connection,
    kind: str,
    payload: dict[str, Any] | None = None,
    *,
    delay_s: float = 0.0,
    max_attempts: int = 5,
) -> UUID:
    """Record a job on ``conn``; it exists (and workers wake) only if the transaction commits.

    Call it inside the service's transaction, next to the state change that wants the
    effect, so the two are committed or rolled back together.
    """
    if not conn.is_in_transaction():
        raise RuntimeError("enqueue must run inside the caller's transaction")
    return await repo.insert_job(
        conn, kind=kind, payload=payload or {}, delay_s=delay_s, max_attempts=max_attempts
    )


async def enqueue_when_due(
    db: Database, task: str, *, interval_s: float, max_attempts: int = 3
) -> bool:
    """Enqueue job ``task`` if its period is up; several processes enqueue it once a period.

    The claim and the job are one transaction: a job is enqueued exactly when the
    schedule moved forward.
    """
    async with db.transaction() as conn:
        if not await repo.claim_schedule(conn, task=task, interval_s=interval_s):
            return False
        await enqueue(conn, task, {}, max_attempts=max_attempts)
    return True

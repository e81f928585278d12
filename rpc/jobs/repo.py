"""The only module that runs the jobs table's SQL.

Every write a holder makes to its job (heartbeat, complete, fail) names the lease token
its claim returned, so it changes nothing once another claim took the job over.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from rpc.jobs.models import ClaimedJob, Job, JobStatus
from sql.database import Connection
from sql.queries import query_file

Q = query_file("jobs")


async def insert_job(
    conn: Connection,
    *,
    kind: str,
    payload: dict[str, Any],
    delay_s: float,
    max_attempts: int,
    dedupe_key: str | None = None,
    affinity: str | None = None,
) -> UUID | None:
    """Insert a queued job and wake listeners when the transaction commits; ``None`` when
    an unfinished job of the kind holds ``dedupe_key``."""
    job_id: UUID | None = await conn.fetchval(
        Q["enqueue_job"], kind, payload, delay_s, max_attempts, dedupe_key, affinity
    )
    if job_id is not None:
        await conn.execute(Q["notify_jobs"], kind)
    return job_id


async def find_unfinished(conn: Connection, *, kind: str, dedupe_key: str) -> UUID | None:
    """The queued or running job of ``kind`` that holds ``dedupe_key``, or ``None``."""
    job_id: UUID | None = await conn.fetchval(
        Q["get_unfinished_job_by_dedupe_key"], kind, dedupe_key
    )
    return job_id


async def claim_job(
    conn: Connection,
    *,
    worker_id: str,
    kinds: list[str],
    lease_s: float,
    host: str | None = None,
) -> ClaimedJob | None:
    """Claim one due job of the given kinds under a new lease token, or ``None``.

    Only a job this ``host`` may run: one without affinity, one for ``host``, or one for
    a host with no heartbeat within ``lease_s``. Without ``host`` (a claimer on no known
    host) only the first and the last.
    """
    row = await conn.fetchrow(Q["claim_job"], worker_id, kinds, lease_s, host)
    return ClaimedJob(**dict(row)) if row else None


async def heartbeat_host(conn: Connection, *, host: str) -> datetime:
    """Record that ``host``'s workers are alive now; the database's ``now()`` recorded."""
    seen: datetime = await conn.fetchval(Q["heartbeat_worker_host"], host)
    return seen


async def extend_lease(conn: Connection, *, job_id: UUID, lease_token: int, lease_s: float) -> bool:
    """Extend the lease; ``False`` when the token is no longer the job's."""
    return await conn.fetchval(Q["extend_job_lease"], job_id, lease_token, lease_s) is not None


async def set_affinity(conn: Connection, *, job_id: UUID, lease_token: int, host: str) -> bool:
    """Pin the running job to ``host``; ``False`` when the token is no longer the job's."""
    return await conn.fetchval(Q["set_job_affinity"], job_id, lease_token, host) is not None


async def complete_job(conn: Connection, *, job_id: UUID, lease_token: int) -> bool:
    """Mark the job done; ``False`` when the token is no longer the job's (or it is done)."""
    return await conn.fetchval(Q["complete_job"], job_id, lease_token) is not None


async def lease_state(conn: Connection, *, job_id: UUID) -> tuple[JobStatus, int] | None:
    """The job's status and current lease token, or ``None`` when it does not exist."""
    row = await conn.fetchrow(Q["job_lease_state"], job_id)
    return (row["status"], row["lease_token"]) if row else None


async def fail_job(
    conn: Connection, *, job_id: UUID, lease_token: int, retry_in_s: float, error: str
) -> JobStatus | None:
    """Record a failed attempt; the new status, or ``None`` if the token is stale."""
    status: JobStatus | None = await conn.fetchval(
        Q["fail_job"], job_id, lease_token, retry_in_s, error
    )
    return status


async def get_job(conn: Connection, *, job_id: UUID) -> Job | None:
    """One job, or ``None``."""
    row = await conn.fetchrow(Q["get_job"], job_id)
    return Job(**dict(row)) if row else None


async def claim_schedule(conn: Connection, *, task: str, interval_s: float) -> bool:
    """Claim periodic ``task`` if it is due, pushing its next due time ``interval_s`` on."""
    return await conn.fetchval(Q["claim_schedule"], task, interval_s) is not None


async def job_counts(conn: Connection) -> list[tuple[tuple[str, ...], float]]:
    """``((kind, status), count)`` for queued, running and dead jobs."""
    rows = await conn.fetch(Q["job_counts"])
    return [((r["kind"], r["status"]), r["jobs"]) for r in rows]


async def oldest_due(conn: Connection) -> list[tuple[tuple[str, ...], float]]:
    """``((kind,), seconds)``: how long the oldest due queued job of each kind has waited."""
    rows = await conn.fetch(Q["job_oldest_due"])
    return [((r["kind"],), r["waited_s"]) for r in rows]

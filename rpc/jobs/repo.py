"""The only module that runs the jobs table's SQL."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from rpc.jobs.models import ClaimedJob, Job, JobStatus
from sql.database import Connection
from sql.queries import query_file

Q = query_file("jobs")


async def insert_job(
    conn: Connection, *, kind: str, payload: dict[str, Any], delay_s: float, max_attempts: int
) -> UUID:
    """Insert a queued job and wake listeners when the transaction commits."""
    job_id: UUID = await conn.fetchval(Q["enqueue_job"], kind, payload, delay_s, max_attempts)
    await conn.execute(Q["notify_jobs"], kind)
    return job_id


async def claim_job(
    conn: Connection, *, worker_id: str, kinds: list[str], lease_s: float
) -> ClaimedJob | None:
    """Claim one due job of the given kinds, or ``None``."""
    row = await conn.fetchrow(Q["claim_job"], worker_id, kinds, lease_s)
    return ClaimedJob(**dict(row)) if row else None


async def extend_lease(conn: Connection, *, job_id: UUID, worker_id: str, lease_s: float) -> bool:
    """Extend the lease; ``False`` when this worker no longer holds the job."""
    return await conn.fetchval(Q["extend_job_lease"], job_id, worker_id, lease_s) is not None


async def complete_job(conn: Connection, *, job_id: UUID, worker_id: str) -> bool:
    """Mark the job done; ``False`` when this worker no longer holds it."""
    return await conn.fetchval(Q["complete_job"], job_id, worker_id) is not None


async def fail_job(
    conn: Connection, *, job_id: UUID, worker_id: str, retry_in_s: float, error: str
) -> JobStatus | None:
    """Record a failed attempt; returns the new status, or ``None`` if the lease was lost."""
    status: JobStatus | None = await conn.fetchval(
        Q["fail_job"], job_id, worker_id, retry_in_s, error
    )
    return status


async def get_job(conn: Connection, *, job_id: UUID) -> Job | None:
    """One job, or ``None``."""
    row = await conn.fetchrow(Q["get_job"], job_id)
    return Job(**dict(row)) if row else None


async def claim_schedule(conn: Connection, *, task: str, interval_s: float) -> bool:
    """Claim periodic ``task`` if it is due, pushing its next due time ``interval_s`` on."""
    return await conn.fetchval(Q["claim_schedule"], task, interval_s) is not None

"""Queueing the step engine's job, for the services that start and resume runs."""

from __future__ import annotations

from uuid import UUID

from domains.orchestration import repo_steps
from rpc.jobs import enqueue
from sql.database import Connection

DRIVE_JOB = "orchestration.drive_run"
# Enough attempts for a few worker deaths; each one is recorded as a lost step attempt.
DRIVE_MAX_ATTEMPTS = 5


async def queue_drive(conn: Connection, *, run_id: UUID) -> None:
    """Queue the job that drives ``run_id`` on, in the caller's transaction; at most one is
    unfinished per run."""
    # Once the run has a worktree (or, a retry, one to reuse), its steps run on the host
    # that holds it.
    host = await repo_steps.worktree_host(conn, run_id=run_id)
    await enqueue(
        conn,
        DRIVE_JOB,
        {"run_id": str(run_id)},
        max_attempts=DRIVE_MAX_ATTEMPTS,
        dedupe_key=str(run_id),
        affinity=host,
    )

"""Queueing the step engine's job, for the services that start and resume runs."""

from __future__ import annotations

from uuid import UUID

from domains.orchestration import repo_steps
from rpc.context import Runtime
from rpc.jobs import enqueue
from sql.database import Connection

DRIVE_JOB = "orchestration.drive_run"
# Enough attempts for a few worker deaths; each one is recorded as a lost step attempt.
DRIVE_MAX_ATTEMPTS = 5


def driven_by_engine(runtime: Runtime, workflow_name: str) -> bool:
    """Whether the engine drives runs of this workflow (a domain that registered a resumer
    for it drives its own)."""
    return workflow_name not in runtime.run_resumers


async def queue_drive(
    conn: Connection, runtime: Runtime, *, run_id: UUID, workflow_name: str
) -> bool:
    """Queue the job that drives ``run_id`` on, in the caller's transaction; at most one is
    unfinished per run. False (nothing queued) for a run the engine does not drive."""
    if not driven_by_engine(runtime, workflow_name):
        return False
    # Once the run has a worktree, its steps run on the host that holds it.
    worktree = await repo_steps.get_worktree(conn, run_id=run_id)
    await enqueue(
        conn,
        DRIVE_JOB,
        {"run_id": str(run_id)},
        max_attempts=DRIVE_MAX_ATTEMPTS,
        dedupe_key=str(run_id),
        affinity=worktree.host if worktree is not None else None,
    )
    return True

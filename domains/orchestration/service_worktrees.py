"""Retention of run worktrees (``worktree_retention_days``, default 7).

A run's worktree is kept after the run ends, for inspection and for a retry (which works
in its original's worktree), and removed once every run using it has ended more than the
retention ago: ``git worktree remove --force``, the folder only, since the branch stays
(shipping never deletes branches). The row keeps the record, with ``removed_at``.

Only the host holding a worktree can remove it, while the periodic prune job runs on
whichever host claims it. So the registered pruner (``RUN_WORKTREES``) only hands each
host its due worktrees: one ``orchestration.prune_worktrees`` job per host, pinned to it
(affinity), which removes them there. A job for a host that is gone, claimed elsewhere
after a lease without a heartbeat, removes nothing; the next period asks again.

A worktree is claimed (marked ``removed_at``) before git touches it, under the locks of
the runs recorded on it, which ``retry_run`` takes too: a retry started before the claim
keeps the worktree (it uses it); one started after is told it is gone and the engine
makes it a new one. When git fails, the claim is released for a later try, unless a
retry started meanwhile.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any
from uuid import UUID

from domains.orchestration import repo_steps
from domains.projects.service import remove_run_worktree
from rpc.context import JobContext, Runtime
from rpc.errors import AppError
from rpc.jobs import enqueue
from rpc.retention import Pruner, PruneWindow
from rpc.settings import Settings
from sql.database import Database

log = logging.getLogger(__name__)

PRUNE_WORKTREES_JOB = "orchestration.prune_worktrees"
BATCH = 100


async def prune_run_worktrees(db: Database, settings: Settings, window: PruneWindow) -> int:
    """Hand every host its worktrees due for removal (a dry run only counts them); how
    many are due. The removal itself happens on each host, by the job this queues."""
    cutoff = window.cutoff(settings.worktree_retention_days)
    async with db.transaction() as conn:
        due = await repo_steps.count_prunable_worktrees(conn, cutoff=cutoff)
        if not window.dry_run:
            for host in due:
                # One unfinished job per host: while a host is away its job waits for it.
                await enqueue(
                    conn,
                    PRUNE_WORKTREES_JOB,
                    {"cutoff": cutoff.isoformat()},
                    max_attempts=3,
                    dedupe_key=host,
                    affinity=host,
                )
    return sum(due.values())


RUN_WORKTREES = Pruner("run_worktrees", prune_run_worktrees)


async def prune_worktrees_job(ctx: JobContext, payload: dict[str, Any]) -> None:
    """Job ``orchestration.prune_worktrees``: remove this host's worktrees whose runs all
    ended before the payload's ``cutoff``."""
    if ctx.on_foreign_host:
        log.info(
            "not removing the worktrees of a host that is gone; they wait for it",
            extra={"host": ctx.affinity},
        )
        return
    host = ctx.host or ctx.runtime.settings.host_id
    cutoff = datetime.fromisoformat(str(payload["cutoff"]))
    await remove_old_worktrees(ctx.runtime, host=host, cutoff=cutoff)


async def remove_old_worktrees(
    runtime: Runtime, *, host: str, cutoff: datetime, batch_size: int = BATCH
) -> int:
    """Remove ``host``'s worktrees whose runs (and retries) all ended before ``cutoff``;
    how many went. One that git cannot remove is logged and left for a later try."""
    removed = 0
    after = ""
    while True:
        async with runtime.db.connection() as conn:
            due = await repo_steps.list_prunable_worktrees(
                conn, host=host, cutoff=cutoff, after=after, limit=batch_size
            )
        for path, project_id in due:
            if await _remove(runtime, host=host, cutoff=cutoff, path=path, project_id=project_id):
                removed += 1
        if len(due) < batch_size:
            return removed
        after = due[-1][0]


async def _remove(
    runtime: Runtime, *, host: str, cutoff: datetime, path: str, project_id: UUID
) -> bool:
    """Claim one worktree, then remove it with git; whether it went."""
    db = runtime.db
    async with db.transaction() as conn:
        await repo_steps.lock_runs_of_worktree(conn, path=path, host=host)
        claimed_at = await repo_steps.claim_worktree_removal(
            conn, path=path, host=host, cutoff=cutoff
        )
    if claimed_at is None:
        return False  # a retry started since it was listed: it is in use again
    try:
        await remove_run_worktree(runtime, project_id=project_id, path=path)
    except AppError as exc:
        async with db.transaction() as conn:
            await repo_steps.lock_runs_of_worktree(conn, path=path, host=host)
            released = await repo_steps.release_worktree_removal(
                conn, path=path, host=host, claimed_at=claimed_at, cutoff=cutoff
            )
        log.warning(
            "could not remove a run worktree%s",
            "; a later retention run tries again" if released else "",
            extra={
                "project_id": str(project_id),
                "path": path,
                "kind": exc.kind,
                "reason": exc.data().get("reason") or exc.message,
            },
        )
        return False
    return True

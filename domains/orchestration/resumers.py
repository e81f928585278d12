"""Resuming runs after an approval, by the resumer registered for the run's workflow.

``approve_run`` (and a rejection with a retry route) moves a run back to ``running`` and
enqueues ``orchestration.resume_run`` ``{run_id}``. Its handler calls the resumer a
domain declared for the run's definition name in its registration (``run_resumers``;
the runtime holds them all). Without one the run stays ``running`` (logged).
"""

from __future__ import annotations

import logging
from typing import Any
from uuid import UUID

from domains.orchestration import repo_runs
from rpc.context import JobContext

log = logging.getLogger(__name__)


async def resume_run(ctx: JobContext, payload: dict[str, Any]) -> None:
    """Job ``orchestration.resume_run``: hand a running run to its definition's resumer."""
    run_id = UUID(str(payload["run_id"]))
    async with ctx.db.connection() as conn:
        run = await repo_runs.get_run(conn, run_id=run_id)
    if run is None:
        log.warning("resume_run: run is gone", extra={"run_id": str(run_id)})
        return
    if run.status != "running":
        # Cancelled (or otherwise moved) after the job was queued: nothing to resume.
        log.info("resume_run: run is %s, not resumed", run.status, extra={"run_id": str(run_id)})
        return
    fn = ctx.runtime.run_resumers.get(run.workflow_name)
    if fn is None:
        log.info(
            "resume_run: no resumer for %s; the run stays running",
            run.workflow_name,
            extra={"run_id": str(run_id)},
        )
        return
    await fn(ctx, run.id)

"""A run's worktree as the engine gets it before the run's first step: made on first
pickup (a retry reuses its original's), recorded with the host that holds it (the run's
steps run on no other host), its branch audited."""

from __future__ import annotations

from uuid import UUID

from domains.orchestration import repo_steps
from domains.orchestration.engine_shipping import branch_audit
from domains.orchestration.engine_types import store_artifact
from domains.orchestration.models import RunView
from domains.orchestration.models_steps import RunWorktree
from domains.orchestration.service_runs import advance_run, lock_run
from domains.projects.service import create_run_worktree
from rpc.context import JobContext
from rpc.errors import AppError
from rpc.jobs import complete_in, set_affinity

ACTOR = "engine"


def this_host(ctx: JobContext) -> str:
    """The host this worker runs on (where the worktrees it makes live)."""
    return ctx.host or ctx.runtime.settings.host_id


async def run_worktree(ctx: JobContext, run: RunView) -> RunWorktree | None:
    """The run's worktree: made on first pickup (a retry reuses its original's); ``None``
    when the run was failed because the worktree cannot be used here."""
    runtime = ctx.runtime
    async with runtime.db.connection() as conn:
        known = await repo_steps.get_worktree(conn, run_id=run.id)
        if known is None and run.retry_of_run_id is not None:
            known = await repo_steps.get_worktree(conn, run_id=run.retry_of_run_id)
            if known is not None and known.removed_at is not None:
                known = None  # retention removed it (the original ended long ago): a new one
            if known is not None:
                await repo_steps.insert_worktree(
                    conn,
                    run_id=run.id,
                    path=known.path,
                    branch=known.branch,
                    base_commit=known.base_commit,
                    host=known.host,
                )
    host = this_host(ctx)
    if known is not None:
        if known.host != host:
            await _fail_run(
                ctx,
                run.id,
                kind="execution_error",
                reason=f"the run's worktree is on host {known.host}, which is gone; "
                "it was not run on this host without it",
                remediation="retry the run (a new run makes a new worktree)",
            )
            return None
        return known
    try:
        created = await create_run_worktree(
            runtime, project_id=run.project_id, run_id=run.id, workflow=run.workflow_name
        )
    except AppError as exc:
        await _fail_run(
            ctx,
            run.id,
            kind=exc.kind,
            reason=str(exc.data().get("reason") or exc.message),
            remediation="check the project's clone (projects.workspace_status, projects.sync)",
        )
        return None
    async with runtime.db.transaction() as conn:
        await repo_steps.insert_worktree(
            conn,
            run_id=run.id,
            path=created.path,
            branch=created.branch,
            base_commit=created.base_commit,
            host=host,
        )
        await store_artifact(conn, runtime, run.id, branch_audit(created))
        # The job came with no affinity (there was no worktree yet): should this worker
        # die now, its retry must run here, where the worktree is, or fail the run.
        await set_affinity(conn, ctx, host)
        recorded = await repo_steps.get_worktree(conn, run_id=run.id)
    assert recorded is not None
    return recorded


async def _fail_run(
    ctx: JobContext, run_id: UUID, *, kind: str, reason: str, remediation: str
) -> None:
    async with ctx.runtime.db.transaction() as conn:
        run = await lock_run(conn, run_id=run_id)
        if run.status == "pending":
            run = await advance_run(conn, ctx.runtime, run_id=run.id, to="running", actor=ACTOR)
        if run.status == "running":
            await advance_run(
                conn,
                ctx.runtime,
                run_id=run.id,
                to="failed",
                actor=ACTOR,
                error={"kind": kind, "reason": reason, "remediation": remediation},
            )
        await complete_in(conn, ctx)

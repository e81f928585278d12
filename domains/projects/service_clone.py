"""The clone job and the workspace status: the projects domain's effects on disk.

The job (``projects.clone``) is enqueued by ``projects.import`` (status ``pending``) and
``projects.sync`` (already moved to ``cloning``). It moves ``pending → cloning`` itself,
runs git outside any transaction, then moves ``cloning → ready | error`` by a
conditional update with a history entry. A git failure is the project's ``error`` state,
not a job failure: retrying the same command blindly would not help, a sync will.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from uuid import UUID

from domains.projects import repo, workspace
from domains.projects.errors import ProjectNotFound, WorkspaceCommandFailed
from domains.projects.models import CloneStatus, ProjectView, WorkspaceStatus
from domains.setup.service import github_token
from rpc.context import JobContext, Runtime
from rpc.errors import AppError
from sql.database import Connection

log = logging.getLogger(__name__)

JOB_KIND = "projects.clone"
JOB_ACTOR = "system:clone"


async def move(
    conn: Connection,
    *,
    project_id: UUID,
    expected: list[CloneStatus],
    to: CloneStatus,
    reason: str,
    actor: str,
    clone_error: str | None = None,
    default_branch: str | None = None,
) -> ProjectView | None:
    """One clone-status move with its history entry; ``None`` when the project was elsewhere."""
    moved = await repo.move_clone_status(
        conn,
        project_id=project_id,
        expected=expected,
        to=to,
        clone_error=clone_error,
        default_branch=default_branch,
    )
    if moved is None:
        return None
    project, from_status = moved
    await repo.insert_clone_event(
        conn,
        project_id=project_id,
        from_status=from_status,
        to_status=to,
        reason=reason,
        actor=actor,
    )
    return project


async def _start(runtime: Runtime, project_id: UUID) -> ProjectView | None:
    """Take the project into ``cloning``; ``None`` when the job has nothing to do."""
    async with runtime.db.transaction() as conn:
        project = await repo.get_project(conn, project_id=project_id)
        if project is None or project.clone_status in ("ready", "error"):
            # Deleted, or a stale job after another one finished.
            return None
        if project.clone_status == "pending":
            return await move(
                conn,
                project_id=project_id,
                expected=["pending"],
                to="cloning",
                reason="clone started",
                actor=JOB_ACTOR,
            )
        return project  # already cloning: a sync, or this job's retry after a crash


async def _finish(
    runtime: Runtime, project_id: UUID, *, error: str | None, branch: str | None, note: str
) -> None:
    async with runtime.db.transaction() as conn:
        moved = await move(
            conn,
            project_id=project_id,
            expected=["cloning"],
            to="error" if error else "ready",
            reason=f"failed: {error}" if error else note,
            actor=JOB_ACTOR,
            clone_error=error,
            default_branch=branch,
        )
    if moved is None:
        log.warning(
            "clone finished but the project left cloning", extra={"project_id": str(project_id)}
        )


async def run_clone_job(job: JobContext, payload: dict[str, Any]) -> None:
    """Clone (or fetch, when the workspace is already a clone) one project's repository.

    Expected failures end in ``error`` at once. An unexpected one is retried by the job
    runtime; on the final attempt the project is moved to ``error`` first, so it is never
    left in ``cloning`` with no job behind it (``projects.sync`` refuses that state).
    """
    project_id = UUID(str(payload["project_id"]))
    try:
        await _clone(job.runtime, project_id)
    except Exception:
        if job.final_attempt:
            await _finish(
                job.runtime,
                project_id,
                error="the clone job failed unexpectedly; see the server log",
                branch=None,
                note="",
            )
        raise


async def _clone(runtime: Runtime, project_id: UUID) -> None:
    project = await _start(runtime, project_id)
    if project is None:
        return
    redact = runtime.redactor.redact_str
    try:
        async with runtime.db.connection() as conn:
            found = await github_token(conn, runtime)
    except AppError as exc:
        reason = exc.data().get("reason") or exc.message
        await _finish(
            runtime,
            project_id,
            error=redact(f"no usable GitHub credential: {reason}"),
            branch=None,
            note="",
        )
        return
    token = found[0] if found else None
    target = Path(project.workspace_path)
    ctx = workspace.git_context(
        runtime.settings, token=token, redact=redact, workspace_root=target.parent.parent
    )
    url = workspace.remote_url(runtime.settings, project.github_full_name)
    try:
        outcome = await workspace.clone_or_fetch(
            ctx, url=url, target=target, branch=project.default_branch
        )
    except WorkspaceCommandFailed as exc:
        await _finish(runtime, project_id, error=exc.data()["reason"], branch=None, note="")
        return
    except OSError as exc:
        # The workspace folder could not be created or renamed; say which kind of failure.
        error = f"the workspace could not be prepared ({type(exc).__name__})"
        await _finish(runtime, project_id, error=error, branch=None, note="")
        return
    await _finish(runtime, project_id, error=None, branch=outcome.branch, note=outcome.note)


async def workspace_status(runtime: Runtime, *, project_id: UUID) -> WorkspaceStatus:
    """Clone status plus, once a clone exists, its branch, HEAD and changed files."""
    async with runtime.db.connection() as conn:
        project = await repo.get_project(conn, project_id=project_id)
    if project is None:
        raise ProjectNotFound(project_id=project_id)
    status = WorkspaceStatus(
        project_id=project.id,
        clone_status=project.clone_status,
        clone_error=project.clone_error,
        last_synced_at=project.last_synced_at,
        branch=None,
        head_commit=None,
        changed_files=[],
        clean=None,
    )
    target = Path(project.workspace_path)
    if not workspace.is_clone(target):
        return status
    ctx = workspace.git_context(
        runtime.settings,
        token=None,
        redact=runtime.redactor.redact_str,
        workspace_root=target.parent.parent,
    )
    changed = await workspace.changed_files(ctx, target)
    return status.model_copy(
        update={
            "branch": await workspace.current_branch(ctx, target),
            "head_commit": await workspace.head_commit(ctx, target),
            "changed_files": changed,
            "clean": not changed,
        }
    )

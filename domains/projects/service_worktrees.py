"""Run worktrees as the facade offers them: where a run's worktree goes, its branch, and
the checks made before git runs (the clone is ready, the path is one of ours).

A run's worktree is ``<workspace_root>/.worktrees/<owner>/<repo>/<run_id>``: beside the
projects' clones, never inside one, so the project's own checkout stays clean while runs
work. GitHub owners never begin with '.', so ``.worktrees`` cannot be a project's folder.
The git work itself is in ``worktrees.py``.
"""

from __future__ import annotations

import asyncio
import os
import re
from pathlib import Path
from uuid import UUID

from domains.projects import repo, workspace, worktrees
from domains.projects.errors import ProjectNotFound, WorkspaceCommandFailed, WorkspaceNotReady
from domains.projects.models import CreatedWorktree, ProjectView, WorktreeChanges
from domains.setup.service import github_token
from domains.shared.git_refs import branch_name_problem
from rpc.context import Runtime
from rpc.errors import ValidationFailed

WORKTREES_DIR = ".worktrees"
_COMMIT = re.compile(r"[0-9a-f]{7,64}")


def run_branch(workflow: str, run_id: UUID) -> str:
    """``jidocode/<workflow>/<first 8 hex of the run id>``."""
    return f"jidocode/{workflow}/{run_id.hex[:8]}"


def worktrees_folder(project: ProjectView) -> Path:
    """Where the project's run worktrees go: its clone's path with ``.worktrees`` above the
    owner (``<root>/<owner>/<repo>`` → ``<root>/.worktrees/<owner>/<repo>``)."""
    checkout = Path(project.workspace_path)
    return checkout.parent.parent / WORKTREES_DIR / checkout.parent.name / checkout.name


def _is_run_worktree_of(project: ProjectView, target: Path) -> bool:
    """Whether ``target`` names a folder directly in the project's worktrees folder."""
    folder = worktrees_folder(project).resolve()
    return target.resolve().parent == folder and target.name not in ("", ".", "..")


def _is_linked_worktree(target: Path) -> bool:
    # A linked worktree has a .git file pointing into its clone; a clone has a .git folder.
    return (target / ".git").is_file()


async def _load(runtime: Runtime, project_id: UUID) -> ProjectView:
    async with runtime.db.connection() as conn:
        project = await repo.get_project(conn, project_id=project_id)
    if project is None:
        raise ProjectNotFound(project_id=project_id)
    return project


def _context(runtime: Runtime, project: ProjectView, token: str | None) -> workspace.GitContext:
    return workspace.git_context(
        runtime.settings,
        token=token,
        redact=runtime.redactor.redact_str,
        workspace_root=Path(project.workspace_path).parent.parent,
    )


async def create_run_worktree(
    runtime: Runtime, *, project_id: UUID, run_id: UUID, workflow: str
) -> CreatedWorktree:
    """The run's own worktree and branch, from a fresh fetch of origin's default branch.

    Branch ``jidocode/<workflow>/<first 8 hex of run_id>`` at
    ``<workspace_root>/.worktrees/<owner>/<repo>/<run_id>``; when either is taken, once
    more as ``<branch>-2`` at ``<run_id>-2``, then ``WorktreeBranchTaken``. Calling it
    again for the same run returns the same worktree (a crashed step is re-entrant).

    Raises ``ProjectNotFound``; ``WorkspaceNotReady`` unless the clone is ``ready`` (with
    a default branch, and on disk); ``ValidationFailed`` on ``workflow`` when it cannot
    be part of a branch name; the GitHub credential's errors; ``WorkspaceCommandFailed``
    with git's reason, masked and redacted. Fetches with the GitHub token, as the clone
    does (none is needed for a local ``file://`` remote).
    """
    branch = run_branch(workflow, run_id)
    problem = branch_name_problem(branch)
    if problem is not None:
        raise ValidationFailed.on("workflow", f"cannot be part of a branch name: {problem}")
    async with runtime.db.connection() as conn:
        project = await repo.get_project(conn, project_id=project_id)
        if project is None:
            raise ProjectNotFound(project_id=project_id)
        if project.clone_status != "ready":
            raise WorkspaceNotReady(
                clone_status=project.clone_status,
                reason=f"the project's clone is {project.clone_status}; wait for it or sync",
            )
        found = await github_token(conn, runtime)
    checkout = Path(project.workspace_path)
    if not workspace.is_clone(checkout):
        raise WorkspaceNotReady(
            clone_status=project.clone_status,
            reason="the project's workspace folder is not a git clone; sync the project",
        )
    if project.default_branch is None:
        raise WorkspaceNotReady(
            clone_status=project.clone_status,
            reason="the project has no default branch; set one with projects.update",
        )
    try:
        return await worktrees.create_worktree(
            _context(runtime, project, found[0] if found else None),
            checkout=checkout,
            target=worktrees_folder(project) / str(run_id),
            branch=branch,
            default_branch=project.default_branch,
            url=workspace.remote_url(runtime.settings, project.github_full_name),
        )
    except OSError as exc:
        # The worktrees folder could not be created; say which kind of failure, not where.
        raise WorkspaceCommandFailed(
            reason=f"the worktree folder could not be prepared ({type(exc).__name__})"
        ) from exc


async def remove_run_worktree(runtime: Runtime, *, project_id: UUID, path: str) -> None:
    """Remove a run's worktree folder (uncommitted changes and all); its branch is kept.

    A path that is already gone is fine. Raises ``ProjectNotFound``; ``ValidationFailed``
    on ``path`` unless it is one of the project's run worktrees; ``WorkspaceNotReady``
    when the worktree exists but the clone it belongs to is gone; ``WorkspaceCommandFailed``.
    """
    project = await _load(runtime, project_id)
    target = Path(path)
    if not target.is_absolute() or not _is_run_worktree_of(project, target):
        raise ValidationFailed.on("path", "is not one of this project's run worktrees")
    checkout = Path(project.workspace_path)
    if not workspace.is_clone(checkout):
        if not await asyncio.to_thread(os.path.lexists, target):
            return
        raise WorkspaceNotReady(
            clone_status=project.clone_status,
            reason="the project's workspace folder is not a git clone; sync the project",
        )
    await worktrees.remove_worktree(
        _context(runtime, project, None), checkout=checkout, target=target
    )


async def run_worktree_changes(runtime: Runtime, *, path: str, base_commit: str) -> WorktreeChanges:
    """What the run changed in its worktree against ``base_commit``, new untracked files
    included and ignored ones not; the worktree's index is left as it was.

    The diff text is not redacted (the shipping step's secret scan reads it as it is):
    redact it before persisting it. Raises ``ValidationFailed`` on ``base_commit`` (not a
    hex commit id) or ``path`` (not a git worktree); ``WorkspaceCommandFailed``.
    """
    if not _COMMIT.fullmatch(base_commit):
        raise ValidationFailed.on("base_commit", "must be a commit id (7 to 64 hex digits)")
    target, ctx = worktree_target(runtime, path)
    return await worktrees.worktree_changes(ctx, target=target, base_commit=base_commit)


def worktree_target(runtime: Runtime, path: str) -> tuple[Path, workspace.GitContext]:
    """A run worktree's folder and a credential-less git context masking it; raises
    ``ValidationFailed`` on ``path`` unless it is an absolute path to a git worktree."""
    target = Path(path)
    if not target.is_absolute() or not _is_linked_worktree(target):
        raise ValidationFailed.on("path", "is not a git worktree")
    ctx = workspace.git_context(
        runtime.settings, token=None, redact=runtime.redactor.redact_str, workspace_root=target
    )
    return target, ctx

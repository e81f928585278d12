"""Shipping a run's worktree as the facade offers it: its state, its head, its commit and
the push of its branch to the project's remote.

The push acts with the stored GitHub credential through the askpass path only; when the
remote refuses it, the credential is refreshed once (a GitHub App mints a new installation
token) and the push tried again. The git work is in ``shipping_git.py``.
"""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from domains.projects import repo, shipping_git, workspace
from domains.projects.errors import ProjectNotFound, WorkspaceCommandFailed
from domains.projects.models import PushOutcome, WorktreeHead
from domains.projects.service_worktrees import worktree_target
from domains.setup.service import github_token, refresh_github_token
from domains.shared.git_refs import branch_name_problem
from rpc.context import Runtime
from rpc.errors import ValidationFailed


async def run_worktree_state(runtime: Runtime, *, path: str) -> str:
    """The run worktree's state: the tree id of everything in it, untracked files
    included and ignored ones not (equal states ship the same files).

    Raises ``ValidationFailed`` on ``path``; ``WorkspaceCommandFailed``."""
    target, ctx = worktree_target(runtime, path)
    return await shipping_git.worktree_state(ctx, target)


async def run_worktree_changed_paths(
    runtime: Runtime, *, path: str, old: str, new: str
) -> list[str]:
    """The paths whose content differs between two states (tree or commit ids) of the
    run's worktree."""
    target, ctx = worktree_target(runtime, path)
    return await shipping_git.changed_paths(ctx, target, old, new)


async def run_worktree_head(runtime: Runtime, *, path: str) -> WorktreeHead:
    """The worktree's branch, head commit and its message."""
    target, ctx = worktree_target(runtime, path)
    return await shipping_git.head(ctx, target)


async def commit_run_worktree(runtime: Runtime, *, path: str, paragraphs: list[str]) -> str:
    """Commit everything in the run's worktree on its branch, by the configured author
    (``git_author_name`` / ``git_author_email``) with hooks off; the commit id."""
    if not paragraphs or not paragraphs[0].strip():
        raise ValidationFailed.on("message", "a commit needs a subject line")
    target, ctx = worktree_target(runtime, path)
    settings = runtime.settings
    return await shipping_git.commit_everything(
        ctx,
        target,
        paragraphs=paragraphs,
        author_name=settings.git_author_name,
        author_email=settings.git_author_email,
    )


async def push_run_branch(
    runtime: Runtime, *, project_id: UUID, path: str, commit: str, branch: str
) -> PushOutcome:
    """Push ``commit`` from the run's worktree to the project's remote as ``branch``,
    never forced: ``pushed``, ``up_to_date`` (it already is there) or ``rejected`` (a
    branch of that name the commit does not fast-forward).

    Raises ``ProjectNotFound``; ``ValidationFailed`` on ``branch`` or ``path``;
    ``WorkspaceCommandFailed`` with git's masked reason, including when the remote
    refuses the refreshed credential too.
    """
    problem = branch_name_problem(branch)
    if problem is not None:
        raise ValidationFailed.on("branch", problem)
    target, _ = worktree_target(runtime, path)
    async with runtime.db.connection() as conn:
        project = await repo.get_project(conn, project_id=project_id)
        if project is None:
            raise ProjectNotFound(project_id=project_id)
        found = await github_token(conn, runtime)
    url = workspace.remote_url(runtime.settings, project.github_full_name)
    try:
        token = found[0] if found else None
        return await _push(runtime, project.workspace_path, token, target, url, commit, branch)
    except shipping_git.PushAuthFailed:
        pass
    async with runtime.db.connection() as conn:
        fresh = await refresh_github_token(conn, runtime)
    try:
        token = fresh[0] if fresh else None
        outcome = await _push(runtime, project.workspace_path, token, target, url, commit, branch)
    except shipping_git.PushAuthFailed as exc:
        raise WorkspaceCommandFailed(
            reason=f"the remote refused the GitHub credential, a refreshed one too: {exc.reason}"
        ) from None
    return outcome.model_copy(update={"refreshed": True})


async def _push(
    runtime: Runtime,
    checkout: str,
    token: str | None,
    target: Path,
    url: str,
    commit: str,
    branch: str,
) -> PushOutcome:
    ctx = workspace.git_context(
        runtime.settings,
        token=token,
        redact=runtime.redactor.redact_str,
        workspace_root=Path(checkout).parent.parent,
    )
    return await shipping_git.push(ctx, target, url=url, commit=commit, branch=branch)

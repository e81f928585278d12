"""The git work of shipping a run: the worktree's state, its commit and its push.

Pure git, no SQL: every function takes a :class:`GitContext`. What shipping must never do
is not here at all: nothing force-pushes (no ``+`` refspec, no ``--force``), resets or
deletes a branch. The push names the remote by URL with no credential in it; the token
reaches git through the context's askpass path only (see ``workspace``).

A worktree's *state* is the tree id of everything in it (committed, staged, unstaged and
new untracked files; ignored ones not), written from a temporary index, so two states are
equal exactly when committing everything would ship the same files.
"""

from __future__ import annotations

import re
from pathlib import Path

from domains.projects.errors import WorkspaceCommandFailed
from domains.projects.models import PushOutcome, WorktreeHead
from domains.projects.workspace import STATUS_TIMEOUT_S, GitContext, run_git
from domains.projects.worktrees import everything_staged

# Why git could not authenticate, as git and GitHub's smart HTTP word it.
_AUTH_FAILED = re.compile(
    r"authentication failed|could not read (username|password)|"
    r"invalid username or password|\b401\b|\b403\b|permission to .* denied",
    re.IGNORECASE,
)


class PushAuthFailed(Exception):
    """The remote refused the credential (the caller refreshes it and tries once more)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


async def _checked(ctx: GitContext, args: list[str], *, cwd: Path, what: str) -> str:
    result = await run_git(ctx, args, cwd=cwd, timeout_s=STATUS_TIMEOUT_S)
    if result.returncode != 0:
        raise WorkspaceCommandFailed(reason=f"{what} failed: {ctx.describe(result.stderr)}")
    return result.stdout


async def worktree_state(ctx: GitContext, target: Path) -> str:
    """The tree id of everything in the worktree (its own index untouched)."""
    async with everything_staged(ctx, target) as indexed:
        tree = await indexed(["write-tree"], "git write-tree")
    return tree.decode().strip()


async def changed_paths(ctx: GitContext, target: Path, old: str, new: str) -> list[str]:
    """The paths whose content differs between two states (tree or commit ids)."""
    out = await _checked(
        ctx,
        ["diff", "--name-only", "-z", "--no-renames", old, new, "--"],
        cwd=target,
        what="git diff",
    )
    return [p for p in out.split("\0") if p]


async def head(ctx: GitContext, target: Path) -> WorktreeHead:
    """The worktree's branch (``None`` when detached), head commit, its tree and message."""
    branch = await run_git(
        ctx, ["symbolic-ref", "-q", "--short", "HEAD"], cwd=target, timeout_s=STATUS_TIMEOUT_S
    )
    ids = await _checked(
        ctx, ["rev-parse", "HEAD", "HEAD^{tree}"], cwd=target, what="git rev-parse"
    )
    commit, tree = ids.split()
    message = await _checked(ctx, ["log", "-1", "--format=%B"], cwd=target, what="git log")
    return WorktreeHead(
        branch=branch.stdout.strip() if branch.returncode == 0 else None,
        commit=commit,
        tree=tree,
        message=message.strip(),
    )


async def commit_everything(
    ctx: GitContext,
    target: Path,
    *,
    paragraphs: list[str],
    author_name: str,
    author_email: str,
) -> str:
    """Stage everything in the worktree and commit it on its branch; the new commit id.

    Hooks are switched off (a repository's hooks are code the run did not review) and
    the commit is not signed with any key the machine's git config names. With nothing
    left to stage (an agent committed its work itself) the commit is empty, so the
    shipped head still carries the message.
    """
    await _checked(ctx, ["add", "-A"], cwd=target, what="git add")
    identity = {
        "GIT_AUTHOR_NAME": author_name,
        "GIT_AUTHOR_EMAIL": author_email,
        "GIT_COMMITTER_NAME": author_name,
        "GIT_COMMITTER_EMAIL": author_email,
    }
    args = [
        "-c",
        "core.hooksPath=/dev/null",
        "commit",
        "--no-verify",
        "--no-gpg-sign",
        "--allow-empty",
        "-q",
    ]
    for paragraph in paragraphs:
        args += ["-m", paragraph]
    result = await run_git(ctx, args, cwd=target, timeout_s=STATUS_TIMEOUT_S, extra_env=identity)
    if result.returncode != 0:
        raise WorkspaceCommandFailed(reason=f"git commit failed: {ctx.describe(result.stderr)}")
    return (await _checked(ctx, ["rev-parse", "HEAD"], cwd=target, what="git rev-parse")).strip()


async def push(ctx: GitContext, target: Path, *, url: str, commit: str, branch: str) -> PushOutcome:
    """Push ``commit`` to ``refs/heads/<branch>`` at ``url``, never forced.

    ``up_to_date`` when the remote branch already is that commit (a retried step);
    ``rejected`` when the remote branch exists and the commit does not fast-forward it.
    Raises ``PushAuthFailed`` when the remote refuses the credential, and
    ``WorkspaceCommandFailed`` with git's masked reason on anything else.
    """
    refspec = f"{commit}:refs/heads/{branch}"
    result = await run_git(ctx, ["push", "--porcelain", url, refspec], cwd=target)
    flags = [
        line.split("\t", 2)
        for line in result.stdout.splitlines()
        if line[:1] in ("*", " ", "=", "!", "+", "-") and "\t" in line
    ]
    ours = next((f for f in flags if len(f) >= 2 and f[1].endswith(f"refs/heads/{branch}")), None)
    if result.returncode == 0:
        status = "up_to_date" if ours is not None and ours[0] == "=" else "pushed"
        return PushOutcome(status=status, branch=branch, commit=commit)
    if ours is not None and ours[0] == "!":
        summary = ours[2] if len(ours) > 2 else "rejected"
        return PushOutcome(
            status="rejected", branch=branch, commit=commit, reason=ctx.describe(summary)
        )
    reason = ctx.describe(result.stderr)
    if _AUTH_FAILED.search(result.stderr):
        raise PushAuthFailed(reason)
    raise WorkspaceCommandFailed(reason=f"git push failed: {reason}")

"""Run worktrees: each workflow run works in a git worktree and branch of its own.

A run's worktree sits outside the project's checkout, so the checkout stays clean while
runs work and two runs never share uncommitted state. It starts from a fresh fetch of
origin's default branch (the clone itself may be behind) on a new branch. Removing it
removes the folder only: the branch stays (shipping never deletes branches).

Changes are read through a temporary index: a copy of the worktree's index, ``git add
-A`` into it, then ``git diff --cached <base>``. That is what committing everything would
ship — new untracked files included, ignored ones not — while the worktree's own index
(whatever an agent staged) is never touched.

The commands that change the clone's shared state (origin's URL, remote-tracking refs,
the worktree list) hold a lock file in its ``.git`` folder, so two runs of one project,
in one process or several, never trip over git's own config and ref locks.

Pure git work: no SQL, every function takes a :class:`GitContext`.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from pathlib import Path

from domains.projects import workspace
from domains.projects.errors import WorkspaceCommandFailed, WorktreeBranchTaken
from domains.projects.models import (
    CreatedWorktree,
    FileChange,
    FileChangeStatus,
    WorktreeChanges,
)
from domains.projects.workspace import GIT_TIMEOUT_S, STATUS_TIMEOUT_S, GitContext, run_git

LOCK_NAME = "jidocode-worktrees.lock"
LOCK_WAIT_S = 120.0
_LOCK_POLL_S = 0.05
DIFF_LIMIT_BYTES = 1_000_000
_READ_CHUNK = 64 * 1024
_STATUS: dict[str, FileChangeStatus] = {
    "A": "added",
    "C": "added",
    "D": "deleted",
    "M": "modified",
    "R": "renamed",
    "T": "modified",
}


@contextlib.asynccontextmanager
async def checkout_lock(checkout: Path, *, wait_s: float = LOCK_WAIT_S) -> AsyncIterator[None]:
    """Hold the clone's worktree lock: ``flock`` on a file in its ``.git`` folder.

    It polls rather than blocking a thread, so a cancelled waiter leaves no thread behind
    that could take the lock later; closing the descriptor releases it, even on a crash.
    """
    fd = os.open(checkout / ".git" / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WorkspaceCommandFailed(
                        reason="another worktree operation held the project's clone too long"
                    ) from None
                await asyncio.sleep(_LOCK_POLL_S)
        yield
    finally:
        os.close(fd)


async def _checked(
    ctx: GitContext,
    args: Sequence[str],
    *,
    cwd: Path,
    what: str,
    timeout_s: float = GIT_TIMEOUT_S,
) -> str:
    result = await run_git(ctx, args, cwd=cwd, timeout_s=timeout_s)
    if result.returncode != 0:
        raise WorkspaceCommandFailed(reason=f"{what} failed: {ctx.describe(result.stderr)}")
    return result.stdout


async def _indexed(
    ctx: GitContext,
    args: Sequence[str],
    *,
    cwd: Path,
    index: Path,
    what: str,
    limit: int | None = None,
) -> bytes:
    """``git <args>`` on a temporary index; its output, read up to ``limit`` bytes and a
    chunk at most (the caller cuts the rest).

    ``run_git`` drops ``GIT_INDEX_FILE`` from the environment on purpose (an inherited one
    would point git at someone else's index), so this sets it itself on the same
    environment. Output is read as it comes, so an enormous diff is never held whole.
    """
    env = workspace._environment(ctx)
    env["GIT_INDEX_FILE"] = str(index)
    process = await asyncio.create_subprocess_exec(
        ctx.git_binary,
        "-c",
        "credential.helper=",
        *args,
        cwd=cwd,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = process.stdout, process.stderr
    if stdout is None or stderr is None:  # cannot happen with PIPE; narrows the types
        raise WorkspaceCommandFailed(reason=f"{what} failed: git's output was not captured")
    chunks: list[bytes] = []
    cut = False

    async def read_stdout() -> None:
        nonlocal cut
        size = 0
        while chunk := await stdout.read(_READ_CHUNK):
            chunks.append(chunk)
            size += len(chunk)
            if limit is not None and size > limit:
                cut = True
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                return

    try:
        async with asyncio.timeout(GIT_TIMEOUT_S):
            _, err = await asyncio.gather(read_stdout(), stderr.read())
            returncode = await process.wait()
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()
        raise WorkspaceCommandFailed(
            reason=f"{what} did not finish within {GIT_TIMEOUT_S:g}s"
        ) from None
    if returncode != 0 and not cut:
        reason = ctx.describe(err.decode("utf-8", "replace"))
        raise WorkspaceCommandFailed(reason=f"{what} failed: {reason}")
    return b"".join(chunks)


async def fetch_default_branch(
    ctx: GitContext, *, checkout: Path, default_branch: str, url: str
) -> str:
    """Fetch origin's default branch into ``refs/remotes/origin/<branch>``; its commit.

    An explicit destination rather than ``FETCH_HEAD``, which any other fetch in the
    clone overwrites.
    """
    await _checked(ctx, ["remote", "set-url", "origin", url], cwd=checkout, what="git remote")
    ref = f"refs/remotes/origin/{default_branch}"
    refspec = f"+refs/heads/{default_branch}:{ref}"
    await _checked(ctx, ["fetch", "--no-tags", "origin", refspec], cwd=checkout, what="git fetch")
    commit = await _checked(
        ctx,
        ["rev-parse", "--verify", "-q", f"{ref}^{{commit}}"],
        cwd=checkout,
        what="git rev-parse",
    )
    return commit.strip()


async def _registered_worktrees(ctx: GitContext, checkout: Path) -> dict[Path, str | None]:
    """The clone's worktrees (resolved paths) and the branch each has checked out."""
    text = await _checked(
        ctx,
        ["worktree", "list", "--porcelain", "-z"],
        cwd=checkout,
        what="git worktree list",
        timeout_s=STATUS_TIMEOUT_S,
    )
    found: dict[str, str | None] = {}
    current: str | None = None
    for line in text.split("\0"):
        if line.startswith("worktree "):
            current = line.removeprefix("worktree ")
            found[current] = None
        elif line.startswith("branch ") and current is not None:
            found[current] = line.removeprefix("branch ").removeprefix("refs/heads/")
        elif not line:
            current = None  # an empty line ends one worktree's block
    return await asyncio.to_thread(lambda: {Path(p).resolve(): b for p, b in found.items()})


async def _branch_exists(ctx: GitContext, checkout: Path, branch: str) -> bool:
    result = await run_git(
        ctx,
        ["rev-parse", "--verify", "-q", f"refs/heads/{branch}"],
        cwd=checkout,
        timeout_s=STATUS_TIMEOUT_S,
    )
    return result.returncode == 0


async def create_worktree(
    ctx: GitContext,
    *,
    checkout: Path,
    target: Path,
    branch: str,
    default_branch: str,
    url: str,
    expected_base: str | None = None,
) -> CreatedWorktree:
    """A new worktree at ``target`` on a new ``branch`` from origin's freshly fetched
    ``default_branch``.

    A collision (the branch exists, or something is at ``target``) is tried once more
    with a deterministic suffix on both, ``<branch>-2`` at ``<target>-2``; when that is
    taken too, ``WorktreeBranchTaken``. Re-entry is idempotent: when one of those two
    already is a worktree of this clone on its branch (an attempt that crashed before it
    was recorded), it is returned as it is. Its base is then ``expected_base`` when the
    caller has it, else ``git merge-base HEAD <fetched head>``, which is the original
    base unless origin's default branch was rewritten meanwhile.
    """
    candidates = [(branch, target), (f"{branch}-2", target.with_name(f"{target.name}-2"))]
    async with checkout_lock(checkout):
        base = await fetch_default_branch(
            ctx, checkout=checkout, default_branch=default_branch, url=url
        )
        # Forget worktrees whose folders are gone, so the list below tells the truth.
        await _checked(ctx, ["worktree", "prune"], cwd=checkout, what="git worktree prune")
        registered = await _registered_worktrees(ctx, checkout)
        for name, path in candidates:
            if registered.get(await asyncio.to_thread(path.resolve)) == name:
                if expected_base is None:
                    merge_base = await _checked(
                        ctx, ["merge-base", "HEAD", base], cwd=path, what="git merge-base"
                    )
                    expected_base = merge_base.strip()
                return CreatedWorktree(path=str(path), branch=name, base_commit=expected_base)
        for name, path in candidates:
            if await _branch_exists(ctx, checkout, name) or await asyncio.to_thread(
                os.path.lexists, path
            ):
                continue
            await asyncio.to_thread(path.parent.mkdir, parents=True, exist_ok=True)
            await _checked(
                ctx,
                ["worktree", "add", "--quiet", "-b", name, str(path), base],
                cwd=checkout,
                what="git worktree add",
            )
            return CreatedWorktree(path=str(path), branch=name, base_commit=base)
    raise WorktreeBranchTaken(branch=branch)


async def remove_worktree(ctx: GitContext, *, checkout: Path, target: Path) -> None:
    """Remove the worktree at ``target`` (uncommitted changes and all) and prune the list.

    A missing ``target`` is not an error. The branch is kept. Something at ``target``
    that is not a worktree of this clone is refused by git, never deleted.
    """
    async with checkout_lock(checkout):
        if await asyncio.to_thread(os.path.lexists, target):
            await _checked(
                ctx,
                ["worktree", "remove", "--force", str(target)],
                cwd=checkout,
                what="git worktree remove",
            )
        await _checked(ctx, ["worktree", "prune"], cwd=checkout, what="git worktree prune")


# ``git <args>`` on the temporary index, with a description and an output limit.
Indexed = Callable[..., Awaitable[bytes]]


@contextlib.asynccontextmanager
async def everything_staged(ctx: GitContext, target: Path) -> AsyncIterator[Indexed]:
    """A temporary copy of the worktree's index with everything in the worktree added
    (``git add -A``: new untracked files too, ignored ones not); yields a function running
    ``git <args>`` on it. The worktree's own index is never touched."""
    real_index = await _checked(
        ctx,
        ["rev-parse", "--path-format=absolute", "--git-path", "index"],
        cwd=target,
        what="git rev-parse",
    )
    with tempfile.TemporaryDirectory(prefix="jidocode-index-") as tmp:
        index = Path(tmp) / "index"
        await asyncio.to_thread(_seed_index, Path(real_index.strip()), index)

        async def indexed(args: list[str], what: str, limit: int | None = None) -> bytes:
            return await _indexed(ctx, args, cwd=target, index=index, what=what, limit=limit)

        await indexed(["add", "-A"], "git add")
        yield indexed


def _seed_index(real: Path, temporary: Path) -> None:
    # Starting from the worktree's own index keeps git's stat cache (only changed files
    # are hashed again) and its idea of what is tracked.
    if real.exists():
        shutil.copyfile(real, temporary)


def _cut(raw: bytes, limit: int) -> tuple[str, bool]:
    """The diff as text, cut at the last whole line within ``limit`` bytes, with a marker."""
    if len(raw) <= limit:
        return raw.decode("utf-8", "replace"), False
    head = raw[:limit]
    newline = head.rfind(b"\n")
    if newline >= 0:
        head = head[: newline + 1]
    marker = f"[diff truncated: more than {limit} bytes; the file list is complete]\n"
    return head.decode("utf-8", "ignore") + marker, True


async def worktree_changes(
    ctx: GitContext, *, target: Path, base_commit: str, max_diff_bytes: int = DIFF_LIMIT_BYTES
) -> WorktreeChanges:
    """Everything the worktree at ``target`` changed against ``base_commit``: commits,
    staged and unstaged edits and new untracked files; ``.gitignore``d files are not changes.

    The worktree's index is left as it was (see the module docstring).
    """
    untracked = await _checked(
        ctx,
        ["ls-files", "-z", "--others", "--exclude-standard"],
        cwd=target,
        what="git ls-files",
    )
    diff = ["diff", "--cached", "-M", "--no-color", "--no-ext-diff"]
    async with everything_staged(ctx, target) as indexed:
        numstat = await indexed([*diff, "-z", "--numstat", base_commit, "--"], "git diff")
        statuses = await indexed([*diff, "-z", "--name-status", base_commit, "--"], "git diff")
        patch = await indexed([*diff, base_commit, "--"], "git diff", max_diff_bytes)
        state = await indexed(["write-tree"], "git write-tree")
    counts = parse_numstat(numstat.decode("utf-8", "replace"))
    files = [
        FileChange(
            path=path,
            status=status,
            old_path=old_path,
            added=counts.get(path, (0, 0, False))[0],
            removed=counts.get(path, (0, 0, False))[1],
            binary=counts.get(path, (0, 0, False))[2],
        )
        for status, path, old_path in parse_name_status(statuses.decode("utf-8", "replace"))
    ]
    text, truncated = _cut(patch, max_diff_bytes)
    return WorktreeChanges(
        base_commit=base_commit,
        state=state.decode().strip(),
        files=files,
        untracked=[p for p in untracked.split("\0") if p],
        changed_lines=sum(f.added + f.removed for f in files if not f.binary),
        binary_files=[f.path for f in files if f.binary],
        diff=text,
        truncated=truncated,
    )


def parse_numstat(text: str) -> dict[str, tuple[int, int, bool]]:
    """``diff --numstat -z`` by (new) path: lines added, removed, and whether binary."""
    out: dict[str, tuple[int, int, bool]] = {}
    fields = iter(text.split("\0"))
    for entry in fields:
        if not entry:
            continue
        added, removed, path = entry.split("\t", 2)
        if not path:  # a rename: the old and the new path follow as fields of their own
            next(fields, None)
            path = next(fields, "")
        if added == "-":  # git prints '-' for both counts of a binary file
            out[path] = (0, 0, True)
        else:
            out[path] = (int(added), int(removed), False)
    return out


def parse_name_status(text: str) -> list[tuple[FileChangeStatus, str, str | None]]:
    """``diff --name-status -z``: each file's status, path and (renamed) old path."""
    out: list[tuple[FileChangeStatus, str, str | None]] = []
    fields = iter(text.split("\0"))
    for code in fields:
        if not code:
            continue
        path = next(fields, "")
        old_path: str | None = None
        if code[0] in "RC":  # the similarity score follows the letter; then old, new
            old_path, path = path, next(fields, "")
        status = _STATUS.get(code[0], "modified")
        out.append((status, path, old_path if status == "renamed" else None))
    return out

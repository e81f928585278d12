"""The workspace effects: the real ``git`` clone, fetch and status of a project.

How the credential reaches git, and why this way: the token is put into the git
process's environment only (``JIDOCODE_GIT_TOKEN``), and ``GIT_ASKPASS`` names a small
script kept in the data directory (outside every workspace) that prints it when git asks.
The remote URL never carries it, ``credential.helper`` is emptied for our commands so no
configured helper can store it, and nothing is written under the workspace, so neither
``.git/config`` nor any other file there ever holds it.

Errors are reduced to git's own last words, with the token, the workspace and remote
locations and any other absolute path masked, then passed through the redactor.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from domains.projects.errors import WorkspaceCommandFailed
from domains.projects.models import ChangedFile
from rpc.redaction import MASK, redact_text
from rpc.settings import Settings

Redact = Callable[[str], str]

TOKEN_ENV = "JIDOCODE_GIT_TOKEN"  # noqa: S105 - a variable name, not a token
USERNAME_ENV = "JIDOCODE_GIT_USERNAME"
# GitHub accepts any username with a token as the password; this one is documented for Apps.
GIT_USERNAME = "x-access-token"
GIT_TIMEOUT_S = 600.0
STATUS_TIMEOUT_S = 30.0

ASKPASS_SCRIPT = f"""#!/bin/sh
# git's askpass helper for JidoCode: answers from the environment git was started with.
# It holds no secret itself; the token lives only in the git process's environment.
case "$1" in
  Username*) printf '%s\\n' "${{{USERNAME_ENV}:-{GIT_USERNAME}}}" ;;
  *) printf '%s\\n' "${TOKEN_ENV}" ;;
esac
"""

# Inherited variables that could send git's prompts or credentials somewhere else.
_DROPPED_ENV = ("GIT_ASKPASS", "SSH_ASKPASS", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE")
# An absolute path not inside a URL or after a placeholder: masked in error text.
_ABS_PATH = re.compile(r"(?<![\w:/>.~-])/[^\s'\"]*")


@dataclass(frozen=True)
class GitResult:
    """What a git command left behind."""

    returncode: int
    stdout: str
    stderr: str


@dataclass(frozen=True)
class GitContext:
    """How to run git for one project: binary, credential and what to mask in errors."""

    git_binary: str
    askpass: Path
    token: str | None = field(default=None, repr=False)
    redact: Redact = redact_text
    masks: tuple[tuple[str, str], ...] = ()

    def describe(self, text: str) -> str:
        """Git's message, cut to its last meaningful lines, with secrets and paths masked."""
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        meaningful = [ln for ln in lines if ln.lower().startswith(("fatal:", "error:"))]
        summary = " ".join((meaningful or lines or ["git failed without a message"])[-3:])
        if self.token:
            summary = summary.replace(self.token, MASK)
        for value, label in sorted(self.masks, key=lambda m: len(m[0]), reverse=True):
            if value:
                summary = summary.replace(value, label)
        summary = _ABS_PATH.sub("<path>", summary)
        return self.redact(summary)[:500]


def clone_base_url(settings: Settings) -> str:
    """Where repositories are cloned from: the setting, else the web host of the API URL.

    ``https://api.github.com`` → ``https://github.com``; a GitHub Enterprise
    ``https://ghe.example/api/v3`` → ``https://ghe.example``.
    """
    if settings.git_clone_base_url:
        return settings.git_clone_base_url.rstrip("/")
    parts = urlsplit(settings.github_api_url.rstrip("/"))
    if parts.netloc.lower() == "api.github.com":
        return "https://github.com"
    path = parts.path
    if path.endswith("/api/v3"):
        path = path[: -len("/api/v3")]
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def remote_url(settings: Settings, github_full_name: str) -> str:
    """``<clone base>/<owner>/<repo>.git`` — never with a credential in it."""
    return f"{clone_base_url(settings)}/{github_full_name}.git"


def askpass_script(settings: Settings) -> Path:
    """The askpass helper in ``<data_dir>/git/`` (written once, mode 0700)."""
    folder = settings.data_dir / "git"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "askpass.sh"
    if not path.exists() or path.read_text(encoding="utf-8") != ASKPASS_SCRIPT:
        # Write beside and rename, so a concurrent git never runs a half-written script.
        tmp = folder / f".askpass-{uuid.uuid4().hex}"
        tmp.write_text(ASKPASS_SCRIPT, encoding="utf-8")
        tmp.chmod(0o700)
        tmp.replace(path)
    return path


def git_context(
    settings: Settings,
    *,
    token: str | None,
    redact: Redact = redact_text,
    workspace_root: Path | None = None,
) -> GitContext:
    """A context for one project's commands, masking its remote and workspace locations."""
    base = clone_base_url(settings)
    masks: list[tuple[str, str]] = [(base, "<remote>")]
    parts = urlsplit(base)
    if parts.scheme == "file":
        masks.append((parts.path, "<remote>"))
    if workspace_root is not None:
        masks.append((str(workspace_root), "<workspace>"))
        masks.append((str(workspace_root.resolve()), "<workspace>"))
    return GitContext(
        git_binary=settings.git_binary,
        askpass=askpass_script(settings),
        token=token,
        redact=redact,
        masks=tuple(masks),
    )


def _environment(ctx: GitContext) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _DROPPED_ENV}
    env["GIT_TERMINAL_PROMPT"] = "0"
    env["LC_ALL"] = "C"  # git's messages in one language, so errors read the same everywhere
    env.pop(TOKEN_ENV, None)
    if ctx.token:
        env["GIT_ASKPASS"] = str(ctx.askpass)
        env[TOKEN_ENV] = ctx.token
        env[USERNAME_ENV] = GIT_USERNAME
    return env


async def run_git(
    ctx: GitContext,
    args: Sequence[str],
    *,
    cwd: Path | None = None,
    timeout_s: float = GIT_TIMEOUT_S,
    extra_env: Mapping[str, str] | None = None,
) -> GitResult:
    """Run ``git <args>`` with the credential in its environment; never raises on exit code.

    ``extra_env`` adds variables such as a commit's author (never a credential: that is
    the context's).
    """
    # credential.helper= empties the helper list: no configured helper may store the token.
    command = [ctx.git_binary, "-c", "credential.helper=", *args]
    process = await asyncio.create_subprocess_exec(
        *command,
        cwd=cwd,
        env={**_environment(ctx), **(extra_env or {})},
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(process.communicate(), timeout=timeout_s)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()
        raise WorkspaceCommandFailed(
            reason=f"git {args[0]} did not finish within {timeout_s:g}s"
        ) from None
    return GitResult(
        returncode=process.returncode if process.returncode is not None else -1,
        stdout=out.decode("utf-8", "replace"),
        stderr=err.decode("utf-8", "replace"),
    )


async def _checked(
    ctx: GitContext, args: Sequence[str], *, cwd: Path | None = None, what: str
) -> GitResult:
    result = await run_git(ctx, args, cwd=cwd)
    if result.returncode != 0:
        raise WorkspaceCommandFailed(reason=f"{what} failed: {ctx.describe(result.stderr)}")
    return result


def is_clone(path: Path) -> bool:
    """Whether ``path`` holds a git working tree of ours."""
    return (path / ".git").is_dir()


def _prepare_clone(target: Path) -> Path:
    """Check ``target`` is free and return the sibling folder git clones into first."""
    if target.exists() and any(target.iterdir()):
        raise WorkspaceCommandFailed(
            reason="the workspace folder exists and is not a git clone; move it away and sync"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    return target.parent / f".{target.name}.clone-{uuid.uuid4().hex[:12]}"


def _place_clone(staging: Path, target: Path) -> None:
    """Move a complete clone into place (``target`` is absent or empty)."""
    if target.exists():
        target.rmdir()
    staging.rename(target)


@dataclass(frozen=True)
class SyncOutcome:
    """What a clone or sync did: the checked-out branch and a line for the history."""

    branch: str | None
    note: str


async def clone(ctx: GitContext, *, url: str, target: Path, branch: str | None) -> SyncOutcome:
    """Clone ``url`` into ``target`` (through a sibling folder, renamed when complete).

    A half-finished clone never sits at ``target``: a failure removes the sibling.
    """
    staging = await asyncio.to_thread(_prepare_clone, target)
    args = ["clone", "--no-recurse-submodules"]
    if branch:
        args += ["--branch", branch]
    args += ["--", url, str(staging)]
    try:
        await _checked(ctx, args, what="git clone")
        await asyncio.to_thread(_place_clone, staging, target)
    finally:
        await asyncio.to_thread(shutil.rmtree, staging, True)
    return SyncOutcome(branch=await current_branch(ctx, target), note="cloned")


async def fetch(ctx: GitContext, *, url: str, target: Path) -> SyncOutcome:
    """Fetch ``origin`` and fast-forward the checked-out branch when the tree is clean."""
    await _checked(ctx, ["remote", "set-url", "origin", url], cwd=target, what="git remote")
    await _checked(ctx, ["fetch", "--prune", "origin"], cwd=target, what="git fetch")
    branch = await current_branch(ctx, target)
    if branch is None:
        return SyncOutcome(branch=None, note="fetched; HEAD is detached, nothing fast-forwarded")
    if await changed_files(ctx, target):
        return SyncOutcome(branch=branch, note="fetched; local changes kept, not fast-forwarded")
    upstream = await run_git(ctx, ["rev-parse", "--abbrev-ref", "@{upstream}"], cwd=target)
    if upstream.returncode != 0:
        return SyncOutcome(branch=branch, note="fetched; the branch has no upstream")
    merged = await run_git(ctx, ["merge", "--ff-only", "@{upstream}"], cwd=target)
    if merged.returncode != 0:
        return SyncOutcome(
            branch=branch, note="fetched; the branch has diverged, not fast-forwarded"
        )
    return SyncOutcome(branch=branch, note="fetched and fast-forwarded")


async def clone_or_fetch(
    ctx: GitContext, *, url: str, target: Path, branch: str | None
) -> SyncOutcome:
    """Fetch when the workspace is already a clone, else clone it."""
    if is_clone(target):
        return await fetch(ctx, url=url, target=target)
    return await clone(ctx, url=url, target=target, branch=branch)


async def current_branch(ctx: GitContext, target: Path) -> str | None:
    """The checked-out branch, or ``None`` when HEAD is detached."""
    result = await run_git(
        ctx, ["symbolic-ref", "--short", "-q", "HEAD"], cwd=target, timeout_s=STATUS_TIMEOUT_S
    )
    name = result.stdout.strip()
    return name if result.returncode == 0 and name else None


async def head_commit(ctx: GitContext, target: Path) -> str | None:
    """The commit HEAD points at, or ``None`` in an empty repository."""
    result = await run_git(
        ctx, ["rev-parse", "--verify", "-q", "HEAD"], cwd=target, timeout_s=STATUS_TIMEOUT_S
    )
    sha = result.stdout.strip()
    return sha if result.returncode == 0 and sha else None


async def changed_files(ctx: GitContext, target: Path) -> list[ChangedFile]:
    """``git status --porcelain``: every changed, staged or untracked path."""
    result = await run_git(
        ctx,
        ["status", "--porcelain=v1", "-z", "--untracked-files=all"],
        cwd=target,
        timeout_s=STATUS_TIMEOUT_S,
    )
    if result.returncode != 0:
        raise WorkspaceCommandFailed(reason=f"git status failed: {ctx.describe(result.stderr)}")
    return parse_porcelain(result.stdout)


def parse_porcelain(text: str) -> list[ChangedFile]:
    """Entries of ``--porcelain=v1 -z``; a rename's source path is skipped."""
    out: list[ChangedFile] = []
    entries = iter(text.split("\0"))
    for entry in entries:
        if len(entry) < 4:
            continue
        status, path = entry[:2], entry[3:]
        out.append(ChangedFile(status=status, path=path))
        if "R" in status or "C" in status:
            next(entries, None)  # the original path follows a rename or copy
    return out

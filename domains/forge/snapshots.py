"""Git snapshots of a workspace that leave its working tree, index and branch alone.

A snapshot is a commit, on a hidden ref, of the working tree as ``git add -A`` would see
it: the files git tracks plus every untracked file that ``.gitignore`` does not exclude,
with their current content. It is built in a temporary index file (``GIT_INDEX_FILE``)
seeded from ``HEAD``'s tree, so the real index, ``HEAD`` and the checked-out branch are
never written; its parent is ``HEAD`` when there is one.

``restore`` makes the working tree equal to a snapshot again, again through a temporary
index. What it guarantees:

- every file of the snapshot is written back with its content and mode;
- every other file that is not ignored (by the ``.gitignore`` rules as restored) is
  removed, with directories left empty by that; nested repositories are left alone;
- ignored files are never touched, unless the snapshot itself has a file at that path;
- ``HEAD``, the branch and the staged content of the real index do not change; the real
  index's stat cache is refreshed (best effort), so ``git status`` shows the restored
  files as changes against the index exactly as they stood in the snapshot.

git runs with a minimal environment of its own (``PATH``, ``HOME``, no system config, no
prompts, the C locale), never the server's, and commits as ``JidoCode
<jidocode@localhost>``. Failures raise ``SnapshotFailed`` with git's last words, the
workspace and temporary paths masked.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from uuid import UUID

IDENTITY_NAME = "JidoCode"
IDENTITY_EMAIL = "jidocode@localhost"
CHECKPOINT_PREFIX = "refs/jidocode/checkpoints"

_DETAIL_MAX = 300
_ABS_PATH = re.compile(r"(?<![\w:/>.~-])/[^\s'\"]*")


class SnapshotFailed(Exception):
    """A git step of a snapshot or restore failed; ``detail`` is git's trimmed stderr."""

    def __init__(self, *, step: str, detail: str) -> None:
        super().__init__(f"git {step} failed: {detail}" if detail else f"git {step} failed")
        self.step = step
        self.detail = detail


def checkpoint_ref(session_id: UUID | str, n: int) -> str:
    """The hidden ref of a session's ``n``-th checkpoint."""
    if n < 0:
        raise ValueError("a checkpoint number is never negative")
    return f"{CHECKPOINT_PREFIX}/{session_id}/{n}"


async def snapshot(
    workspace: Path, *, ref: str, message: str, env: Mapping[str, str] | None = None
) -> str:
    """Commit the workspace's current files to ``ref`` and return the commit's sha.

    Tracked and untracked-but-not-ignored files are taken as they are in the working
    tree; nothing the user can see (working tree, index, ``HEAD``, branch) changes. ``ref``
    must be a full ref name (``refs/...``) that ``git check-ref-format`` accepts; it is
    created or moved. ``env`` may give the ``PATH`` and ``HOME`` git runs with.
    """
    git = _Git(workspace, env)
    if not ref.startswith("refs/"):
        raise SnapshotFailed(step="check-ref-format", detail="the ref must start with refs/")
    await git.run("check-ref-format", ref, detail="invalid ref name")
    top = await git.toplevel()
    head = await git.head(top)
    with tempfile.TemporaryDirectory(prefix="jidocode-snap-") as tmp:
        index = {"GIT_INDEX_FILE": os.path.join(tmp, "index")}
        git.masks.append(tmp)
        if head is not None:
            await git.run("read-tree", head, cwd=top, extra=index)
        await git.run("add", "-A", cwd=top, extra=index)
        tree = (await git.run("write-tree", cwd=top, extra=index)).strip()
    parent = ["-p", head] if head is not None else []
    identity = {
        "GIT_AUTHOR_NAME": IDENTITY_NAME,
        "GIT_AUTHOR_EMAIL": IDENTITY_EMAIL,
        "GIT_COMMITTER_NAME": IDENTITY_NAME,
        "GIT_COMMITTER_EMAIL": IDENTITY_EMAIL,
    }
    # A repository configured to sign commits must not make a checkpoint wait on a key.
    commit = await git.run(
        "commit-tree", "--no-gpg-sign", tree, *parent, "-m", message, cwd=top, extra=identity
    )
    commit = commit.strip()
    await git.run("update-ref", "-m", "jidocode snapshot", ref, commit, cwd=top)
    return commit


async def restore(workspace: Path, *, commit: str, env: Mapping[str, str] | None = None) -> None:
    """Make the working tree equal to the snapshot ``commit`` (see the module docstring).

    ``HEAD``, the branch and the real index's staged content are left as they are.
    """
    git = _Git(workspace, env)
    top = await git.toplevel()
    sha = (
        await git.run(
            "rev-parse",
            "--verify",
            "--quiet",
            f"{commit}^{{commit}}",
            cwd=top,
            detail="no such commit",
        )
    ).strip()
    with tempfile.TemporaryDirectory(prefix="jidocode-restore-") as tmp:
        index = {"GIT_INDEX_FILE": os.path.join(tmp, "index")}
        git.masks.append(tmp)
        await git.run("read-tree", sha, cwd=top, extra=index)
        # Checked out first so that the snapshot's own .gitignore decides what is removed;
        # -f also clears a file or directory standing where the snapshot has the other.
        await git.run("checkout-index", "-a", "-f", cwd=top, extra=index)
        await git.run("clean", "-f", "-d", "-q", cwd=top, extra=index)
    # Only the stat cache: files that differ from the index stay unstaged changes. It is an
    # optimisation (status would refresh anyway), so a busy index.lock does not fail this.
    await git.run("update-index", "-q", "--refresh", cwd=top, ok=None)


class _Git:
    """Runs ``git`` in one workspace with its own minimal environment."""

    def __init__(self, workspace: Path, env: Mapping[str, str] | None) -> None:
        given = env or {}
        self.workspace = workspace
        self.masks: list[str] = [str(workspace)]
        self.env = {
            # git has to be found; the server's PATH is the only thing taken from it.
            "PATH": given.get("PATH") or os.environ.get("PATH", os.defpath),
            "HOME": given.get("HOME") or "/nonexistent",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_TERMINAL_PROMPT": "0",
            "LC_ALL": "C",
        }

    async def toplevel(self) -> Path:
        """The root of the working tree (the workspace may be a directory inside it)."""
        top = Path((await self.run("rev-parse", "--show-toplevel")).strip())
        self.masks.append(str(top))
        return top

    async def head(self, top: Path) -> str | None:
        """The commit ``HEAD`` names, or None in a repository with no commit yet."""
        out = await self.run(
            "rev-parse", "--verify", "--quiet", "HEAD^{commit}", cwd=top, ok=(0, 1)
        )
        return out.strip() or None

    async def run(
        self,
        *args: str,
        cwd: Path | None = None,
        extra: Mapping[str, str] | None = None,
        ok: Sequence[int] | None = (0,),
        detail: str | None = None,
    ) -> str:
        """Run ``git args`` and return its stdout; raise unless its exit code is in ``ok``.

        ``ok=None`` accepts any exit code. ``detail`` replaces git's stderr in the error.
        """
        step = args[0]
        try:
            proc = await asyncio.create_subprocess_exec(
                "git",
                *args,
                cwd=cwd or self.workspace,
                env={**self.env, **(extra or {})},
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        except OSError as exc:
            raise SnapshotFailed(step=step, detail=exc.strerror or type(exc).__name__) from exc
        out, err = await proc.communicate()
        if ok is not None and proc.returncode not in ok:
            raise SnapshotFailed(step=step, detail=detail or self._trim(err))
        return out.decode("utf-8", "replace")

    def _trim(self, stderr: bytes) -> str:
        """git's last words, short, with the workspace and any other absolute path masked."""
        text = stderr.decode("utf-8", "replace")
        # Longest first, so a path inside the workspace keeps its relative tail.
        for path in sorted(set(self.masks), key=len, reverse=True):
            text = text.replace(path + os.sep, "").replace(path, ".")
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        summary = _ABS_PATH.sub("<path>", " / ".join(lines[-3:]))
        return summary[:_DETAIL_MAX]

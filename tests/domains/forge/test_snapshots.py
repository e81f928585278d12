"""Snapshots and restores against real git repositories in a temporary directory."""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path

import pytest

from domains.forge.snapshots import (
    IDENTITY_EMAIL,
    IDENTITY_NAME,
    SnapshotFailed,
    checkpoint_ref,
    restore,
    snapshot,
)


def git(repo: Path, *args: str) -> str:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(repo.parent),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
    }
    done = subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def state(repo: Path) -> dict[str, object]:
    """What the user can see of the repository besides the files: status, HEAD, index.

    The index file is read first, before ``git status`` gets a chance to refresh it.
    """
    return {
        "index": (repo / ".git" / "index").read_bytes(),
        "status": git(repo, "status", "--porcelain", "--untracked-files=all"),
        "head": git(repo, "rev-parse", "HEAD"),
        "branch": git(repo, "symbolic-ref", "HEAD"),
        "staged": git(repo, "ls-files", "--stage"),
    }


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with one commit, then a modified, an untracked and an ignored file."""
    repo = tmp_path / "ws"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "tracked.txt").write_text("one\n")
    (repo / "keep.txt").write_text("keep\n")
    (repo / ".gitignore").write_text("*.log\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "first")
    (repo / "tracked.txt").write_text("two\n")
    (repo / "new.txt").write_text("new\n")
    (repo / "debug.log").write_text("ignored\n")
    git(repo, "status", "--porcelain")  # refreshes the index's stat cache once, up front
    return repo


async def test_snapshot_records_the_working_tree_and_touches_nothing(repo: Path) -> None:
    before = state(repo)
    head = git(repo, "rev-parse", "HEAD").strip()
    ref = checkpoint_ref(uuid.uuid4(), 1)
    sha = await snapshot(repo, ref=ref, message="checkpoint 1")

    assert state(repo) == before
    assert git(repo, "rev-parse", ref).strip() == sha
    assert git(repo, "rev-parse", f"{sha}^").strip() == head
    files = set(git(repo, "ls-tree", "-r", "--name-only", sha).split())
    assert files == {".gitignore", "keep.txt", "new.txt", "tracked.txt"}
    assert git(repo, "show", f"{sha}:tracked.txt") == "two\n"
    assert git(repo, "show", f"{sha}:new.txt") == "new\n"
    author = git(repo, "log", "-1", "--format=%an <%ae>|%cn <%ce>|%s", sha).strip()
    identity = f"{IDENTITY_NAME} <{IDENTITY_EMAIL}>"
    assert author == f"{identity}|{identity}|checkpoint 1"


async def test_restore_brings_the_snapshot_back(repo: Path) -> None:
    sha = await snapshot(repo, ref=checkpoint_ref("s1", 0), message="cp")
    status_at_snapshot = git(repo, "status", "--porcelain", "--untracked-files=all")
    head = git(repo, "rev-parse", "HEAD")
    staged = git(repo, "ls-files", "--stage")

    (repo / "tracked.txt").write_text("three\n")
    (repo / "keep.txt").unlink()
    (repo / "new.txt").write_text("changed\n")
    (repo / "later.txt").write_text("later\n")
    (repo / "dir" / "deep").mkdir(parents=True)
    (repo / "dir" / "deep" / "later.txt").write_text("later\n")
    (repo / "dir" / "other.log").write_text("ignored too\n")

    await restore(repo, commit=sha)

    assert (repo / "tracked.txt").read_text() == "two\n"
    assert (repo / "keep.txt").read_text() == "keep\n"
    assert (repo / "new.txt").read_text() == "new\n"
    assert not (repo / "later.txt").exists()
    assert not (repo / "dir" / "deep").exists()
    assert (repo / "debug.log").read_text() == "ignored\n"
    assert (repo / "dir" / "other.log").read_text() == "ignored too\n"
    assert git(repo, "rev-parse", "HEAD") == head
    assert git(repo, "ls-files", "--stage") == staged
    assert git(repo, "symbolic-ref", "HEAD") == "refs/heads/main\n"
    assert git(repo, "status", "--porcelain", "--untracked-files=all") == status_at_snapshot


async def test_restore_swaps_a_file_and_a_directory(repo: Path) -> None:
    (repo / "thing").write_text("a file\n")
    sha = await snapshot(repo, ref=checkpoint_ref("s1", 1), message="cp")
    (repo / "thing").unlink()
    (repo / "thing").mkdir()
    (repo / "thing" / "inside.txt").write_text("x\n")

    await restore(repo, commit=sha)

    assert (repo / "thing").read_text() == "a file\n"


async def test_snapshot_of_a_repository_without_commits(tmp_path: Path) -> None:
    repo = tmp_path / "empty"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "a.txt").write_text("a\n")
    ref = checkpoint_ref("s2", 0)

    sha = await snapshot(repo, ref=ref, message="first")

    assert git(repo, "rev-list", "--parents", "-n", "1", sha).split() == [sha]
    assert git(repo, "ls-tree", "-r", "--name-only", sha).split() == ["a.txt"]
    assert git(repo, "status", "--porcelain") == "?? a.txt\n"
    (repo / "a.txt").write_text("changed\n")
    (repo / "b.txt").write_text("b\n")
    await restore(repo, commit=sha)
    assert (repo / "a.txt").read_text() == "a\n"
    assert not (repo / "b.txt").exists()


async def test_a_second_snapshot_moves_nothing_but_its_ref(repo: Path) -> None:
    first = await snapshot(repo, ref=checkpoint_ref("s3", 0), message="cp0")
    (repo / "tracked.txt").write_text("later\n")
    second = await snapshot(repo, ref=checkpoint_ref("s3", 1), message="cp1")
    assert first != second
    assert git(repo, "rev-parse", checkpoint_ref("s3", 0)).strip() == first
    assert git(repo, "for-each-ref", "--format=%(refname)", "refs/jidocode").split() == [
        "refs/jidocode/checkpoints/s3/0",
        "refs/jidocode/checkpoints/s3/1",
    ]


@pytest.mark.parametrize("ref", ["refs/jidocode/bad..ref", "refs/jidocode/a b", "HEAD"])
async def test_a_bad_ref_is_refused(repo: Path, ref: str) -> None:
    with pytest.raises(SnapshotFailed, match="check-ref-format"):
        await snapshot(repo, ref=ref, message="cp")


async def test_errors_are_short_and_path_free(tmp_path: Path) -> None:
    with pytest.raises(SnapshotFailed) as caught:
        await snapshot(tmp_path, ref=checkpoint_ref("s", 0), message="cp")
    assert "not a git repository" in caught.value.detail
    assert str(tmp_path) not in str(caught.value)

    repo = tmp_path / "r"
    repo.mkdir()
    git(repo, "init", "-q")
    with pytest.raises(SnapshotFailed, match="no such commit"):
        await restore(repo, commit="0" * 40)


def test_checkpoint_ref() -> None:
    session = uuid.UUID("12345678-1234-5678-1234-567812345678")
    assert checkpoint_ref(session, 3) == f"refs/jidocode/checkpoints/{session}/3"
    with pytest.raises(ValueError, match="negative"):
        checkpoint_ref(session, -1)

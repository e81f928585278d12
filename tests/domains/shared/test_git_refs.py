"""Branch names: ``branch_name_problem`` agrees with the real ``git check-ref-format``."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from domains.shared.git_refs import branch_name_problem

# Names git accepts and refuses, the among them (a trailing newline, a reflog
# selector, a leading dot).
NAMES = [
    "main",
    "feature/x",
    "release-1.2",
    "ünïcode",
    "a@b",
    "@a",
    "main\n",
    "HEAD@{0}",
    ".hidden",
    "a/.b",
    "HEAD",
    "-x",
    "a..b",
    "a.",
    "a/",
    "/a",
    "a//b",
    "a.lock",
    "a.lock/b",
    "x/a.lock",
    "a b",
    "a~1",
    "a^",
    "a:b",
    "a?",
    "a*",
    "a[b",
    "a\\b",
    "a\tb",
    "a\x7fb",
    "a@{b",
    "",
]


def git_accepts(name: str, cwd: Path) -> bool:
    """What ``git check-ref-format --branch`` says about ``name``."""
    done = subprocess.run(
        ["git", "check-ref-format", "--branch", name], cwd=cwd, capture_output=True, check=False
    )
    return done.returncode == 0


@pytest.mark.parametrize("name", NAMES)
def test_agrees_with_git(name: str, tmp_path: Path) -> None:
    assert (branch_name_problem(name) is None) == git_accepts(name, tmp_path), repr(name)


def test_a_lone_at_sign_is_refused_though_git_expands_it() -> None:
    # ``--branch @`` is git's shorthand for the current branch, never a branch to create.
    assert branch_name_problem("@") is not None

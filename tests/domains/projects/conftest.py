"""Fixtures for Projects tests: local bare repositories standing in for GitHub, a runtime
pointed at them and at the local GitHub server, and an authenticated HTTP client."""

from __future__ import annotations

import subprocess
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from domains.projects import service_clone
from rpc.context import Runtime
from rpc.http import build_app
from rpc.jobs import Workers
from rpc.registry import Registry
from tests.domains.accounts.factories import bearer, owner_token
from tests.fakes.github_server import FakeGitHub

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
    "HOME": "/nonexistent",
    "PATH": "/usr/local/bin:/usr/bin:/bin",
}


def git(*args: str, cwd: Path) -> str:
    """Run real git for test set-up; fails the test on a non-zero exit."""
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=GIT_ENV, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def make_bare_repo(remotes: Path, full_name: str, files: dict[str, str]) -> Path:
    """A bare repository at ``remotes/<owner>/<repo>.git`` with one commit on ``main``."""
    bare = remotes / f"{full_name}.git"
    bare.parent.mkdir(parents=True, exist_ok=True)
    git("init", "--bare", "-q", "-b", "main", str(bare), cwd=remotes)
    work = remotes / f".work-{full_name.replace('/', '-')}"
    git("init", "-q", "-b", "main", str(work), cwd=remotes)
    for name, text in files.items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_text(text)
    git("add", "-A", cwd=work)
    git("commit", "-q", "-m", "initial", cwd=work)
    git("remote", "add", "origin", str(bare), cwd=work)
    git("push", "-q", "origin", "main", cwd=work)
    return work


@pytest.fixture
def remotes(tmp_path: Path) -> Path:
    """A folder of bare repositories; ``file://<remotes>`` is the clone base."""
    path = tmp_path / "remotes"
    path.mkdir()
    return path


@pytest.fixture
def project_runtime(runtime: Runtime, remotes: Path, tmp_path: Path, gh: FakeGitHub) -> Runtime:
    """The test runtime with clones from ``remotes``, workspaces under tmp, GitHub local."""
    settings = runtime.settings.model_copy(
        update={
            "git_clone_base_url": f"file://{remotes}",
            "workspace_root": tmp_path / "workspaces",
            "github_api_url": gh.base_url,
        }
    )
    return replace(runtime, settings=settings)


def clone_workers(rt: Runtime) -> Workers:
    """Workers running only the clone job, for ``drain()``."""
    return Workers(rt, {service_clone.JOB_KIND: service_clone.run_clone_job}, concurrency=1)


@pytest.fixture
async def api(
    project_runtime: Runtime, registry: Registry, clean: None
) -> AsyncIterator[tuple[TestClient[Any, Any], dict[str, str]]]:
    """An HTTP client on the project runtime and the owner's bearer headers."""
    app = build_app(project_runtime, registry)
    async with TestClient(TestServer(app, host="127.0.0.1")) as client:
        token = await owner_token(client)
        yield client, bearer(token)

"""Fixtures for Forge tests: a real git workspace, a project whose clone is ready, a
runtime whose agent binaries are the fake agent, workers running the exec job, and an
authenticated HTTP client."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from aiohttp.test_utils import TestClient, TestServer

from domains.forge import service
from rpc.context import Runtime
from rpc.http import build_app
from rpc.jobs import Workers
from rpc.registry import Registry
from sql.database import Database
from tests.conftest import call
from tests.domains.accounts.factories import bearer, owner_token
from tests.domains.projects.conftest import git
from tests.domains.projects.factories import make_project

FAKE_AGENT = Path(__file__).resolve().parents[2] / "fakes" / "fake_agent.py"
Api = tuple[TestClient[Any, Any], dict[str, str]]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A real git clone with one commit on ``main`` and a ``.gitignore``."""
    path = tmp_path / "workspace"
    path.mkdir()
    git("init", "-q", "-b", "main", cwd=path)
    (path / "README.md").write_text("hello\n")
    (path / ".gitignore").write_text("*.log\n")
    git("add", "-A", cwd=path)
    git("commit", "-q", "-m", "initial", cwd=path)
    return path


@pytest.fixture
def forge_runtime(runtime: Runtime) -> Runtime:
    """The test runtime with the fake agent as both CLIs and a short kill grace."""
    settings = runtime.settings.model_copy(
        update={
            "claude_binary": str(FAKE_AGENT),
            "codex_binary": str(FAKE_AGENT),
            "forge_kill_grace_s": 1.0,
        }
    )
    return replace(runtime, settings=settings)


async def ready_project(db: Database, workspace: Path) -> UUID:
    """A committed project whose clone is ``ready`` in ``workspace``."""
    async with db.transaction() as conn:
        project = await make_project(conn, workspace_path=str(workspace))
        await conn.execute("UPDATE projects SET clone_status = 'ready' WHERE id = $1", project.id)
    return project.id


@pytest.fixture
async def api(forge_runtime: Runtime, registry: Registry, clean: None) -> AsyncIterator[Api]:
    """An HTTP client on the Forge runtime and the owner's bearer headers."""
    app = build_app(forge_runtime, registry)
    async with TestClient(TestServer(app, host="127.0.0.1")) as client:
        token = await owner_token(client)
        yield client, bearer(token)


@pytest.fixture
async def project_id(api: Api, db: Database, workspace: Path) -> UUID:
    """The ready project of ``workspace`` (after ``api``, so the tables are clean)."""
    return await ready_project(db, workspace)


@pytest.fixture
async def workers(forge_runtime: Runtime, api: Api) -> AsyncIterator[Workers]:
    """Workers running the exec job for the test, stopped after it."""
    pool = Workers(forge_runtime, {service.EXEC_JOB: service.run_exec_job}, concurrency=4)
    await pool.start()
    yield pool
    await pool.stop(grace_s=10)


async def rpc(api: Api, method: str, params: dict[str, Any]) -> Any:
    """Call ``method`` as the owner; the result, or fail the test with the error."""
    client, headers = api
    answer = await call(client, method, params, headers=headers)
    assert "result" in answer, answer
    return answer["result"]


async def rpc_error(api: Api, method: str, params: dict[str, Any]) -> dict[str, Any]:
    """Call ``method`` as the owner, expecting an error; the error object."""
    client, headers = api
    answer = await call(client, method, params, headers=headers)
    assert "error" in answer, answer
    error: dict[str, Any] = answer["error"]
    return error


async def start(api: Api, project_id: UUID, runner: str, **spec: Any) -> dict[str, Any]:
    """A ready session of ``runner``."""
    session: dict[str, Any] = await rpc(
        api, "forge.start_session", {"project_id": str(project_id), "runner": runner, "spec": spec}
    )
    assert session["phase"] == "ready"
    return session


async def wait_exec(
    api: Api, session_id: str, sequence: int, *, timeout_s: float = 30.0
) -> dict[str, Any]:
    """Poll ``forge.get_exec`` until the execution has ended; returns it."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    while True:
        execution: dict[str, Any] = await rpc(
            api, "forge.get_exec", {"session_id": session_id, "sequence": sequence}
        )
        if execution["status"] != "started":
            return execution
        assert asyncio.get_running_loop().time() < deadline, f"exec still running: {execution}"
        await asyncio.sleep(0.05)


async def all_events(api: Api, session_id: str) -> list[dict[str, Any]]:
    """Every event of a session, read page by page after the cursor."""
    events: list[dict[str, Any]] = []
    cursor = None
    while True:
        page = await rpc(
            api, "forge.list_events", {"session_id": session_id, "cursor": cursor, "limit": 1000}
        )
        events.extend(page["items"])
        if not page["items"]:
            return events
        cursor = page["next_cursor"]

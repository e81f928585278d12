"""Fixtures for the step engine: a project cloned from a local bare remote, the fake agent
as the coding CLI, a local server speaking the LLM providers' APIs with an active
Anthropic credential, and workers running the engine's and Forge's jobs."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from aiohttp.test_utils import TestClient, TestServer

from domains.forge import service as forge
from domains.orchestration.engine import drive_run
from domains.orchestration.engine_queue import DRIVE_JOB
from domains.projects import service as projects
from domains.projects import service_clone
from domains.setup.service_providers import set_provider_credential
from rpc.context import Runtime
from rpc.http import build_app
from rpc.jobs import Workers
from rpc.registry import Registry
from sql.database import Database
from tests.conftest import call
from tests.domains.accounts.factories import bearer, owner_token
from tests.domains.forge.conftest import FAKE_AGENT
from tests.domains.projects.conftest import clone_workers, git, make_bare_repo
from tests.fakes.github_server import FakeGitHub
from tests.fakes.github_state import make_app_key
from tests.fakes.llm_server import VALID_ANTHROPIC, FakeLlm, llm_server

OWNER = "owner:00000000-0000-0000-0000-000000000001"
FILES = {"README.md": "# app\n", ".gitignore": "*.log\n", "src/app.py": "print('hi')\n"}


@dataclass
class Engine:
    """What an engine test drives: the HTTP API as the owner, the runtime, the fakes."""

    client: TestClient[Any, Any]
    headers: dict[str, str]
    runtime: Runtime
    llm: FakeLlm
    project_id: UUID
    checkout: Path
    remote_work: Path
    workers: Workers

    async def rpc(self, method: str, params: dict[str, Any]) -> Any:
        """The result of ``method`` as the owner (fails the test on an error)."""
        answer = await call(self.client, method, params, headers=self.headers)
        assert "result" in answer, answer
        return answer["result"]

    async def rpc_error(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        """The error of ``method`` as the owner (fails the test on a result)."""
        answer = await call(self.client, method, params, headers=self.headers)
        assert "error" in answer, answer
        error: dict[str, Any] = answer["error"]
        return error

    async def settings(self, **values: Any) -> None:
        """Set the project's settings."""
        await self.rpc("projects.update", {"project_id": str(self.project_id), "settings": values})

    async def start(self, definition: str, inputs: dict[str, Any]) -> dict[str, Any]:
        """Start a manual run."""
        run: dict[str, Any] = await self.rpc(
            "orchestration.start_run",
            {"project_id": str(self.project_id), "definition_name": definition, "inputs": inputs},
        )
        return run

    async def wait_status(
        self, run_id: str, *statuses: str, timeout_s: float = 60.0
    ) -> dict[str, Any]:
        """Poll ``get_run`` until the run is in one of ``statuses``."""
        deadline = asyncio.get_running_loop().time() + timeout_s
        while True:
            run: dict[str, Any] = await self.rpc("orchestration.get_run", {"run_id": run_id})
            if run["status"] in statuses:
                return run
            assert asyncio.get_running_loop().time() < deadline, run
            await asyncio.sleep(0.05)


def engine_settings(
    runtime: Runtime, remotes: Path, tmp: Path, llm: FakeLlm, gh_url: str
) -> Runtime:
    """The runtime with clones from ``remotes``, the fake agent and the fake providers."""
    settings = runtime.settings.model_copy(
        update={
            "git_clone_base_url": f"file://{remotes}",
            "workspace_root": tmp / "workspaces",
            "github_api_url": gh_url,
            "claude_binary": str(FAKE_AGENT),
            "codex_binary": str(FAKE_AGENT),
            "forge_kill_grace_s": 1.0,
            **llm.settings_update(),
        }
    )
    return replace(runtime, settings=settings)


async def activate_llm(rt: Runtime) -> None:
    """An Anthropic credential for the fake provider, marked verified ``active``."""
    await set_provider_credential(
        rt.db, rt, provider="anthropic", value=VALID_ANTHROPIC, actor=OWNER
    )
    async with rt.db.connection() as conn:
        await conn.execute(
            "UPDATE provider_credentials SET status = 'active', verified_at = now() "
            "WHERE provider = 'anthropic'"
        )


def engine_workers(rt: Runtime) -> Workers:
    """Workers running the engine's, Forge's and the clone's jobs."""
    return Workers(
        rt,
        {
            DRIVE_JOB: drive_run,
            forge.EXEC_JOB: forge.run_exec_job,
            service_clone.JOB_KIND: service_clone.run_clone_job,
        },
        concurrency=6,
        poll_interval_s=0.05,
    )


@asynccontextmanager
async def engine_for(
    runtime: Runtime,
    registry: Registry,
    tmp_path: Path,
    gh: FakeGitHub,
    *,
    over_http: bool,
    github_app: bool = False,
) -> AsyncIterator[Engine]:
    """A ready project ``acme/app`` and everything the engine needs, workers running.

    ``over_http``: the remote is served by the fake GitHub over git's smart HTTP with a
    stored PAT, or with ``github_app`` a GitHub App's installation tokens (so pushes authenticate
    as on GitHub), and refuses non-fast-forward pushes; otherwise it is a ``file://``
    folder and no GitHub credential is stored.
    """
    remotes = tmp_path / "remotes"
    remotes.mkdir()
    async with llm_server() as llm:
        rt = engine_settings(runtime, remotes, tmp_path, llm, gh.base_url)
        work = make_bare_repo(remotes, "acme/app", FILES)
        if over_http:
            git("config", "receive.denyNonFastForwards", "true", cwd=remotes / "acme/app.git")
            gh.git_root = remotes
            gh.add_repo("acme/app")
            rt = replace(
                rt, settings=rt.settings.model_copy(update={"git_clone_base_url": gh.git_url})
            )
            if github_app:
                private, public = make_app_key()
                gh.add_app(77, public, 9, ["acme/app"])
                provider = "github_app"
                value = json.dumps({"app_id": 77, "installation_id": 9, "private_key": private})
            else:
                provider, value = "github_pat", gh.add_token()
            await set_provider_credential(rt.db, rt, provider=provider, value=value, actor=OWNER)
        created = await projects.import_project(rt, github_full_name="acme/app", actor=OWNER)
        assert await clone_workers(rt).drain() == 1
        project = await projects.get_project_detail(rt.db, project_id=created.id)
        assert project.clone_status == "ready", project.clone_error
        await activate_llm(rt)
        pool = engine_workers(rt)
        await pool.start()
        app = build_app(rt, registry)
        try:
            async with TestClient(TestServer(app, host="127.0.0.1")) as client:
                token = await owner_token(client)
                yield Engine(
                    client=client,
                    headers=bearer(token),
                    runtime=rt,
                    llm=llm,
                    project_id=project.id,
                    checkout=Path(project.workspace_path),
                    remote_work=work,
                    workers=pool,
                )
        finally:
            await pool.stop(grace_s=10)


@pytest.fixture
async def engine(
    runtime: Runtime, registry: Registry, tmp_path: Path, gh: FakeGitHub, clean: None
) -> AsyncIterator[Engine]:
    """The engine on a project cloned from a ``file://`` remote."""
    async with engine_for(runtime, registry, tmp_path, gh, over_http=False) as e:
        yield e


@pytest.fixture
async def shipping_app(
    runtime: Runtime, registry: Registry, tmp_path: Path, gh: FakeGitHub, clean: None
) -> AsyncIterator[Engine]:
    """``shipping`` acting with a GitHub App's installation tokens instead of a PAT."""
    async with engine_for(runtime, registry, tmp_path, gh, over_http=True, github_app=True) as e:
        yield e


@pytest.fixture
async def shipping(
    runtime: Runtime, registry: Registry, tmp_path: Path, gh: FakeGitHub, clean: None
) -> AsyncIterator[Engine]:
    """The engine on a project whose remote the fake GitHub serves over smart HTTP."""
    async with engine_for(runtime, registry, tmp_path, gh, over_http=True) as e:
        yield e


async def define(engine: Engine, name: str, steps: list[dict[str, Any]]) -> None:
    """A custom definition (manual trigger) of ``steps``."""
    await engine.rpc("orchestration.create_definition", {"name": name, "steps": steps})


async def step_runs(db: Database, run_id: str) -> list[dict[str, Any]]:
    """Every attempt of the run's steps, as rows."""
    async with db.connection() as conn:
        rows = await conn.fetch(
            "SELECT step_index, step_name, kind, attempt, status, output, error, cost_usd, "
            "started_at, finished_at FROM workflow_step_runs WHERE run_id = $1 "
            "ORDER BY started_at, attempt",
            UUID(run_id),
        )
    return [dict(r) for r in rows]

"""Fixtures for the GitHub domain's committing tests: a configured issue bot (secret, PAT,
project, enabled github_issue_bot, owner token) on the local GitHub server; ``llm_bot``
adds an active Anthropic credential on the local LLM server, so triage calls an LLM."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from domains.agents.service import upsert_config
from domains.setup.service_providers import set_provider_credential
from rpc.http import build_app
from rpc.jobs import Workers
from rpc.registry import Registry
from rpc.settings import Settings
from sql.database import Database
from tests.domains.accounts.factories import bearer, owner_token
from tests.domains.github.factories import ALL_EVENTS, REPO, Bot, set_secret, started_runtime
from tests.domains.projects.factories import make_project
from tests.fakes.github_server import FakeGitHub
from tests.fakes.llm_server import VALID_ANTHROPIC, FakeLlm, llm_server


@asynccontextmanager
async def running_bot(
    settings: Settings, db: Database, registry: Registry, gh: FakeGitHub, **overrides: Any
) -> AsyncIterator[Bot]:
    """The issue bot, set up as an owner would, on settings with ``overrides``."""
    async with started_runtime(
        settings, db, registry, github_api_url=gh.base_url, **overrides
    ) as runtime:
        await set_secret(runtime)
        token = gh.add_token()
        gh.add_repo(REPO)
        await set_provider_credential(db, runtime, provider="github_pat", value=token, actor="test")
        async with db.transaction() as conn:
            project = await make_project(conn, name="app", github_full_name=REPO)
        await upsert_config(
            db,
            project_id=project.id,
            agent_type="github_issue_bot",
            enabled=True,
            webhook_events=ALL_EVENTS,
        )
        app = build_app(runtime, registry)
        async with TestClient(TestServer(app, host="127.0.0.1")) as client:
            auth = bearer(await owner_token(client))
            yield Bot(runtime, client, Workers(runtime, registry.job_handlers), gh, project, auth)


@pytest.fixture
async def bot(
    settings: Settings, db: Database, registry: Registry, gh: FakeGitHub, clean: None
) -> AsyncIterator[Bot]:
    async with running_bot(settings, db, registry, gh) as b:
        yield b


@pytest.fixture
async def llm() -> AsyncIterator[FakeLlm]:
    async with llm_server() as server:
        yield server


@pytest.fixture
async def llm_bot(
    settings: Settings,
    db: Database,
    registry: Registry,
    gh: FakeGitHub,
    llm: FakeLlm,
    clean: None,
) -> AsyncIterator[Bot]:
    async with running_bot(settings, db, registry, gh, **llm.settings_update()) as b:
        await set_provider_credential(
            db, b.runtime, provider="anthropic", value=VALID_ANTHROPIC, actor="test"
        )
        async with db.connection() as conn:
            # Verified by hand: verifying would spend one of the fake's scripted answers.
            await conn.execute(
                "UPDATE provider_credentials SET status = 'active', verified_at = now() "
                "WHERE provider = 'anthropic'"
            )
        yield b

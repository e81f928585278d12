"""Factories for the GitHub domain's tests: stored and signed deliveries, webhook secrets,
a started runtime and a configured issue bot."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import orjson
from aiohttp.test_utils import TestClient

from domains.agents.service import upsert_config
from domains.github import repo, signatures
from domains.github.service_secrets import set_webhook_secret
from domains.projects.models import ProjectView
from rpc.app.runtime import build_runtime, lifecycles_started
from rpc.context import Runtime
from rpc.jobs import Workers
from rpc.registry import Registry
from rpc.settings import Settings
from sql.database import Connection, Database
from tests.conftest import call
from tests.fakes.github_server import FakeGitHub

SECRET = "correct horse battery staple"
URL = "/webhooks/github"
REPO = "acme/app"
ALL_EVENTS = ["issues.opened", "issues.edited", "issue_comment.created"]
Client = TestClient[Any, Any]
_numbers = itertools.count(1)


def issue_payload(
    full_name: str = "acme/app",
    *,
    action: str = "opened",
    number: int | None = None,
    title: str = "App crashes on start",
    body: str = "I get a traceback when I run it. Steps to reproduce: start the app.",
    author: str = "octocat",
    labels: tuple[str, ...] = (),
    **extra: Any,
) -> dict[str, Any]:
    """An ``issues`` payload shaped like GitHub's."""
    owner, _, name = full_name.partition("/")
    n = number if number is not None else next(_numbers)
    return {
        "action": action,
        "issue": {
            "number": n,
            "title": title,
            "body": body,
            "html_url": f"https://github.com/{full_name}/issues/{n}",
            "user": {"login": author, "type": "User"},
            "labels": [{"name": label} for label in labels],
            "state": "open",
        },
        "repository": {
            "full_name": full_name,
            "name": name,
            "owner": {"login": owner},
            "private": False,
        },
        "sender": {"login": author, "type": "User"},
        **extra,
    }


def signed(
    payload: dict[str, Any] | bytes,
    *,
    secret: str = SECRET,
    event: str = "issues",
    delivery: str | None = None,
) -> tuple[bytes, dict[str, str]]:
    """The body and headers GitHub would send for ``payload``."""
    body = payload if isinstance(payload, bytes) else orjson.dumps(payload)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "GitHub-Hookshot/test",
        "X-GitHub-Event": event,
        "X-GitHub-Delivery": delivery or str(uuid.uuid4()),
        "X-Hub-Signature-256": signatures.sign(secret, body),
    }
    return body, headers


async def make_delivery(
    conn: Connection,
    *,
    received_at: datetime | None = None,
    status: str = "processed",
    **overrides: Any,
) -> UUID:
    """A stored ``ping`` delivery, finished (``status``) and received at ``received_at``
    when given (to test retention)."""
    fields: dict[str, Any] = {
        "delivery_id": str(uuid.uuid4()),
        "event": "ping",
        "action": None,
        "repo_id": None,
        "repo_full_name": None,
        "payload": {"zen": "Keep it logically awesome."},
    }
    fields.update(overrides)
    stored = await repo.insert_delivery(conn, **fields)
    assert stored is not None
    # Test set-up: put the row at a chosen age and status.
    await conn.execute(
        "UPDATE webhook_deliveries SET received_at = COALESCE($2, received_at), status = $3 "
        "WHERE id = $1",
        stored,
        received_at,
        status,
    )
    return stored


async def set_secret(runtime: Runtime, value: str = SECRET, *, repo: str | None = None) -> None:
    """Store a webhook secret for the instance (or one repository)."""
    async with runtime.db.transaction() as conn:
        await set_webhook_secret(conn, runtime, full_name=repo, value=value, actor="test")


@asynccontextmanager
async def started_runtime(
    settings: Settings, db: Database, registry: Registry, **overrides: Any
) -> AsyncIterator[Runtime]:
    """A runtime with every lifecycle started, on settings with ``overrides``."""
    runtime = build_runtime(settings.model_copy(update=overrides), db, registry)
    async with lifecycles_started(runtime, registry):
        yield runtime


async def count(db: Database, table: str) -> int:
    """Rows in one of the tables the webhook adapter writes."""
    assert table in {"webhook_deliveries", "jobs", "repos", "issue_analyses", "workflow_runs"}
    async with db.connection() as conn:
        n: int = await conn.fetchval(f"SELECT count(*) FROM {table}")
    return n


@dataclass
class Bot:
    runtime: Runtime
    client: Client
    workers: Workers
    gh: FakeGitHub
    project: ProjectView
    auth: dict[str, str]

    async def deliver(
        self, payload: dict[str, Any], *, event: str = "issues", delivery: str | None = None
    ) -> dict[str, Any]:
        body, headers = signed(payload, event=event, delivery=delivery)
        resp = await self.client.post(URL, data=body, headers=headers)
        assert resp.status == 202, await resp.text()
        answer: dict[str, Any] = await resp.json()
        return answer

    async def rpc(self, method: str, params: dict[str, Any] | None = None) -> Any:
        answer = await call(self.client, method, params or {}, headers=self.auth)
        assert "result" in answer, answer
        return answer["result"]

    async def rpc_error(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        answer = await call(self.client, method, params, headers=self.auth)
        assert "error" in answer, answer
        error: dict[str, Any] = answer["error"]
        return error

    async def configure(self, **fields: Any) -> None:
        await upsert_config(
            self.runtime.db, project_id=self.project.id, agent_type="github_issue_bot", **fields
        )

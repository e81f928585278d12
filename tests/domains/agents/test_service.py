"""Support-agent configs: one per project and type, events checked per type, policies."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import asyncpg
import pytest
from aiohttp.test_utils import TestClient

from domains.agents import service
from domains.agents.errors import AgentConfigNotFound
from domains.agents.models import WEBHOOK_EVENTS, ApprovalPolicy
from domains.projects.errors import ProjectNotFound
from domains.projects.models import ProjectView
from rpc.context import Runtime
from rpc.errors import ValidationFailed
from sql.database import Connection, Database
from tests.conftest import call
from tests.domains.accounts.factories import bearer, error_kind, owner_token
from tests.domains.projects.factories import make_project

# The services own their transactions, so every test here commits and cleans up.
pytestmark = pytest.mark.committing


@pytest.fixture
def db_(db: Database, clean: None) -> Database:
    """The services own their transactions, so these tests commit and clean up."""
    return db


@pytest.fixture
async def project(db_: Database) -> ProjectView:
    """A committed project (no clone job: these tests never run one)."""
    async with db_.transaction() as conn:
        return await make_project(conn)


async def test_a_new_config_gets_the_defaults(db_: Database, project: ProjectView) -> None:
    config = await service.upsert_config(db_, project_id=project.id, agent_type="github_issue_bot")
    assert config.enabled is False
    assert config.webhook_events == ["issues.opened", "issue_comment.created"]
    assert config.approval_policy == ApprovalPolicy(mode="manual")
    assert config.configuration == {}
    assert config.last_triggered_at is None


async def test_upsert_changes_only_the_given_fields(db_: Database, project: ProjectView) -> None:
    first = await service.upsert_config(
        db_,
        project_id=project.id,
        agent_type="github_issue_bot",
        webhook_events=["issues.opened", "issues.edited", "issues.opened"],
        configuration={"labels": ["triage"]},
    )
    assert first.webhook_events == ["issues.opened", "issues.edited"]
    second = await service.upsert_config(
        db_,
        project_id=project.id,
        agent_type="github_issue_bot",
        enabled=True,
        approval_policy=ApprovalPolicy(mode="auto_post"),
    )
    assert second.id == first.id
    assert second.enabled is True
    assert second.approval_policy.mode == "auto_post"
    assert second.webhook_events == ["issues.opened", "issues.edited"]
    assert second.configuration == {"labels": ["triage"]}
    listed = await service.list_configs(db_, project_id=project.id)
    assert [c.id for c in listed.items] == [first.id]


@pytest.mark.parametrize("agent_type", sorted(WEBHOOK_EVENTS))
async def test_each_type_accepts_its_own_events_only(
    db_: Database, agent_type: Any, project: ProjectView
) -> None:
    allowed = list(WEBHOOK_EVENTS[agent_type])
    config = await service.upsert_config(
        db_, project_id=project.id, agent_type=agent_type, webhook_events=allowed
    )
    assert config.webhook_events == allowed
    with pytest.raises(ValidationFailed) as refused:
        await service.upsert_config(
            db_,
            project_id=project.id,
            agent_type=agent_type,
            webhook_events=[allowed[0], "deployment.created"],
        )
    [error] = refused.value.data()["field_errors"]
    assert error["field"] == "webhook_events.1"
    assert "deployment.created" in error["message"]


async def test_the_issue_bot_refuses_pull_request_events(
    db_: Database, project: ProjectView
) -> None:
    with pytest.raises(ValidationFailed):
        await service.upsert_config(
            db_,
            project_id=project.id,
            agent_type="github_issue_bot",
            webhook_events=["pull_request.opened"],
        )
    assert (await service.list_configs(db_, project_id=project.id)).items == []


async def test_configs_are_per_project_and_type(db_: Database) -> None:
    async with db_.transaction() as conn:
        app = await make_project(conn, github_full_name="acme/app")
        lib = await make_project(conn, github_full_name="acme/lib")
    for project in (app, lib):
        for agent_type in ("github_issue_bot", "pr_review_bot"):
            await service.upsert_config(db_, project_id=project.id, agent_type=agent_type)
    assert len((await service.list_configs(db_, project_id=app.id)).items) == 2
    everything = await service.list_configs(db_, project_id=None)
    assert len(everything.items) >= 4


async def test_set_enabled_get_and_delete(db_: Database, project: ProjectView) -> None:
    await service.upsert_config(db_, project_id=project.id, agent_type="pr_review_bot")
    on = await service.set_enabled(
        db_, project_id=project.id, agent_type="pr_review_bot", enabled=True
    )
    assert on.enabled is True
    got = await service.get_config(db_, project_id=project.id, agent_type="pr_review_bot")
    assert got.enabled is True
    deleted = await service.delete_config(db_, project_id=project.id, agent_type="pr_review_bot")
    assert deleted.deleted is True
    with pytest.raises(AgentConfigNotFound):
        await service.get_config(db_, project_id=project.id, agent_type="pr_review_bot")
    with pytest.raises(AgentConfigNotFound):
        await service.delete_config(db_, project_id=project.id, agent_type="pr_review_bot")
    with pytest.raises(AgentConfigNotFound):
        await service.set_enabled(
            db_, project_id=project.id, agent_type="pr_review_bot", enabled=False
        )


async def test_an_unknown_project_is_not_found(db_: Database) -> None:
    missing = uuid.uuid4()
    with pytest.raises(ProjectNotFound):
        await service.upsert_config(db_, project_id=missing, agent_type="github_issue_bot")
    with pytest.raises(ProjectNotFound):
        await service.list_configs(db_, project_id=missing)


async def test_find_config_and_mark_triggered(db_: Database, project: ProjectView) -> None:
    async with db_.connection() as conn:
        missing = await service.find_config(
            conn, project_id=project.id, agent_type="github_issue_bot"
        )
    assert missing is None
    config = await service.upsert_config(
        db_, project_id=project.id, agent_type="github_issue_bot", enabled=True
    )
    async with db_.transaction() as conn:
        await service.mark_triggered(conn, config_id=config.id)
        await service.mark_triggered(conn, config_id=uuid.uuid4())  # a gone config is fine
        found = await service.find_config(
            conn, project_id=project.id, agent_type="github_issue_bot"
        )
    assert found is not None
    assert found.last_triggered_at is not None
    assert found.enabled is True


async def test_the_database_refuses_a_bad_mode_and_a_duplicate(
    db_: Database, conn: Connection, project: ProjectView
) -> None:
    insert = (
        "INSERT INTO support_agent_configs (project_id, agent_type, approval_policy) "
        "VALUES ($1, 'github_issue_bot', $2)"
    )
    async with conn.transaction():
        await conn.execute(insert, project.id, {"mode": "manual"})
    with pytest.raises(asyncpg.UniqueViolationError) as dup:
        async with conn.transaction():
            await conn.execute(insert, project.id, {"mode": "manual"})
    assert dup.value.constraint_name == "support_agent_configs_project_type_key"
    with pytest.raises(asyncpg.CheckViolationError) as bad:
        async with conn.transaction():
            await conn.execute(
                insert.replace("github_issue_bot", "pr_review_bot"), project.id, {"mode": "yolo"}
            )
    assert bad.value.constraint_name == "support_agent_configs_approval_mode_check"


# -- over HTTP, as the owner ----------------------------------------------------------------


async def test_the_methods_over_http(client: TestClient[Any, Any], project: ProjectView) -> None:
    headers = bearer(await owner_token(client))
    pid = str(project.id)

    async def rpc(method: str, params: dict[str, Any]) -> dict[str, Any]:
        return await call(client, method, params, headers=headers)

    created = await rpc(
        "agents.upsert_config",
        {
            "project_id": pid,
            "agent_type": "github_issue_bot",
            "enabled": True,
            "webhook_events": ["issues.opened", "issues.edited", "issue_comment.created"],
            "approval_policy": {"mode": "auto_post"},
        },
    )
    config = created["result"]
    assert config["approval_policy"] == {"mode": "auto_post"}
    assert config["enabled"] is True

    got = await rpc("agents.get_config", {"project_id": pid, "agent_type": "github_issue_bot"})
    assert got["result"]["id"] == config["id"]
    listed = await rpc("agents.list_configs", {"project_id": pid})
    assert [c["id"] for c in listed["result"]["items"]] == [config["id"]]
    off = await rpc(
        "agents.set_enabled",
        {"project_id": pid, "agent_type": "github_issue_bot", "enabled": False},
    )
    assert off["result"]["enabled"] is False

    bad_event = await rpc(
        "agents.upsert_config",
        {"project_id": pid, "agent_type": "github_issue_bot", "webhook_events": ["push"]},
    )
    assert error_kind(bad_event) == "validation_error"
    bad_mode = await rpc(
        "agents.upsert_config",
        {"project_id": pid, "agent_type": "github_issue_bot", "approval_policy": {"mode": "x"}},
    )
    assert error_kind(bad_mode) == "invalid_params"
    bad_type = await rpc("agents.get_config", {"project_id": pid, "agent_type": "chat_bot"})
    assert error_kind(bad_type) == "invalid_params"

    gone = await rpc("agents.delete_config", {"project_id": pid, "agent_type": "github_issue_bot"})
    assert gone["result"]["deleted"] is True
    again = await rpc("agents.delete_config", {"project_id": pid, "agent_type": "github_issue_bot"})
    assert error_kind(again) == "not_found"

    anonymous = await call(client, "agents.list_configs", {})
    assert error_kind(anonymous) == "unauthenticated"


async def test_two_concurrent_upserts_make_one_config(
    runtime: Runtime, project: ProjectView
) -> None:
    results = await asyncio.gather(
        *(
            service.upsert_config(
                runtime.db, project_id=project.id, agent_type="dependency_bot", enabled=flag
            )
            for flag in (True, False, True, False)
        )
    )
    assert len({c.id for c in results}) == 1
    listed = await service.list_configs(runtime.db, project_id=project.id)
    assert len(listed.items) == 1

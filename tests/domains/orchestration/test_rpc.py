"""The orchestration methods over real HTTP: auth, wire shapes and error codes."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest
from aiohttp.test_utils import TestClient

from domains.orchestration import service
from rpc.context import Runtime
from tests.conftest import call
from tests.domains.accounts.factories import bearer, owner_token
from tests.domains.orchestration.factories import ACTOR
from tests.domains.projects.factories import make_project

pytestmark = pytest.mark.committing

Client = TestClient[Any, Any]


async def test_run_lifecycle_over_http(client: Client, runtime: Runtime) -> None:
    headers = bearer(await owner_token(client))
    async with runtime.db.transaction() as conn:
        project = await make_project(conn)

    unauthenticated = await call(client, "orchestration.list_runs", {})
    assert unauthenticated["error"]["data"]["kind"] == "unauthenticated"

    defs = await call(client, "orchestration.list_definitions", {}, headers=headers)
    assert {d["name"] for d in defs["result"]["items"]} >= {
        "implement_task",
        "fix_failing_tests",
        "issue_triage",
    }

    bad = await call(
        client,
        "orchestration.start_run",
        {"project_id": str(project.id), "definition_name": "implement_task", "inputs": {}},
        headers=headers,
    )
    assert bad["error"]["code"] == 1022
    assert bad["error"]["data"]["field_errors"] == [
        {"field": "inputs.task_summary", "message": "is required"}
    ]

    started = await call(
        client,
        "orchestration.start_run",
        {
            "project_id": str(project.id),
            "definition_name": "implement_task",
            "inputs": {"task_summary": "Add /healthz"},
        },
        headers=headers,
    )
    run = started["result"]
    assert run["status"] == "pending"
    assert run["trigger"] == "manual"
    assert run["status_transitions"][0]["from"] is None
    assert run["status_transitions"][0]["actor"].startswith("owner:")

    second = await call(
        client,
        "orchestration.start_run",
        {
            "project_id": str(project.id),
            "definition_name": "fix_failing_tests",
            "inputs": {"failure_signal": "boom"},
        },
        headers=headers,
    )
    assert second["error"]["code"] == 1009
    assert second["error"]["data"]["kind"] == "conflict"

    approve = await call(
        client, "orchestration.approve_run", {"run_id": run["id"]}, headers=headers
    )
    assert approve["error"]["code"] == 1023
    assert approve["error"]["data"]["from"] == "pending"
    assert approve["error"]["data"]["to"] == "running"

    async with runtime.db.transaction() as conn:
        await service.advance_run(conn, runtime, run_id=UUID(run["id"]), to="running", actor=ACTOR)
        await service.advance_run(
            conn,
            runtime,
            run_id=UUID(run["id"]),
            to="awaiting_approval",
            actor=ACTOR,
            step="approval",
            approval_context={"diff_summary": "+1 -0", "test_summary": "1 passed"},
        )
    pending = await call(client, "orchestration.list_pending_approvals", {}, headers=headers)
    [approval] = pending["result"]["items"]
    assert approval["diff_summary"] == "+1 -0"
    approved = await call(
        client, "orchestration.approve_run", {"run_id": run["id"], "comment": "go"}, headers=headers
    )
    assert approved["result"]["status"] == "running"
    assert approved["result"]["current_step"] == "ship"

    events = await call(
        client, "orchestration.list_run_events", {"run_id": run["id"]}, headers=headers
    )
    types = [e["type"] for e in events["result"]["items"]]
    assert types == ["run_started", "step_started", "approval_requested", "approval_granted"]
    assert events["result"]["items"][0]["from"] is None
    assert events["result"]["next_cursor"] == str(events["result"]["items"][-1]["seq"])

    cancelled = await call(
        client, "orchestration.cancel_run", {"run_id": run["id"]}, headers=headers
    )
    assert cancelled["result"]["status"] == "cancelled"
    retried = await call(client, "orchestration.retry_run", {"run_id": run["id"]}, headers=headers)
    assert retried["result"]["retry_of_run_id"] == run["id"]
    assert retried["result"]["retry_attempt"] == 1

    listed = await call(
        client, "orchestration.list_runs", {"project_id": str(project.id)}, headers=headers
    )
    assert [r["id"] for r in listed["result"]["items"]] == [retried["result"]["id"], run["id"]]
    got = await call(client, "orchestration.get_run", {"run_id": run["id"]}, headers=headers)
    assert got["result"]["status"] == "cancelled"
    arts = await call(
        client, "orchestration.list_artifacts", {"run_id": run["id"]}, headers=headers
    )
    assert arts["result"] == {"items": [], "next_cursor": None}
    prs = await call(client, "orchestration.list_pull_requests", {}, headers=headers)
    assert prs["result"] == {"items": [], "next_cursor": None}


async def test_definition_errors_over_http(client: Client) -> None:
    headers = bearer(await owner_token(client))
    readonly = await call(
        client,
        "orchestration.update_definition",
        {"name": "issue_triage", "description": "mine"},
        headers=headers,
    )
    assert readonly["error"]["code"] == 1040
    missing = await call(client, "orchestration.get_definition", {"name": "nope"}, headers=headers)
    assert missing["error"]["code"] == 1004
    created = await call(
        client,
        "orchestration.create_definition",
        {
            "name": "say_hello",
            "steps": [{"name": "compose", "kind": "compose_response"}],
            "input_schema": {"type": "object", "properties": {"who": {"type": "string"}}},
        },
        headers=headers,
    )
    assert created["result"]["version"] == 1
    assert created["result"]["trigger_types"] == ["manual"]
    invalid = await call(
        client,
        "orchestration.create_definition",
        {
            "name": "bad_one",
            "steps": [{"name": "compose", "kind": "compose_response"}],
            "input_schema": {"type": "object", "required": "who"},
        },
        headers=headers,
    )
    assert invalid["error"]["code"] == 1022
    assert invalid["error"]["data"]["field_errors"][0]["field"] == "input_schema"
    unknown_kind = await call(
        client,
        "orchestration.create_definition",
        {"name": "bad_two", "steps": [{"name": "x", "kind": "teleport"}]},
        headers=headers,
    )
    assert unknown_kind["error"]["code"] == -32602

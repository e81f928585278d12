"""The orchestration methods over real HTTP: auth, wire shapes and error codes."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import pytest
from aiohttp.test_utils import TestClient

from domains.orchestration import repo_steps, service
from rpc.context import Runtime
from tests.conftest import call
from tests.domains.accounts.factories import bearer, owner_token
from tests.domains.orchestration.factories import ACTOR, make_run
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


async def test_list_step_runs_over_http(client: Client, runtime: Runtime) -> None:
    headers = bearer(await owner_token(client))
    async with runtime.db.transaction() as conn:
        run = await make_run(conn, runtime, definition_name="implement_task")
        other = await make_run(conn, runtime)
        plan = await repo_steps.insert_step_run(
            conn, run_id=run.id, index=0, name="plan", kind="llm", attempt=1
        )
        await repo_steps.finish_step_run(
            conn,
            step_run_id=plan.id,
            status="completed",
            output={"text": "the plan"},
            error=None,
            cost_usd=0.25,
        )
        lost = await repo_steps.insert_step_run(
            conn, run_id=run.id, index=1, name="implement", kind="agent", attempt=1
        )
        await repo_steps.lose_running(
            conn, run_id=run.id, error={"kind": "worker_lost", "reason": "gone"}
        )
        await repo_steps.insert_step_run(
            conn, run_id=run.id, index=1, name="implement", kind="agent", attempt=2
        )
        await repo_steps.insert_step_run(
            conn, run_id=other.id, index=0, name="fetch_issue", kind="fetch_issue", attempt=1
        )

    listed = await call(
        client, "orchestration.list_step_runs", {"run_id": str(run.id)}, headers=headers
    )
    items = listed["result"]["items"]
    assert [
        (i["step_index"], i["step_name"], i["kind"], i["attempt"], i["status"]) for i in items
    ] == [
        (0, "plan", "llm", 1, "completed"),
        (1, "implement", "agent", 1, "failed"),
        (1, "implement", "agent", 2, "running"),
    ]
    first, second, third = items
    assert first["output"] == {"text": "the plan"}
    assert first["cost_usd"] == 0.25
    assert first["error"] is None
    assert first["finished_at"] is not None
    assert second["id"] == str(lost.id)
    assert second["error"] == {"kind": "worker_lost", "reason": "gone"}
    assert (third["finished_at"], third["output"], third["cost_usd"]) == (None, {}, 0.0)
    assert {i["run_id"] for i in items} == {str(run.id)}

    missing = uuid4()
    unknown = await call(
        client, "orchestration.list_step_runs", {"run_id": str(missing)}, headers=headers
    )
    assert unknown["error"]["code"] == 1004
    assert unknown["error"]["data"]["kind"] == "not_found"
    assert unknown["error"]["data"]["id"] == str(missing)
    async with runtime.db.transaction() as conn:
        fresh = await make_run(conn, runtime, project_id=run.project_id)
    empty = await call(
        client, "orchestration.list_step_runs", {"run_id": str(fresh.id)}, headers=headers
    )
    assert empty["result"] == {"items": []}
    anonymous = await call(client, "orchestration.list_step_runs", {"run_id": str(run.id)})
    assert anonymous["error"]["data"]["kind"] == "unauthenticated"

"""Cancelling a run mid-step, and two runs of one project side by side."""

# Reading two small worktree files; blocking the loop is fine here.

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from tests.domains.forge.test_worker_faults import group_gone
from tests.domains.orchestration.engine.conftest import Engine, define, step_runs

pytestmark = pytest.mark.committing


async def running_exec(engine: Engine, run_id: str) -> dict[str, Any]:
    """The run's Forge execution once its process group is recorded."""
    deadline = asyncio.get_running_loop().time() + 30
    while True:
        async with engine.runtime.db.connection() as conn:
            row = await conn.fetchrow(
                "SELECT e.id, e.pgid, s.id AS session_id FROM forge_exec_sessions e "
                "JOIN forge_sessions s ON s.id = e.session_id "
                "WHERE s.run_id = $1 AND e.status = 'started' AND e.pgid IS NOT NULL",
                UUID(run_id),
            )
        if row is not None:
            return dict(row)
        assert asyncio.get_running_loop().time() < deadline, "the agent never started"
        await asyncio.sleep(0.05)


async def test_cancel_during_a_hanging_agent_ends_its_process_group(engine: Engine) -> None:
    await define(
        engine,
        "hang_forever",
        [
            {
                "name": "implement",
                "kind": "agent",
                "options": {"env": {"FAKE_AGENT_SCENARIO": "hang"}},
            }
        ],
    )
    run = await engine.start("hang_forever", {})
    execution = await running_exec(engine, run["id"])
    assert not group_gone(execution["pgid"])

    cancelled = await engine.rpc(
        "orchestration.cancel_run", {"run_id": run["id"], "reason": "stop"}
    )
    assert cancelled["status"] == "cancelled"
    # cancel_run ended the step's session itself before it answered, not the engine's
    # poll of the run (whose cancel would record no reason).
    session_id = str(execution["session_id"])
    session = await engine.rpc("forge.get_session", {"session_id": session_id})
    assert session["phase"] == "cancelled"
    events = await engine.rpc("forge.list_events", {"session_id": session_id, "limit": 1000})
    [event] = [e for e in events["items"] if e["type"] == "session.cancelled"]
    assert event["data"]["reason"] == "its workflow run was cancelled"

    deadline = asyncio.get_running_loop().time() + 20
    while not group_gone(execution["pgid"]):
        assert asyncio.get_running_loop().time() < deadline, "the agent outlived the cancel"
        await asyncio.sleep(0.05)
    while True:
        rows = await step_runs(engine.runtime.db, run["id"])
        if rows and rows[-1]["status"] != "running":
            break
        assert asyncio.get_running_loop().time() < deadline, rows
        await asyncio.sleep(0.05)
    assert [(r["step_name"], r["status"]) for r in rows] == [("implement", "cancelled")]
    final = await engine.rpc("orchestration.get_run", {"run_id": run["id"]})
    assert final["status"] == "cancelled"


async def test_two_runs_of_one_project_work_in_separate_worktrees(engine: Engine) -> None:
    await engine.settings(test_command="test -f AGENT_NOTES.md")
    await define(
        engine,
        "notes",
        [
            {"name": "implement", "kind": "agent", "options": {}},
            {"name": "run_tests", "kind": "run_tests", "options": {}},
            {"name": "approval", "kind": "approval", "options": {}},
        ],
    )
    first = await engine.start("notes", {"task_summary": "first"})
    second = await engine.start("notes", {"task_summary": "second"})
    parked = [
        await engine.wait_status(r["id"], "awaiting_approval", "failed") for r in (first, second)
    ]
    assert [p["status"] for p in parked] == ["awaiting_approval", "awaiting_approval"]

    async with engine.runtime.db.connection() as conn:
        rows = await conn.fetch(
            "SELECT run_id, path, branch FROM workflow_run_worktrees ORDER BY inserted_at"
        )
    assert len({r["path"] for r in rows}) == 2
    assert len({r["branch"] for r in rows}) == 2
    paths = {str(r["run_id"]): Path(r["path"]) for r in rows}
    for run, other in ((first, "second"), (second, "first")):
        notes = paths[run["id"]].joinpath("AGENT_NOTES.md").read_text()
        assert f"## task_summary\n{run['inputs']['task_summary']}" in notes
        assert f"## task_summary\n{other}" not in notes


async def test_retry_from_a_step_reuses_the_earlier_outputs_and_the_worktree(
    engine: Engine,
) -> None:
    await engine.settings(test_command="test -f FIXED")
    run = await engine.start("implement_task", {"task_summary": "add notes"})
    failed = await engine.wait_status(run["id"], "failed", "awaiting_approval")
    assert failed["error"]["failed_step"] == "run_tests"
    async with engine.runtime.db.connection() as conn:
        path = Path(
            await conn.fetchval(
                "SELECT path FROM workflow_run_worktrees WHERE run_id = $1", UUID(run["id"])
            )
        )
    # The owner inspects the kept worktree and fixes what the tests wanted by hand.
    (path / "FIXED").write_text("yes\n")
    calls = len(engine.llm.requests)

    retry = await engine.rpc(
        "orchestration.retry_run", {"run_id": run["id"], "from_step": "run_tests"}
    )
    parked = await engine.wait_status(retry["id"], "awaiting_approval", "failed")
    assert parked["status"] == "awaiting_approval", parked["error"]
    # The plan and the agent's work are the original's: nothing before run_tests ran again.
    assert parked["step_results"]["plan"] == failed["step_results"]["plan"]
    assert parked["step_results"]["implement"] == failed["step_results"]["implement"]
    assert len(engine.llm.requests) == calls
    rows = await step_runs(engine.runtime.db, retry["id"])
    assert [(r["step_name"], r["status"]) for r in rows] == [
        ("run_tests", "completed"),
        ("approval", "completed"),
    ]
    async with engine.runtime.db.connection() as conn:
        reused = await conn.fetchval(
            "SELECT path FROM workflow_run_worktrees WHERE run_id = $1", UUID(retry["id"])
        )
    assert Path(reused) == path
    approvals = await engine.rpc(
        "orchestration.list_pending_approvals", {"project_id": str(engine.project_id)}
    )
    [approval] = approvals["items"]
    assert {"AGENT_NOTES.md", "FIXED"} <= {f["path"] for f in approval["context"]["files"]}


async def test_approving_a_last_approval_step_completes_the_run(engine: Engine) -> None:
    await engine.settings(test_command="test -f AGENT_NOTES.md")
    await define(
        engine,
        "approve_last",
        [
            {"name": "implement", "kind": "agent", "options": {}},
            {"name": "approval", "kind": "approval", "options": {}},
        ],
    )
    run = await engine.start("approve_last", {"task_summary": "notes"})
    parked = await engine.wait_status(run["id"], "awaiting_approval", "failed")
    assert parked["status"] == "awaiting_approval"
    approved = await engine.rpc("orchestration.approve_run", {"run_id": run["id"]})
    assert approved["status"] == "completed"
    done = await engine.wait_status(run["id"], "completed", "failed", "awaiting_approval")
    assert done["status"] == "completed"
    assert done["completed_at"] is not None
    events = await engine.rpc("events.list", {"topic": f"run:{run['id']}"})
    tail = [(e["type"], e["data"]["to"]) for e in events["items"]][-2:]
    assert tail == [("approval_granted", "running"), ("run_completed", "completed")]
    # The approval step ran once: nothing asked again.
    approvals = [
        s for s in await step_runs(engine.runtime.db, run["id"]) if s["step_name"] == "approval"
    ]
    assert len(approvals) == 1

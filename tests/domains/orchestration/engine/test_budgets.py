"""Run budgets: how they resolve, and the engine parking a run that spent one for an
extension (after an LLM step, during and after an agent step) instead of killing it."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from domains.orchestration.engine_budget import (
    DEFAULT_BUDGET,
    Budget,
    BudgetState,
    breached,
    granted_budget,
    resolve_budget,
)
from domains.orchestration.models_definitions import RunBudget
from domains.orchestration.models_steps import BudgetUsage
from domains.orchestration.service_definitions import check_input_schema, validate_inputs
from rpc.errors import ValidationFailed
from tests.domains.forge.test_worker_faults import group_gone
from tests.domains.orchestration.engine.conftest import Engine, step_runs

STRICT_SCHEMA = {
    "type": "object",
    "properties": {"task_summary": {"type": "string"}},
    "required": ["task_summary"],
    "additionalProperties": False,
}


# --- resolution and checks (no database) ------------------------------------------------


def fields(error: ValidationFailed) -> list[tuple[str, str]]:
    """The (field, message) pairs of a validation error."""
    return [(e["field"], e["message"]) for e in error.data()["field_errors"]]


def test_each_level_overrides_the_one_before_key_by_key() -> None:
    assert resolve_budget(definition=None, project_settings={}, inputs={}) == DEFAULT_BUDGET
    definition = RunBudget(max_cost_usd=5, max_wall_s=600)
    assert resolve_budget(definition=definition, project_settings={}, inputs={}) == Budget(
        max_cost_usd=5.0, max_wall_s=600.0, max_agent_turns=DEFAULT_BUDGET.max_agent_turns
    )
    project = {"budget": {"max_wall_s": 900, "max_agent_turns": 20}}
    assert resolve_budget(definition=definition, project_settings=project, inputs={}) == Budget(
        max_cost_usd=5.0, max_wall_s=900.0, max_agent_turns=20
    )
    inputs = {"budget": {"max_agent_turns": 7}}
    assert resolve_budget(definition=definition, project_settings=project, inputs=inputs) == Budget(
        max_cost_usd=5.0, max_wall_s=900.0, max_agent_turns=7
    )


def test_bad_project_budget_settings_are_skipped_not_applied() -> None:
    project = {"budget": {"max_cost_usd": -1, "max_wall_s": "soon", "max_agent_turns": True}}
    assert resolve_budget(definition=None, project_settings=project, inputs={}) == DEFAULT_BUDGET
    assert (
        resolve_budget(definition=None, project_settings={"budget": 3}, inputs={}) == DEFAULT_BUDGET
    )


def test_reaching_a_limit_breaches_it_and_extensions_multiply_the_base() -> None:
    base = Budget(max_cost_usd=1.0, max_wall_s=60.0, max_agent_turns=10)
    assert breached(base, BudgetUsage(cost_usd=0.99, wall_s=59.0, agent_turns=9)) == []
    assert breached(base, BudgetUsage(cost_usd=1.0, wall_s=61.0, agent_turns=10)) == [
        "max_cost_usd",
        "max_wall_s",
        "max_agent_turns",
    ]
    state = BudgetState(base=base, extensions=2, used=BudgetUsage(cost_usd=2.5))
    assert state.limits == Budget(max_cost_usd=3.0, max_wall_s=180.0, max_agent_turns=30)
    assert state.breached == []
    assert state.plus(cost_usd=0.5, wall_s=0, agent_turns=0).breached == ["max_cost_usd"]
    assert state.cost_left() == pytest.approx(0.5)
    context = state.approval_context(
        step="next", resume="next_step", over=["max_cost_usd"], interrupted=None
    )
    assert context["kind"] == "budget_extension"
    assert granted_budget(context) == {
        "max_cost_usd": 4.0,
        "max_wall_s": 240.0,
        "max_agent_turns": 40,
    }
    assert granted_budget({"kind": "budget_extension"}) is None


def test_the_budget_input_is_accepted_even_where_extra_inputs_are_not() -> None:
    budget = {"max_cost_usd": 0.5, "max_wall_s": 60, "max_agent_turns": 3}
    validate_inputs(STRICT_SCHEMA, {"task_summary": "x", "budget": budget})
    with pytest.raises(ValidationFailed) as refused:
        validate_inputs(STRICT_SCHEMA, {"task_summary": "x", "other": 1})
    assert [f for f, _ in fields(refused.value)] == ["inputs.other"]


def test_a_bad_budget_input_names_each_broken_key() -> None:
    bad = {"max_cost_usd": 0, "max_wall_s": "1h", "max_agent_turns": 1.5, "max_tokens": 9}
    with pytest.raises(ValidationFailed) as refused:
        validate_inputs(STRICT_SCHEMA, {"task_summary": "x", "budget": bad})
    errors = dict(fields(refused.value))
    assert errors == {
        "inputs.budget.max_cost_usd": "must be a positive number",
        "inputs.budget.max_wall_s": "must be a positive number",
        "inputs.budget.max_agent_turns": "must be a positive whole number",
        "inputs.budget.max_tokens": (
            "is not a budget key (max_cost_usd, max_wall_s, max_agent_turns)"
        ),
    }
    with pytest.raises(ValidationFailed) as refused:
        validate_inputs(STRICT_SCHEMA, {"task_summary": "x", "budget": "ten dollars"})
    assert fields(refused.value) == [("inputs.budget", "must be an object")]


def test_a_definition_may_not_claim_the_budget_input() -> None:
    schema = {"type": "object", "properties": {"budget": {"type": "number"}}}
    with pytest.raises(ValidationFailed) as refused:
        check_input_schema(schema)
    assert fields(refused.value)[0][0] == "input_schema.properties.budget"


# --- the engine -------------------------------------------------------------------------


async def define(engine: Engine, name: str, steps: list[dict[str, Any]], **extra: Any) -> None:
    """A custom definition (manual trigger) of ``steps``."""
    await engine.rpc("orchestration.create_definition", {"name": name, "steps": steps, **extra})


async def pending_approval(engine: Engine, run_id: str) -> dict[str, Any]:
    """The run's open approval request."""
    page = await engine.rpc(
        "orchestration.list_pending_approvals", {"project_id": str(engine.project_id)}
    )
    [approval] = [a for a in page["items"] if a["run_id"] == run_id]
    return dict(approval)


async def parked_again(engine: Engine, run_id: str, extensions: int | None) -> dict[str, Any]:
    """The run's open request once it is a budget extension's ``extensions + 1``-th (with
    ``None``: once it is an approval step's own request)."""
    deadline = asyncio.get_running_loop().time() + 60
    while True:
        run = await engine.wait_status(run_id, "awaiting_approval", "failed", "cancelled")
        assert run["status"] == "awaiting_approval", run
        page = await engine.rpc(
            "orchestration.list_pending_approvals", {"project_id": str(engine.project_id)}
        )
        found = [a for a in page["items"] if a["run_id"] == run_id]
        if found and found[0]["context"].get("extensions") == extensions:
            return dict(found[0])
        assert asyncio.get_running_loop().time() < deadline, found
        await asyncio.sleep(0.05)


async def run_events(engine: Engine, run_id: str) -> list[dict[str, Any]]:
    page = await engine.rpc("orchestration.list_run_events", {"run_id": run_id})
    return list(page["items"])


def invocations(log: Path) -> list[list[str]]:
    """The argv of each fake agent run that logged to ``log``."""
    return [json.loads(line)["argv"] for line in log.read_text().splitlines()]


def flag(argv: list[str], name: str) -> str:
    return argv[argv.index(name) + 1]


@pytest.mark.committing
async def test_the_builtins_carry_their_budget(engine: Engine) -> None:
    definition = await engine.rpc("orchestration.get_definition", {"name": "implement_task"})
    assert definition["budget"] == {
        "max_cost_usd": 10.0,
        "max_wall_s": 7200.0,
        "max_agent_turns": 200,
    }
    refused = await engine.rpc_error(
        "orchestration.create_definition",
        {
            "name": "free_spender",
            "steps": [{"name": "plan", "kind": "llm"}],
            "budget": {"max_cost_usd": 0},
        },
    )
    assert refused["code"] == -32602


@pytest.mark.committing
async def test_an_invalid_budget_input_is_a_typed_validation_error(engine: Engine) -> None:
    error = await engine.rpc_error(
        "orchestration.start_run",
        {
            "project_id": str(engine.project_id),
            "definition_name": "implement_task",
            "inputs": {"task_summary": "t", "budget": {"max_cost_usd": -1}},
        },
    )
    assert (error["code"], error["data"]["kind"]) == (1022, "validation_error")
    assert error["data"]["field_errors"] == [
        {"field": "inputs.budget.max_cost_usd", "message": "must be a positive number"}
    ]


@pytest.mark.committing
async def test_a_cost_breach_after_an_llm_step_parks_then_goes_on_at_the_next_step(
    engine: Engine,
) -> None:
    await define(
        engine,
        "priced_plan",
        [
            {"name": "plan", "kind": "llm", "options": {"purpose": "plan"}},
            {"name": "check", "kind": "shell", "options": {"command": "true"}},
            {"name": "approval", "kind": "approval"},
            {"name": "done", "kind": "shell", "options": {"command": "true"}},
        ],
    )
    tiny = 0.000001
    run = await engine.start("priced_plan", {"budget": {"max_cost_usd": tiny}})

    parked = await engine.wait_status(run["id"], "awaiting_approval", "failed")
    assert parked["status"] == "awaiting_approval", parked["error"]
    assert parked["current_step"] == "check"  # the plan completed; the next step waits
    assert parked["step_results"]["plan"]["cost_usd"] > tiny
    approval = await pending_approval(engine, run["id"])
    context = approval["context"]
    assert (context["kind"], context["breached"], context["extensions"]) == (
        "budget_extension",
        ["max_cost_usd"],
        0,
    )
    assert (context["resume"], context["step"]) == ("next_step", "check")
    assert context["budget"]["max_cost_usd"] == tiny
    assert context["used"]["cost_usd"] > tiny
    assert "budget is spent" in approval["risk_notes"][0]
    requested = [
        e for e in await run_events(engine, run["id"]) if e["type"] == "approval_requested"
    ]
    assert requested[-1]["data"]["kind"] == "budget_extension"

    granted = await engine.rpc("orchestration.approve_run", {"run_id": run["id"]})
    assert granted["current_step"] == "check"  # not skipped
    # Still over the doubled budget after the next step: it parks again, one step on.
    again = await parked_again(engine, run["id"], extensions=1)
    assert again["context"]["budget"]["max_cost_usd"] == 2 * tiny
    assert again["context"]["step"] == "approval"
    events = await run_events(engine, run["id"])
    grant = next(e for e in events if e["type"] == "approval_granted")
    assert grant["data"]["budget"]["max_cost_usd"] == 2 * tiny

    await engine.rpc("orchestration.approve_run", {"run_id": run["id"]})
    # The approval step itself parks as an ordinary approval; approving it goes on.
    plain = await parked_again(engine, run["id"], extensions=None)
    assert "kind" not in plain["context"]
    await engine.rpc("orchestration.approve_run", {"run_id": run["id"]})
    done = await engine.wait_status(run["id"], "completed", "failed")
    assert done["status"] == "completed", done["error"]
    rows = await step_runs(engine.runtime.db, run["id"])
    assert [(r["step_name"], r["attempt"], r["status"]) for r in rows] == [
        ("plan", 1, "completed"),
        ("check", 1, "completed"),
        ("approval", 1, "completed"),
        ("done", 1, "completed"),
    ]


@pytest.mark.committing
async def test_rejecting_a_budget_extension_cancels_despite_a_retry_route(engine: Engine) -> None:
    await engine.settings(test_command="test -f AGENT_NOTES.md")
    run = await engine.start(
        "fix_failing_tests", {"failure_signal": "notes", "budget": {"max_cost_usd": 0.000001}}
    )
    parked = await engine.wait_status(run["id"], "awaiting_approval", "failed")
    assert parked["status"] == "awaiting_approval", parked["error"]
    assert parked["current_step"] == "fix"  # fix_failing_tests rejects back to fix

    cancelled = await engine.rpc("orchestration.reject_run", {"run_id": run["id"]})
    assert cancelled["status"] == "cancelled"
    rejected = [e for e in await run_events(engine, run["id"]) if e["type"] == "approval_rejected"]
    assert rejected[0]["data"]["on_reject"] == "cancel"
    assert rejected[0]["data"]["kind"] == "budget_extension"
    rows = await step_runs(engine.runtime.db, run["id"])
    assert [r["step_name"] for r in rows] == ["reproduce", "diagnose"]


async def agent_exec(engine: Engine, run_id: str, seen: set[UUID]) -> dict[str, Any]:
    """The run's running agent execution in a session not in ``seen``, once it has a group."""
    deadline = asyncio.get_running_loop().time() + 60
    while True:
        async with engine.runtime.db.connection() as conn:
            rows = await conn.fetch(
                "SELECT e.pgid, s.id AS session_id FROM forge_exec_sessions e "
                "JOIN forge_sessions s ON s.id = e.session_id "
                "WHERE s.run_id = $1 AND e.status = 'started' AND e.pgid IS NOT NULL",
                UUID(run_id),
            )
        fresh = [dict(r) for r in rows if r["session_id"] not in seen]
        if fresh:
            return fresh[0]
        assert asyncio.get_running_loop().time() < deadline, "the agent never started"
        await asyncio.sleep(0.05)


async def until_gone(pgid: int) -> None:
    deadline = asyncio.get_running_loop().time() + 30
    while not group_gone(pgid):
        assert asyncio.get_running_loop().time() < deadline, "the agent outlived the breach"
        await asyncio.sleep(0.05)


@pytest.mark.committing
async def test_an_agent_past_the_wall_budget_is_stopped_and_runs_again_once_extended(
    engine: Engine,
) -> None:
    await define(
        engine,
        "slow_agent",
        [
            {
                "name": "implement",
                "kind": "agent",
                "options": {"env": {"FAKE_AGENT_SCENARIO": "hang"}},
            }
        ],
    )
    run = await engine.start("slow_agent", {"budget": {"max_wall_s": 3}})
    first = await agent_exec(engine, run["id"], set())

    parked = await engine.wait_status(run["id"], "awaiting_approval", "failed", timeout_s=90)
    assert parked["status"] == "awaiting_approval", parked["error"]
    assert parked["current_step"] == "implement"
    await until_gone(first["pgid"])
    session = await engine.rpc("forge.get_session", {"session_id": str(first["session_id"])})
    assert session["phase"] == "cancelled"
    context = (await pending_approval(engine, run["id"]))["context"]
    assert (context["resume"], context["interrupted_step"]) == ("same_step", "implement")
    assert "max_wall_s" in context["breached"]
    [row] = await step_runs(engine.runtime.db, run["id"])
    assert (row["attempt"], row["status"], row["error"]["kind"]) == (
        1,
        "cancelled",
        "budget_exceeded",
    )

    await engine.rpc("orchestration.approve_run", {"run_id": run["id"]})
    second = await agent_exec(engine, run["id"], {first["session_id"]})
    again = await parked_again(engine, run["id"], extensions=1)
    assert again["context"]["budget"]["max_wall_s"] == 6
    await until_gone(second["pgid"])
    rows = await step_runs(engine.runtime.db, run["id"])
    assert [(r["step_name"], r["attempt"], r["status"]) for r in rows] == [
        ("implement", 1, "cancelled"),
        ("implement", 2, "cancelled"),
    ]
    cancelled = await engine.rpc("orchestration.reject_run", {"run_id": run["id"]})
    assert cancelled["status"] == "cancelled"


@pytest.mark.committing
async def test_an_agent_over_the_cost_budget_parks_and_runs_again_within_what_is_left(
    engine: Engine, tmp_path: Path
) -> None:
    log = tmp_path / "agent.log"
    env = {"FAKE_AGENT_SCENARIO": "budget", "FAKE_AGENT_LOG": str(log)}
    await define(
        engine, "pricey_agent", [{"name": "implement", "kind": "agent", "options": {"env": env}}]
    )
    run = await engine.start("pricey_agent", {"budget": {"max_cost_usd": 0.5}})

    parked = await engine.wait_status(run["id"], "awaiting_approval", "failed")
    assert parked["status"] == "awaiting_approval", parked["error"]
    assert parked["current_step"] == "implement"
    context = (await pending_approval(engine, run["id"]))["context"]
    assert context["breached"] == ["max_cost_usd"]
    assert context["used"]["cost_usd"] == pytest.approx(0.51)

    await engine.rpc("orchestration.approve_run", {"run_id": run["id"]})
    again = await parked_again(engine, run["id"], extensions=1)
    assert again["context"]["used"]["cost_usd"] == pytest.approx(1.02)
    # The agent was given what was left of the run's budget each time.
    first, second = invocations(log)
    assert flag(first, "--max-budget-usd") == "0.5"
    assert flag(second, "--max-budget-usd") == "0.49"
    rows = await step_runs(engine.runtime.db, run["id"])
    assert [(r["attempt"], r["status"]) for r in rows] == [(1, "cancelled"), (2, "cancelled")]
    assert [float(r["cost_usd"]) for r in rows] == [0.51, 0.51]
    assert rows[0]["output"]["num_turns"] == 4
    await engine.rpc("orchestration.reject_run", {"run_id": run["id"]})


@pytest.mark.committing
async def test_an_agent_reaching_the_projects_turn_budget_parks_at_the_next_step(
    engine: Engine, tmp_path: Path
) -> None:
    log = tmp_path / "agent.log"
    await engine.settings(budget={"max_agent_turns": 2})
    await define(
        engine,
        "two_turns",
        [
            {
                "name": "implement",
                "kind": "agent",
                "options": {"env": {"FAKE_AGENT_LOG": str(log)}},
            },
            {"name": "check", "kind": "shell", "options": {"command": "true"}},
        ],
    )
    run = await engine.start("two_turns", {})
    parked = await engine.wait_status(run["id"], "awaiting_approval", "failed")
    assert parked["status"] == "awaiting_approval", parked["error"]
    assert parked["current_step"] == "check"
    assert parked["step_results"]["implement"]["num_turns"] == 2
    context = (await pending_approval(engine, run["id"]))["context"]
    assert (context["breached"], context["used"]["agent_turns"]) == (["max_agent_turns"], 2)
    [argv] = invocations(log)
    assert flag(argv, "--max-turns") == "2"

    await engine.rpc("orchestration.approve_run", {"run_id": run["id"]})
    done = await engine.wait_status(run["id"], "completed", "failed")
    assert done["status"] == "completed", done["error"]

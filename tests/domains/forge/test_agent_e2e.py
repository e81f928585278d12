"""An agent session end to end over RPC: the real agent_cli runner drives the fake agent
(speaking Claude Code's stream-json and Codex's --json) in a real workspace."""

from __future__ import annotations

import json
from pathlib import Path
from uuid import UUID

import pytest

from rpc.jobs import Workers
from tests.domains.forge.conftest import Api, all_events, rpc, rpc_error, start, wait_exec


async def test_claude_agent_edits_the_workspace_and_its_stream_becomes_events(
    api: Api, project_id: UUID, workers: Workers, workspace: Path, tmp_path: Path
) -> None:
    log = tmp_path / "agent.log"
    session = await start(
        api,
        project_id,
        "agent_cli",
        max_turns=7,
        budget_usd=2.5,
        env={"FAKE_AGENT_SCENARIO": "success", "FAKE_AGENT_LOG": str(log)},
    )
    sid = session["id"]
    await rpc(api, "forge.exec", {"session_id": sid, "command": "Write the notes"})
    done = await wait_exec(api, sid, 1)
    assert done["status"] == "completed", done
    assert done["result"]["total_cost_usd"] > 0
    assert done["result"]["num_turns"] >= 1
    agent_session = done["result"]["agent_session_id"]
    assert agent_session
    assert (workspace / "AGENT_NOTES.md").read_text() == "Write the notes\n"

    argv = json.loads(log.read_text().splitlines()[0])["argv"]
    assert argv[:2] == ["-p", "Write the notes"]
    assert argv[argv.index("--output-format") + 1] == "stream-json"
    assert "--verbose" in argv
    assert argv[argv.index("--max-turns") + 1] == "7"
    assert argv[argv.index("--max-budget-usd") + 1] == "2.5"

    types = [e["type"] for e in await all_events(api, sid)]
    for kind in (
        "agent.init",
        "agent.message",
        "agent.tool_call",
        "agent.tool_result",
        "agent.result",
    ):
        assert kind in types
    assert types.index("agent.init") < types.index("agent.result") < types.index("exec.completed")

    # The next exec continues the agent's own session.
    await rpc(api, "forge.exec", {"session_id": sid, "command": "More notes"})
    second = await wait_exec(api, sid, 2)
    assert second["status"] == "completed"
    argv = json.loads(log.read_text().splitlines()[1])["argv"]
    assert argv[argv.index("--resume") + 1] == agent_session
    assert (workspace / "AGENT_NOTES.md").read_text() == "Write the notes\nMore notes\n"


@pytest.mark.parametrize("scenario", ["max_turns", "question"])
async def test_needs_input_then_apply_input_resumes_the_agent(
    api: Api, project_id: UUID, workers: Workers, tmp_path: Path, scenario: str
) -> None:
    session = await start(api, project_id, "agent_cli", env={"FAKE_AGENT_SCENARIO": scenario})
    sid = session["id"]
    await rpc(api, "forge.exec", {"session_id": sid, "command": "Do it"})
    first = await wait_exec(api, sid, 1)
    assert first["status"] == "needs_input"
    detail = await rpc(api, "forge.get_session", {"session_id": sid})
    assert detail["phase"] == "needs_input"
    assert detail["question"]
    refused = await rpc_error(api, "forge.exec", {"session_id": sid, "command": "again"})
    assert refused["data"]["kind"] == "invalid_transition"

    applied = await rpc(api, "forge.apply_input", {"session_id": sid, "input": "Continue"})
    assert applied["sequence"] == 2
    await wait_exec(api, sid, 2)
    types = [e["type"] for e in await all_events(api, sid)]
    assert "session.needs_input" in types
    assert "session.input_applied" in types
    assert types.index("session.needs_input") < types.index("session.input_applied")


async def test_budget_exceeded_fails_the_session(
    api: Api, project_id: UUID, workers: Workers
) -> None:
    session = await start(
        api, project_id, "agent_cli", budget_usd=0.01, env={"FAKE_AGENT_SCENARIO": "budget"}
    )
    await rpc(api, "forge.exec", {"session_id": session["id"], "command": "Spend"})
    done = await wait_exec(api, session["id"], 1)
    assert done["status"] == "failed"
    assert done["error_kind"] == "budget_exceeded"
    detail = await rpc(api, "forge.get_session", {"session_id": session["id"]})
    assert detail["phase"] == "failed"
    assert "budget" in detail["last_error"]


async def test_crash_without_result_fails_keeping_partial_output(
    api: Api, project_id: UUID, workers: Workers
) -> None:
    session = await start(api, project_id, "agent_cli", env={"FAKE_AGENT_SCENARIO": "crash"})
    await rpc(api, "forge.exec", {"session_id": session["id"], "command": "Go"})
    done = await wait_exec(api, session["id"], 1)
    assert done["status"] == "failed"
    assert done["error_kind"] == "crashed"
    assert done["exit_code"] == 3
    assert '"type": "system"' in done["output"]


async def test_codex_profile_runs_exec_json(
    api: Api, project_id: UUID, workers: Workers, tmp_path: Path
) -> None:
    log = tmp_path / "agent.log"
    session = await start(
        api, project_id, "agent_cli", agent_profile="codex", env={"FAKE_AGENT_LOG": str(log)}
    )
    await rpc(api, "forge.exec", {"session_id": session["id"], "command": "Fix it"})
    done = await wait_exec(api, session["id"], 1)
    assert done["status"] == "completed", done
    argv = json.loads(log.read_text().splitlines()[0])["argv"]
    assert argv[:2] == ["exec", "--json"]
    assert argv[-1] == "Fix it"

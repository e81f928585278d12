"""``jidocode watch run`` and ``jidocode forge tail``: how events are shown, and the real
CLI following a run that the step engine drives (the fake agent as the coding CLI, real
shell commands, the local LLM fake) to an approval, then to its end."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import click
import pytest

from codegen.python.events import StreamEvent
from rpc.app.cli_watch_format import EXIT_FAILED, clock, run_line, session_lines
from tests.cli_driver import run_cli, run_on_terminal
from tests.codegen.live import live_url, owner_api_key
from tests.domains.orchestration.engine.conftest import Engine, define, engine

__all__ = ["engine", "live_url"]

AT = "2025-03-04T05:06:07+00:00"


def event(type_: str, data: dict[str, Any], topic: str = "run:x", seq: int = 1) -> StreamEvent:
    return StreamEvent(topic=topic, seq=seq, type=type_, data=data, at=AT)


def plain(line: str) -> str:
    return click.unstyle(line)


def session_event(type_: str, data: dict[str, Any]) -> StreamEvent:
    return event(type_, {"session_id": "s", "exec_sequence": 1, "data": data}, "forge:session:s")


def test_a_run_event_is_one_line_with_time_type_step_and_move() -> None:
    line = plain(
        run_line(event("step_started", {"step": "plan", "from": "pending", "to": "running"}))
    )
    assert line.split() == [clock(AT), "step_started", "plan", "pending", "→", "running"]
    same = plain(
        run_line(event("step_completed", {"step": "plan", "from": "running", "to": "running"}))
    )
    assert same.split()[1:] == ["step_completed", "plan", "running"]
    first = plain(run_line(event("run_started", {"step": None, "from": None, "to": "pending"})))
    assert first.split()[1:] == ["run_started", "-", "∅", "→", "pending"]


def test_session_events_read_as_agent_output() -> None:
    def lines(type_: str, data: dict[str, Any], *, show_output: bool = True) -> list[str]:
        shown = session_event(type_, data)
        made = session_lines(shown, label="implement", show_output=show_output, timestamps=False)
        return [plain(line) for line in made]

    assert lines("agent.message", {"text": "one\n\ntwo"}) == ["[implement] one", "[implement] two"]
    call = lines(
        "agent.tool_call", {"name": "Write", "input": {"content": "…", "file_path": "a.md"}}
    )
    assert call == ["[implement] tool Write: a.md"]
    other = lines("agent.tool_call", {"name": "Mcp", "input": {"a": 1, "b": [2]}})
    assert other == ['[implement] tool Mcp: {"a": 1, "b": [2]}']
    assert lines("agent.tool_call", {"name": "Bash", "input": {"command": "ls -la"}}) == [
        "[implement] tool Bash: ls -la"
    ]
    long = lines("agent.tool_call", {"name": "Write", "input": {"content": "x\n" * 500}})
    assert len(long) == 1
    assert len(long[0]) < 200
    assert lines("agent.tool_result", {"is_error": False, "content": "ok"}) == []
    assert lines("exec.output", {"text": "a\nb\n", "bytes": 4}) == [
        "[implement] a",
        "[implement] b",
    ]
    assert lines("exec.output", {"text": '{"type":"x"}\n'}, show_output=False) == []
    assert lines("session.ready", {}) == []
    done = lines("agent.result", {"subtype": "success", "num_turns": 2, "total_cost_usd": 0.01})
    assert done == ["[implement] agent finished: success, 2 turns, $0.01"]
    tailed = session_lines(
        session_event("exec.output", {"text": "raw\n"}),
        label=None,
        show_output=True,
        timestamps=False,
    )
    assert tailed == ["raw"]


# -- the real CLI ------------------------------------------------------------------------


def cli_env(url: str, key: str, tmp_path: Path) -> dict[str, str]:
    """The CLI pointed at ``url`` with ``key``; no profile of the developer's is read."""
    return {"JIDOCODE_URL": url, "JIDOCODE_API_KEY": key, "XDG_CONFIG_HOME": str(tmp_path)}


def token_of(engine: Engine) -> str:
    return engine.headers["Authorization"].removeprefix("Bearer ")


def line_with(out: str, *words: str) -> str:
    """The first line of ``out`` holding every word, in order."""
    for line in out.splitlines():
        at = 0
        for word in words:
            at = line.find(word, at)
            if at < 0:
                break
            at += len(word)
        else:
            return line
    raise AssertionError(f"no line with {words} in:\n{out}")


@pytest.mark.committing
async def test_watch_follows_a_run_to_its_approval_then_to_its_end(
    engine: Engine, tmp_path: Path
) -> None:
    await engine.settings(test_command="echo tests-ran-ok && test -f AGENT_NOTES.md")
    engine.llm.add_answers("1. Write AGENT_NOTES.md\n2. Run the tests")
    env = cli_env(str(engine.client.make_url("/rpc")), token_of(engine), tmp_path)
    run = await engine.start("implement_task", {"task_summary": "Add a notes file"})

    # Started while the run is going: history first, then live, to the approval.
    code, out, err = await run_cli("watch", "run", run["id"], env=env)
    assert code == 0, out + err
    assert "\x1b[" not in out, "piped output is plain"
    run_started = line_with(out, "run_started", "pending")
    assert run_started == out.splitlines()[0]
    line_with(out, "step_started", "plan")
    line_with(out, "step_started", "implement")
    line_with(out, "step_session_started", "implement")
    # The agent's output, from the implement step's Forge session.
    line_with(out, "[implement]", "agent started (model claude-fake-1)")
    line_with(out, "[implement]", "I will record the prompt in AGENT_NOTES.md.")
    line_with(out, "[implement]", "tool Write:", "AGENT_NOTES.md")
    line_with(out, "[implement]", "agent finished: success, 2 turns")
    # The tests' shell session: the command, its output, its exit.
    line_with(out, "[run_tests]", "$ ", "echo tests-ran-ok")
    line_with(out, "[run_tests]", "tests-ran-ok")
    line_with(out, "[run_tests]", "exit 0")
    line_with(out, "approval_requested", "approval", "running", "→", "awaiting_approval")
    assert f"approve: jidocode rpc orchestration.approve_run -p run_id={run['id']}" in out
    assert f"reject:  jidocode rpc orchestration.reject_run -p run_id={run['id']}" in out
    # A session is followed from when its step says it opened it; streams of different
    # topics are not ordered with each other, so nothing more is promised.
    lines = out.splitlines()
    opened = lines.index(line_with(out, "step_session_started", "implement"))
    assert opened < lines.index(line_with(out, "I will record the prompt")), out

    # Approved, the run goes on and fails at ship (no GitHub credential): a distinct exit.
    await engine.rpc("orchestration.approve_run", {"run_id": run["id"]})
    code, out, err = await run_cli("watch", "run", run["id"], env=env)
    assert code == EXIT_FAILED, out + err
    line_with(out, "approval_granted", "awaiting_approval", "→", "running")
    line_with(out, "run_failed", "ship", "running", "→", "failed")
    assert "approve:" not in out, "an answered approval does not stop the replay"
    line_with(out, f"run {run['id']} failed at step ship:", "(secret_unavailable)")

    # --json: one event per line, the run's and its sessions', exactly as streamed.
    code, out, err = await run_cli("watch", "run", run["id"], "--json", env=env)
    assert code == EXIT_FAILED, out + err
    events = [json.loads(line) for line in out.splitlines()]
    assert {tuple(sorted(e)) for e in events} == {("at", "data", "seq", "topic", "type")}
    run_events = [e for e in events if e["topic"] == f"run:{run['id']}"]
    assert [e["seq"] for e in run_events] == list(range(1, len(run_events) + 1))
    assert run_events[-1]["type"] == "run_failed"
    sessions = {
        e["data"]["step"]: e["data"]["data"]["forge_session_id"]
        for e in run_events
        if e["type"] == "step_session_started"
    }
    assert {"implement", "run_tests"} <= set(sessions)
    agent_topic = f"forge:session:{sessions['implement']}"
    said = [e["data"]["data"].get("text") for e in events if e["topic"] == agent_topic]
    assert "I will record the prompt in AGENT_NOTES.md." in said
    assert "failed at step ship" in err

    # forge tail: one session's output, to its end.
    code, out, err = await run_cli("forge", "tail", sessions["run_tests"], env=env)
    assert code == 0, out + err
    assert out.splitlines()[-1] == f"session {sessions['run_tests']} completed"
    assert "tests-ran-ok" in out.splitlines()
    assert "exit 0" in out.splitlines()
    code, out, err = await run_cli("forge", "tail", sessions["implement"], env=env)
    assert code == 0, out + err
    assert "I will record the prompt in AGENT_NOTES.md." in out.splitlines()
    assert not any(line.startswith("{") for line in out.splitlines()), "no raw JSON stream"


@pytest.mark.committing
async def test_watch_follows_a_run_to_completion(engine: Engine, tmp_path: Path) -> None:
    steps: list[dict[str, Any]] = [
        {"name": "implement", "kind": "agent"},
        {"name": "show", "kind": "shell", "options": {"command": "wc -l < AGENT_NOTES.md"}},
    ]
    await define(engine, "agent_then_shell", steps)
    run = await engine.start("agent_then_shell", {})
    env = cli_env(str(engine.client.make_url("/rpc")), token_of(engine), tmp_path)
    code, out, err = await run_cli("watch", "run", run["id"], env=env)
    assert code == 0, out + err
    line_with(out, "[implement]", "I will record the prompt in AGENT_NOTES.md.")
    line_with(out, "[implement]", "tool Write:", "AGENT_NOTES.md")
    line_with(out, "[show]", "$ wc -l < AGENT_NOTES.md")
    line_with(out, "run_completed", "running", "→", "completed")
    assert out.splitlines()[-1] == f"run {run['id']} completed"

    # On a terminal the same lines (interleaved as they came), with colour.
    code, shown = await asyncio.to_thread(run_on_terminal, ["watch", "run", run["id"]], env)
    assert code == 0, shown
    assert "\x1b[" in shown
    assert sorted(click.unstyle(shown).splitlines()) == sorted(out.splitlines())


@pytest.mark.committing
async def test_watch_errors_have_the_rpc_exit_codes(live_url: str, tmp_path: Path) -> None:
    key = await owner_api_key(live_url)
    unknown = "00000000-0000-0000-0000-000000000000"
    code, _, err = await run_cli("watch", "run", unknown, env=cli_env(live_url, key, tmp_path))
    assert code == 8, err
    assert json.loads(err)["data"]["kind"] == "not_found"
    code, _, err = await run_cli("forge", "tail", unknown, env=cli_env(live_url, key, tmp_path))
    assert code == 8, err
    code, _, err = await run_cli("watch", "run", unknown, env=cli_env(live_url, "", tmp_path))
    assert code == 7, err
    closed = cli_env("http://127.0.0.1:9/rpc", key, tmp_path)
    code, _, err = await run_cli("watch", "run", unknown, env=closed)
    assert code == 4, err
    assert "nothing is listening" in err
    code, _, err = await run_cli("watch", "run", "not-a-uuid", env=closed)
    assert code == 2, err

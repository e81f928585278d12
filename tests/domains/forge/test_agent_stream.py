"""Agent CLI argv and stream parsing: recorded lines, then the fake agent run for real."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from domains.forge.agent_stream import (
    TOOL_RESULT_LIMIT,
    WARNING_LINE_LIMIT,
    AgentEvent,
    AgentOutcome,
    AgentProfile,
    StreamParser,
    agent_argv,
)

FAKE_AGENT = Path(__file__).resolve().parents[2] / "fakes" / "fake_agent.py"
PROFILES: list[AgentProfile] = ["claude", "codex"]


def feed(profile: AgentProfile, lines: list[str]) -> tuple[list[AgentEvent], StreamParser]:
    parser = StreamParser(profile)
    return [e for line in lines for e in parser.feed_line(line)], parser


def types(events: list[AgentEvent]) -> list[str]:
    return [e.type for e in events]


def dumps(*objs: object) -> list[str]:
    return [json.dumps(o) for o in objs]


# -- argv ----------------------------------------------------------------------------


def test_claude_argv_new_and_resumed() -> None:
    argv = agent_argv(
        "claude", "claude", "fix it", max_turns=5, budget_usd=None, resume_session_id=None
    )
    assert argv == [
        "claude",
        "-p",
        "fix it",
        "--output-format",
        "stream-json",
        "--verbose",
        "--max-turns",
        "5",
    ]
    argv = agent_argv(
        "claude", "/bin/c", "go on", max_turns=2, budget_usd=0.5, resume_session_id="sess-1"
    )
    assert argv[-4:] == ["--max-budget-usd", "0.5", "--resume", "sess-1"]
    assert argv[:3] == ["/bin/c", "-p", "go on"]


def test_codex_argv_passes_no_turn_or_budget_flags() -> None:
    argv = agent_argv(
        "codex", "codex", "fix it", max_turns=5, budget_usd=2.0, resume_session_id=None
    )
    assert argv == ["codex", "exec", "--json", "fix it"]
    argv = agent_argv(
        "codex", "codex", "more", max_turns=5, budget_usd=None, resume_session_id="th-1"
    )
    assert argv == ["codex", "exec", "--json", "resume", "th-1", "more"]


@pytest.mark.parametrize("profile", PROFILES)
def test_a_prompt_that_looks_like_a_flag_is_not_one(profile: AgentProfile) -> None:
    argv = agent_argv(
        profile, "x", "- item one", max_turns=1, budget_usd=None, resume_session_id=None
    )
    assert " - item one" in argv


def test_argv_refuses_nonsense_limits() -> None:
    with pytest.raises(ValueError, match="max_turns"):
        agent_argv("claude", "c", "p", max_turns=0, budget_usd=None, resume_session_id=None)
    with pytest.raises(ValueError, match="budget_usd"):
        agent_argv("claude", "c", "p", max_turns=1, budget_usd=0, resume_session_id=None)


# -- claude, recorded lines ----------------------------------------------------------

INIT = {
    "type": "system",
    "subtype": "init",
    "session_id": "s1",
    "model": "m",
    "tools": ["Bash", "Write"],
}


def claude_result(subtype: str, **extra: object) -> dict[str, object]:
    return {
        "type": "result",
        "subtype": subtype,
        "is_error": subtype != "success",
        "num_turns": 3,
        "total_cost_usd": 0.25,
        "session_id": "s2",
        "permission_denials": [],
        **extra,
    }


def test_claude_stream_maps_to_agent_events() -> None:
    lines = dumps(
        INIT,
        {
            "type": "assistant",
            "session_id": "s1",
            "message": {
                "content": [
                    {"type": "thinking", "thinking": "hmm"},
                    {"type": "text", "text": "Writing."},
                    {
                        "type": "tool_use",
                        "id": "t1",
                        "name": "Write",
                        "input": {"file_path": "a", "content": "y" * 10_000},
                    },
                ]
            },
        },
        {
            "type": "user",
            "session_id": "s1",
            "message": {
                "content": [
                    {
                        "type": "tool_result",
                        "tool_use_id": "t1",
                        "is_error": True,
                        "content": [{"type": "text", "text": "z" * 10_000}],
                    }
                ]
            },
        },
        {"type": "rate_limit_event", "session_id": "s1"},
        claude_result("success", result="All done."),
    )
    events, parser = feed("claude", ["", *lines, "   "])
    assert types(events) == [
        "agent.init",
        "agent.message",
        "agent.tool_call",
        "agent.tool_result",
        "agent.result",
    ]
    init, message, call, result_, final = events
    assert init.data["agent_session_id"] == "s1"
    assert init.data["tools"] == ["Bash", "Write"]
    assert message.data == {"text": "Writing."}
    assert call.data["name"] == "Write"
    assert call.data["id"] == "t1"
    assert len(call.data["input"]["content"]) < 2100
    assert result_.data["tool_use_id"] == "t1"
    assert result_.data["is_error"] is True
    assert len(result_.data["content"]) < TOOL_RESULT_LIMIT + 50
    assert final.data["subtype"] == "success"
    assert final.data["total_cost_usd"] == 0.25
    for event in events:
        json.dumps(event.data)
    assert parser.outcome(0) == AgentOutcome(
        status="completed",
        reason=None,
        question=None,
        total_cost_usd=0.25,
        num_turns=3,
        agent_session_id="s2",
        result_text="All done.",
    )


@pytest.mark.parametrize(
    ("subtype", "status", "reason"),
    [
        ("error_max_turns", "needs_input", "max_turns"),
        ("error_max_budget_usd", "failed", "budget_exceeded"),
        ("error_during_execution", "failed", "agent_error"),
    ],
)
def test_claude_error_results(subtype: str, status: str, reason: str) -> None:
    _, parser = feed("claude", dumps(INIT, claude_result(subtype, errors=["boom"])))
    outcome = parser.outcome(1)
    assert (outcome.status, outcome.reason) == (status, reason)
    assert outcome.total_cost_usd == 0.25
    assert outcome.agent_session_id == "s2"
    if reason == "max_turns":
        assert outcome.question == "The agent reached its turn limit (3 turns). Continue, or stop?"
    else:
        assert outcome.question is None
        assert outcome.result_text == "boom"


def test_claude_success_flagged_as_error_is_an_agent_error() -> None:
    _, parser = feed("claude", dumps(claude_result("success", is_error=True, result="401")))
    assert (parser.outcome(1).status, parser.outcome(1).reason) == ("failed", "agent_error")


def test_claude_denied_question_needs_input() -> None:
    denial = {
        "tool_name": "AskUserQuestion",
        "tool_use_id": "t9",
        "tool_input": {
            "questions": [{"question": "Postgres or SQLite?"}, {"question": "Which port?"}]
        },
    }
    other = {"tool_name": "Bash", "tool_use_id": "t8", "tool_input": {"command": "rm"}}
    _, parser = feed("claude", dumps(claude_result("success", permission_denials=[other, denial])))
    outcome = parser.outcome(0)
    assert (outcome.status, outcome.reason) == ("needs_input", "question")
    assert outcome.question == "Postgres or SQLite?\nWhich port?"
    single = {**denial, "tool_input": {"question": "Proceed?"}}
    _, parser = feed("claude", dumps(claude_result("success", permission_denials=[single])))
    assert parser.outcome(0).question == "Proceed?"


@pytest.mark.parametrize("exit_code", [0, 3, None])
def test_claude_without_a_result_line_crashed(exit_code: int | None) -> None:
    _, parser = feed("claude", dumps(INIT))
    outcome = parser.outcome(exit_code)
    assert (outcome.status, outcome.reason) == ("failed", "crashed")
    assert outcome.agent_session_id == "s1"


@pytest.mark.parametrize("profile", PROFILES)
def test_unparseable_lines_become_warnings(profile: AgentProfile) -> None:
    events, _ = feed(profile, ["not json " * 200, "[1, 2]", '"text"', '{"type": "new.kind"}'])
    assert types(events) == ["agent.warning", "agent.warning", "agent.warning"]
    assert events[0].data["reason"] == "not_json"
    assert len(events[0].data["line"]) < WARNING_LINE_LIMIT + 50
    assert events[1].data == {"reason": "not_object", "line": "[1, 2]"}


def test_absurdly_nested_json_is_a_warning() -> None:
    events, _ = feed("claude", ["[" * 100_000 + "]" * 100_000])
    assert types(events) == ["agent.warning"]


def test_ansi_prefix_is_stripped() -> None:
    events, _ = feed("claude", ["\x1b[?1004l" + json.dumps(INIT)])
    assert types(events) == ["agent.init"]


# -- codex, recorded lines -----------------------------------------------------------

THREAD = {"type": "thread.started", "thread_id": "th-1"}
DONE = {"type": "turn.completed", "usage": {"input_tokens": 5, "output_tokens": 2}}


def test_codex_stream_maps_to_agent_events() -> None:
    cmd = {
        "id": "i1",
        "type": "command_execution",
        "command": "ls",
        "aggregated_output": "",
        "exit_code": None,
        "status": "in_progress",
    }
    lines = dumps(
        THREAD,
        {"type": "turn.started"},
        {"type": "item.completed", "item": {"id": "i0", "type": "reasoning", "text": "hm"}},
        {"type": "item.started", "item": cmd},
        {"type": "item.updated", "item": cmd},
        {
            "type": "item.completed",
            "item": {**cmd, "aggregated_output": "a\nb", "exit_code": 2, "status": "failed"},
        },
        {
            "type": "item.completed",
            "item": {
                "id": "i2",
                "type": "file_change",
                "status": "completed",
                "changes": [{"path": "x.py", "kind": "add"}],
            },
        },
        {"type": "item.started", "item": {"id": "i3", "type": "agent_message", "text": ""}},
        {"type": "item.completed", "item": {"id": "i3", "type": "agent_message", "text": "Fixed."}},
        DONE,
    )
    events, parser = feed("codex", lines)
    assert types(events) == [
        "agent.init",
        "agent.tool_call",
        "agent.tool_result",
        "agent.tool_call",
        "agent.tool_result",
        "agent.message",
        "agent.result",
    ]
    assert events[0].data["agent_session_id"] == "th-1"
    assert events[1].data == {"id": "i1", "name": "command_execution", "input": {"command": "ls"}}
    assert events[2].data == {"tool_use_id": "i1", "content": "a\nb", "is_error": True}
    assert events[4].data["content"] == "add x.py"
    assert events[6].data["usage"] == {"input_tokens": 5, "output_tokens": 2}
    assert events[6].data["total_cost_usd"] is None
    assert parser.outcome(0) == AgentOutcome(
        status="completed",
        reason=None,
        question=None,
        total_cost_usd=None,
        num_turns=1,
        agent_session_id="th-1",
        result_text="Fixed.",
    )


def test_codex_failed_turn_is_an_agent_error() -> None:
    lines = dumps(
        THREAD,
        {"type": "error", "message": "quota"},
        {"type": "turn.failed", "error": {"message": "quota exceeded"}},
    )
    events, parser = feed("codex", lines)
    assert events[-1].type == "agent.result"
    assert events[-1].data["is_error"] is True
    outcome = parser.outcome(1)
    assert (outcome.status, outcome.reason, outcome.result_text) == (
        "failed",
        "agent_error",
        "quota exceeded",
    )


def test_codex_error_then_completed_turn_is_a_success() -> None:
    _, parser = feed("codex", dumps(THREAD, {"type": "error", "message": "Reconnecting 1/5"}, DONE))
    assert parser.outcome(0).status == "completed"


def test_codex_error_without_a_turn_is_an_agent_error() -> None:
    _, parser = feed("codex", dumps(THREAD, {"type": "error", "message": "no auth"}))
    assert (parser.outcome(1).reason, parser.outcome(1).result_text) == ("agent_error", "no auth")


@pytest.mark.parametrize(("exit_code", "lines"), [(0, [THREAD]), (3, [THREAD, DONE])])
def test_codex_without_a_clean_finish_crashed(exit_code: int, lines: list[object]) -> None:
    _, parser = feed("codex", dumps(*lines))
    assert (parser.outcome(exit_code).status, parser.outcome(exit_code).reason) == (
        "failed",
        "crashed",
    )


def test_codex_request_user_input_needs_input() -> None:
    ask = {
        "type": "request_user_input",
        "id": "t",
        "call_id": "c",
        "questions": [{"id": "q", "header": "H", "question": "Which one?"}],
    }
    _, parser = feed("codex", dumps(THREAD, ask, DONE))
    outcome = parser.outcome(0)
    assert (outcome.status, outcome.reason, outcome.question) == (
        "needs_input",
        "question",
        "Which one?",
    )


# -- the fake agent, run for real ----------------------------------------------------


def run_fake(
    profile: AgentProfile,
    scenario: str,
    cwd: Path,
    *,
    prompt: str = "note this",
    resume: str | None = None,
    env: dict[str, str] | None = None,
) -> tuple[list[AgentEvent], AgentOutcome, subprocess.CompletedProcess[str]]:
    argv = agent_argv(
        profile, str(FAKE_AGENT), prompt, max_turns=3, budget_usd=1.0, resume_session_id=resume
    )
    full_env = {**os.environ, "FAKE_AGENT_SCENARIO": scenario, **(env or {})}
    proc = subprocess.run(
        argv, cwd=cwd, env=full_env, capture_output=True, text=True, timeout=20, check=False
    )
    parser = StreamParser(profile)
    events = [e for line in proc.stdout.splitlines() for e in parser.feed_line(line)]
    return events, parser.outcome(proc.returncode), proc


@pytest.mark.parametrize("profile", PROFILES)
def test_fake_success_then_resume(profile: AgentProfile, tmp_path: Path) -> None:
    log = tmp_path / "log.jsonl"
    events, outcome, _ = run_fake(profile, "success", tmp_path, env={"FAKE_AGENT_LOG": str(log)})
    assert outcome.status == "completed"
    assert outcome.reason is None
    assert outcome.agent_session_id
    assert outcome.num_turns
    assert types(events)[0] == "agent.init"
    assert types(events)[-1] == "agent.result"
    assert {"agent.message", "agent.tool_call", "agent.tool_result"} <= set(types(events))
    if profile == "claude":
        assert outcome.total_cost_usd == pytest.approx(0.0123)
        assert [e.data["name"] for e in events if e.type == "agent.tool_call"] == ["Write"]
    notes = tmp_path / "AGENT_NOTES.md"
    assert notes.read_text() == "note this\n"

    events, again, _ = run_fake(
        profile, "success", tmp_path, prompt="and this", resume=outcome.agent_session_id
    )
    assert again.status == "completed"
    assert again.agent_session_id == outcome.agent_session_id
    assert notes.read_text() == "note this\nand this\n"
    if profile == "claude":
        assert [e.data["name"] for e in events if e.type == "agent.tool_call"] == ["Edit"]
    entry = json.loads(log.read_text().splitlines()[0])
    assert entry["cwd"] == str(tmp_path)
    assert "FAKE_AGENT_SCENARIO" in entry["env_names"]
    assert "note this" in entry["argv"]


@pytest.mark.parametrize(
    ("profile", "scenario", "status", "reason"),
    [
        ("claude", "max_turns", "needs_input", "max_turns"),
        ("claude", "budget", "failed", "budget_exceeded"),
        ("claude", "error", "failed", "agent_error"),
        ("claude", "crash", "failed", "crashed"),
        ("claude", "question", "needs_input", "question"),
        ("codex", "error", "failed", "agent_error"),
        ("codex", "crash", "failed", "crashed"),
        ("codex", "question", "needs_input", "question"),
    ],
)
def test_fake_outcomes(
    profile: AgentProfile, scenario: str, status: str, reason: str, tmp_path: Path
) -> None:
    events, outcome, proc = run_fake(profile, scenario, tmp_path)
    assert (outcome.status, outcome.reason) == (status, reason)
    assert outcome.agent_session_id is not None
    assert types(events)[0] == "agent.init"
    if scenario == "crash":
        assert proc.returncode == 3
        assert "agent.result" not in types(events)
        assert "agent.message" in types(events)
    if scenario == "question":
        assert outcome.question == "Which database should I use?"
    if scenario == "max_turns":
        assert outcome.question is not None
        assert "3 turns" in outcome.question
    if scenario == "budget":
        assert outcome.total_cost_usd == pytest.approx(0.51)


@pytest.mark.parametrize("profile", PROFILES)
def test_fake_garbage_line_is_a_warning_not_a_crash(profile: AgentProfile, tmp_path: Path) -> None:
    events, outcome, _ = run_fake(profile, "garbage", tmp_path)
    warnings = [e for e in events if e.type == "agent.warning"]
    assert [w.data for w in warnings] == [{"reason": "not_json", "line": "this is not json {"}]
    assert outcome.status == "completed"


@pytest.mark.parametrize("profile", PROFILES)
def test_fake_big_output_gives_small_events(profile: AgentProfile, tmp_path: Path) -> None:
    events, outcome, proc = run_fake(profile, "big", tmp_path)
    assert len(proc.stdout) > 2_000_000
    assert outcome.status == "completed"
    messages = [e for e in events if e.type == "agent.message"]
    assert len(messages) >= 32
    assert max(len(json.dumps(e.data)) for e in events) < 10_000


@pytest.mark.parametrize("profile", PROFILES)
def test_fake_secret_reaches_the_message_event(profile: AgentProfile, tmp_path: Path) -> None:
    env = {"FAKE_AGENT_SECRET_VAR": "MY_TOKEN", "MY_TOKEN": "s3cr3t-value"}
    events, outcome, _ = run_fake(profile, "secret", tmp_path, env=env)
    texts = [e.data["text"] for e in events if e.type == "agent.message"]
    assert "the secret is s3cr3t-value" in texts
    assert outcome.status == "completed"


@pytest.mark.parametrize("profile", PROFILES)
def test_fake_slow_streams_lines_as_they_come(profile: AgentProfile, tmp_path: Path) -> None:
    argv = agent_argv(
        profile, str(FAKE_AGENT), "p", max_turns=3, budget_usd=None, resume_session_id=None
    )
    env = {**os.environ, "FAKE_AGENT_SCENARIO": "slow", "FAKE_AGENT_DELAY_S": "0.3"}
    parser = StreamParser(profile)
    stamps: dict[str, float] = {}
    start = time.monotonic()
    with subprocess.Popen(argv, cwd=tmp_path, env=env, stdout=subprocess.PIPE, text=True) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            for event in parser.feed_line(line):
                if event.type == "agent.message":
                    stamps.setdefault(event.data["text"], time.monotonic() - start)
    assert parser.outcome(proc.returncode).status == "completed"
    # Each step arrives on its own, about one delay after the one before.
    assert stamps["step 1"] - stamps["step 0"] >= 0.2
    assert stamps["step 2"] - stamps["step 1"] >= 0.2


@pytest.mark.parametrize("profile", PROFILES)
def test_fake_hang_dies_with_its_process_group(profile: AgentProfile, tmp_path: Path) -> None:
    argv = agent_argv(
        profile, str(FAKE_AGENT), "p", max_turns=3, budget_usd=None, resume_session_id=None
    )
    env = {**os.environ, "FAKE_AGENT_SCENARIO": "hang"}
    proc = subprocess.Popen(
        argv, cwd=tmp_path, env=env, stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    pgid = os.getpgid(proc.pid)
    assert proc.stdout is not None
    parser = StreamParser(profile)
    try:
        first = parser.feed_line(proc.stdout.readline())
        assert types(first) == ["agent.init"]
        # The child sleeper joins the group; wait until the group has two members.
        deadline = time.monotonic() + 10
        while len(group_members(pgid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(group_members(pgid)) >= 2
        assert proc.poll() is None
    finally:
        os.killpg(pgid, signal.SIGKILL)
        proc.wait(timeout=10)
        proc.stdout.close()
    # The orphaned child is reaped by init, which may take a moment.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    with pytest.raises(ProcessLookupError):
        os.killpg(pgid, 0)
    assert parser.outcome(proc.returncode).reason == "crashed"


def group_members(pgid: int) -> list[int]:
    """Live (non-zombie) processes in process group ``pgid``, read from /proc."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(entry))
    return members


def test_fake_agent_refuses_unknown_argv(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(FAKE_AGENT), "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""

"""Agent CLI argv and stream parsing, on recorded lines of both formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from domains.forge.agent_events import TOOL_RESULT_LIMIT, WARNING_LINE_LIMIT
from domains.forge.agent_stream import (
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

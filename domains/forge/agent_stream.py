"""Agent CLI argv and stdout parsing for the ``agent_cli`` runner: pure, no I/O.

Two profiles are supported; both print one JSON object per stdout line.

``claude`` (``claude -p <prompt> --output-format stream-json --verbose``):

- ``{"type":"system","subtype":"init","session_id","model","tools":[...]}`` first;
- ``{"type":"assistant","message":{"content":[blocks]},"session_id"}`` where a block is
  ``{"type":"text","text"}`` or ``{"type":"tool_use","id","name","input"}``;
- ``{"type":"user","message":{"content":[{"type":"tool_result","tool_use_id",
  "content": str | [{"type":"text","text"}], "is_error"}]}}``;
- last, ``{"type":"result","subtype","is_error","num_turns","total_cost_usd",
  "session_id","result","permission_denials":[{"tool_name","tool_use_id",
  "tool_input"}],"errors":[...]}`` with ``subtype`` one of ``success``,
  ``error_max_turns``, ``error_max_budget_usd``, ``error_during_execution``, ...

``codex`` (``codex exec --json <prompt>``):

- ``{"type":"thread.started","thread_id"}`` (the id ``codex exec resume`` takes);
- ``turn.started``; ``turn.completed`` with ``usage`` (tokens, no cost);
  ``turn.failed`` with ``error.message``; ``{"type":"error","message"}``;
- ``item.started`` / ``item.updated`` / ``item.completed`` with ``item`` =
  ``{"id","type",...}``: ``agent_message`` (``text``), ``command_execution``
  (``command``, ``aggregated_output``, ``exit_code``, ``status``), ``file_change``
  (``changes``, ``status``; only ever completed), ``mcp_tool_call`` (``server``,
  ``tool``, ``arguments``, ``result``, ``error``), ``reasoning``, ``todo_list``, ...;
- ``{"type":"request_user_input","questions":[{"question",...}]}``.

Both map onto ``agent.init``, ``agent.message``, ``agent.tool_call``,
``agent.tool_result`` and ``agent.result`` events (codex's ``agent.result`` is
synthesized from ``turn.completed`` / ``turn.failed``). A line that is not a JSON object
becomes ``agent.warning``; objects of unknown type are skipped, since both CLIs add
types over time.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Literal

from domains.forge.agent_events import (
    TEXT_LIMIT,
    AgentEvent,
    as_float,
    as_int,
    as_str,
    assistant_block,
    codex_tool_call,
    codex_tool_result,
    content_blocks,
    decimal_text,
    denied_question,
    init_event,
    questions_text,
    tool_result_block,
    trim,
    warning_event,
)

AgentProfile = Literal["claude", "codex"]
OutcomeStatus = Literal["completed", "needs_input", "failed"]


# Claude Code has been seen to prefix stdout with terminal control sequences.
_ANSI_PREFIX = re.compile(r"^(?:\x1b\[[0-9;?]*[A-Za-z])+")
_CODEX_TOOL_ITEMS = frozenset({"command_execution", "mcp_tool_call", "file_change"})


def agent_argv(
    profile: AgentProfile,
    binary: str,
    prompt: str,
    *,
    max_turns: int,
    budget_usd: float | None,
    resume_session_id: str | None,
) -> list[str]:
    """The argv that runs ``binary`` headless on ``prompt`` with JSON-lines output.

    ``claude``: ``-p <prompt> --output-format stream-json --verbose --max-turns N``,
    plus ``--max-budget-usd X`` and ``--resume <id>`` when given. ``codex``:
    ``exec --json <prompt>``, or ``exec --json resume <id> <prompt>`` to continue a
    thread (``--json`` sits before the subcommand, where every codex version takes
    it). Codex has no turn or budget flag, so ``max_turns`` and ``budget_usd`` are not
    passed to it; the runner's timeouts are its only limits.

    A prompt starting with ``-`` gets a leading space, so that neither CLI's option
    parser takes it for a flag (a Markdown list as a prompt is ordinary).
    """
    if max_turns < 1:
        raise ValueError("max_turns must be at least 1")
    if budget_usd is not None and budget_usd <= 0:
        raise ValueError("budget_usd must be positive")
    text = " " + prompt if prompt.startswith("-") else prompt
    if profile == "claude":
        argv = [binary, "-p", text, "--output-format", "stream-json", "--verbose"]
        argv += ["--max-turns", str(max_turns)]
        if budget_usd is not None:
            argv += ["--max-budget-usd", decimal_text(budget_usd)]
        if resume_session_id is not None:
            argv += ["--resume", resume_session_id]
        return argv
    if resume_session_id is not None:
        return [binary, "exec", "--json", "resume", resume_session_id, text]
    return [binary, "exec", "--json", text]


@dataclass(frozen=True)
class AgentOutcome:
    """How an agent run ended, decided from its final result (or its absence)."""

    status: OutcomeStatus
    reason: str | None
    question: str | None
    total_cost_usd: float | None
    num_turns: int | None
    agent_session_id: str | None
    result_text: str | None


class StreamParser:
    """Turns an agent CLI's stdout, fed line by line, into events and an outcome."""

    def __init__(self, profile: AgentProfile) -> None:
        self.profile: AgentProfile = profile
        self.agent_session_id: str | None = None
        self._result: dict[str, Any] | None = None
        # codex state: the terminal turn event, turns, tokens, last message, question.
        self._turns = 0
        self._usage: dict[str, int] = {}
        self._last_text: str | None = None
        self._turn_failed: str | None = None
        self._error: str | None = None
        self._completed = False
        self._question: str | None = None
        self._started_items: set[str] = set()

    def feed_line(self, line: str) -> list[AgentEvent]:
        """Parse one stdout line; blank lines and unknown types give no events."""
        stripped = _ANSI_PREFIX.sub("", line).strip()
        if not stripped:
            return []
        try:
            obj = json.loads(stripped)
        except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
            return [warning_event("not_json", stripped)]
        if not isinstance(obj, dict):
            return [warning_event("not_object", stripped)]
        if self.profile == "claude":
            return self._claude(obj)
        return self._codex(obj)

    def outcome(self, exit_code: int | None) -> AgentOutcome:
        """The run's outcome once stdout has ended and the process exited."""
        if self.profile == "claude":
            return self._claude_outcome(exit_code)
        return self._codex_outcome(exit_code)

    # -- claude --------------------------------------------------------------------

    def _claude(self, obj: dict[str, Any]) -> list[AgentEvent]:
        session = obj.get("session_id")
        if isinstance(session, str) and session:
            self.agent_session_id = session
        kind = obj.get("type")
        if kind == "system" and obj.get("subtype") == "init":
            tools = obj.get("tools")
            names = [str(t) for t in tools] if isinstance(tools, list) else []
            return [init_event(self.agent_session_id, obj.get("model"), names)]
        if kind == "assistant":
            return [e for b in content_blocks(obj) if (e := assistant_block(b)) is not None]
        if kind == "user":
            return [e for b in content_blocks(obj) if (e := tool_result_block(b)) is not None]
        if kind == "result":
            self._result = obj
            text = obj.get("result")
            errors = obj.get("errors")
            if not isinstance(text, str) and isinstance(errors, list) and errors:
                text = "; ".join(str(e) for e in errors)
            self._last_text = text if isinstance(text, str) else None
            turns, cost = as_int(obj.get("num_turns")), as_float(obj.get("total_cost_usd"))
            return [
                self._result_event(
                    as_str(obj.get("subtype")), bool(obj.get("is_error")), turns, cost
                )
            ]
        return []

    def _claude_outcome(self, exit_code: int | None) -> AgentOutcome:
        result = self._result
        if result is None:
            why = "no result line" if exit_code == 0 else f"exit code {exit_code}"
            return self._done("failed", "crashed", result_text=f"agent ended with {why}")
        subtype = result.get("subtype")
        turns = as_int(result.get("num_turns"))
        cost = as_float(result.get("total_cost_usd"))
        question = denied_question(result.get("permission_denials"))
        status: OutcomeStatus
        reason: str | None
        if subtype == "error_max_budget_usd":
            status, reason = "failed", "budget_exceeded"
        elif question is not None:
            status, reason = "needs_input", "question"
        elif subtype == "error_max_turns":
            status, reason = "needs_input", "max_turns"
            limit = f"{turns} turns" if turns is not None else "its turn limit"
            question = f"The agent reached its turn limit ({limit}). Continue, or stop?"
        elif subtype != "success" or result.get("is_error"):
            status, reason = "failed", "agent_error"
        else:
            status, reason = "completed", None
        return self._done(status, reason, question, cost, turns, self._last_text)

    # -- codex ---------------------------------------------------------------------

    def _codex(self, obj: dict[str, Any]) -> list[AgentEvent]:
        kind = obj.get("type")
        if kind == "thread.started":
            thread = obj.get("thread_id")
            if isinstance(thread, str) and thread:
                self.agent_session_id = thread
            return [init_event(self.agent_session_id, obj.get("model"), [])]
        if kind in ("item.started", "item.completed"):
            item = obj.get("item")
            if isinstance(item, dict):
                return self._codex_item(item, completed=kind == "item.completed")
            return []
        if kind == "turn.completed":
            self._turns += 1
            self._completed = True
            self._turn_failed = None
            usage = obj.get("usage")
            if isinstance(usage, dict):
                for key, value in usage.items():
                    if isinstance(value, int):
                        self._usage[key] = self._usage.get(key, 0) + value
            return [self._result_event("success", False, self._turns, None)]
        if kind == "turn.failed":
            error = obj.get("error")
            message = error.get("message") if isinstance(error, dict) else None
            self._turn_failed = self._last_text = as_str(message) or "turn failed"
            self._completed = False
            return [self._result_event("error", True, self._turns, None)]
        if kind == "error":
            self._error = as_str(obj.get("message")) or "error"
            return []
        if kind == "request_user_input":
            questions = obj.get("questions")
            found = questions_text({"questions": questions})
            self._question = found or self._question
        return []

    def _codex_item(self, item: dict[str, Any], *, completed: bool) -> list[AgentEvent]:
        item_id = as_str(item.get("id")) or ""
        kind = item.get("type")
        if kind == "agent_message":
            text = item.get("text")
            if not completed or not isinstance(text, str):
                return []
            self._last_text = text
            return [AgentEvent("agent.message", {"text": trim(text, TEXT_LIMIT)})]
        if kind not in _CODEX_TOOL_ITEMS:
            return []
        events: list[AgentEvent] = []
        if item_id not in self._started_items:
            self._started_items.add(item_id)
            events.append(codex_tool_call(item))
        if completed:
            self._started_items.discard(item_id)
            events.append(codex_tool_result(item))
        return events

    def _result_event(
        self, subtype: str | None, is_error: bool, turns: int | None, cost: float | None
    ) -> AgentEvent:
        text = self._last_text
        data: dict[str, Any] = {
            "subtype": subtype,
            "is_error": is_error,
            "num_turns": turns,
            "total_cost_usd": cost,
            "agent_session_id": self.agent_session_id,
            "result": trim(text, TEXT_LIMIT) if text is not None else None,
        }
        if self.profile == "codex":
            data["usage"] = dict(self._usage)
        return AgentEvent("agent.result", data)

    def _codex_outcome(self, exit_code: int | None) -> AgentOutcome:
        # The last turn event decides: codex also prints ``error`` for failures it
        # then retries, so an ``error`` followed by ``turn.completed`` is a success.
        turns = self._turns or None
        if self._question is not None and self._turn_failed is None:
            return self._done("needs_input", "question", self._question, None, turns)
        if self._turn_failed is not None:
            return self._done("failed", "agent_error", None, None, turns, self._turn_failed)
        if self._completed and exit_code == 0:
            return self._done("completed", None, None, None, turns, self._last_text)
        if self._error is not None:
            return self._done("failed", "agent_error", None, None, turns, self._error)
        why = "no completed turn" if exit_code == 0 else f"exit code {exit_code}"
        return self._done("failed", "crashed", None, None, turns, f"agent ended with {why}")

    def _done(
        self,
        status: OutcomeStatus,
        reason: str | None,
        question: str | None = None,
        cost: float | None = None,
        turns: int | None = None,
        result_text: str | None = None,
    ) -> AgentOutcome:
        return AgentOutcome(
            status=status,
            reason=reason,
            question=question,
            total_cost_usd=cost,
            num_turns=turns,
            agent_session_id=self.agent_session_id,
            result_text=trim(result_text, TEXT_LIMIT) if result_text is not None else None,
        )


__all__ = ["AgentEvent", "AgentOutcome", "StreamParser", "agent_argv"]

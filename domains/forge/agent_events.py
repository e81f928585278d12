"""The events an agent's stream becomes, and the helpers that keep them small.

``agent_stream`` parses each profile's lines; the functions here shape what it finds
into ``AgentEvent`` data: texts trimmed, tool inputs bounded in size and depth, numbers
read defensively (a CLI's JSON is outside data).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

TOOL_RESULT_LIMIT = 4000
TEXT_LIMIT = 8000
WARNING_LINE_LIMIT = 500
_VALUE_LIMIT = 2000
_ITEMS_LIMIT = 50
_TOOLS_LIMIT = 50


@dataclass(frozen=True)
class AgentEvent:
    """One ``agent.*`` event: a type and a small JSON-able ``data`` dict."""

    type: str
    data: dict[str, Any]


def init_event(session: str | None, model: object, tools: list[str]) -> AgentEvent:
    return AgentEvent(
        "agent.init",
        {
            "agent_session_id": session,
            "model": as_str(model),
            "tools": tools[:_TOOLS_LIMIT],
            "tool_count": len(tools),
        },
    )


def warning_event(reason: str, line: str) -> AgentEvent:
    return AgentEvent("agent.warning", {"reason": reason, "line": trim(line, WARNING_LINE_LIMIT)})


def content_blocks(obj: dict[str, Any]) -> list[dict[str, Any]]:
    message = obj.get("message")
    content = message.get("content") if isinstance(message, dict) else None
    return [b for b in content if isinstance(b, dict)] if isinstance(content, list) else []


def assistant_block(block: dict[str, Any]) -> AgentEvent | None:
    if block.get("type") == "text" and isinstance(block.get("text"), str):
        return AgentEvent("agent.message", {"text": trim(block["text"], TEXT_LIMIT)})
    if block.get("type") == "tool_use":
        return AgentEvent(
            "agent.tool_call",
            {
                "id": as_str(block.get("id")),
                "name": as_str(block.get("name")),
                "input": small(block.get("input")),
            },
        )
    return None


def tool_result_block(block: dict[str, Any]) -> AgentEvent | None:
    if block.get("type") != "tool_result":
        return None
    return AgentEvent(
        "agent.tool_result",
        {
            "tool_use_id": as_str(block.get("tool_use_id")),
            "content": trim(content_text(block.get("content")), TOOL_RESULT_LIMIT),
            "is_error": bool(block.get("is_error")),
        },
    )


def content_text(content: object) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = [
            str(p["text"]) if isinstance(p, dict) and "text" in p else json.dumps(p)
            for p in content
        ]
        return "\n".join(parts)
    return "" if content is None else json.dumps(content, default=str)


def codex_tool_call(item: dict[str, Any]) -> AgentEvent:
    kind = item.get("type")
    if kind == "command_execution":
        name, args = "command_execution", {"command": item.get("command")}
    elif kind == "mcp_tool_call":
        name = f"mcp:{as_str(item.get('server')) or '?'}/{as_str(item.get('tool')) or '?'}"
        args = {"arguments": item.get("arguments")}
    else:
        name, args = "file_change", {"changes": item.get("changes")}
    return AgentEvent(
        "agent.tool_call", {"id": as_str(item.get("id")), "name": name, "input": small(args)}
    )


def codex_tool_result(item: dict[str, Any]) -> AgentEvent:
    kind = item.get("type")
    status = item.get("status")
    is_error = status in ("failed", "declined")
    if kind == "command_execution":
        content = as_str(item.get("aggregated_output")) or ""
        is_error = is_error or item.get("exit_code") not in (0, None)
    elif kind == "mcp_tool_call":
        error = item.get("error")
        if isinstance(error, dict):
            is_error, content = True, as_str(error.get("message")) or "error"
        else:
            result = item.get("result")
            parts = result.get("content") if isinstance(result, dict) else None
            content = content_text(parts)
    else:
        changes = item.get("changes")
        listed = changes if isinstance(changes, list) else []
        content = "\n".join(
            f"{c.get('kind')} {c.get('path')}" for c in listed if isinstance(c, dict)
        )
    return AgentEvent(
        "agent.tool_result",
        {
            "tool_use_id": as_str(item.get("id")),
            "content": trim(content, TOOL_RESULT_LIMIT),
            "is_error": bool(is_error),
        },
    )


def denied_question(denials: object) -> str | None:
    """The question of a denied ``AskUserQuestion`` call in a claude result, if any."""
    if not isinstance(denials, list):
        return None
    for denial in denials:
        if isinstance(denial, dict) and denial.get("tool_name") == "AskUserQuestion":
            tool_input = denial.get("tool_input")
            text = questions_text(tool_input) if isinstance(tool_input, dict) else None
            return text or "The agent asked a question."
    return None


def questions_text(tool_input: dict[str, Any]) -> str | None:
    questions = tool_input.get("questions")
    if isinstance(questions, list):
        texts = [str(q["question"]) for q in questions if isinstance(q, dict) and q.get("question")]
        if texts:
            return "\n".join(texts)
    question = tool_input.get("question")
    return question if isinstance(question, str) and question else None


def small(value: object, depth: int = 0) -> Any:
    """``value`` made JSON-able and small: long strings cut, long lists shortened."""
    if isinstance(value, str):
        return trim(value, _VALUE_LIMIT)
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if depth >= 4:
        return trim(json.dumps(value, default=str), _VALUE_LIMIT)
    if isinstance(value, dict):
        items = list(value.items())[:_ITEMS_LIMIT]
        return {str(k): small(v, depth + 1) for k, v in items}
    if isinstance(value, (list, tuple)):
        return [small(v, depth + 1) for v in value[:_ITEMS_LIMIT]]
    return trim(str(value), _VALUE_LIMIT)


def trim(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit] + f"… [{len(text) - limit} more chars]"


def as_str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def as_int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def as_float(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def decimal_text(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")

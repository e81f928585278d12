"""How ``jidocode watch run`` and ``jidocode forge tail`` show events: one line each.

A run event is ``HH:MM:SS  type  step  from → to``; a Forge session event becomes what a
person reads of it — an agent's message (one line per line of text), a tool call on one
line, a command and its output, its exit — prefixed, in a run's timeline, by the step it
belongs to. Events that say nothing to a person (``session.ready``, an agent's successful
tool results) print nothing. Colours are added with ``click.style``; ``click.echo`` drops
them when the output is not a terminal, so piped output is plain lines.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from codegen.python.events import StreamEvent

# A watched run or session that failed: distinct from every error family of `jidocode rpc`.
EXIT_FAILED = 20
TOOL_LINE_CHARS = 160
TEXT_LINE_CHARS = 2000
RUN_TERMINAL = {"run_completed": "completed", "run_failed": "failed", "run_cancelled": "cancelled"}
SESSION_TERMINAL = {
    "session.completed": "completed",
    "session.failed": "failed",
    "session.cancelled": "cancelled",
}
# What a tool call acts on, by the names coding agents give it (Claude's and codex's).
_TOOL_SUBJECTS = ("command", "file_path", "path", "pattern", "url", "query", "description")
_RUN_COLOURS = {
    "run_completed": "green",
    "step_completed": "green",
    "approval_granted": "green",
    "run_failed": "red",
    "step_failed": "red",
    "approval_rejected": "red",
    "run_cancelled": "yellow",
    "approval_requested": "yellow",
}


def clock(at: str) -> str:
    """``HH:MM:SS`` of an event's ISO time, in local time."""
    try:
        return datetime.fromisoformat(at).astimezone().strftime("%H:%M:%S")
    except ValueError:
        return at[11:19] or "--:--:--"


def cut(text: str, limit: int) -> str:
    """``text`` on one line of at most ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def run_line(event: StreamEvent) -> str:
    """One run event: time, type, step, and the status move."""
    data = event.data
    step = data.get("step") or "-"
    before, after = data.get("from"), data.get("to") or "?"
    move = str(after) if before == after else f"{before or '∅'} → {after}"
    kind = click.style(f"{event.type:<21}", fg=_RUN_COLOURS.get(event.type), bold=True)
    return f"{clock(event.at)}  {kind} {step:<20} {move}"


def _tool_input(value: Any) -> str:
    """A tool's input in brief: what it acts on when the input names it, else its JSON."""
    if isinstance(value, Mapping):
        for key in _TOOL_SUBJECTS:
            subject = value.get(key)
            if isinstance(subject, str) and subject:
                return subject
        if len(value) == 1:
            (only,) = value.values()
            return only if isinstance(only, str) else json.dumps(only, ensure_ascii=False)
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def _lines(text: str) -> list[str]:
    return [line[:TEXT_LINE_CHARS] for line in text.splitlines() if line.strip()]


def session_texts(event: StreamEvent, *, show_output: bool) -> list[str]:
    """What a person reads of one Forge session event (nothing for most bookkeeping).

    ``show_output``: print ``exec.output`` (an agent's is its raw JSON stream, which its
    ``agent.*`` events already tell better).
    """
    outer = event.data
    data = outer.get("data")
    data = data if isinstance(data, dict) else {}
    kind = event.type
    if kind == "exec.output":
        text = data.get("text")
        if data.get("dropped"):
            return [f"[{data.get('bytes', '?')} bytes of older output dropped]"]
        return _lines(text) if show_output and isinstance(text, str) else []
    if kind == "agent.message":
        text = data.get("text")
        return _lines(text) if isinstance(text, str) else []
    if kind == "agent.tool_call":
        name = data.get("name") or "tool"
        return [cut(f"tool {name}: {_tool_input(data.get('input'))}", TOOL_LINE_CHARS)]
    if kind == "agent.tool_result":
        if not data.get("is_error"):
            return []
        return [cut(f"tool error: {data.get('content') or ''}", TOOL_LINE_CHARS)]
    if kind == "agent.init":
        return [f"agent started (model {data.get('model') or '?'})"]
    if kind == "agent.warning":
        return [cut(f"warning: {data.get('reason')}: {data.get('line', '')}", TOOL_LINE_CHARS)]
    if kind == "agent.result":
        parts = [str(data.get("subtype") or ("error" if data.get("is_error") else "done"))]
        if data.get("num_turns") is not None:
            parts.append(f"{data['num_turns']} turns")
        if data.get("total_cost_usd") is not None:
            parts.append(f"${data['total_cost_usd']}")
        return ["agent finished: " + ", ".join(parts)]
    if kind == "exec.started":
        command = data.get("command")
        if isinstance(command, str) and show_output:
            return [cut(f"$ {command}", TOOL_LINE_CHARS)]
        return []
    if kind == "exec.completed":
        status = data.get("status") or "?"
        exit_code = data.get("exit_code")
        shown = f"exit {exit_code}" if exit_code is not None else str(status)
        error = data.get("error")
        return [cut(f"{shown}" + (f": {error}" if error else ""), TOOL_LINE_CHARS)]
    if kind == "session.needs_input":
        return [cut(f"needs input: {data.get('question') or '(no question)'}", TEXT_LINE_CHARS)]
    if kind in ("session.failed", "session.cancelled"):
        reason = data.get("reason")
        return [f"session {SESSION_TERMINAL[kind]}" + (f": {reason}" if reason else "")]
    if kind.startswith("checkpoint."):
        return [f"{kind.replace('.', ' ')} {data.get('name') or data.get('id') or ''}".rstrip()]
    return []


def session_lines(
    event: StreamEvent, *, label: str | None, show_output: bool, timestamps: bool
) -> list[str]:
    """The printed lines of one session event: ``HH:MM:SS    [step] text`` in a run's
    timeline, or the bare text when tailing one session (``label=None``)."""
    texts = session_texts(event, show_output=show_output)
    if label is None and not timestamps:
        return texts
    prefix = f"{clock(event.at)}    " if timestamps else ""
    tag = click.style(f"[{label}] ", dim=True) if label is not None else ""
    return [f"{prefix}{tag}{text}" for text in texts]


def shows_output(runner: object) -> bool:
    """Whether a session's raw output is worth printing (not an agent's JSON stream)."""
    return runner != "agent_cli"

#!/usr/bin/env python3
"""A fake coding-agent CLI: ``claude -p ... --output-format stream-json`` or ``codex exec --json``.

Claude mode when argv holds ``-p``; codex mode when ``argv[1] == "exec"``. The scenario
comes from ``FAKE_AGENT_SCENARIO`` (default ``success``): success, max_turns, budget,
crash, hang, garbage, big, secret, slow, question, error. Other knobs:
``FAKE_AGENT_FILE`` (file written in the cwd, default ``AGENT_NOTES.md``),
``FAKE_AGENT_PRINT_VAR`` (name of the env var printed by ``secret``),
``FAKE_AGENT_DELAY_S`` (pause between ``slow`` messages, default 0.2) and
``FAKE_AGENT_LOG`` (append ``{"argv", "cwd", "env_names"}`` as one JSON line).
Stdlib only; every line is flushed as it is written.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from typing import Any

SCENARIO = os.environ.get("FAKE_AGENT_SCENARIO", "success")
FILE_NAME = os.environ.get("FAKE_AGENT_FILE", "AGENT_NOTES.md")


def emit(obj: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def raw(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def log_invocation() -> None:
    path = os.environ.get("FAKE_AGENT_LOG")
    if path:
        entry = {"argv": sys.argv[1:], "cwd": os.getcwd(), "env_names": sorted(os.environ)}
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry) + "\n")


def write_notes(prompt: str, *, append: bool) -> tuple[str, bool]:
    """Write (or append) the prompt to the notes file; returns its path and whether it existed."""
    path = os.path.join(os.getcwd(), FILE_NAME)
    existed = os.path.exists(path)
    with open(path, "a" if append else "w", encoding="utf-8") as fh:
        fh.write(prompt + "\n")
    return path, existed


def hang_forever() -> None:
    # A child in the same process group, so a test can check the whole group dies.
    subprocess.Popen([sys.executable, "-c", "import time\nwhile True: time.sleep(60)"])
    while True:
        time.sleep(60)


def secret_text() -> str:
    name = os.environ.get("FAKE_AGENT_PRINT_VAR", "")
    return f"the secret is {os.environ.get(name, '')}"


# -- claude ------------------------------------------------------------------------


def claude_args(argv: list[str]) -> tuple[str, str | None]:
    prompt, resume = "", None
    for i, arg in enumerate(argv):
        if arg == "-p" and i + 1 < len(argv):
            prompt = argv[i + 1]
        if arg == "--resume" and i + 1 < len(argv):
            resume = argv[i + 1]
    return prompt.lstrip(" "), resume


def claude(argv: list[str]) -> int:
    prompt, resume = claude_args(argv)
    session = resume or str(uuid.uuid4())

    def assistant(*blocks: dict[str, Any]) -> None:
        emit(
            {
                "type": "assistant",
                "message": {"role": "assistant", "content": list(blocks)},
                "session_id": session,
            }
        )

    def text(value: str) -> None:
        assistant({"type": "text", "text": value})

    def result(subtype: str, *, is_error: bool = False, turns: int = 2, **extra: Any) -> None:
        body: dict[str, Any] = {
            "type": "result",
            "subtype": subtype,
            "is_error": is_error,
            "duration_ms": 12,
            "duration_api_ms": 10,
            "num_turns": turns,
            "session_id": session,
            "total_cost_usd": 0.0123,
            "usage": {"input_tokens": 10, "output_tokens": 20},
            "permission_denials": [],
        }
        if subtype == "success":
            body["result"] = "Done."
        else:
            body["errors"] = extra.pop("errors", [])
        body.update(extra)
        emit(body)

    emit(
        {
            "type": "system",
            "subtype": "init",
            "session_id": session,
            "cwd": os.getcwd(),
            "model": "claude-fake-1",
            "tools": ["Bash", "Edit", "Read", "Write"],
            "permissionMode": "default",
        }
    )
    if SCENARIO == "hang":
        hang_forever()
    if SCENARIO == "crash":
        text("Starting work…")
        sys.stderr.write("fake agent: segmentation fault\n")
        return 3
    if SCENARIO == "max_turns":
        text("Still working.")
        result("error_max_turns", is_error=True, turns=3)
        return 1
    if SCENARIO == "budget":
        text("Working expensively.")
        result("error_max_budget_usd", is_error=True, turns=4, total_cost_usd=0.51)
        return 1
    if SCENARIO == "error":
        text("Trying.")
        result("error_during_execution", is_error=True, turns=1, errors=["API Error: 500"])
        return 1
    if SCENARIO == "question":
        ask = {
            "questions": [
                {
                    "question": "Which database should I use?",
                    "header": "DB",
                    "multiSelect": False,
                    "options": [
                        {"label": "Postgres", "description": "relational"},
                        {"label": "SQLite", "description": "embedded"},
                    ],
                }
            ]
        }
        assistant({"type": "tool_use", "id": "toolu_ask", "name": "AskUserQuestion", "input": ask})
        emit(
            {
                "type": "user",
                "session_id": session,
                "message": {
                    "role": "user",
                    "content": [
                        {
                            "type": "tool_result",
                            "tool_use_id": "toolu_ask",
                            "is_error": True,
                            "content": "Answer questions?",
                        }
                    ],
                },
            }
        )
        result(
            "success",
            turns=2,
            result="I need to know which database to use.",
            permission_denials=[
                {"tool_name": "AskUserQuestion", "tool_use_id": "toolu_ask", "tool_input": ask}
            ],
        )
        return 0
    if SCENARIO == "garbage":
        raw("this is not json {")
    if SCENARIO == "big":
        chunk = "x" * 65536
        for _ in range(32):
            text(chunk)
    if SCENARIO == "secret":
        text(secret_text())
    if SCENARIO == "slow":
        delay = float(os.environ.get("FAKE_AGENT_DELAY_S", "0.2"))
        for i in range(3):
            text(f"step {i}")
            time.sleep(delay)
    text(f"I will record the prompt in {FILE_NAME}.")
    path, existed = write_notes(prompt, append=resume is not None)
    tool = "Edit" if existed else "Write"
    assistant(
        {
            "type": "tool_use",
            "id": "toolu_1",
            "name": tool,
            "input": {"file_path": path, "content": prompt},
        }
    )
    emit(
        {
            "type": "user",
            "session_id": session,
            "message": {
                "role": "user",
                "content": [
                    {
                        "type": "tool_result",
                        "tool_use_id": "toolu_1",
                        "is_error": False,
                        "content": [{"type": "text", "text": f"Wrote {path}"}],
                    }
                ],
            },
        }
    )
    text("Done.")
    result("success", turns=2)
    return 0


# -- codex -------------------------------------------------------------------------


def codex_args(argv: list[str]) -> tuple[str, str | None]:
    rest = [a for a in argv[1:] if a != "--json"]
    if rest and rest[0] == "resume":
        return (rest[2] if len(rest) > 2 else "").lstrip(" "), rest[1]
    return (rest[0] if rest else "").lstrip(" "), None


def codex(argv: list[str]) -> int:
    prompt, resume = codex_args(argv)
    thread = resume or str(uuid.uuid4())
    counter = iter(range(1000))

    def message(value: str) -> None:
        emit(
            {
                "type": "item.completed",
                "item": {"id": f"item_{next(counter)}", "type": "agent_message", "text": value},
            }
        )

    def failed(msg: str) -> int:
        emit({"type": "error", "message": msg})
        emit({"type": "turn.failed", "error": {"message": msg}})
        return 1

    emit({"type": "thread.started", "thread_id": thread})
    emit({"type": "turn.started"})
    if SCENARIO == "hang":
        hang_forever()
    if SCENARIO == "crash":
        message("Starting work…")
        return 3
    if SCENARIO in ("max_turns", "budget", "error"):
        message("Trying.")
        return failed("stream disconnected before completion")
    if SCENARIO == "question":
        emit(
            {
                "type": "request_user_input",
                "id": "turn_1",
                "call_id": "call_1",
                "questions": [
                    {"id": "db", "header": "DB", "question": "Which database should I use?"}
                ],
            }
        )
    if SCENARIO == "garbage":
        raw("this is not json {")
    if SCENARIO == "big":
        for _ in range(32):
            message("x" * 65536)
    if SCENARIO == "secret":
        message(secret_text())
    if SCENARIO == "slow":
        delay = float(os.environ.get("FAKE_AGENT_DELAY_S", "0.2"))
        for i in range(3):
            message(f"step {i}")
            time.sleep(delay)
    cmd_id = f"item_{next(counter)}"
    command = f"printf %s >> {FILE_NAME}"
    emit(
        {
            "type": "item.started",
            "item": {
                "id": cmd_id,
                "type": "command_execution",
                "command": command,
                "aggregated_output": "",
                "exit_code": None,
                "status": "in_progress",
            },
        }
    )
    path, existed = write_notes(prompt, append=resume is not None)
    emit(
        {
            "type": "item.completed",
            "item": {
                "id": cmd_id,
                "type": "command_execution",
                "command": command,
                "aggregated_output": "",
                "exit_code": 0,
                "status": "completed",
            },
        }
    )
    emit(
        {
            "type": "item.completed",
            "item": {
                "id": f"item_{next(counter)}",
                "type": "file_change",
                "status": "completed",
                "changes": [{"path": path, "kind": "update" if existed else "add"}],
            },
        }
    )
    message("Done.")
    emit(
        {
            "type": "turn.completed",
            "usage": {"input_tokens": 100, "cached_input_tokens": 10, "output_tokens": 20},
        }
    )
    return 0


def main() -> int:
    log_invocation()
    argv = sys.argv[1:]
    if argv and argv[0] == "exec":
        return codex(argv)
    if "-p" in argv:
        return claude(argv)
    sys.stderr.write("fake_agent: expected `-p <prompt>` or `exec`\n")
    return 2


if __name__ == "__main__":
    sys.exit(main())

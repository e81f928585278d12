"""Queueing an execution: ``forge.exec`` and ``forge.apply_input``.

Neither runs anything: in one transaction the session is locked, moved to ``running``
with its event, the execution is recorded (``exec.started``) and the ``forge.exec`` job
that runs it is enqueued (``service_run``). A session takes one execution at a time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from uuid import UUID

from domains.forge import machine, repo
from domains.forge.errors import SessionPhaseRefused
from domains.forge.models import Command, Exec, Session, WorkflowStep
from rpc.context import Runtime
from rpc.errors import ValidationFailed
from rpc.jobs import enqueue
from sql.database import Connection

EXEC_JOB = "forge.exec"
# A shell variable reference: naming a bound secret is how a command should use it.
_VARIABLE = re.compile(r"\$\{?[A-Za-z_][A-Za-z0-9_]*\}?")
# A second attempt only happens when the first one's worker died (its lease expired):
# it ends the execution as lost instead of running the command again; the third covers a
# worker dying during that recovery.
EXEC_MAX_ATTEMPTS = 3


def stored_command(session: Session, command: Command) -> Any:
    """The command as the runner takes it and as it is stored; refuses a shape the
    session's runner cannot run."""
    if session.runner == "workflow":
        items = command if isinstance(command, list) else []
        steps = [s for s in items if isinstance(s, WorkflowStep)]
        if not steps or len(steps) != len(items):
            raise ValidationFailed.on("command", "a workflow session takes a list of steps")
        return [s.model_dump(exclude_none=True) for s in steps]
    if isinstance(command, list) and any(isinstance(s, WorkflowStep) for s in command):
        raise ValidationFailed.on("command", "steps are for workflow sessions only")
    if session.runner == "agent_cli" and not isinstance(command, str):
        raise ValidationFailed.on("command", "an agent session takes the prompt as a string")
    return command


def refuse_secrets(runtime: Runtime, command: Any, field: str) -> None:
    """Refuse a command that holds a secret (a known value, a token shape, a literal
    ``password=…``): it would be stored and shown. Secrets reach commands as bound
    environment variables, so a ``$NAME`` reference (``TOKEN=$API_TOKEN``) is fine."""
    for text in _strings(command):
        plain = _VARIABLE.sub("", text)
        if runtime.redactor.redact_str(plain) != plain:
            raise ValidationFailed.on(
                field,
                "holds a secret value; bind the secret to the project (projects.bind_secret) "
                "and use its variable instead",
            )


def refuse_secret_env(runtime: Runtime, env: dict[str, str]) -> None:
    """Refuse session variables that hold a secret (by value, or a literal under a
    secret-looking name such as ``API_TOKEN``): the spec is stored and returned."""
    if runtime.redactor.redact(env) != env:
        raise ValidationFailed.on(
            "spec.env",
            "holds a secret; bind it to the project (projects.bind_secret) instead",
        )


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


async def queue_exec(
    conn: Connection,
    runtime: Runtime,
    session: Session,
    *,
    command: Any,
    resume: str | None = None,
) -> Exec:
    """Record an execution of a locked, just-moved ``running`` session and enqueue it
    (``exec.started``, with the session's phase, is the move's event)."""
    execution = await repo.insert_exec(conn, session_id=session.id, command=command)
    event = await machine.emit(
        conn,
        runtime.redactor,
        session_id=session.id,
        type="exec.started",
        data={"phase": "running", "sequence": execution.sequence, "command": command},
        exec_sequence=execution.sequence,
    )
    await repo.append_phase_event(
        conn, session=session, type="exec.started", data=event.data, phase="running"
    )
    job_id = await enqueue(
        conn,
        EXEC_JOB,
        {"exec_id": str(execution.id), "resume": resume},
        max_attempts=EXEC_MAX_ATTEMPTS,
        dedupe_key=str(execution.id),
    )
    await repo.set_exec_job(conn, exec_id=execution.id, job_id=job_id)
    return execution


async def exec_in_session(
    conn: Connection, runtime: Runtime, *, session_id: UUID, command: Command
) -> Exec:
    """Start one execution in a ``ready`` session (in the caller's transaction)."""
    session = await machine.locked_session(conn, session_id)
    if session.phase != "ready":
        raise SessionPhaseRefused(phase=session.phase, to="running")
    stored = stored_command(session, command)
    refuse_secrets(runtime, stored, "command")
    moved = await repo.move_phase(conn, session_id=session_id, expected=("ready",), to="running")
    assert moved is not None  # the row is locked and was ready
    resume = session.runner_state.get("agent_session_id") if session.runner == "agent_cli" else None
    return await queue_exec(conn, runtime, moved, command=stored, resume=resume)


async def apply_input(conn: Connection, runtime: Runtime, *, session_id: UUID, text: str) -> Exec:
    """Answer a ``needs_input`` session: for an agent, resume its session with ``text``."""
    session = await machine.locked_session(conn, session_id)
    if session.phase != "needs_input":
        raise SessionPhaseRefused(phase=session.phase, to="running")
    refuse_secrets(runtime, text, "input")
    state = {k: v for k, v in session.runner_state.items() if k != "question"}
    moved = await machine.move(
        conn,
        runtime.redactor,
        session_id=session_id,
        to="running",
        event="session.input_applied",
        expected=("needs_input",),
        runner_state=state,
        data={"input": text},
    )
    assert moved is not None  # the row is locked and needed input
    return await queue_exec(
        conn, runtime, moved, command=text, resume=state.get("agent_session_id")
    )

"""The runners: what an exec's command becomes, and what its end means.

``shell`` runs ``sh -c <text>`` or an argv list; exit 0 is ``completed``, another exit
``failed`` with the code; the session goes back to ``ready`` either way. ``agent_cli``
runs the profile's CLI headless with the prompt (``agent_stream``); the final result line
decides: success → ``completed`` (session ``ready``), turn limit or a question →
``needs_input``, budget spent → ``failed`` and the session ``failed``, a crash or an
agent error → ``failed`` (session ``ready``, another prompt may help). ``workflow`` runs
its steps in order and halts on the first that does not complete; the session ends
``completed`` or ``failed``. Any runner: a timeout is ``timeout``, a cancel ``failed``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from domains.forge.agent_stream import AgentOutcome, agent_argv
from domains.forge.models import ExecStatus, Phase, Session, SessionSpec, WorkflowStep
from domains.forge.process import ProcessResult
from rpc.settings import Settings


@dataclass(frozen=True)
class Step:
    """One process an exec runs (a workflow has several)."""

    name: str | None
    argv: list[str]


@dataclass(frozen=True)
class ExecOutcome:
    """How an exec ended and where its session goes."""

    status: ExecStatus
    session_to: Phase
    exit_code: int | None = None
    error_kind: str | None = None
    error: str | None = None
    result: dict[str, Any] = field(default_factory=dict)
    question: str | None = None
    agent_session_id: str | None = None


def shell_argv(command: str | list[str]) -> list[str]:
    """``sh -c`` for text, the list itself for an argv."""
    return ["sh", "-c", command] if isinstance(command, str) else list(command)


def steps_for(
    session: Session, command: Any, settings: Settings, *, resume: str | None = None
) -> list[Step]:
    """The processes ``command`` runs in ``session`` (``command`` as stored: validated)."""
    spec = SessionSpec.model_validate(session.spec)
    if session.runner == "shell":
        return [Step(None, shell_argv(command))]
    if session.runner == "agent_cli":
        binary = settings.claude_binary if spec.agent_profile == "claude" else settings.codex_binary
        argv = agent_argv(
            spec.agent_profile,
            binary,
            str(command),
            max_turns=spec.max_turns,
            budget_usd=spec.budget_usd,
            resume_session_id=resume,
        )
        return [Step(None, argv)]
    steps = [WorkflowStep.model_validate(s) for s in command]
    return [Step(s.name, shell_argv(s.command)) for s in steps]


def _ended_early(process: ProcessResult) -> ExecOutcome | None:
    """The outcome when we ended the process (timeout, cancel), else ``None``."""
    if process.ended_by in ("wall_timeout", "idle_timeout"):
        what = "wall-clock" if process.ended_by == "wall_timeout" else "idle-output"
        return ExecOutcome(
            status="timeout",
            session_to="ready",
            error_kind=process.ended_by,
            error=f"the {what} timeout ended the process group",
        )
    if process.ended_by == "cancelled":
        return ExecOutcome(
            status="failed",
            session_to="cancelled",
            error_kind="cancelled",
            error="the session was cancelled; its process group was ended",
        )
    return None


def shell_outcome(process: ProcessResult) -> ExecOutcome:
    """A shell command's end: exit 0 completes, anything else fails with the code."""
    early = _ended_early(process)
    if early is not None:
        return early
    if process.exit_code == 0:
        return ExecOutcome(status="completed", session_to="ready", exit_code=0)
    return ExecOutcome(
        status="failed",
        session_to="ready",
        exit_code=process.exit_code,
        error_kind="exit_code",
        error=f"exited with code {process.exit_code}",
    )


def agent_outcome(process: ProcessResult, agent: AgentOutcome) -> ExecOutcome:
    """A coding agent's end, from its final result line (or its absence)."""
    early = _ended_early(process)
    if early is not None:
        return early
    result = {
        "total_cost_usd": agent.total_cost_usd,
        "num_turns": agent.num_turns,
        "agent_session_id": agent.agent_session_id,
        "result": agent.result_text,
    }
    common: dict[str, Any] = {
        "exit_code": process.exit_code,
        "result": result,
        "agent_session_id": agent.agent_session_id,
    }
    if agent.status == "completed":
        return ExecOutcome(status="completed", session_to="ready", **common)
    if agent.status == "needs_input":
        return ExecOutcome(
            status="needs_input",
            session_to="needs_input",
            error_kind=agent.reason,
            question=agent.question,
            **common,
        )
    budget = agent.reason == "budget_exceeded"
    return ExecOutcome(
        status="failed",
        session_to="failed" if budget else "ready",
        error_kind=agent.reason or "agent_error",
        error=_agent_error(agent, process),
        **common,
    )


def _agent_error(agent: AgentOutcome, process: ProcessResult) -> str:
    if agent.reason == "budget_exceeded":
        return "the agent spent its budget (budget_exceeded)"
    if agent.reason == "crashed":
        return f"the agent exited with code {process.exit_code} without a result"
    return "the agent reported an error" + (
        f": {agent.result_text[:500]}" if agent.result_text else ""
    )


def workflow_outcome(steps: list[tuple[Step, ExecOutcome]], total: int) -> ExecOutcome:
    """A workflow's end: completed when every step completed, else the failing step's
    outcome (the session ends ``failed``, or ``cancelled``)."""
    for index, (step, outcome) in enumerate(steps, start=1):
        if outcome.status != "completed":
            label = step.name or f"step {index}"
            return ExecOutcome(
                status=outcome.status,
                session_to="cancelled" if outcome.session_to == "cancelled" else "failed",
                exit_code=outcome.exit_code,
                error_kind=outcome.error_kind,
                error=f"{label} of {total}: {outcome.error}",
                result={"steps_run": index, "steps": total},
            )
    return ExecOutcome(
        status="completed",
        session_to="completed",
        exit_code=0,
        result={"steps_run": len(steps), "steps": total},
    )

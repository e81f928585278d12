"""The steps that run things in the run's worktree through Forge: ``agent``, ``run_tests``
and ``shell``.

Each opens a Forge session on the run's worktree (``run_id`` set, so the run's sessions
can be found and cancelled), queues one execution and waits for it, polling the run:
when the run is cancelled meanwhile the session is cancelled, which ends the whole
process group. The session is completed (or left cancelled) when the step ends.
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path
from typing import Any
from uuid import UUID

from domains.forge.errors import ForgeLimitReached
from domains.forge.models import ExecDetail, Runner, SessionSpec
from domains.forge.service import (
    cancel_session,
    complete_session,
    exec_command,
    get_exec,
    start_session,
)
from domains.orchestration.engine_prompts import agent_prompt
from domains.orchestration.engine_types import (
    DEFAULT_TIMEOUT_S,
    ArtifactOut,
    StepContext,
    StepOutcome,
    failed,
)
from rpc.errors import AppError

POLL_S = 0.25
LIMIT_WAIT_S = 0.5
LOG_TAIL_CHARS = 4000


class StepCancelled(Exception):
    """The run was cancelled while its step ran; the step's session was cancelled."""


async def _execute(
    sc: StepContext, *, runner: Runner, spec: SessionSpec, command: str, name: str
) -> ExecDetail:
    """One execution in a new session on the run's worktree, waited for to its end."""
    runtime = sc.runtime
    while True:
        try:
            session = await start_session(
                runtime.db,
                runtime,
                project_id=sc.run.project_id,
                runner=runner,
                spec=spec,
                name=name,
                run_id=sc.run.id,
                workspace=Path(sc.own_worktree().path),
            )
            break
        except ForgeLimitReached:
            # Forge's limits are shared with every other run: wait for a place (within the
            # step's timeout) instead of failing the run because others are busy.
            if not await sc.still_running():
                raise StepCancelled from None
            await asyncio.sleep(LIMIT_WAIT_S)
    execution = await exec_command(runtime.db, runtime, session_id=session.id, command=command)
    try:
        while True:
            detail = await get_exec(runtime.db, session_id=session.id, sequence=execution.sequence)
            if detail.status != "started":
                break
            if not await sc.still_running():
                await _end_session(sc, session.id)
                raise StepCancelled
            await asyncio.sleep(POLL_S)
    except asyncio.CancelledError:
        # The step's timeout (or a shutdown): the processes must not outlive it.
        await asyncio.shield(_end_session(sc, session.id))
        raise
    with contextlib.suppress(AppError):  # already ended (cancelled, failed): nothing to do
        await complete_session(runtime.db, runtime, session_id=session.id)
    return detail


async def _end_session(sc: StepContext, session_id: UUID) -> None:
    """Cancel the step's session; one ``cancel_run`` already ended is left as it is."""
    with contextlib.suppress(AppError):
        await cancel_session(sc.runtime.db, sc.runtime, session_id=session_id)


def _extra_env(sc: StepContext) -> dict[str, str]:
    """The step's ``env`` option: extra non-secret variables (Forge refuses secret ones)."""
    raw = sc.options.get("env")
    return {str(k): str(v) for k, v in raw.items()} if isinstance(raw, dict) else {}


def _timeout(sc: StepContext) -> float:
    return float(sc.options.get("timeout_s") or DEFAULT_TIMEOUT_S.get(sc.kind, 1800.0))


async def run_agent(sc: StepContext) -> StepOutcome:
    """The coding agent (the project's ``agent_profile``) on the task and the plan."""
    profile = str(
        sc.options.get("agent_profile") or sc.project_settings.get("agent_profile") or "claude"
    )
    spec = SessionSpec(
        agent_profile=profile if profile in ("claude", "codex") else "claude",
        max_turns=int(sc.options.get("max_turns") or 30),
        budget_usd=float(sc.options["budget_usd"]) if sc.options.get("budget_usd") else None,
        wall_timeout_s=_timeout(sc),
        env=_extra_env(sc),
    )
    prompt = agent_prompt(sc.options, sc.run.inputs, sc.results_before())
    detail = await _execute(
        sc, runner="agent_cli", spec=spec, command=prompt, name=f"{sc.step.name} of run {sc.run.id}"
    )
    result: dict[str, Any] = detail.result or {}
    cost = float(result.get("total_cost_usd") or 0.0)
    output = {
        "status": detail.status,
        "exit_code": detail.exit_code,
        "agent_profile": spec.agent_profile,
        "result": result.get("result"),
        "num_turns": result.get("num_turns"),
        "agent_session_id": result.get("agent_session_id"),
        "cost_usd": cost,
        "forge_session_id": str(detail.session_id),
    }
    transcript = ArtifactOut(
        kind="transcript",
        name=f"{sc.step.name}_transcript",
        content=detail.output,
        metadata={"step": sc.step.name, "forge_session_id": str(detail.session_id)},
    )
    if detail.status == "completed":
        return StepOutcome(
            status="completed", output=output, cost_usd=cost, artifacts=(transcript,)
        )
    return failed(
        detail.error_kind or "execution_error",
        detail.error or f"the agent ended {detail.status}",
        remediation="read the transcript artifact, then retry the run from this step",
        output=output,
        cost_usd=cost,
        artifacts=(transcript,),
    )


async def run_command(sc: StepContext) -> StepOutcome:
    """``run_tests`` (the project's ``test_command``) or ``shell`` (the step's ``command``).

    ``expect``: ``pass`` (default: a failing command fails the step), ``fail`` (reproducing
    a failure: a passing command fails the step) or ``any``.
    """
    command = sc.options.get("command")
    if sc.kind == "run_tests" and not command:
        command = sc.project_settings.get("test_command")
    if not isinstance(command, str) or not command.strip():
        what = (
            "the project has no test_command setting"
            if sc.kind == "run_tests"
            else "the step has no command option"
        )
        return failed(
            "validation_error",
            what,
            remediation="set test_command with projects.update (settings)"
            if sc.kind == "run_tests"
            else "give the step a command option",
        )
    spec = SessionSpec(wall_timeout_s=_timeout(sc), env=_extra_env(sc))
    detail = await _execute(
        sc, runner="shell", spec=spec, command=command, name=f"{sc.step.name} of run {sc.run.id}"
    )
    passed = detail.status == "completed" and detail.exit_code == 0
    output = {
        "command": command,
        "passed": passed,
        "exit_code": detail.exit_code,
        "status": detail.status,
        "duration_ms": detail.duration_ms,
        "log_tail": detail.output[-LOG_TAIL_CHARS:],
        "forge_session_id": str(detail.session_id),
    }
    log = ArtifactOut(
        kind="log",
        name=f"{sc.step.name}_log",
        content=detail.output,
        metadata={"step": sc.step.name, "exit_code": detail.exit_code, "passed": passed},
    )
    expect = str(sc.options.get("expect") or "pass")
    if detail.status not in ("completed", "failed"):
        reason = detail.error or f"the command ended {detail.status}"
        return _failed_with(output, log, detail.error_kind or "timeout", reason)
    if expect == "fail" and passed:
        return _failed_with(
            output, log, "execution_error", "the failure did not reproduce: the command passed"
        )
    if expect == "pass" and not passed:
        return _failed_with(
            output, log, "execution_error", f"the command failed with exit code {detail.exit_code}"
        )
    return StepOutcome(status="completed", output=output, artifacts=(log,))


def _failed_with(output: dict[str, Any], log: ArtifactOut, kind: str, reason: str) -> StepOutcome:
    return failed(
        kind, reason, remediation="read the log artifact", output=output, artifacts=(log,)
    )

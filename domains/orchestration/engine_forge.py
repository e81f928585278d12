"""The steps that run things in the run's worktree through Forge: ``agent``, ``run_tests``
and ``shell``.

Each opens a Forge session on the run's worktree (``run_id`` set, so the run's sessions
can be found and cancelled), queues one execution and waits for it, polling the run:
when the run is cancelled meanwhile the session is cancelled, which ends the whole
process group. The session is completed (or left cancelled) when the step ends.

An agent step also watches the run's budget (``engine_budget``) on every poll: the run's
other attempts plus this one's time and the cost and turns of the agent's
``agent.result`` events. Claude reports cost and turns only in its final result, so the
CLI is also given what is left of the run's budget (``--max-turns``,
``--max-budget-usd``) and stops itself there. On a breach the session is cancelled (its
process group ends) and the step returns a ``budget`` outcome: the run parks for an
extension and the step runs again as a new attempt once it is granted. An agent whose
result is already in is left to end by itself (its finished work is kept; the check
after the step weighs its numbers), and so is one the CLI stopped at the budget given.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from uuid import UUID

from domains.forge.errors import ForgeLimitReached
from domains.forge.models import EventType, ExecDetail, Runner, SessionSpec
from domains.forge.service import (
    cancel_session,
    complete_session,
    exec_command,
    get_exec,
    list_events,
    start_session,
)
from domains.orchestration import repo_runs
from domains.orchestration.engine_budget import BudgetState, read_state
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
ACTOR = "engine"
# The USD an agent CLI may be given: Forge's ceiling, and the flag's precision.
MAX_AGENT_USD = 10_000.0
MIN_AGENT_USD = 0.000001
AGENT_EVENTS: list[EventType] = [
    "agent.init",
    "agent.message",
    "agent.tool_call",
    "agent.tool_result",
    "agent.result",
]
LIMIT_WAIT_S = 0.5
LOG_TAIL_CHARS = 4000


class StepCancelled(Exception):
    """The run was cancelled while its step ran; the step's session was cancelled."""


class BudgetSpent(Exception):
    """The run's budget ran out while its step ran; the step's session was cancelled."""

    def __init__(self, over: list[str], detail: ExecDetail) -> None:
        super().__init__(", ".join(over))
        self.over = over
        self.detail = detail


# Polled with the session's id; returns the budget limits reached (none: go on).
BudgetWatch = Callable[[UUID], Awaitable[list[str]]]


async def _execute(
    sc: StepContext,
    *,
    runner: Runner,
    spec: SessionSpec,
    command: str,
    name: str,
    watch: BudgetWatch | None = None,
) -> ExecDetail:
    """One execution in a new session on the run's worktree, waited for to its end (or to
    the run's budget running out, with ``watch``: ``BudgetSpent``)."""
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
    await _report_session(sc, session.id, runner)
    execution = await exec_command(runtime.db, runtime, session_id=session.id, command=command)
    try:
        while True:
            detail = await get_exec(runtime.db, session_id=session.id, sequence=execution.sequence)
            if detail.status != "started":
                break
            if not await sc.still_running():
                await _end_session(sc, session.id)
                raise StepCancelled
            over = await watch(session.id) if watch is not None else []
            if over:
                await _end_session(sc, session.id)
                detail = await get_exec(
                    runtime.db, session_id=session.id, sequence=execution.sequence
                )
                if detail.status != "completed":
                    raise BudgetSpent(over, detail)
                break  # it finished just before the cancel: its result stands
            await asyncio.sleep(POLL_S)
    except asyncio.CancelledError:
        # The step's timeout (or a shutdown): the processes must not outlive it.
        await asyncio.shield(_end_session(sc, session.id))
        raise
    with contextlib.suppress(AppError):  # already ended (cancelled, failed): nothing to do
        await complete_session(runtime.db, runtime, session_id=session.id)
    return detail


async def _report_session(sc: StepContext, session_id: UUID, runner: Runner) -> None:
    """Tell the run's watchers which session this step's output streams on."""
    async with sc.runtime.db.transaction() as conn:
        await repo_runs.insert_event(
            conn,
            run=sc.run,
            type_="step_session_started",
            from_="running",
            to="running",
            step=sc.step.name,
            actor=ACTOR,
            data={"forge_session_id": str(session_id), "runner": runner},
        )


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
    """The coding agent (the project's ``agent_profile``) on the task and the plan, within
    what is left of the run's budget."""
    profile = str(
        sc.options.get("agent_profile") or sc.project_settings.get("agent_profile") or "claude"
    )
    async with sc.runtime.db.connection() as conn:
        budget = await read_state(conn, sc, excluding=sc.step_run.id)
    if budget.breached:  # spent before this attempt: park instead of starting the agent
        return _budget_outcome(budget.breached, {"status": "not_started", "num_turns": 0}, 0.0)
    step_budget = float(sc.options["budget_usd"]) if sc.options.get("budget_usd") else None
    # The CLI's budget flag has micro-dollar precision; Forge takes at most MAX_AGENT_USD.
    cost_cap = max(min(budget.cost_left(), MAX_AGENT_USD), MIN_AGENT_USD)
    spec = SessionSpec(
        agent_profile=profile if profile in ("claude", "codex") else "claude",
        max_turns=min(int(sc.options.get("max_turns") or 30), budget.turns_left()),
        budget_usd=min(step_budget, cost_cap) if step_budget is not None else cost_cap,
        wall_timeout_s=_timeout(sc),
        env=_extra_env(sc),
    )
    prompt = agent_prompt(sc.options, sc.run.inputs, sc.results_before())
    clock = asyncio.get_running_loop().time
    started = clock()
    meter = _AgentMeter()

    async def watch(session_id: UUID) -> list[str]:
        await meter.read(sc, session_id)
        return meter.over(budget, clock() - started)

    try:
        detail = await _execute(
            sc,
            runner="agent_cli",
            spec=spec,
            command=prompt,
            name=f"{sc.step.name} of run {sc.run.id}",
            watch=watch,
        )
    except BudgetSpent as spent:
        output = _agent_output(spent.detail, spec, meter.cost_usd, meter.turns, {})
        output["status"] = "budget_exceeded"
        return _budget_outcome(spent.over, output, meter.cost_usd, _transcript(sc, spent.detail))
    result: dict[str, Any] = detail.result or {}
    cost = float(result.get("total_cost_usd") or 0.0)
    turns = result.get("num_turns")
    output = _agent_output(detail, spec, cost, turns, result)
    transcript = _transcript(sc, detail)
    if detail.status == "completed":
        return StepOutcome(
            status="completed", output=output, cost_usd=cost, artifacts=(transcript,)
        )
    if detail.error_kind in ("max_turns", "budget_exceeded"):
        # The CLI stopped at its turn or USD limit: when that was the run's budget, the
        # run waits for an extension instead of failing.
        spent_turns = turns if isinstance(turns, int) else 0
        over = budget.plus(cost_usd=cost, wall_s=clock() - started, agent_turns=spent_turns)
        if over.breached:
            return _budget_outcome(over.breached, output, cost, transcript)
    return failed(
        detail.error_kind or "execution_error",
        detail.error or f"the agent ended {detail.status}",
        remediation="read the transcript artifact, then retry the run from this step",
        output=output,
        cost_usd=cost,
        artifacts=(transcript,),
    )


class _AgentMeter:
    """What an agent session reported spending so far, from its ``agent.*`` events: the
    ``agent.result`` ones carry cost and turns (Claude's one at its end, codex's one per
    turn, turns only)."""

    def __init__(self) -> None:
        self.cursor: str | None = None
        self.cost_usd = 0.0
        self.turns = 0
        # The agent's latest event is its result: it is ending by itself.
        self.ending = False

    async def read(self, sc: StepContext, session_id: UUID) -> None:
        """Take in the session's new agent events."""
        page = await list_events(
            sc.runtime.db, session_id=session_id, cursor=self.cursor, limit=200, types=AGENT_EVENTS
        )
        self.cursor = page.next_cursor
        for event in page.items:
            self.ending = event.type == "agent.result"
            cost, turns = event.data.get("total_cost_usd"), event.data.get("num_turns")
            if isinstance(cost, int | float) and not isinstance(cost, bool):
                self.cost_usd = max(self.cost_usd, float(cost))
            if isinstance(turns, int) and not isinstance(turns, bool):
                self.turns = max(self.turns, turns)

    def over(self, budget: BudgetState, elapsed_s: float) -> list[str]:
        """The limits reached with this attempt's spending so far added; none while the
        agent is ending by itself (its result is in: the step's end weighs it, and a
        finished agent's work is kept rather than cancelled)."""
        if self.ending:
            return []
        return budget.plus(
            cost_usd=self.cost_usd, wall_s=elapsed_s, agent_turns=self.turns
        ).breached


def _agent_output(
    detail: ExecDetail, spec: SessionSpec, cost: float, turns: Any, result: dict[str, Any]
) -> dict[str, Any]:
    """The agent step's output; ``num_turns`` is what the run's turn budget adds up."""
    return {
        "status": detail.status,
        "exit_code": detail.exit_code,
        "agent_profile": spec.agent_profile,
        "result": result.get("result"),
        "num_turns": turns,
        "agent_session_id": result.get("agent_session_id"),
        "cost_usd": cost,
        "forge_session_id": str(detail.session_id),
    }


def _transcript(sc: StepContext, detail: ExecDetail) -> ArtifactOut:
    return ArtifactOut(
        kind="transcript",
        name=f"{sc.step.name}_transcript",
        content=detail.output,
        metadata={"step": sc.step.name, "forge_session_id": str(detail.session_id)},
    )


def _budget_outcome(
    over: list[str], output: dict[str, Any], cost: float, transcript: ArtifactOut | None = None
) -> StepOutcome:
    """The attempt stopped because the run's budget is spent: the run parks for an
    extension and this step runs again once it is granted."""
    return StepOutcome(
        status="budget",
        output={**output, "breached": over},
        cost_usd=cost,
        error={
            "kind": "budget_exceeded",
            "reason": "the run's budget ran out during this step (" + ", ".join(over) + "); "
            "it runs again once an extension is approved",
            "breached": over,
        },
        artifacts=(transcript,) if transcript is not None else (),
    )


async def run_command(sc: StepContext) -> StepOutcome:
    """``run_tests`` (the project's ``test_command``) or ``shell`` (the step's ``command``,
    or the run input its ``command_input`` option names: a bot's configured command).

    ``expect``: ``pass`` (default: a failing command fails the step), ``fail`` (reproducing
    a failure: a passing command fails the step) or ``any``.
    """
    command = sc.options.get("command")
    source = sc.options.get("command_input")
    if not command and isinstance(source, str):
        command = sc.run.inputs.get(source)
    if sc.kind == "run_tests" and not command:
        command = sc.project_settings.get("test_command")
    if not isinstance(command, str) or not command.strip():
        if isinstance(source, str):
            what, fix = f"the run has no {source} input", f"start the run with {source}"
        elif sc.kind == "run_tests":
            what = "the project has no test_command setting"
            fix = "set test_command with projects.update (settings)"
        else:
            what, fix = "the step has no command option", "give the step a command option"
        return failed("validation_error", what, remediation=fix)
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

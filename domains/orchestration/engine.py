"""The step engine: the ``orchestration.drive_run`` job walks a run's pinned definition.

One job drives a run from where it stands until it parks (``awaiting_approval``) or ends;
starting a run, approving it and a rejection with a retry route each queue one (at most
one unfinished per run: its dedupe key is the run id). For each step:

1. in one transaction: lock the run, turn attempts a dead worker left ``running`` into
   lost ones, refuse a recorded step whose name differs from the definition at that
   position, start attempt N (``workflow_step_runs``) and write ``step_started``;
2. run the step's handler outside any transaction, under the step's timeout;
3. in one transaction: end the attempt (fenced: nothing if another worker took it over),
   store its output (redacted) and artifacts, and move the run on — to the next step,
   ``awaiting_approval``, ``completed`` or ``failed`` — with its event.

A worker killed during step N leaves its job to another worker once the lease expires:
steps before N are never re-run (``current_step`` only moves in step 3), step N runs
again as the next attempt. A failing step is tried again as its retry policy says.
The run works in its own git worktree, made before its first step and recorded with the
host that holds it; a worker on another host refuses to run its steps.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from uuid import UUID

from domains.orchestration import repo_runs, repo_steps
from domains.orchestration.engine_approval import run_approval
from domains.orchestration.engine_budget import park_if_spent
from domains.orchestration.engine_costs import record_cost_summary
from domains.orchestration.engine_forge import StepCancelled, run_agent, run_command
from domains.orchestration.engine_llm import run_llm
from domains.orchestration.engine_shipping import (
    run_commit_and_pr,
    with_worktree_state,
)
from domains.orchestration.engine_types import (
    DEFAULT_TIMEOUT_S,
    FALLBACK_TIMEOUT_S,
    RetryPolicy,
    StepContext,
    StepHandler,
    StepOutcome,
    failed,
    needs_worktree,
    resolve,
    store_artifact,
)
from domains.orchestration.engine_worktree import run_worktree
from domains.orchestration.models import RunView
from domains.orchestration.models_steps import RunWorktree
from domains.orchestration.service_runs import advance_run, lock_run, pinned_version
from domains.projects.service import get_project
from rpc.context import JobContext
from rpc.errors import AppError
from rpc.jobs import complete_in
from sql.database import Connection

log = logging.getLogger(__name__)

ACTOR = "engine"

HANDLERS: dict[str, StepHandler] = {
    "llm": run_llm,
    "agent": run_agent,
    "run_tests": run_command,
    "shell": run_command,
    "approval": run_approval,
    "commit_and_pr": run_commit_and_pr,
}


async def drive_run(ctx: JobContext, payload: dict[str, Any]) -> None:
    """Job ``orchestration.drive_run``: run a run's steps until it parks or ends."""
    run_id = UUID(str(payload["run_id"]))
    runtime = ctx.runtime
    async with runtime.db.connection() as conn:
        run = await repo_runs.get_run(conn, run_id=run_id)
    if run is None or run.status not in ("pending", "running"):
        return
    async with runtime.db.connection() as conn:
        version = await pinned_version(conn, run)
    worktree: RunWorktree | None = None
    if needs_worktree(version):
        worktree = await run_worktree(ctx, run)
        if worktree is None:
            return
    while True:
        started = await _start_step(ctx, run_id, worktree)
        if started is None:
            return
        sc, policy = started
        outcome = await _run_handler(sc)
        go_on = await _finish_step(ctx, sc, policy, outcome)
        if not go_on:
            return
        if outcome.status == "failed":
            await asyncio.sleep(policy.delay_s(sc.step_run.attempt, outcome.retry_after_s))


async def _start_step(
    ctx: JobContext, run_id: UUID, worktree: RunWorktree | None
) -> tuple[StepContext, RetryPolicy] | None:
    """Step 1: the next attempt of the run's current step, or ``None`` when it is not
    running any more (parked, ended, cancelled) or it was failed here."""
    runtime = ctx.runtime
    async with runtime.db.transaction() as conn:
        run = await lock_run(conn, run_id=run_id)
        first = run.status == "pending"
        if first:
            run = await advance_run(conn, runtime, run_id=run.id, to="running", actor=ACTOR)
        if run.status != "running":
            return None
        version = await pinned_version(conn, run)
        names = version.step_names()
        if run.current_step not in names:
            await advance_run(conn, runtime, run_id=run.id, to="completed", actor=ACTOR)
            return None
        index = names.index(run.current_step)
        step = version.steps[index]
        await repo_steps.lose_running(
            conn,
            run_id=run.id,
            error={"kind": "worker_lost", "reason": "the worker running this attempt stopped"},
        )
        earlier = [
            s for s in await repo_steps.list_step_runs(conn, run_id=run.id) if s.step_index == index
        ]
        mismatch = next((s for s in earlier if s.step_name != step.name), None)
        if mismatch is not None:
            await advance_run(
                conn,
                runtime,
                run_id=run.id,
                to="failed",
                actor=ACTOR,
                step=step.name,
                error={
                    "kind": "invalid_transition",
                    "reason": f"step {index} was recorded as {mismatch.step_name}, but the "
                    f"pinned definition names it {step.name}; refusing to continue",
                },
            )
            return None
        kind, options = resolve(step)
        attempt = max((s.attempt for s in earlier), default=0) + 1
        step_run = await repo_steps.insert_step_run(
            conn, run_id=run.id, index=index, name=step.name, kind=kind, attempt=attempt
        )
        if not first:  # the move to running wrote the first step's step_started
            await _step_event(
                conn, run, "step_started", step.name, {"attempt": attempt, "kind": kind}
            )
        project = await get_project(conn, project_id=run.project_id)

    async def still_running() -> bool:
        async with runtime.db.connection() as c:
            current = await repo_runs.get_run(c, run_id=run_id)
        return current is not None and current.status == "running"

    sc = StepContext(
        runtime=runtime,
        run=run,
        version=version,
        index=index,
        step=step,
        kind=kind,
        options=options,
        step_run=step_run,
        worktree=worktree,
        project_settings=dict(project.settings),
        still_running=still_running,
    )
    return sc, RetryPolicy.of(kind, options)


async def _run_handler(sc: StepContext) -> StepOutcome:
    """Step 2: the handler under the step's timeout; our own faults become ``internal``."""
    # A kind another domain registered (``fetch_issue``, an issue's ``triage``) is looked
    # up as written, before the general kind it may alias.
    registered = sc.runtime.step_handlers.get(sc.step.kind)
    handler: StepHandler | None = registered or HANDLERS.get(sc.kind)
    if handler is None:
        return failed("validation_error", f"no handler for step kind {sc.kind}")
    timeout = float(
        sc.options.get("timeout_s") or DEFAULT_TIMEOUT_S.get(sc.kind, FALLBACK_TIMEOUT_S)
    )
    try:
        async with asyncio.timeout(timeout + 30.0):  # the Forge wall timeout ends it first
            # A file step's end state goes with its output: shipping compares with it.
            return await with_worktree_state(sc, await handler(sc))
    except StepCancelled:
        return StepOutcome(
            status="failed", error={"kind": "cancelled", "reason": "the run was cancelled"}
        )
    except TimeoutError:
        return failed("timeout", f"the step did not finish within {timeout:g}s", retryable=True)
    except AppError as exc:
        return failed(exc.kind, str(exc.data().get("reason") or exc.message))
    except Exception:
        log.exception(
            "step failed in the server", extra={"run_id": str(sc.run.id), "step": sc.step.name}
        )
        return failed("internal", "the server failed while running this step (see its log)")


async def _finish_step(
    ctx: JobContext, sc: StepContext, policy: RetryPolicy, outcome: StepOutcome
) -> bool:
    """Step 3: checkpoint the attempt and move the run; True to go on with the job."""
    runtime = ctx.runtime
    rd = runtime.redactor
    async with runtime.db.transaction() as conn:
        run = await lock_run(conn, run_id=sc.run.id)
        status = "completed" if outcome.status in ("completed", "approval") else "failed"
        if outcome.status == "budget":
            status = "cancelled"  # stopped by the run's budget: it runs again if extended
        stopped = run.status != "running"
        if stopped:
            status = "cancelled"
        ended = await repo_steps.finish_step_run(
            conn,
            step_run_id=sc.step_run.id,
            status=status,
            output=rd.redact(outcome.output),
            error=rd.redact(outcome.error) if outcome.error else None,
            cost_usd=max(outcome.cost_usd, 0.0),
        )
        if not ended:
            return False  # taken over as lost by another worker: it owns the run now
        for art in outcome.artifacts:
            await store_artifact(conn, runtime, run.id, art, attempt=sc.step_run.attempt)
        if stopped:
            await complete_in(conn, ctx)
            return False
        if outcome.status == "budget":
            reported = (outcome.error or {}).get("breached")
            await park_if_spent(
                conn,
                runtime,
                sc,
                at_step=sc.step.name,
                resume="same_step",
                reported=[str(k) for k in reported] if isinstance(reported, list) else [],
            )
            await complete_in(conn, ctx)
            return False
        if outcome.status == "approval":
            await record_cost_summary(conn, runtime, run_id=run.id, moment="awaiting_approval")
            await advance_run(
                conn,
                runtime,
                run_id=run.id,
                to="awaiting_approval",
                actor=ACTOR,
                step=sc.step.name,
                step_result=outcome.output,
                approval_context=outcome.approval_context or {},
            )
            await complete_in(conn, ctx)
            return False
        if outcome.status == "completed":
            results = {**run.step_results, sc.step.name: rd.redact(outcome.output)}
            following = sc.version.step_after(sc.step.name)
            await repo_runs.record_step(
                conn, run_id=run.id, current_step=following or sc.step.name, step_results=results
            )
            await _step_event(
                conn,
                run,
                "step_completed",
                sc.step.name,
                {"attempt": sc.step_run.attempt, "cost_usd": outcome.cost_usd},
            )
            if following is None:
                await record_cost_summary(conn, runtime, run_id=run.id, moment="completed")
                await advance_run(conn, runtime, run_id=run.id, to="completed", actor=ACTOR)
                await complete_in(conn, ctx)
                return False
            if await park_if_spent(conn, runtime, sc, at_step=following, resume="next_step"):
                await complete_in(conn, ctx)
                return False
            return True
        error = dict(outcome.error or {"kind": "execution_error", "reason": "the step failed"})
        if outcome.retryable and sc.step_run.attempt < policy.attempts:
            await _step_event(
                conn,
                run,
                "step_failed",
                sc.step.name,
                {"attempt": sc.step_run.attempt, "retrying": True, "kind": error.get("kind")},
            )
            # A retry spends more: when the budget is spent it waits for an extension.
            if await park_if_spent(conn, runtime, sc, at_step=sc.step.name, resume="same_step"):
                await complete_in(conn, ctx)
                return False
            return True
        error.setdefault("failed_step", sc.step.name)
        # In definition order: the stored results are jsonb, whose keys keep no order.
        done = [n for n in sc.version.step_names()[: sc.index] if n in run.step_results]
        if done:
            error.setdefault("last_successful_step", done[-1])
        await record_cost_summary(conn, runtime, run_id=run.id, moment="failed")
        await advance_run(
            conn, runtime, run_id=run.id, to="failed", actor=ACTOR, step=sc.step.name, error=error
        )
        await complete_in(conn, ctx)
        return False


async def _step_event(
    conn: Connection, run: RunView, type_: str, step: str, data: dict[str, Any]
) -> None:
    """A step event of a running run that stays running (the status does not move)."""
    await repo_runs.insert_event(
        conn, run=run, type_=type_, from_="running", to="running", step=step, actor=ACTOR, data=data
    )

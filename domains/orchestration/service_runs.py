"""Workflow runs: start them and move them through the status machine.

Every move locks the run row (``SELECT … FOR UPDATE``) and then updates it conditionally on
the status it read, appends ``{from, to, step, at, actor}`` to ``status_transitions`` and
writes the run event in the same transaction, followed by a ``NOTIFY`` that listeners
receive on commit. Two callers can therefore never both move a run out of one status: the
second waits for the first's lock and then finds the run already moved.

``start_run``, ``advance_run`` and ``record_step`` run in the caller's transaction (the
webhook processor and the step engine call them next to their own writes);
``start_manual_run`` opens its own. Cancel and retry live in ``service_run_control``,
reads in ``service_run_reads``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal
from uuid import UUID

from domains.orchestration import machine, repo_approvals
from domains.orchestration import repo_definitions as definitions_repo
from domains.orchestration import repo_runs as repo
from domains.orchestration.engine_queue import queue_drive
from domains.orchestration.errors import (
    RunNotFound,
    RunTransitionRefused,
    TriggerNotAllowed,
)
from domains.orchestration.models import (
    ApprovalContext,
    EventType,
    RunError,
    RunView,
    StatusTransition,
)
from domains.orchestration.models_definitions import DefinitionVersion
from domains.orchestration.service_definitions import get_definition, validate_inputs
from rpc.context import Runtime
from rpc.errors import ValidationFailed
from sql.database import Connection, Database

TRIGGERS = ("manual", "webhook", "schedule", "support_agent")


def _now() -> datetime:
    return datetime.now(UTC)


# --- the move every status change goes through ------------------------------------------


async def lock_run(conn: Connection, *, run_id: UUID) -> RunView:
    """Lock a run for the rest of the transaction; ``RunNotFound`` if it does not exist."""
    run = await repo.lock_run(conn, run_id=run_id)
    if run is None:
        raise RunNotFound(run_id=run_id)
    return run


def refuse_unless_allowed(run: RunView, to: str) -> None:
    """Raise ``RunTransitionRefused`` unless the machine allows ``run.status`` → ``to``."""
    if not machine.is_allowed(run.status, to):
        raise RunTransitionRefused(from_=run.status, to=to)


async def move(
    conn: Connection,
    run: RunView,
    *,
    to: str,
    actor: str,
    step: str | None = None,
    step_results: dict[str, Any] | None = None,
    error: RunError | None = None,
    events: list[EventType] | None = None,
    event_data: dict[str, Any] | None = None,
) -> RunView:
    """Move a locked run to ``to`` and write its event(s); refuses moves the machine forbids.

    ``events`` overrides the plain move's event (a decision names its own, and a rejection
    that cancels writes ``approval_rejected`` then ``run_cancelled``).
    """
    refuse_unless_allowed(run, to)
    at_step = step if step is not None else run.current_step
    moved = await repo.move_run(
        conn,
        run_id=run.id,
        expected=run.status,
        to=to,
        current_step=at_step,
        step_results=step_results if step_results is not None else run.step_results,
        error=error.model_dump(mode="json") if error is not None else run_error_json(run),
        transition=StatusTransition(from_=run.status, to=to, step=at_step, at=_now(), actor=actor),
    )
    if moved is None:
        # Only reachable when the caller did not lock: someone else moved it first.
        current = await repo.get_run(conn, run_id=run.id)
        raise RunTransitionRefused(from_=current.status if current else None, to=to)
    for event in events or [machine.event_for(run.status, to)]:
        await repo.insert_event(
            conn,
            run=moved,
            type_=event,
            from_=run.status,
            to=to,
            step=at_step,
            actor=actor,
            data=event_data or {},
        )
    return moved


def run_error_json(run: RunView) -> dict[str, Any] | None:
    """The run's stored error as JSON (kept unchanged by moves that do not set one)."""
    return run.error.model_dump(mode="json") if run.error is not None else None


async def pinned_version(conn: Connection, run: RunView) -> DefinitionVersion:
    """The definition version a run pinned at start."""
    version = await definitions_repo.get_version(
        conn, definition_id=run.workflow_definition_id, version=run.workflow_version
    )
    if version is None:  # the foreign key makes this unreachable
        raise LookupError(f"run {run.id} pins a missing definition version")
    return version


# --- start ------------------------------------------------------------------------------


async def start_run(
    conn: Connection,
    runtime: Runtime,
    *,
    project_id: UUID,
    definition_name: str,
    inputs: dict[str, Any],
    trigger: str,
    trigger_context: dict[str, Any],
    actor: str,
) -> RunView:
    """Start a run of a definition's current version, in the caller's transaction.

    Validates ``inputs`` against the definition's input schema (field errors), refuses a
    trigger the definition does not accept, pins the version, and enforces the shipping
    rule: a second unfinished shipping run for the project is ``ShippingRunActive``
    (a partial unique index, so two concurrent starts cannot both pass).
    """
    if trigger not in TRIGGERS:
        raise ValidationFailed.on("trigger", f"must be one of {', '.join(TRIGGERS)}")
    definition = await get_definition(conn, name=definition_name)
    if trigger not in definition.trigger_types:
        raise TriggerNotAllowed(name=definition.name, trigger=trigger)
    validate_inputs(definition.input_schema, inputs)
    version = DefinitionVersion(
        workflow_definition_id=definition.id,
        name=definition.name,
        category=definition.category,
        version=definition.version,
        steps=definition.steps,
        input_schema=definition.input_schema,
        approval_policy=definition.approval_policy,
        trigger_types=definition.trigger_types,
        shipping=definition.shipping,
        budget=definition.budget,
    )
    return await create_run(
        conn,
        runtime,
        version=version,
        project_id=project_id,
        inputs=inputs,
        trigger=trigger,
        trigger_context=trigger_context,
        actor=actor,
    )


async def create_run(
    conn: Connection,
    runtime: Runtime,
    *,
    version: DefinitionVersion,
    project_id: UUID,
    inputs: dict[str, Any],
    trigger: str,
    trigger_context: dict[str, Any],
    actor: str,
    start_step: str | None = None,
    step_results: dict[str, Any] | None = None,
    retry_of: RunView | None = None,
) -> RunView:
    rd = runtime.redactor
    run = await repo.insert_run(
        conn,
        project_id=project_id,
        definition_id=version.workflow_definition_id,
        workflow_name=version.name,
        workflow_version=version.version,
        shipping=version.shipping,
        trigger=trigger,
        trigger_context=rd.redact(trigger_context),
        inputs=rd.redact(inputs),
        start_step=start_step,
        retry_of_run_id=retry_of.id if retry_of else None,
        retry_attempt=retry_of.retry_attempt + 1 if retry_of else 0,
        first_transition=StatusTransition(
            from_=None, to="pending", step=start_step, at=_now(), actor=actor
        ),
        step_results=step_results or {},
    )
    data: dict[str, Any] = {"trigger": trigger}
    if retry_of is not None:
        data |= {"retry_of_run_id": str(retry_of.id), "retry_attempt": run.retry_attempt}
    await repo.insert_event(
        conn,
        run=run,
        type_=machine.event_for(None, "pending"),
        from_=None,
        to="pending",
        step=start_step,
        actor=actor,
        data=data,
    )
    await queue_drive(conn, run_id=run.id)
    return run


async def start_manual_run(
    db: Database,
    runtime: Runtime,
    *,
    project_id: UUID,
    definition_name: str,
    inputs: dict[str, Any],
    actor: str,
) -> RunView:
    """``orchestration.start_run``: a manual start in its own transaction."""
    async with db.transaction() as conn:
        return await start_run(
            conn,
            runtime,
            project_id=project_id,
            definition_name=definition_name,
            inputs=inputs,
            trigger="manual",
            trigger_context={"actor": actor},
            actor=actor,
        )


# --- the engine's moves -----------------------------------------------------------------


def _text(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _failure(error: dict[str, Any] | None, step: str | None, results: dict[str, Any]) -> RunError:
    """The stored error of a failed run, filling the steps in from what the run recorded."""
    given = dict(error or {})
    completed = [name for name in results if name != step]
    return RunError(
        kind=_text(given.get("kind")) or "step_failed",
        reason=_text(given.get("reason")) or "the run failed",
        detail=_text(given.get("detail")),
        remediation=_text(given.get("remediation")),
        failed_step=_text(given.get("failed_step")) or step,
        last_successful_step=_text(given.get("last_successful_step"))
        or (completed[-1] if completed else None),
    )


async def advance_run(
    conn: Connection,
    runtime: Runtime,
    *,
    run_id: UUID,
    to: str,
    actor: str,
    step: str | None = None,
    step_result: dict[str, Any] | None = None,
    error: dict[str, Any] | None = None,
    approval_context: dict[str, Any] | None = None,
    event_data: dict[str, Any] | None = None,
) -> RunView:
    """Move a run to ``to`` in the caller's transaction, recording what the step produced.

    - ``pending → running`` starts at ``step``, else the run's start step, else the first.
    - ``step_result`` is stored (redacted) under the step and writes ``step_completed``;
      moving to ``failed`` with a step writes ``step_failed`` and stores ``error`` (redacted,
      with ``failed_step`` and ``last_successful_step``).
    - ``running → awaiting_approval`` opens an approval request with ``approval_context``
      (diff summary, test summary, risk notes; redacted).
    - ``awaiting_approval → running`` here records an approval by ``actor``.
    - ``event_data`` goes with the move's event (a budget extension's request says why).
    Anything the status machine does not allow is ``RunTransitionRefused``.
    """
    run = await lock_run(conn, run_id=run_id)
    refuse_unless_allowed(run, to)
    rd = runtime.redactor
    version = await pinned_version(conn, run)
    at_step = step or run.current_step
    if run.status == "pending" and to == "running" and step is None:
        at_step = run.start_step or (version.steps[0].name if version.steps else None)
    if step is not None and step not in version.step_names():
        raise ValidationFailed.on("step", f"is not a step of {version.name} v{version.version}")

    if error is not None and to != "failed":
        raise ValidationFailed.on("error", "only a move to failed carries an error")
    if approval_context is not None and to != "awaiting_approval":
        raise ValidationFailed.on("approval_context", "only a move to awaiting_approval has one")

    # Step events are written in the status the step ran in: a result recorded while the
    # run was running comes before the move; one given with pending -> running, after it.
    before: list[EventType] = []
    after: list[EventType] = []
    results = dict(run.step_results)
    if step_result is not None:
        results[at_step or "run"] = rd.redact(step_result)
        (before if run.status == "running" else after).append("step_completed")
    failure: RunError | None = None
    if to == "failed":
        failure = RunError.model_validate(rd.redact(_failure(error, at_step, results).model_dump()))
        if at_step is not None:
            before.append("step_failed")
    if to == "awaiting_approval":
        context = ApprovalContext.model_validate(rd.redact(approval_context or {}))
        await repo_approvals.insert_request(
            conn, run_id=run.id, step=at_step or "approval", context=context, requested_by=actor
        )
    if run.status == "awaiting_approval" and to == "running":
        await repo_approvals.decide_open(
            conn, run_id=run.id, decision="approved", actor=actor, comment=None
        )
        if step is None:
            at_step = version.step_after(run.current_step) or run.current_step

    for event in before:
        await _step_event(conn, run, event, step=at_step, actor=actor)
    moved = await move(
        conn,
        run,
        to=to,
        actor=actor,
        step=at_step,
        step_results=results,
        error=failure,
        event_data=event_data,
    )
    for event in after:
        await _step_event(conn, moved, event, step=at_step, actor=actor)
    return moved


async def _step_event(
    conn: Connection, run: RunView, event: EventType, *, step: str | None, actor: str
) -> None:
    await repo.insert_event(
        conn,
        run=run,
        type_=event,
        from_=run.status,
        to=run.status,
        step=step,
        actor=actor,
        data={},
    )


async def record_step(
    conn: Connection,
    runtime: Runtime,
    *,
    run_id: UUID,
    step: str,
    outcome: Literal["started", "completed", "failed"],
    actor: str,
    result: dict[str, Any] | None = None,
) -> RunView:
    """Record step progress of a running run (no status move): current step, result, event.

    Writes ``step_started``, ``step_completed`` or ``step_failed``; a run that is not
    ``running`` is ``RunTransitionRefused``.
    """
    run = await lock_run(conn, run_id=run_id)
    if run.status != "running":
        raise RunTransitionRefused(from_=run.status, to="running")
    version = await pinned_version(conn, run)
    if step not in version.step_names():
        raise ValidationFailed.on("step", f"is not a step of {version.name} v{version.version}")
    results = dict(run.step_results)
    if result is not None:
        results[step] = runtime.redactor.redact(result)
    updated = await repo.record_step(conn, run_id=run.id, current_step=step, step_results=results)
    if updated is None:  # unreachable under the lock taken above
        raise RunTransitionRefused(from_=None, to="running")
    event: EventType = {
        "started": "step_started",
        "completed": "step_completed",
        "failed": "step_failed",
    }[outcome]  # type: ignore[assignment]
    await _step_event(conn, updated, event, step=step, actor=actor)
    return updated

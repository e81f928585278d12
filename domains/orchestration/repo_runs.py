"""SQL for workflow runs and their event log."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg
import orjson

from domains.orchestration.errors import RunAlreadyRetried, ShippingRunActive
from domains.orchestration.models import RunEvent, RunView, StatusTransition
from domains.projects.errors import ProjectNotFound
from sql.database import Connection
from sql.queries import query_file

Q = query_file("orchestration_runs")

NOTIFY_CHANNEL = "jidocode_run_events"


def _run(row: asyncpg.Record) -> RunView:
    return RunView.model_validate(dict(row))


def _event(row: asyncpg.Record) -> RunEvent:
    data = dict(row)
    data["from"] = data.pop("from_status")
    data["to"] = data.pop("to_status")
    return RunEvent.model_validate(data)


def _transition(t: StatusTransition) -> dict[str, Any]:
    return t.model_dump(mode="json", by_alias=True)


async def insert_run(
    conn: Connection,
    *,
    project_id: UUID,
    definition_id: UUID,
    workflow_name: str,
    workflow_version: int,
    shipping: bool,
    trigger: str,
    trigger_context: dict[str, Any],
    inputs: dict[str, Any],
    start_step: str | None,
    retry_of_run_id: UUID | None,
    retry_attempt: int,
    first_transition: StatusTransition,
    step_results: dict[str, Any],
) -> RunView:
    """Insert a pending run, translating constraint violations into domain errors.

    Runs in a savepoint, so a refused start leaves the caller's transaction usable.
    """
    try:
        async with conn.transaction():
            row = await conn.fetchrow(
                Q["insert_workflow_run"],
                project_id,
                definition_id,
                workflow_name,
                workflow_version,
                shipping,
                trigger,
                trigger_context,
                inputs,
                start_step,
                retry_of_run_id,
                retry_attempt,
                [_transition(first_transition)],
                step_results,
            )
    except asyncpg.UniqueViolationError as exc:
        if exc.constraint_name == "workflow_runs_one_shipping_per_project":
            raise ShippingRunActive() from exc
        if exc.constraint_name == "workflow_runs_retry_of_run_id_key":
            raise RunAlreadyRetried() from exc
        raise
    except asyncpg.ForeignKeyViolationError as exc:
        if exc.constraint_name == "workflow_runs_project_id_fkey":
            raise ProjectNotFound(project_id=project_id) from exc
        raise
    assert row is not None
    return _run(row)


async def get_run(conn: Connection, *, run_id: UUID) -> RunView | None:
    """One run, or ``None``."""
    row = await conn.fetchrow(Q["get_workflow_run"], run_id)
    return _run(row) if row else None


async def lock_run(conn: Connection, *, run_id: UUID) -> RunView | None:
    """One run, locked until the transaction ends; ``None`` if it does not exist."""
    row = await conn.fetchrow(Q["lock_workflow_run"], run_id)
    return _run(row) if row else None


async def move_run(
    conn: Connection,
    *,
    run_id: UUID,
    expected: str,
    to: str,
    current_step: str | None,
    step_results: dict[str, Any],
    error: dict[str, Any] | None,
    transition: StatusTransition,
) -> RunView | None:
    """Move a run from ``expected`` to ``to``; ``None`` if it was not in ``expected``."""
    row = await conn.fetchrow(
        Q["move_workflow_run"],
        run_id,
        expected,
        to,
        current_step,
        step_results,
        error,
        _transition(transition),
    )
    return _run(row) if row else None


async def record_step(
    conn: Connection, *, run_id: UUID, current_step: str | None, step_results: dict[str, Any]
) -> RunView | None:
    """Record step progress of a running run; ``None`` if it is not running."""
    row = await conn.fetchrow(Q["record_workflow_run_step"], run_id, current_step, step_results)
    return _run(row) if row else None


async def list_runs(
    conn: Connection,
    after: tuple[datetime, UUID],
    limit: int,
    *,
    project_id: UUID | None,
    status: str | None,
) -> list[RunView]:
    """Runs newest first after a position, by project and/or status when given."""
    rows = await conn.fetch(Q["list_workflow_runs"], project_id, status, *after, limit)
    return [_run(r) for r in rows]


async def insert_event(
    conn: Connection,
    *,
    run: RunView,
    type_: str,
    from_: str | None,
    to: str,
    step: str | None,
    actor: str,
    data: dict[str, Any],
) -> RunEvent:
    """Append an event and NOTIFY listeners (delivered when the transaction commits)."""
    row = await conn.fetchrow(
        Q["insert_workflow_run_event"],
        run.id,
        run.project_id,
        type_,
        run.workflow_name,
        run.workflow_version,
        from_,
        to,
        step,
        actor,
        data,
    )
    assert row is not None
    event = _event(row)
    payload = orjson.dumps(
        {"seq": event.seq, "run_id": str(run.id), "type": event.type, "to": event.to}
    ).decode()
    await conn.execute(Q["notify_workflow_run_event"], payload)
    return event


async def list_events(
    conn: Connection,
    *,
    run_id: UUID | None,
    project_id: UUID | None,
    after_seq: int,
    limit: int,
) -> list[RunEvent]:
    """Events after a sequence number, oldest first, of one run or else of one project
    when given (a run's events are all of its project, so ``run_id`` wins)."""
    by_project = project_id if run_id is None else None
    rows = await conn.fetch(Q["list_workflow_run_events"], run_id, by_project, after_seq, limit)
    return [_event(r) for r in rows]

"""SQL for workflow runs and their event log."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from domains.orchestration.errors import RunAlreadyRetried, ShippingRunActive
from domains.orchestration.models import RunEvent, RunView, StatusTransition
from domains.projects.errors import ProjectNotFound
from rpc.events import log as event_log
from sql.database import Connection
from sql.queries import query_file

Q = query_file("orchestration_runs")

# Every run's status moves (``run:<id>`` has all of one run's events).
RUNS_TOPIC = "runs"


def _run(row: asyncpg.Record) -> RunView:
    return RunView.model_validate(dict(row))


def run_topic(run_id: UUID) -> str:
    """The event topic of one run."""
    return f"run:{run_id}"


def _event(logged: event_log.LoggedEvent) -> RunEvent:
    return RunEvent.model_validate(
        {**logged.data, "seq": logged.seq, "type": logged.type, "at": logged.at}
    )


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
    """Append an event to the run's topic and, for a status move, to ``runs`` (the run's
    topic first: every writer takes the two topic locks in that order)."""
    payload = {
        "run_id": str(run.id),
        "project_id": str(run.project_id),
        "workflow_name": run.workflow_name,
        "workflow_version": run.workflow_version,
        "from": from_,
        "to": to,
        "step": step,
        "actor": actor,
        "data": data,
    }
    logged = await event_log.append(conn, run_topic(run.id), type_, payload)
    if from_ != to:
        await event_log.append(conn, RUNS_TOPIC, type_, payload)
    return _event(logged)


async def page_events(
    conn: Connection,
    *,
    run_id: UUID | None,
    project_id: UUID | None,
    after_seq: int,
    limit: int,
) -> tuple[list[RunEvent], int]:
    """Events after a seq, oldest first: every event of one run (its topic), else the
    status moves of every run (the ``runs`` topic), of one project when given; with the
    seq to continue from (past what was read, kept or not)."""
    topic = run_topic(run_id) if run_id is not None else RUNS_TOPIC
    page = await event_log.read(conn, topic, after=after_seq, limit=limit)
    wanted = str(project_id) if project_id is not None and run_id is None else None
    items = [_event(e) for e in page.items if wanted is None or e.data["project_id"] == wanted]
    return items, page.items[-1].seq if page.items else after_seq

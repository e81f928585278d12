"""Reading runs: one run, newest-first pages, the event log after a cursor, and a run's
step attempts."""

from __future__ import annotations

from uuid import UUID

from domains.orchestration import repo_runs as repo
from domains.orchestration import repo_steps
from domains.orchestration.errors import RunNotFound
from domains.orchestration.models import RunEventPage, RunPage, RunView
from domains.orchestration.models_steps import StepRunList
from domains.shared import cursors
from sql.database import Connection, Database


async def get_run(conn: Connection, *, run_id: UUID) -> RunView:
    """One run; ``RunNotFound`` otherwise."""
    run = await repo.get_run(conn, run_id=run_id)
    if run is None:
        raise RunNotFound(run_id=run_id)
    return run


async def read_run(db: Database, *, run_id: UUID) -> RunView:
    """``get_run`` on a pooled connection."""
    async with db.connection() as conn:
        return await get_run(conn, run_id=run_id)


async def list_runs(
    db: Database,
    *,
    project_id: UUID | None,
    status: str | None,
    cursor: str | None,
    limit: int,
) -> RunPage:
    """Runs newest first, by project and/or status, one page after ``cursor``."""
    items, next_cursor = await cursors.NEWEST_FIRST.page(
        db,
        cursor,
        limit,
        cursors.by_inserted_at,
        repo.list_runs,
        project_id=project_id,
        status=status,
    )
    return RunPage(items=items, next_cursor=next_cursor)


async def list_run_events(
    db: Database,
    *,
    run_id: UUID | None,
    project_id: UUID | None,
    cursor: str | None,
    limit: int,
) -> RunEventPage:
    """Events after ``cursor``, oldest first; ``next_cursor`` is where to continue.

    Of one run: all its events (its ``run:<id>`` topic). Otherwise: every run's status
    moves (the ``runs`` topic), of one project when given. A topic's order is its commit
    order, so a client polling with ``next_cursor`` never skips one that commits late;
    ``CursorExpired`` when the ``runs`` events after the cursor were pruned.
    """
    after = cursors.decode_seq(cursor)
    async with db.connection() as conn:
        items, reached = await repo.page_events(
            conn, run_id=run_id, project_id=project_id, after_seq=after, limit=limit
        )
        if not items and run_id is not None:
            await get_run(conn, run_id=run_id)
    return RunEventPage(items=items, next_cursor=cursors.encode_seq(reached))


async def list_step_runs(db: Database, *, run_id: UUID) -> StepRunList:
    """Every attempt of the run's steps, in the order they started; ``RunNotFound``
    otherwise. A run has a handful of steps, each tried a few times: no paging."""
    async with db.connection() as conn:
        await get_run(conn, run_id=run_id)
        return StepRunList(items=await repo_steps.list_step_runs(conn, run_id=run_id))

"""Reading runs: newest-first pages by project and status, the indexes that serve them,
and the event log after a cursor."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest

from domains.orchestration import service
from domains.orchestration.errors import RunNotFound
from domains.shared.cursors import START
from rpc.context import Runtime
from rpc.errors import ValidationFailed
from rpc.events import log as event_log
from sql.database import Connection, Database
from sql.queries import query_file
from tests.domains.orchestration.factories import ACTOR, make_run
from tests.domains.projects.factories import make_project


async def test_list_runs_pages_newest_first(db: Database, runtime: Runtime, clean: None) -> None:
    async with db.transaction() as conn:
        project = await make_project(conn)
        other = await make_project(conn)
    made = []
    for _ in range(5):
        async with db.transaction() as conn:
            made.append(await make_run(conn, runtime, project_id=project.id))
    async with db.transaction() as conn:
        await make_run(conn, runtime, project_id=other.id)
    seen: list[Any] = []
    cursor = None
    pages = 0
    while True:
        page = await service.list_runs(
            db, project_id=project.id, status=None, cursor=cursor, limit=2
        )
        seen.extend(page.items)
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            break
    assert pages == 3
    assert [r.id for r in seen] == [r.id for r in reversed(made)]
    everything = await service.list_runs(db, project_id=None, status=None, cursor=None, limit=50)
    assert len(everything.items) == 6
    assert everything.next_cursor is None
    async with db.transaction() as conn:
        await service.advance_run(conn, runtime, run_id=made[0].id, to="running", actor=ACTOR)
    running = await service.list_runs(db, project_id=None, status="running", cursor=None, limit=5)
    assert [r.id for r in running.items] == [made[0].id]
    both = await service.list_runs(db, project_id=other.id, status="running", cursor=None, limit=5)
    assert both.items == []
    with pytest.raises(ValidationFailed):
        await service.list_runs(db, project_id=None, status=None, cursor="garbage!", limit=5)


async def _plan(conn: Connection, name: str, *args: Any, file: str = "orchestration_runs") -> str:
    rows = await conn.fetch("EXPLAIN " + query_file(file)[name], *args)
    return "\n".join(r[0] for r in rows)


async def _tiny_tables_use_indexes(conn: Connection) -> None:
    # The tables are tiny, so the planner would rightly prefer a scan; forbid it for this
    # transaction only. Plans are custom, as the server gets them: PostgreSQL keeps custom
    # plans for these queries because a generic one, blind to which optional filters are
    # absent, is estimated dearer (checked with EXPLAIN on 300,000 runs); a custom plan
    # drops the absent filters, so the matching index serves the rest.
    await conn.execute("SET LOCAL enable_seqscan = off")
    # Statistics left by earlier tests (autovacuum analysed the table while it held their
    # runs) can make a sort over another index look cheaper; forbid sorts too, so the plan
    # shows whether an index serves both the filter and the order.
    await conn.execute("SET LOCAL enable_sort = off")
    await conn.execute("SET LOCAL plan_cache_mode = force_custom_plan")


@pytest.mark.parametrize(
    ("by_project", "status", "index"),
    [
        (True, None, "workflow_runs_project_inserted"),
        (False, "pending", "workflow_runs_status_inserted"),
        (False, None, "workflow_runs_inserted"),
    ],
)
async def test_the_run_list_uses_the_index_of_its_filter(
    conn: Connection, runtime: Runtime, by_project: bool, status: str | None, index: str
) -> None:
    project = await make_project(conn)
    for _ in range(3):
        await make_run(conn, runtime, project_id=project.id)
    await _tiny_tables_use_indexes(conn)
    project_id = project.id if by_project else None
    plan = await _plan(conn, "list_workflow_runs", project_id, status, *START, 10)
    assert f"Index Scan using {index} " in plan
    assert "ROW(inserted_at, id) <" in plan  # the cursor is an index condition too
    assert "Sort" not in plan
    both = await _plan(conn, "list_workflow_runs", project.id, "pending", *START, 10)
    assert "workflow_runs_project_inserted" in both or "workflow_runs_status_inserted" in both


async def test_the_event_log_reads_a_topic_by_its_primary_key(
    conn: Connection, runtime: Runtime
) -> None:
    run = await make_run(conn, runtime)
    await _tiny_tables_use_indexes(conn)
    plan = await _plan(conn, "read_events", f"run:{run.id}", 0, 10, file="events")
    assert "Index Scan using events_pkey " in plan
    assert "Seq Scan on events" not in plan


async def test_run_events_after_a_cursor(db: Database, runtime: Runtime, clean: None) -> None:
    async with db.transaction() as conn:
        run = await make_run(conn, runtime)
    first = await service.list_run_events(db, run_id=run.id, project_id=None, cursor=None, limit=10)
    assert [e.type for e in first.items] == ["run_started"]
    started = first.items[0]
    assert (started.run_id, started.workflow_name, started.workflow_version) == (
        run.id,
        "issue_triage",
        1,
    )
    assert (started.from_, started.to) == (None, "pending")
    async with db.transaction() as conn:
        await service.advance_run(conn, runtime, run_id=run.id, to="running", actor=ACTOR)
        await service.advance_run(
            conn, runtime, run_id=run.id, to="awaiting_approval", actor=ACTOR, step="approval"
        )
    later = await service.list_run_events(
        db, run_id=run.id, project_id=None, cursor=first.next_cursor, limit=10
    )
    assert [e.type for e in later.items] == ["step_started", "approval_requested"]
    assert [(e.from_, e.to) for e in later.items] == [
        ("pending", "running"),
        ("running", "awaiting_approval"),
    ]
    assert later.items[1].step == "approval"
    nothing = await service.list_run_events(
        db, run_id=run.id, project_id=None, cursor=later.next_cursor, limit=10
    )
    assert nothing.items == []
    assert nothing.next_cursor == later.next_cursor
    by_project = await service.list_run_events(
        db, run_id=None, project_id=run.project_id, cursor=None, limit=10
    )
    everything = await service.list_run_events(
        db, run_id=None, project_id=None, cursor=None, limit=2
    )
    assert len(by_project.items) == 3
    # A run's events are the run's, whatever project is named beside it.
    beside = await service.list_run_events(
        db, run_id=run.id, project_id=uuid.uuid4(), cursor=None, limit=10
    )
    assert [e.seq for e in beside.items] == [e.seq for e in by_project.items]
    assert [e.seq for e in everything.items] == [e.seq for e in by_project.items[:2]]
    with pytest.raises(RunNotFound):
        await service.list_run_events(
            db, run_id=uuid.uuid4(), project_id=None, cursor=None, limit=10
        )
    with pytest.raises(ValidationFailed):
        await service.list_run_events(db, run_id=None, project_id=None, cursor="-1", limit=10)


async def test_a_move_notifies_a_pointer_per_topic_on_commit(
    db: Database, runtime: Runtime, clean: None
) -> None:
    received: asyncio.Queue[str] = asyncio.Queue()
    listener = await db.dedicated()
    try:
        await listener.add_listener(event_log.CHANNEL, lambda *args: received.put_nowait(args[3]))
        async with db.transaction() as conn:
            run = await make_run(conn, runtime)
            await service.advance_run(conn, runtime, run_id=run.id, to="cancelled", actor=ACTOR)
            assert received.empty()  # nothing before the commit
        pointers = [await asyncio.wait_for(received.get(), timeout=10) for _ in range(4)]
    finally:
        await listener.close()
    # Per event, a pointer on the run's topic and one on `runs` (emptied by `clean`);
    # the payload is a pointer, never the data.
    assert sorted(pointers) == sorted([f"run:{run.id} 1", f"run:{run.id} 2", "runs 1", "runs 2"])

"""Approvals: the pending list with its context, approve, reject by policy, resume, races."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from domains.orchestration import repo_runs, service
from domains.orchestration.engine_queue import DRIVE_JOB
from domains.orchestration.errors import RunTransitionRefused, ShippingRunActive
from domains.orchestration.models import RunView
from rpc.context import Runtime
from sql.database import Database
from tests.domains.orchestration.factories import ACTOR, make_run, run_in
from tests.domains.projects.factories import make_project

pytestmark = pytest.mark.committing

CONTEXT = {
    "diff_summary": "2 files changed, +40 -3",
    "test_summary": "118 passed",
    "risk_notes": ["touches the auth middleware"],
    "proposed_response": "Thanks!",
}


async def awaiting(db: Database, runtime: Runtime, definition_name: str) -> RunView:
    """A committed run waiting for approval, with an approval context."""
    async with db.transaction() as conn:
        run = await run_in(conn, runtime, "running", definition_name=definition_name)
        parked = await service.advance_run(
            conn,
            runtime,
            run_id=run.id,
            to="awaiting_approval",
            actor=ACTOR,
            step="approval",
            approval_context=CONTEXT,
        )
        # These tests move the run by hand: the engine's job queued at start would have
        # ended when the run parked, so it is not left queued here.
        await conn.execute("DELETE FROM jobs WHERE kind = $1", DRIVE_JOB)
        return parked


async def resume_jobs(db: Database) -> int:
    """The engine's jobs queued to carry runs on."""
    async with db.connection() as conn:
        count: int = await conn.fetchval("SELECT count(*) FROM jobs WHERE kind = $1", DRIVE_JOB)
    return count


async def wait_for_lock_waiters(db: Database, n: int) -> None:
    """Wait until ``n`` backends of this database are blocked on a lock (bounded)."""
    for _ in range(2000):
        async with db.connection() as conn:
            waiting = await conn.fetchval(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
        if waiting >= n:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"{n} lock waiters never appeared")


async def test_pending_list_shows_the_context(db: Database, runtime: Runtime, clean: None) -> None:
    run = await awaiting(db, runtime, "implement_task")
    other = await awaiting(db, runtime, "issue_triage")
    page = await service.list_pending_approvals(db, project_id=None, cursor=None, limit=1)
    assert len(page.items) == 1
    assert page.next_cursor is not None
    rest = await service.list_pending_approvals(
        db, project_id=None, cursor=page.next_cursor, limit=1
    )
    assert {page.items[0].run_id, rest.items[0].run_id} == {run.id, other.id}
    mine = await service.list_pending_approvals(db, project_id=run.project_id, cursor=None, limit=5)
    [approval] = mine.items
    assert approval.run_id == run.id
    assert approval.step == "approval"
    assert approval.diff_summary == CONTEXT["diff_summary"]
    assert approval.test_summary == CONTEXT["test_summary"]
    assert approval.risk_notes == CONTEXT["risk_notes"]
    assert approval.context == {"proposed_response": "Thanks!"}
    assert approval.decision is None
    assert approval.workflow_name == "implement_task"
    await service.approve_run(db, runtime, run_id=run.id, actor=ACTOR, comment="ship it")
    left = await service.list_pending_approvals(db, project_id=None, cursor=None, limit=5)
    assert [a.run_id for a in left.items] == [other.id]


async def test_approve_moves_to_the_next_step_and_queues_the_resume(
    db: Database, runtime: Runtime, clean: None
) -> None:
    run = await awaiting(db, runtime, "implement_task")
    approved = await service.approve_run(db, runtime, run_id=run.id, actor=ACTOR, comment="ok")
    assert approved.status == "running"
    assert approved.current_step == "ship"
    assert await resume_jobs(db) == 1
    events = await service.list_run_events(
        db, run_id=run.id, project_id=None, cursor=None, limit=20
    )
    granted = events.items[-1]
    assert granted.type == "approval_granted"
    assert (granted.from_, granted.to, granted.step) == ("awaiting_approval", "running", "ship")
    assert granted.data["comment"] == "ok"
    with pytest.raises(RunTransitionRefused) as info:
        await service.approve_run(db, runtime, run_id=run.id, actor=ACTOR, comment=None)
    assert info.value.data() == {"resource": "workflow_run", "from": "running", "to": "running"}


async def test_reject_with_the_cancel_policy(db: Database, runtime: Runtime, clean: None) -> None:
    run = await awaiting(db, runtime, "implement_task")
    rejected = await service.reject_run(db, runtime, run_id=run.id, actor=ACTOR, comment="no")
    assert rejected.status == "cancelled"
    assert rejected.completed_at is not None
    assert await resume_jobs(db) == 0
    events = await service.list_run_events(
        db, run_id=run.id, project_id=None, cursor=None, limit=20
    )
    assert [e.type for e in events.items][-2:] == ["approval_rejected", "run_cancelled"]
    with pytest.raises(RunTransitionRefused):
        await service.reject_run(db, runtime, run_id=run.id, actor=ACTOR, comment=None)


async def test_reject_with_a_retry_route(db: Database, runtime: Runtime, clean: None) -> None:
    run = await awaiting(db, runtime, "issue_triage")
    rejected = await service.reject_run(db, runtime, run_id=run.id, actor=ACTOR, comment="too curt")
    assert rejected.status == "running"
    assert rejected.current_step == "compose_response"
    assert await resume_jobs(db) == 1
    events = await service.list_run_events(
        db, run_id=run.id, project_id=None, cursor=None, limit=20
    )
    last = events.items[-1]
    assert (last.type, last.to, last.step) == ("approval_rejected", "running", "compose_response")
    assert last.data["on_reject"] == "retry_step"
    # The run can ask again: a second request opens once the first was decided.
    async with db.transaction() as conn:
        again = await service.advance_run(
            conn, runtime, run_id=run.id, to="awaiting_approval", actor=ACTOR, step="approval"
        )
    assert again.status == "awaiting_approval"


async def test_decisions_need_awaiting_approval(
    db: Database, runtime: Runtime, clean: None
) -> None:
    async with db.transaction() as conn:
        running = await run_in(conn, runtime, "running")
    for decide in (service.approve_run, service.reject_run):
        with pytest.raises(RunTransitionRefused) as info:
            await decide(db, runtime, run_id=running.id, actor=ACTOR, comment=None)
        assert info.value.data()["from"] == "running"


async def test_two_concurrent_approvals_one_wins(
    db: Database, runtime: Runtime, clean: None
) -> None:
    run = await awaiting(db, runtime, "implement_task")
    # Hold the run's row lock so both approvals are provably waiting at the same time.
    holder = await db.dedicated()
    try:
        tx = holder.transaction()
        await tx.start()
        await repo_runs.lock_run(holder, run_id=run.id)
        tasks = [
            asyncio.create_task(
                service.approve_run(db, runtime, run_id=run.id, actor=f"owner:{n}", comment=None)
            )
            for n in range(2)
        ]
        await wait_for_lock_waiters(db, 2)
        await tx.rollback()
        outcomes = await asyncio.gather(*tasks, return_exceptions=True)
    finally:
        await holder.close()
    won = [o for o in outcomes if isinstance(o, RunView)]
    lost = [o for o in outcomes if isinstance(o, RunTransitionRefused)]
    assert len(won) == 1
    assert len(lost) == 1
    assert won[0].status == "running"
    assert lost[0].data() == {"resource": "workflow_run", "from": "running", "to": "running"}
    assert await resume_jobs(db) == 1
    events = await service.list_run_events(
        db, run_id=run.id, project_id=None, cursor=None, limit=20
    )
    assert [e.type for e in events.items].count("approval_granted") == 1


async def test_two_concurrent_shipping_starts_one_wins(
    db: Database, runtime: Runtime, clean: None
) -> None:
    async with db.transaction() as conn:
        project = await make_project(conn)
    # The first start is inserted but not committed; the second must wait for it and then
    # fail on the partial unique index, not slip past a check that read before the commit.
    holder = await db.dedicated()
    try:
        tx = holder.transaction()
        await tx.start()
        first = await make_run(
            holder, runtime, project_id=project.id, definition_name="implement_task"
        )
        second = asyncio.create_task(
            service.start_manual_run(
                db,
                runtime,
                project_id=project.id,
                definition_name="fix_failing_tests",
                inputs={"failure_signal": "test_x failed"},
                actor=ACTOR,
            )
        )
        await wait_for_lock_waiters(db, 1)
        await tx.commit()
        with pytest.raises(ShippingRunActive):
            await second
    finally:
        await holder.close()
    page = await service.list_runs(db, project_id=project.id, status=None, cursor=None, limit=10)
    assert [r.id for r in page.items] == [first.id]


async def test_many_simultaneous_shipping_starts(
    db: Database, runtime: Runtime, clean: None
) -> None:
    async with db.transaction() as conn:
        project = await make_project(conn)

    async def start() -> Any:
        return await service.start_manual_run(
            db,
            runtime,
            project_id=project.id,
            definition_name="implement_task",
            inputs={"task_summary": "same time"},
            actor=ACTOR,
        )

    outcomes = await asyncio.gather(*(start() for _ in range(6)), return_exceptions=True)
    assert sum(isinstance(o, RunView) for o in outcomes) == 1
    assert sum(isinstance(o, ShippingRunActive) for o in outcomes) == 5


async def test_approving_queues_the_engine_for_every_workflow(
    db: Database, runtime: Runtime, clean: None
) -> None:
    run = await awaiting(db, runtime, "implement_task")
    triage = await awaiting(db, runtime, "issue_triage")
    await service.approve_run(db, runtime, run_id=run.id, actor=ACTOR, comment=None)
    await service.approve_run(db, runtime, run_id=triage.id, actor=ACTOR, comment=None)
    async with db.connection() as conn:
        driven = await conn.fetch(
            "SELECT payload->>'run_id' AS run_id FROM jobs WHERE kind = $1 AND status = 'queued'",
            DRIVE_JOB,
        )
    assert sorted(r["run_id"] for r in driven) == sorted([str(run.id), str(triage.id)])
    moved = await service.read_run(db, run_id=run.id)
    assert (moved.status, moved.current_step) == ("running", "ship")

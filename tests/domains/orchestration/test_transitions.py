"""The run status machine: every allowed and every refused move, and what each move records."""

from __future__ import annotations

import itertools

import pytest

from domains.orchestration import machine, repo_runs, service
from domains.orchestration.errors import RunTransitionRefused
from domains.orchestration.models import TERMINAL_STATUSES
from rpc.context import Runtime
from sql.database import Connection
from tests.domains.orchestration.factories import ACTOR, run_in

STATUSES = ["pending", "running", "awaiting_approval", "completed", "failed", "cancelled"]

# DOMAIN.md's table, written out again on purpose: the test must not read the code's table.
ALLOWED = {
    ("pending", "running"),
    ("pending", "cancelled"),
    ("running", "awaiting_approval"),
    ("running", "completed"),
    ("running", "failed"),
    ("running", "cancelled"),
    ("awaiting_approval", "running"),
    ("awaiting_approval", "cancelled"),
}

EXPECTED_EVENT = {
    ("pending", "running"): "step_started",
    ("pending", "cancelled"): "run_cancelled",
    ("running", "awaiting_approval"): "approval_requested",
    ("running", "completed"): "run_completed",
    ("running", "failed"): "run_failed",
    ("running", "cancelled"): "run_cancelled",
    ("awaiting_approval", "running"): "approval_granted",
    ("awaiting_approval", "cancelled"): "run_cancelled",
}

PAIRS = list(itertools.product(STATUSES, STATUSES))


def test_the_machine_table_matches_the_domain() -> None:
    for from_, to in PAIRS:
        assert machine.is_allowed(from_, to) == ((from_, to) in ALLOWED), (from_, to)
    assert [to for to in STATUSES if machine.is_allowed(None, to)] == ["pending"]


@pytest.mark.parametrize(("from_", "to"), sorted(ALLOWED))
async def test_allowed_move(conn: Connection, runtime: Runtime, from_: str, to: str) -> None:
    run = await run_in(conn, runtime, from_)
    assert run.status == from_
    step = "approval" if to == "awaiting_approval" else None
    moved = await service.advance_run(conn, runtime, run_id=run.id, to=to, actor=ACTOR, step=step)

    assert moved.status == to
    last = moved.status_transitions[-1]
    assert (last.from_, last.to, last.actor) == (from_, to, ACTOR)
    assert len(moved.status_transitions) == len(run.status_transitions) + 1
    if (from_, to) == ("pending", "cancelled"):
        assert moved.started_at is None
    else:
        assert moved.started_at is not None
    assert (moved.completed_at is not None) == (to in TERMINAL_STATUSES)
    if run.started_at is not None:
        assert moved.started_at == run.started_at  # set once, on the first move to running

    # Read on ``conn``: the run is not committed, so another connection cannot see it.
    events, _ = await repo_runs.page_events(
        conn, run_id=run.id, project_id=None, after_seq=0, limit=100
    )
    moves = [e for e in events if e.from_ != e.to]
    assert len(moves) == len(moved.status_transitions)
    event = moves[-1]
    assert event.type == EXPECTED_EVENT[(from_, to)]
    assert (event.from_, event.to, event.run_id) == (from_, to, run.id)
    assert (event.workflow_name, event.workflow_version) == ("issue_triage", 1)
    assert moves[0].type == "run_started"
    assert moves[0].from_ is None


@pytest.mark.parametrize(("from_", "to"), [p for p in PAIRS if p not in ALLOWED])
async def test_refused_move(conn: Connection, runtime: Runtime, from_: str, to: str) -> None:
    run = await run_in(conn, runtime, from_)
    with pytest.raises(RunTransitionRefused) as info:
        await service.advance_run(conn, runtime, run_id=run.id, to=to, actor=ACTOR)
    assert info.value.kind == "invalid_transition"
    assert info.value.data() == {"resource": "workflow_run", "from": from_, "to": to}
    unchanged = await service.get_run(conn, run_id=run.id)
    assert unchanged.status == from_
    assert unchanged.status_transitions == run.status_transitions

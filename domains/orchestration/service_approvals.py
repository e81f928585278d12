"""Approvals: decide a run that waits in ``awaiting_approval``.

``approve_run`` — one transaction: lock the run, refuse unless it is awaiting approval,
record the decision, move it to ``running`` at the step after the approval, enqueue the
step engine's job. ``reject_run``
follows the definition's policy: ``cancel`` (the run ends ``cancelled``) or ``retry_step``
(back to ``running`` at that step, resumed the same way).
A budget extension request (the engine parked the run because its budget is spent) is
decided differently: approving grants one more budget of the same size and resumes the
run at the step it parked at (never skipping it); rejecting cancels the run whatever the
policy says.
Two concurrent decisions on one run: the second waits for the first's lock, then finds
the run moved and gets ``invalid_transition``.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domains.orchestration import repo_approvals as repo
from domains.orchestration import repo_budget
from domains.orchestration.engine_budget import EXTENSION_KIND, granted_budget
from domains.orchestration.engine_costs import record_cost_summary
from domains.orchestration.engine_queue import queue_drive
from domains.orchestration.errors import RunTransitionRefused
from domains.orchestration.models import ApprovalPage, RunView
from domains.orchestration.service_runs import (
    advance_run,
    lock_run,
    move,
    pinned_version,
    refuse_unless_allowed,
)
from domains.shared import cursors
from rpc.context import Runtime
from sql.database import Connection, Database


async def list_pending_approvals(
    db: Database, *, project_id: UUID | None, cursor: str | None, limit: int
) -> ApprovalPage:
    """Open approval requests of runs awaiting approval, newest first."""
    items, next_cursor = await cursors.NEWEST_FIRST.page(
        db,
        cursor,
        limit,
        lambda r: (r.requested_at, r.id),
        repo.list_pending,
        project_id=project_id,
    )
    return ApprovalPage(items=items, next_cursor=next_cursor)


async def approve_run(
    db: Database, runtime: Runtime, *, run_id: UUID, actor: str, comment: str | None
) -> RunView:
    """Approve a run awaiting approval: it moves to ``running`` and the engine's job is queued.

    An approval step's run goes on at the step after it; a budget extension's run gets
    one more budget of the same size and goes on at the step it parked at.
    """
    async with db.transaction() as conn:
        run = await lock_run(conn, run_id=run_id)
        refuse_unless_allowed_from_approval(run, to="running")
        version = await pinned_version(conn, run)
        extension = await _extension_request(conn, run)
        safe_comment = runtime.redactor.redact(comment) if comment else None
        approval_id = await repo.decide_open(
            conn, run_id=run.id, decision="approved", actor=actor, comment=safe_comment
        )
        data: dict[str, Any] = {"approval_id": str(approval_id) if approval_id else None}
        if safe_comment:
            data["comment"] = safe_comment
        following = version.step_after(run.current_step)
        step = following or run.current_step
        if extension is not None:
            # The decision just recorded is the grant the engine counts from now on.
            step = run.current_step
            data |= {"kind": EXTENSION_KIND, "budget": granted_budget(extension)}
        moved = await move(
            conn,
            run,
            to="running",
            actor=actor,
            step=step,
            events=["approval_granted"],
            event_data=data,
        )
        if extension is None and following is None:
            # The approval was the run's last step: approving it ends the run (resumed,
            # the engine would run the approval step again and ask again, for ever).
            await record_cost_summary(conn, runtime, run_id=run.id, moment="completed")
            return await advance_run(conn, runtime, run_id=run.id, to="completed", actor=actor)
        await _resume(conn, runtime, run)
    return moved


async def reject_run(
    db: Database, runtime: Runtime, *, run_id: UUID, actor: str, comment: str | None
) -> RunView:
    """Reject a run awaiting approval, as its definition's policy says.

    ``cancel``: the run ends ``cancelled``. ``retry_step``: the run goes back to
    ``running`` at the policy's step and the engine's job is queued. A rejected budget
    extension always cancels: going back would spend more of a budget that is spent.
    """
    async with db.transaction() as conn:
        run = await lock_run(conn, run_id=run_id)
        version = await pinned_version(conn, run)
        policy = version.approval_policy.on_reject
        extension = await _extension_request(conn, run)
        retry = policy.action == "retry_step" and policy.step is not None and extension is None
        to = "running" if retry else "cancelled"
        refuse_unless_allowed_from_approval(run, to=to)
        safe_comment = runtime.redactor.redact(comment) if comment else None
        approval_id = await repo.decide_open(
            conn, run_id=run.id, decision="rejected", actor=actor, comment=safe_comment
        )
        data: dict[str, Any] = {
            "approval_id": str(approval_id) if approval_id else None,
            "on_reject": policy.action if extension is None else "cancel",
        }
        if extension is not None:
            data["kind"] = EXTENSION_KIND
        if safe_comment:
            data["comment"] = safe_comment
        if retry:
            moved = await move(
                conn,
                run,
                to="running",
                actor=actor,
                step=policy.step,
                events=["approval_rejected"],
                event_data=data,
            )
            await _resume(conn, runtime, run)
        else:
            moved = await move(
                conn,
                run,
                to="cancelled",
                actor=actor,
                events=["approval_rejected", "run_cancelled"],
                event_data=data,
            )
    return moved


async def _extension_request(conn: Connection, run: RunView) -> dict[str, Any] | None:
    """The context of the run's open request when it asks for a budget extension."""
    if run.status != "awaiting_approval":
        return None
    context = await repo_budget.open_approval_context(conn, run_id=run.id)
    return context if context is not None and context.get("kind") == EXTENSION_KIND else None


async def _resume(conn: Connection, runtime: Runtime, run: RunView) -> None:
    """Queue the step engine's job that carries the run on."""
    await queue_drive(conn, run_id=run.id)


def refuse_unless_allowed_from_approval(run: RunView, *, to: str) -> None:
    """Refuse a decision unless the run is in ``awaiting_approval``.

    The machine alone would allow ``running → cancelled``; a rejection must not.
    """
    if run.status != "awaiting_approval":
        raise RunTransitionRefused(from_=run.status, to=to)
    refuse_unless_allowed(run, to)

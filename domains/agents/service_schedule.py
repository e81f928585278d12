"""Firing support-agent schedules: each due slot starts the agent's workflow exactly once.

``fire_due`` is what the periodic job ``agents.fire_schedules`` runs in every process that
runs workers. Exactly once comes from the database, never from timing: a slot is claimed
by a conditional update of the config's ``schedule_next_at`` (of two processes, exactly
one gets the row back), in the same transaction that starts the run and records the
fire; ``support_agent_schedule_fires`` is unique per (config, slot) as a second guard.

However many slots were missed (the server was down), a due config fires once, for the
latest one, and is next due at its first slot after now. A run that refuses to start (the
project already has a shipping run in flight) leaves the slot recorded as ``skipped``
with the reason; the job never fails for it.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any
from uuid import UUID

from domains.agents import cron, repo, repo_schedule
from domains.agents.models import SCHEDULED_WORKFLOWS, AgentConfigView, ScheduleFire
from domains.agents.service import stored_schedule
from domains.orchestration.service import start_run
from rpc.context import Runtime
from rpc.errors import AppError
from sql.database import Connection

log = logging.getLogger(__name__)

ACTOR = "agents:schedule"
BATCH = 100


class _SlotTaken(Exception):
    """The slot is already recorded: roll the fire back (the run with it)."""


async def fire_due(runtime: Runtime, *, now: datetime, limit: int = BATCH) -> list[ScheduleFire]:
    """Fire every enabled config whose schedule is due at ``now``; the fires this call made
    (a slot another process fired first is not among them)."""
    async with runtime.db.connection() as conn:
        due = await repo_schedule.list_due(conn, now=now, limit=limit)
    fires: list[ScheduleFire] = []
    for config in due:
        fire = await _fire(runtime, config, now=now)
        if fire is not None:
            fires.append(fire)
    return fires


async def _fire(runtime: Runtime, seen: AgentConfigView, *, now: datetime) -> ScheduleFire | None:
    """One config's due slot in one transaction: claim, start (or skip), record."""
    if seen.schedule_next_at is None:  # list_due reads only scheduled configs
        return None
    schedule = stored_schedule(seen.agent_type, seen.configuration)
    if schedule is not None:
        slot, next_at = cron.due_slot(schedule, next_due=seen.schedule_next_at, now=now)
    else:  # no longer a valid schedule: fire nothing more, say why once
        slot, next_at = seen.schedule_next_at, None
    try:
        async with runtime.db.transaction() as conn:
            config = await repo_schedule.claim_slot(
                conn, config_id=seen.id, expected=seen.schedule_next_at, next_at=next_at
            )
            if config is None:  # another process fired it, or it changed meanwhile
                return None
            run_id: UUID | None = None
            reason: str | None = "the schedule is not a valid cron expression any more"
            if schedule is not None:
                run_id, reason = await _start(conn, runtime, config, slot=slot)
            fire = await repo_schedule.record_fire(
                conn,
                config_id=config.id,
                slot_at=slot,
                outcome="started" if run_id is not None else "skipped",
                run_id=run_id,
                reason=reason,
            )
            if fire is None:
                raise _SlotTaken
            if run_id is not None:
                await repo.mark_triggered(conn, config_id=config.id)
    except _SlotTaken:
        return None
    log.info(
        "agent schedule fired",
        extra={
            "config_id": str(fire.config_id),
            "slot": fire.slot_at.isoformat(),
            "outcome": fire.outcome,
            "run_id": str(fire.run_id) if fire.run_id else None,
            "reason": fire.reason,
        },
    )
    return fire


async def _start(
    conn: Connection, runtime: Runtime, config: AgentConfigView, *, slot: datetime
) -> tuple[UUID | None, str | None]:
    """Start the agent's workflow for ``slot``: ``(run id, None)``, or ``(None, reason)``
    when the run refused to start."""
    context: dict[str, Any] = {
        "agent_type": config.agent_type,
        "config_id": str(config.id),
        "schedule": config.configuration.get("schedule"),
        "slot": slot.isoformat(),
        "approval_mode": str(config.approval_policy.mode),
    }
    try:
        # A savepoint: a refused start (a unique violation, for the shipping rule) must
        # not abort the transaction holding the slot's claim.
        async with conn.transaction():
            run = await start_run(
                conn,
                runtime,
                project_id=config.project_id,
                definition_name=SCHEDULED_WORKFLOWS[config.agent_type],
                inputs=_inputs(config),
                trigger="schedule",
                trigger_context=context,
                actor=ACTOR,
            )
    except AppError as exc:
        # Typed refusals only (a shipping run in flight, inputs the workflow refuses):
        # retrying the job would not change them, so the slot is skipped with the reason.
        return None, _reason(exc)
    return run.id, None


def _reason(exc: AppError) -> str:
    """Why the run refused to start, as stored with the skipped slot."""
    data = exc.data()
    said = data.get("reason")
    if not said and data.get("field_errors"):
        said = "; ".join(f"{e['field']} {e['message']}" for e in data["field_errors"])
    return f"{exc.kind}: {said or exc.message}"[:2000]


def _inputs(config: AgentConfigView) -> dict[str, Any]:
    """The run's inputs from the agent's configuration."""
    if config.agent_type == "dependency_bot" and "update_command" in config.configuration:
        return {"update_command": config.configuration["update_command"]}
    return {}

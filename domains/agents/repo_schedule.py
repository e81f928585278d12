"""The SQL of support-agent schedules: due configs, claiming a slot, recording a fire."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domains.agents.models import AgentConfigView, ScheduleFire, ScheduleOutcome
from sql.database import Connection
from sql.queries import query_file

Q = query_file("agents_schedule")


async def list_due(conn: Connection, *, now: datetime, limit: int) -> list[AgentConfigView]:
    """Enabled configs whose next slot is at or before ``now``, oldest due first."""
    rows = await conn.fetch(Q["list_due_agent_schedules"], now, limit)
    return [AgentConfigView(**dict(r)) for r in rows]


async def claim_slot(
    conn: Connection, *, config_id: UUID, expected: datetime, next_at: datetime | None
) -> AgentConfigView | None:
    """Move the config's next slot from ``expected`` to ``next_at``; the config as it now
    is, or ``None`` when another caller moved it first (or it was disabled meanwhile)."""
    row = await conn.fetchrow(Q["claim_agent_schedule_slot"], config_id, expected, next_at)
    return AgentConfigView(**dict(row)) if row else None


async def record_fire(
    conn: Connection,
    *,
    config_id: UUID,
    slot_at: datetime,
    outcome: ScheduleOutcome,
    run_id: UUID | None,
    reason: str | None,
) -> ScheduleFire | None:
    """Record a fired slot; ``None`` when that slot of the config is already recorded."""
    row = await conn.fetchrow(
        Q["insert_agent_schedule_fire"], config_id, slot_at, outcome, run_id, reason
    )
    return ScheduleFire(**dict(row)) if row else None

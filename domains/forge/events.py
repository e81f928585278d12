"""The event topics of Forge: ``forge:session:<id>`` (every event of one session: its
phases, executions, output and agent events) and ``forge:sessions`` (every session's
phase moves)."""

from __future__ import annotations

from typing import get_args
from uuid import UUID

from domains.forge import repo
from domains.forge.models import EventType, SessionEventPayload, SessionPhasePayload
from rpc.event_families import EventFamily
from sql.database import Connection


async def _session_exists(conn: Connection, session_id: UUID) -> bool:
    return await repo.get_session(conn, session_id=session_id) is not None


# The events that come with a phase move, the only ones that also go to
# ``forge:sessions``: ``machine.move``'s, and an exec's start and end (ready ⇄ running).
PHASE_EVENTS: tuple[str, ...] = tuple(
    t
    for t in get_args(EventType)
    if t.startswith("session.") or t in ("exec.started", "exec.completed")
)

FAMILIES = (
    EventFamily(
        topic="forge:session:",
        types=get_args(EventType),
        payload=SessionEventPayload,
        description=(
            "Every event of one Forge session, in order: phase moves, executions and their "
            "output, a coding agent's events, checkpoints."
        ),
        exists=_session_exists,
        subject="forge_session",
    ),
    EventFamily(
        topic=repo.SESSIONS_TOPIC,
        types=PHASE_EVENTS,
        payload=SessionPhasePayload,
        description="Every Forge session's phase moves.",
    ),
)

"""The session phase machine: which moves are allowed, and each move with its event.

``created → provisioning → ready → running → ready | needs_input | completed | failed``;
``needs_input → running`` (an applied input); ``ready | needs_input → completed`` (the
caller is done); any phase that is not terminal → ``cancelled``. A move is one
conditional update (the expected phases in its WHERE) and its event, in the caller's
transaction, so a refused move writes nothing and two callers cannot both move.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domains.forge import repo
from domains.forge.errors import SessionNotFound
from domains.forge.models import ACTIVE_PHASES, Event, EventType, Phase, Session
from rpc.redaction import Redactor
from sql.database import Connection

# The phases each phase may be entered from.
ALLOWED_FROM: dict[Phase, tuple[Phase, ...]] = {
    "provisioning": ("created",),
    "ready": ("provisioning", "running"),
    "running": ("ready", "needs_input"),
    "needs_input": ("running",),
    "completed": ("ready", "needs_input", "running"),
    "failed": ("created", "provisioning", "running"),
    "cancelled": ACTIVE_PHASES,
}


async def locked_session(conn: Connection, session_id: UUID) -> Session:
    """The session, locked ``FOR UPDATE`` until the transaction ends (so an exec, an
    input, a cancel or a checkpoint is decided on its current phase); raises
    ``SessionNotFound``."""
    session = await repo.get_session(conn, session_id=session_id, lock=True)
    if session is None:
        raise SessionNotFound(session_id=session_id)
    return session


async def emit(
    conn: Connection,
    redactor: Redactor,
    *,
    session_id: UUID,
    type: EventType,
    data: dict[str, Any] | None = None,
    exec_sequence: int | None = None,
) -> Event:
    """Append one event, its data redacted, with the session's next ``seq``."""
    return await repo.append_event(
        conn,
        session_id=session_id,
        type=type,
        data=redactor.redact(data or {}),
        exec_sequence=exec_sequence,
    )


async def move(
    conn: Connection,
    redactor: Redactor,
    *,
    session_id: UUID,
    to: Phase,
    event: EventType,
    data: dict[str, Any] | None = None,
    expected: tuple[Phase, ...] | None = None,
    runner_state: dict[str, Any] | None = None,
    last_error: str | None = None,
    exec_sequence: int | None = None,
) -> Session | None:
    """Move the session to ``to`` from an allowed phase (or the narrower ``expected``),
    with ``event``; ``None`` (and nothing written) when it was in another phase."""
    allowed = ALLOWED_FROM[to] if expected is None else expected
    assert set(allowed) <= set(ALLOWED_FROM[to]), f"{allowed} -> {to} is not a move"
    error = redactor.redact_str(last_error) if last_error is not None else None
    moved = await repo.move_phase(
        conn,
        session_id=session_id,
        expected=allowed,
        to=to,
        runner_state=runner_state,
        last_error=error,
        set_error=last_error is not None,
    )
    if moved is None:
        return None
    payload = redactor.redact({"phase": to, **(data or {})})
    await repo.append_event(
        conn, session_id=session_id, type=event, data=payload, exec_sequence=exec_sequence
    )
    await repo.append_phase_event(conn, session=moved, type=event, data=payload, phase=to)
    return moved

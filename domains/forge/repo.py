"""The only module that runs the Forge domain's SQL."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from domains.forge.models import Checkpoint, Event, Exec, Phase, Runner, Session
from rpc.events import log as event_log
from sql.database import Connection
from sql.queries import query_file

Q = query_file("forge")

# ---- sessions -------------------------------------------------------------------------------


async def lock_limits(conn: Connection) -> None:
    """Serialise session starts (every process) until the transaction ends."""
    await conn.execute(Q["forge_lock_limits"])


async def count_active(conn: Connection) -> dict[str, int]:
    """Active sessions per runner."""
    return {r["runner"]: r["active"] for r in await conn.fetch(Q["forge_count_active"])}


async def insert_session(
    conn: Connection,
    *,
    name: str,
    runner: Runner,
    environment: str,
    project_id: UUID,
    run_id: UUID | None,
    workspace_path: str,
    spec: dict[str, Any],
) -> Session:
    """Record a session in phase ``created``."""
    row = await conn.fetchrow(
        Q["forge_insert_session"],
        name,
        runner,
        environment,
        project_id,
        run_id,
        workspace_path,
        spec,
    )
    assert row is not None
    return Session(**dict(row))


async def get_session(conn: Connection, *, session_id: UUID, lock: bool = False) -> Session | None:
    """A session (locked ``FOR UPDATE`` with ``lock``), or ``None``."""
    row = await conn.fetchrow(Q["forge_lock_session" if lock else "forge_get_session"], session_id)
    return Session(**dict(row)) if row else None


async def lock_active_sessions_of_run(conn: Connection, *, run_id: UUID) -> list[Session]:
    """A workflow run's sessions that have not ended, locked ``FOR UPDATE``."""
    rows = await conn.fetch(Q["forge_lock_active_sessions_of_run"], run_id)
    return [Session(**dict(r)) for r in rows]


async def list_sessions(
    conn: Connection,
    after: tuple[datetime, UUID],
    limit: int,
    *,
    project_id: UUID | None,
    phase: Phase | None,
) -> list[Session]:
    """Sessions newest first after an ``(inserted_at, id)`` position."""
    rows = await conn.fetch(Q["forge_list_sessions"], *after, limit, project_id, phase)
    return [Session(**dict(r)) for r in rows]


async def move_phase(
    conn: Connection,
    *,
    session_id: UUID,
    expected: tuple[Phase, ...],
    to: Phase,
    runner_state: dict[str, Any] | None = None,
    last_error: str | None = None,
    set_error: bool = False,
) -> Session | None:
    """Move a session to ``to`` if it is in an ``expected`` phase; ``None`` otherwise."""
    row = await conn.fetchrow(
        Q["forge_move_phase"], session_id, to, list(expected), runner_state, set_error, last_error
    )
    return Session(**dict(row)) if row else None


async def set_runner_state(conn: Connection, *, session_id: UUID, state: dict[str, Any]) -> None:
    """Replace a session's runner state."""
    await conn.execute(Q["forge_set_runner_state"], session_id, state)


# ---- events ---------------------------------------------------------------------------------


def session_topic(session_id: UUID) -> str:
    """The event topic of one session."""
    return f"forge:session:{session_id}"


# Every session's phase moves (``forge:session:<id>`` has all of one session's events).
SESSIONS_TOPIC = "forge:sessions"


def _event(session_id: UUID, seq: int, type: str, data: dict[str, Any], at: datetime) -> Event:
    """A session's event from its log row (``data`` holds the exec sequence and the
    event's own data)."""
    return Event.model_validate(
        {
            "session_id": session_id,
            "seq": seq,
            "type": type,
            "exec_sequence": data.get("exec_sequence"),
            "data": data.get("data", {}),
            "at": at,
        }
    )


async def append_event(
    conn: Connection,
    *,
    session_id: UUID,
    type: str,
    data: dict[str, Any],
    exec_sequence: int | None = None,
) -> Event:
    """Append an event to the session's topic (data already redacted)."""
    await conn.execute(Q["forge_touch_session"], session_id)
    payload = {"session_id": str(session_id), "exec_sequence": exec_sequence, "data": data}
    logged = await event_log.append(conn, session_topic(session_id), type, payload)
    return _event(session_id, logged.seq, logged.type, logged.data, logged.at)


async def append_phase_event(
    conn: Connection, *, session: Session, type: str, data: dict[str, Any], phase: Phase
) -> None:
    """Report a session's phase move on the ``forge:sessions`` topic (after the session's
    own event: every writer takes the two topic locks in that order)."""
    payload = {
        "session_id": str(session.id),
        "project_id": str(session.project_id),
        "run_id": str(session.run_id) if session.run_id is not None else None,
        "runner": session.runner,
        "name": session.name,
        "phase": phase,
        "data": data,
    }
    await event_log.append(conn, SESSIONS_TOPIC, type, payload)


async def list_events(
    conn: Connection, *, session_id: UUID, after: int, limit: int, types: list[str] | None
) -> list[Event]:
    """Events after ``after`` in ``seq`` order."""
    rows = await conn.fetch(Q["forge_list_events"], session_topic(session_id), after, limit, types)
    return [_event(session_id, r["seq"], r["type"], r["data"], r["at"]) for r in rows]


async def exec_output_events(
    conn: Connection, *, session_id: UUID, exec_sequence: int
) -> list[dict[str, Any]]:
    """The stored output chunks of one execution, in order (their ``data``)."""
    rows = await conn.fetch(Q["forge_exec_output_events"], session_topic(session_id), exec_sequence)
    return [dict(r["data"]) for r in rows]


async def drop_output_events(conn: Connection, *, session_id: UUID, seqs: list[int]) -> None:
    """Empty output chunks that fell out of the stored tail (marked dropped)."""
    await conn.execute(Q["forge_drop_output_events"], session_topic(session_id), seqs)


# ---- executions -----------------------------------------------------------------------------


async def insert_exec(conn: Connection, *, session_id: UUID, command: Any) -> Exec:
    """Record the session's next execution, in status ``started``."""
    sequence = await conn.fetchval(Q["forge_next_exec_sequence"], session_id)
    row = await conn.fetchrow(Q["forge_insert_exec"], session_id, sequence, command)
    assert row is not None
    return Exec(**dict(row))


async def set_exec_job(conn: Connection, *, exec_id: UUID, job_id: UUID) -> None:
    """Record the job that runs an execution."""
    await conn.execute(Q["forge_set_exec_job"], exec_id, job_id)


async def get_exec(conn: Connection, *, exec_id: UUID) -> Exec | None:
    """An execution by id, or ``None``."""
    row = await conn.fetchrow(Q["forge_get_exec"], exec_id)
    return Exec(**dict(row)) if row else None


async def get_exec_by_sequence(conn: Connection, *, session_id: UUID, sequence: int) -> Exec | None:
    """An execution of a session by sequence number, or ``None``."""
    row = await conn.fetchrow(Q["forge_get_exec_by_sequence"], session_id, sequence)
    return Exec(**dict(row)) if row else None


async def exec_pgid(conn: Connection, *, exec_id: UUID) -> int | None:
    """The process group recorded for a running execution."""
    value = await conn.fetchval(Q["forge_exec_pgid"], exec_id)
    return int(value) if value is not None else None


async def list_execs(conn: Connection, *, session_id: UUID, limit: int) -> list[Exec]:
    """A session's executions, newest first."""
    rows = await conn.fetch(Q["forge_list_execs"], session_id, limit)
    return [Exec(**dict(r)) for r in rows]


async def set_exec_pgid(conn: Connection, *, exec_id: UUID, pgid: int) -> bool:
    """Record a running execution's process group; ``False`` if it is no longer started."""
    return await conn.fetchval(Q["forge_set_exec_pgid"], exec_id, pgid) is not None


async def record_exec_output(
    conn: Connection, *, exec_id: UUID, total: int, stored: int, truncated: int
) -> bool:
    """Record output sizes; ``False`` if the execution is no longer started (fenced)."""
    row = await conn.fetchval(Q["forge_record_exec_output"], exec_id, total, stored, truncated)
    return row is not None


async def finish_exec(
    conn: Connection,
    *,
    exec_id: UUID,
    status: str,
    exit_code: int | None,
    error_kind: str | None,
    error: str | None,
    duration_ms: int | None,
    result: dict[str, Any],
) -> Exec | None:
    """End a still-started execution; ``None`` if it had already ended."""
    row = await conn.fetchrow(
        Q["forge_finish_exec"], exec_id, status, exit_code, error_kind, error, duration_ms, result
    )
    return Exec(**dict(row)) if row else None


# ---- checkpoints ----------------------------------------------------------------------------


async def next_checkpoint_number(conn: Connection, *, session_id: UUID) -> int:
    """Count one more checkpoint of a session; its number."""
    return int(await conn.fetchval(Q["forge_next_checkpoint_number"], session_id))


async def insert_checkpoint(
    conn: Connection,
    *,
    session_id: UUID,
    number: int,
    name: str,
    exec_sequence: int,
    state: dict[str, Any],
    ref: str,
    commit_sha: str,
) -> Checkpoint | None:
    """Record a checkpoint; ``None`` when the name is taken in the session."""
    row = await conn.fetchrow(
        Q["forge_insert_checkpoint"],
        session_id,
        number,
        name,
        exec_sequence,
        state,
        ref,
        commit_sha,
    )
    return Checkpoint(**dict(row)) if row else None


async def get_checkpoint(
    conn: Connection, *, session_id: UUID, number: int | None, name: str | None
) -> Checkpoint | None:
    """A checkpoint of a session by number or name, or ``None``."""
    row = await conn.fetchrow(Q["forge_get_checkpoint"], session_id, number, name)
    return Checkpoint(**dict(row)) if row else None


async def list_checkpoints(conn: Connection, *, session_id: UUID) -> list[Checkpoint]:
    """A session's checkpoints in order."""
    rows = await conn.fetch(Q["forge_list_checkpoints"], session_id)
    return [Checkpoint(**dict(r)) for r in rows]


# ---- retention ------------------------------------------------------------------------------


async def count_prunable_events(conn: Connection, *, cutoff: datetime) -> int:
    """Events older than ``cutoff``."""
    return int(await conn.fetchval(Q["forge_count_prunable_events"], cutoff))


async def prune_events(conn: Connection, *, cutoff: datetime, limit: int) -> int:
    """Delete up to ``limit`` events older than ``cutoff``; how many went."""
    return int(await conn.fetchval(Q["forge_prune_events"], cutoff, limit))

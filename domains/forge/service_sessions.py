"""Sessions: start (with the limits), read, list, cancel (one, or a run's), complete; events
and exec reads.

Starting checks the environment (a session it cannot provision is refused, nothing is
recorded), then counts the active sessions under a transaction-scoped advisory lock, so
the limits hold across every server process; in that one transaction the session is
recorded, moved to ``provisioning`` (``session.started``) and to ``ready``
(``session.ready``).
"""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from domains.forge import machine, repo
from domains.forge.environment import ENVIRONMENTS, check_extra_env
from domains.forge.errors import (
    ExecNotFound,
    ForgeLimitReached,
    SessionNotFound,
    SessionPhaseRefused,
    WorkspaceNotReady,
)
from domains.forge.models import (
    ACTIVE_PHASES,
    EventPage,
    EventType,
    ExecDetail,
    Phase,
    Runner,
    Session,
    SessionDetail,
    SessionPage,
    SessionSpec,
)
from domains.forge.output import joined_output
from domains.forge.service_exec import refuse_secret_env
from domains.projects.service import get_project
from domains.shared import cursors
from rpc.context import Runtime
from rpc.settings import Settings
from sql.database import Connection, Database

_PER_RUNNER: dict[str, tuple[str, str]] = {
    "agent_cli": ("forge_max_agent_sessions", "agent_cli sessions"),
    "shell": ("forge_max_shell_sessions", "shell sessions"),
}


async def check_limits(conn: Connection, settings: Settings, runner: Runner) -> None:
    """Refuse a new ``runner`` session that would pass the total or the runner's limit.

    Holds the limits lock until the caller's transaction ends: the caller inserts the
    session in it, so two processes cannot both take the last place.
    """
    await repo.lock_limits(conn)
    active = await repo.count_active(conn)
    if sum(active.values()) >= settings.forge_max_sessions:
        raise ForgeLimitReached(
            setting="JIDOCODE_FORGE_MAX_SESSIONS",
            limit=settings.forge_max_sessions,
            what="sessions",
        )
    if runner in _PER_RUNNER:
        field, what = _PER_RUNNER[runner]
        limit = int(getattr(settings, field))
        if active.get(runner, 0) >= limit:
            raise ForgeLimitReached(setting=f"JIDOCODE_{field.upper()}", limit=limit, what=what)


async def start_session(
    db: Database,
    runtime: Runtime,
    *,
    project_id: UUID,
    runner: Runner,
    spec: SessionSpec,
    name: str | None = None,
    run_id: UUID | None = None,
    workspace: Path | None = None,
) -> Session:
    """A new session in the project's workspace (or ``workspace``, a run's worktree),
    returned ``ready``; refused (nothing recorded) over a limit, or when its environment
    is unavailable."""
    check_extra_env(spec.env)
    refuse_secret_env(runtime, spec.env)
    environment = ENVIRONMENTS[spec.environment]
    async with db.transaction() as conn:
        project = await get_project(conn, project_id=project_id)
        if workspace is None and project.clone_status != "ready":
            raise WorkspaceNotReady(
                reason=f"the project's clone is {project.clone_status}; wait for it or sync"
            )
        path = workspace or Path(project.workspace_path)
        # Refused before anything is recorded: configuration is missing, not a failure.
        await environment.provision(conn, runtime, path)
        await check_limits(conn, runtime.settings, runner)
        created = await repo.insert_session(
            conn,
            name=name or f"{runner} in {project.name}",
            runner=runner,
            environment=spec.environment,
            project_id=project_id,
            run_id=run_id,
            workspace_path=str(path),
            spec=spec.model_dump(mode="json", exclude_none=True),
        )
        session = await machine.move(
            conn,
            runtime.redactor,
            session_id=created.id,
            to="provisioning",
            event="session.started",
            data={"runner": runner, "environment": spec.environment, "project_id": str(project_id)},
        )
        assert session is not None
        # The local environment is provisioned by the check above; all three moves commit
        # together, so a crash never strands a session in provisioning.
        ready = await machine.move(
            conn,
            runtime.redactor,
            session_id=created.id,
            to="ready",
            event="session.ready",
            expected=("provisioning",),
        )
        assert ready is not None
        return ready


async def get_session(db: Database, *, session_id: UUID) -> SessionDetail:
    """One session with its latest executions (20), checkpoints and open question."""
    async with db.connection() as conn:
        session = await repo.get_session(conn, session_id=session_id)
        if session is None:
            raise SessionNotFound(session_id=session_id)
        execs = await repo.list_execs(conn, session_id=session_id, limit=20)
        checkpoints = await repo.list_checkpoints(conn, session_id=session_id)
    question = session.runner_state.get("question") if session.phase == "needs_input" else None
    return SessionDetail(
        **session.model_dump(), execs=execs, checkpoints=checkpoints, question=question
    )


async def list_sessions(
    db: Database, *, project_id: UUID | None, phase: Phase | None, cursor: str | None, limit: int
) -> SessionPage:
    """Sessions newest first, optionally of one project or in one phase."""
    items, next_cursor = await cursors.NEWEST_FIRST.page(
        db,
        cursor,
        limit,
        cursors.by_inserted_at,
        repo.list_sessions,
        project_id=project_id,
        phase=phase,
    )
    return SessionPage(items=items, next_cursor=next_cursor)


async def cancel_session(db: Database, runtime: Runtime, *, session_id: UUID) -> Session:
    """Cancel a session that has not ended; a running exec's process group is ended by
    its worker within about a second (it polls the phase) and its output is kept."""
    async with db.transaction() as conn:
        session = await machine.locked_session(conn, session_id)
        if session.phase not in ACTIVE_PHASES:
            raise SessionPhaseRefused(phase=session.phase, to="cancelled")
        moved = await machine.move(
            conn,
            runtime.redactor,
            session_id=session_id,
            to="cancelled",
            event="session.cancelled",
            data={"from": session.phase},
        )
        assert moved is not None
        return moved


async def cancel_run_sessions(db: Database, runtime: Runtime, *, run_id: UUID) -> list[Session]:
    """Cancel every session of workflow run ``run_id`` that has not ended, in one
    transaction; the cancelled sessions (none is fine). As with ``cancel_session``, a
    running exec's process group is ended by its worker within about a second."""
    async with db.transaction() as conn:
        cancelled: list[Session] = []
        for session in await repo.lock_active_sessions_of_run(conn, run_id=run_id):
            moved = await machine.move(
                conn,
                runtime.redactor,
                session_id=session.id,
                to="cancelled",
                event="session.cancelled",
                data={"from": session.phase, "reason": "its workflow run was cancelled"},
            )
            if moved is not None:
                cancelled.append(moved)
        return cancelled


async def complete_session(db: Database, runtime: Runtime, *, session_id: UUID) -> Session:
    """End a ``ready`` (or ``needs_input``) session as ``completed``."""
    async with db.transaction() as conn:
        session = await machine.locked_session(conn, session_id)
        moved = await machine.move(
            conn,
            runtime.redactor,
            session_id=session_id,
            to="completed",
            event="session.completed",
            expected=("ready", "needs_input"),
        )
        if moved is None:
            raise SessionPhaseRefused(phase=session.phase, to="completed")
        return moved


async def list_events(
    db: Database,
    *,
    session_id: UUID,
    cursor: str | None,
    limit: int,
    types: list[EventType] | None,
) -> EventPage:
    """A session's events after ``cursor`` in ``seq`` order, and where to continue."""
    after = cursors.decode_seq(cursor)
    async with db.connection() as conn:
        if await repo.get_session(conn, session_id=session_id) is None:
            raise SessionNotFound(session_id=session_id)
        items = await repo.list_events(
            conn,
            session_id=session_id,
            after=after,
            limit=limit,
            types=list(types) if types else None,
        )
    last = items[-1].seq if items else after
    return EventPage(items=items, next_cursor=cursors.encode_seq(last))


async def get_exec(db: Database, *, session_id: UUID, sequence: int) -> ExecDetail:
    """One execution with its stored output (the tail behind a truncation marker)."""
    async with db.connection() as conn:
        execution = await repo.get_exec_by_sequence(conn, session_id=session_id, sequence=sequence)
        if execution is None:
            if await repo.get_session(conn, session_id=session_id) is None:
                raise SessionNotFound(session_id=session_id)
            raise ExecNotFound(session_id=session_id, sequence=sequence)
        chunks = await repo.exec_output_events(conn, session_id=session_id, exec_sequence=sequence)
    return ExecDetail(**execution.model_dump(), output=joined_output(chunks))

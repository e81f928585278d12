"""Forge methods (action group 8): sessions that run shell commands and coding agents in
a project's workspace, their executions, events and checkpoints; plus the job that runs
an execution and the pruner of old events.
"""

from __future__ import annotations

from domains.forge import service
from domains.forge.errors import (
    CheckpointExists,
    CheckpointFailed,
    CheckpointNotFound,
    EnvironmentUnavailable,
    ExecNotFound,
    ForgeLimitReached,
    SessionNotFound,
    SessionPhaseRefused,
    WorkspaceNotReady,
)
from domains.forge.events import FAMILIES as EVENT_FAMILIES
from domains.forge.models import (
    ApplyInputParams,
    Checkpoint,
    CreateCheckpointParams,
    EventPage,
    Exec,
    ExecDetail,
    ExecParams,
    ExecRef,
    ListEventsParams,
    ListSessionsParams,
    RestoreCheckpointParams,
    Session,
    SessionDetail,
    SessionPage,
    SessionRef,
    StartSessionParams,
)
from domains.forge.service_retention import FORGE_EVENTS
from domains.projects.errors import ProjectNotFound
from rpc.context import RpcContext
from rpc.contract import DomainRegistration, Group, MethodTable
from rpc.errors import ValidationFailed

methods = MethodTable("forge")


@methods.method(
    "forge.start_session",
    group=Group.FORGE,
    errors=[
        ProjectNotFound,
        WorkspaceNotReady,
        ForgeLimitReached,
        EnvironmentUnavailable,
        ValidationFailed,
    ],
)
async def start_session(ctx: RpcContext, params: StartSessionParams) -> Session:
    """Start a session of ``runner`` (shell, agent_cli, workflow) in the project's
    workspace and return it ``ready``. ``spec`` sets the environment (``local``; ``sprite``
    needs a Sprites credential), the wall and idle-output timeouts (default 30 and 5
    minutes), extra environment variables and, for agents, the profile (claude, codex),
    turn limit and budget. Refused with the limit's name when too many are active."""
    return await service.start_session(
        ctx.db,
        ctx.runtime,
        project_id=params.project_id,
        runner=params.runner,
        spec=params.spec,
        name=params.name,
        run_id=params.run_id,
    )


@methods.method("forge.get_session", group=Group.FORGE, errors=[SessionNotFound], idempotent=True)
async def get_session(ctx: RpcContext, params: SessionRef) -> SessionDetail:
    """One session with its phase, its latest executions, its checkpoints and, when it
    needs input, the question it asks."""
    return await service.get_session(ctx.db, session_id=params.session_id)


@methods.method(
    "forge.list_sessions", group=Group.FORGE, errors=[ValidationFailed], idempotent=True
)
async def list_sessions(ctx: RpcContext, params: ListSessionsParams) -> SessionPage:
    """List sessions newest first, optionally of one project or in one phase."""
    return await service.list_sessions(
        ctx.db,
        project_id=params.project_id,
        phase=params.phase,
        cursor=params.cursor,
        limit=params.limit,
    )


@methods.method(
    "forge.exec",
    group=Group.FORGE,
    errors=[SessionNotFound, SessionPhaseRefused, ValidationFailed],
)
async def exec_(ctx: RpcContext, params: ExecParams) -> Exec:
    """Run one iteration in a ``ready`` session: for ``shell`` a command (text run by
    ``sh -c``, or an argv list), for ``agent_cli`` the prompt, for ``workflow`` the list
    of steps. Returns the execution ``started``; a worker runs it, its output arrives as
    ``exec.output`` events and it ends with ``exec.completed``. Secrets reach commands as
    bound variables; a command holding a secret value is refused."""
    return await service.exec_command(
        ctx.db, ctx.runtime, session_id=params.session_id, command=params.command
    )


@methods.method(
    "forge.get_exec", group=Group.FORGE, errors=[SessionNotFound, ExecNotFound], idempotent=True
)
async def get_exec(ctx: RpcContext, params: ExecRef) -> ExecDetail:
    """One execution: status, exit code, duration, sizes and its stored output (the last
    1 MB, behind a truncation marker when more was written)."""
    return await service.get_exec(ctx.db, session_id=params.session_id, sequence=params.sequence)


@methods.method(
    "forge.apply_input",
    group=Group.FORGE,
    errors=[SessionNotFound, SessionPhaseRefused, ValidationFailed],
)
async def apply_input(ctx: RpcContext, params: ApplyInputParams) -> Exec:
    """Answer a session that needs input: an agent resumes its own session with the
    answer as the next prompt. Emits ``session.input_applied``; returns the new exec."""
    return await service.apply_input(
        ctx.db, ctx.runtime, session_id=params.session_id, text=params.input
    )


@methods.method(
    "forge.complete_session", group=Group.FORGE, errors=[SessionNotFound, SessionPhaseRefused]
)
async def complete_session(ctx: RpcContext, params: SessionRef) -> Session:
    """End a ``ready`` or ``needs_input`` session as ``completed``."""
    return await service.complete_session(ctx.db, ctx.runtime, session_id=params.session_id)


@methods.method(
    "forge.cancel_session", group=Group.FORGE, errors=[SessionNotFound, SessionPhaseRefused]
)
async def cancel_session(ctx: RpcContext, params: SessionRef) -> Session:
    """Cancel a session that has not ended. A running execution's whole process group is
    ended within seconds; the output it wrote is kept."""
    return await service.cancel_session(ctx.db, ctx.runtime, session_id=params.session_id)


@methods.method(
    "forge.list_events",
    group=Group.FORGE,
    errors=[SessionNotFound, ValidationFailed],
    idempotent=True,
)
async def list_events(ctx: RpcContext, params: ListEventsParams) -> EventPage:
    """Read a session's events after ``cursor`` (its ``seq``), in order; pass
    ``next_cursor`` back to continue. Events are kept 7 days."""
    return await service.list_events(
        ctx.db,
        session_id=params.session_id,
        cursor=params.cursor,
        limit=params.limit,
        types=params.types,
    )


@methods.method(
    "forge.create_checkpoint",
    group=Group.FORGE,
    errors=[SessionNotFound, SessionPhaseRefused, CheckpointExists, CheckpointFailed],
)
async def create_checkpoint(ctx: RpcContext, params: CreateCheckpointParams) -> Checkpoint:
    """Checkpoint a session that is not running: its exec sequence and runner state, and
    its workspace as a commit on ``refs/jidocode/checkpoints/<session>/<n>`` (the working
    tree, index and branch are left as they are)."""
    return await service.create_checkpoint(
        ctx.db, ctx.runtime, session_id=params.session_id, name=params.name
    )


@methods.method(
    "forge.restore_checkpoint",
    group=Group.FORGE,
    errors=[
        SessionNotFound,
        CheckpointNotFound,
        SessionPhaseRefused,
        CheckpointFailed,
        ValidationFailed,
    ],
)
async def restore_checkpoint(ctx: RpcContext, params: RestoreCheckpointParams) -> Checkpoint:
    """Put a checkpoint (by ``number`` or ``name``) back into a ``ready`` or
    ``needs_input`` session: the workspace's files as they were (files created since are
    removed, ignored files kept; the branch is not moved) and the runner state."""
    return await service.restore_checkpoint(
        ctx.db, ctx.runtime, session_id=params.session_id, number=params.number, name=params.name
    )


REGISTRATION = DomainRegistration(
    name="forge",
    event_families=EVENT_FAMILIES,
    methods=methods,
    job_handlers={service.EXEC_JOB: service.run_exec_job},
    long_job_kinds=frozenset({service.EXEC_JOB}),
    pruners=[FORGE_EVENTS],
)

"""The Forge domain's interface: what its RPC methods and other domains (the step
engine) call. Each function owns its transaction unless it takes a ``conn``."""

from __future__ import annotations

from uuid import UUID

from domains.forge.models import Command, Exec
from domains.forge.service_checkpoints import create_checkpoint, restore_checkpoint
from domains.forge.service_exec import EXEC_JOB, exec_in_session
from domains.forge.service_exec import apply_input as _apply_input
from domains.forge.service_run import run_exec_job
from domains.forge.service_sessions import (
    cancel_run_sessions,
    cancel_session,
    complete_session,
    get_exec,
    get_session,
    list_events,
    list_sessions,
    start_session,
)
from rpc.context import Runtime
from sql.database import Database


async def exec_command(
    db: Database, runtime: Runtime, *, session_id: UUID, command: Command
) -> Exec:
    """Queue one execution in a ``ready`` session; a worker runs it."""
    async with db.transaction() as conn:
        return await exec_in_session(conn, runtime, session_id=session_id, command=command)


async def apply_input(db: Database, runtime: Runtime, *, session_id: UUID, text: str) -> Exec:
    """Answer a ``needs_input`` session; a worker continues it."""
    async with db.transaction() as conn:
        return await _apply_input(conn, runtime, session_id=session_id, text=text)


__all__ = [
    "EXEC_JOB",
    "apply_input",
    "cancel_run_sessions",
    "cancel_session",
    "complete_session",
    "create_checkpoint",
    "exec_command",
    "exec_in_session",
    "get_exec",
    "get_session",
    "list_events",
    "list_sessions",
    "restore_checkpoint",
    "run_exec_job",
    "start_session",
]

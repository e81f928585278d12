"""Checkpoints: a session's exec sequence, runner state and workspace, kept and put back.

The workspace is snapshotted as a commit on ``refs/jidocode/checkpoints/<session>/<n>``
(``snapshots``) without touching its working tree, index or branch; restoring puts the
snapshot's files back and the runner state with them. Neither is allowed while an exec
runs (the workspace is changing), and restoring only in a session that can exec again.
"""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from domains.forge import machine, repo, snapshots
from domains.forge.errors import (
    CheckpointExists,
    CheckpointFailed,
    CheckpointNotFound,
    SessionPhaseRefused,
)
from domains.forge.models import Checkpoint, Phase
from rpc.context import Runtime
from rpc.errors import ValidationFailed
from sql.database import Database

_CHECKPOINT_PHASES: tuple[Phase, ...] = ("ready", "needs_input", "completed", "failed")
_RESTORE_PHASES: tuple[Phase, ...] = ("ready", "needs_input")


async def create_checkpoint(
    db: Database, runtime: Runtime, *, session_id: UUID, name: str | None
) -> Checkpoint:
    """Snapshot the session's workspace and state as checkpoint ``name`` (``cp-<n>``)."""
    async with db.transaction() as conn:
        session = await machine.locked_session(conn, session_id)
        if session.phase not in _CHECKPOINT_PHASES:
            raise SessionPhaseRefused(phase=session.phase, to="checkpoint")
        if name is not None and await repo.get_checkpoint(
            conn, session_id=session_id, number=None, name=name
        ):
            raise CheckpointExists(name=name)
        number = await repo.next_checkpoint_number(conn, session_id=session_id)
        label = name or f"cp-{number}"
        ref = snapshots.checkpoint_ref(session_id, number)
        try:
            commit = await snapshots.snapshot(
                Path(session.workspace_path),
                ref=ref,
                message=f"jidocode checkpoint {label} of forge session {session_id}",
            )
        except snapshots.SnapshotFailed as exc:
            raise CheckpointFailed(reason=runtime.redactor.redact_str(str(exc))) from None
        checkpoint = await repo.insert_checkpoint(
            conn,
            session_id=session_id,
            number=number,
            name=label,
            exec_sequence=session.execution_count,
            state={"runner_state": session.runner_state, "phase": session.phase},
            ref=ref,
            commit_sha=commit,
        )
        if checkpoint is None:  # "cp-<n>" was taken by an explicit name
            raise CheckpointExists(name=label)
        await machine.emit(
            conn,
            runtime.redactor,
            session_id=session_id,
            type="checkpoint.created",
            data={
                "number": number,
                "name": label,
                "ref": ref,
                "commit": commit,
                "exec_sequence": session.execution_count,
            },
        )
        return checkpoint


async def restore_checkpoint(
    db: Database, runtime: Runtime, *, session_id: UUID, number: int | None, name: str | None
) -> Checkpoint:
    """Put a checkpoint's workspace files and runner state back into the session."""
    if (number is None) == (name is None):
        raise ValidationFailed.on("number", "give the checkpoint's number or its name (one)")
    async with db.transaction() as conn:
        session = await machine.locked_session(conn, session_id)
        checkpoint = await repo.get_checkpoint(
            conn, session_id=session_id, number=number, name=name
        )
        if checkpoint is None:
            raise CheckpointNotFound(session_id=session_id, which=str(number or name))
        if session.phase not in _RESTORE_PHASES:
            raise SessionPhaseRefused(phase=session.phase, to="restore")
        try:
            await snapshots.restore(Path(session.workspace_path), commit=checkpoint.commit_sha)
        except snapshots.SnapshotFailed as exc:
            raise CheckpointFailed(reason=runtime.redactor.redact_str(str(exc))) from None
        state = dict(checkpoint.state.get("runner_state") or {})
        if session.phase == "needs_input" and "question" in session.runner_state:
            state["question"] = session.runner_state["question"]
        await repo.set_runner_state(conn, session_id=session_id, state=state)
        await machine.emit(
            conn,
            runtime.redactor,
            session_id=session_id,
            type="checkpoint.restored",
            data={
                "number": checkpoint.number,
                "name": checkpoint.name,
                "commit": checkpoint.commit_sha,
            },
        )
        return checkpoint

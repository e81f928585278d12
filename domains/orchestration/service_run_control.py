"""Cancelling a run, and retrying a failed or cancelled one as a new run with its lineage."""

from __future__ import annotations

import logging
from typing import Any
from uuid import UUID

import asyncpg

from domains.forge.service import cancel_run_sessions
from domains.orchestration.errors import RunTransitionRefused, StepRetryNotAllowed
from domains.orchestration.models import RunView
from domains.orchestration.service_runs import create_run, lock_run, move, pinned_version
from rpc.context import Runtime
from rpc.errors import ValidationFailed
from sql.database import Database

log = logging.getLogger(__name__)

RETRY_TARGET = "retried"


async def cancel_run(
    db: Database, runtime: Runtime, *, run_id: UUID, actor: str, reason: str | None
) -> RunView:
    """Cancel a pending, running or awaiting-approval run; a finished one is refused.

    Once the cancel has committed, the run's Forge sessions are cancelled too, which ends
    a running step's process group within seconds, however slowly the engine polls the
    run. The engine's own poll stays the guarantee: if this second transaction fails, the
    run is cancelled all the same and the engine ends the step when it looks.
    """
    async with db.transaction() as conn:
        run = await lock_run(conn, run_id=run_id)
        data = {"reason": runtime.redactor.redact(reason)} if reason else {}
        cancelled = await move(conn, run, to="cancelled", actor=actor, event_data=data)
    try:
        await cancel_run_sessions(db, runtime, run_id=run_id)
    except (OSError, asyncpg.PostgresError):
        log.warning(
            "could not cancel the run's Forge sessions; the engine will",
            extra={"run_id": str(run_id)},
        )
    return cancelled


async def retry_run(
    db: Database, runtime: Runtime, *, run_id: UUID, actor: str, from_step: str | None
) -> RunView:
    """Start a new run repeating a failed or cancelled one: same pinned version and inputs.

    The new run carries ``retry_of_run_id`` and ``retry_attempt + 1``. ``from_step`` starts
    it at that step when the definition's policy lists it as retryable, keeping the results
    of the steps before it. A run is retried once (``RunAlreadyRetried``); retry the newest.
    """
    async with db.transaction() as conn:
        original = await lock_run(conn, run_id=run_id)
        if original.status not in {"failed", "cancelled"}:
            raise RunTransitionRefused(from_=original.status, to=RETRY_TARGET)
        version = await pinned_version(conn, original)
        kept: dict[str, Any] = {}
        if from_step is not None:
            names = version.step_names()
            if from_step not in names:
                raise ValidationFailed.on(
                    "from_step", f"is not a step of {version.name} v{version.version}"
                )
            allowed = version.approval_policy.retryable_steps
            if from_step not in allowed:
                raise StepRetryNotAllowed(name=version.name, step=from_step, allowed=allowed)
            earlier = set(names[: names.index(from_step)])
            kept = {k: v for k, v in original.step_results.items() if k in earlier}
        return await create_run(
            conn,
            runtime,
            version=version,
            project_id=original.project_id,
            inputs=original.inputs,
            trigger=original.trigger,
            trigger_context={**original.trigger_context, "retry_of_run_id": str(original.id)},
            actor=actor,
            start_step=from_step,
            step_results=kept,
            retry_of=original,
        )

"""Factories for orchestration records: runs (in any status) and artifacts."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from domains.orchestration import service
from domains.orchestration.models import ArtifactView, RunView
from rpc.context import Runtime
from sql.database import Connection
from tests.domains.projects.factories import make_project

ACTOR = "owner:test"


async def make_run(
    conn: Connection,
    runtime: Runtime,
    *,
    project_id: uuid.UUID | None = None,
    definition_name: str = "issue_triage",
    inputs: dict[str, Any] | None = None,
    trigger: str = "manual",
) -> RunView:
    """A pending run (a non-shipping builtin unless told otherwise)."""
    if project_id is None:
        project_id = (await make_project(conn)).id
    default_inputs: dict[str, dict[str, Any]] = {
        "issue_triage": {"issue_reference": "acme/app#1"},
        "implement_task": {"task_summary": "Add a health endpoint"},
        "fix_failing_tests": {"failure_signal": "test_health failed"},
    }
    return await service.start_run(
        conn,
        runtime,
        project_id=project_id,
        definition_name=definition_name,
        inputs=inputs if inputs is not None else default_inputs.get(definition_name, {}),
        trigger=trigger,
        trigger_context={},
        actor=ACTOR,
    )


async def run_in(conn: Connection, runtime: Runtime, status: str, **kwargs: Any) -> RunView:
    """A run brought to ``status`` through allowed moves only."""
    run = await make_run(conn, runtime, **kwargs)
    path = {
        "pending": [],
        "running": ["running"],
        "awaiting_approval": ["running", "awaiting_approval"],
        "completed": ["running", "completed"],
        "failed": ["running", "failed"],
        "cancelled": ["cancelled"],
    }[status]
    for to in path:
        step = "approval" if to == "awaiting_approval" else None
        run = await service.advance_run(conn, runtime, run_id=run.id, to=to, actor=ACTOR, step=step)
    return run


async def make_artifact(
    conn: Connection,
    runtime: Runtime,
    *,
    run_id: uuid.UUID,
    kind: str = "log",
    inserted_at: datetime | None = None,
    **overrides: Any,
) -> ArtifactView:
    """An artifact of a run (a plain-text log unless told otherwise), made ``inserted_at``
    when given (to test retention)."""
    fields: dict[str, Any] = {"name": kind, "content_type": "text/plain", "content": "output"}
    fields.update(overrides)
    artifact = await service.add_artifact(conn, runtime, run_id=run_id, kind=kind, **fields)
    if inserted_at is not None:
        # Test set-up: age the artifact.
        await conn.execute(
            "UPDATE artifacts SET inserted_at = $2 WHERE id = $1", artifact.id, inserted_at
        )
        artifact = artifact.model_copy(update={"inserted_at": inserted_at})
    return artifact

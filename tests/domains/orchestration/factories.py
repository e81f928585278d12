"""Factories for orchestration tests: projects (through the projects repo) and runs."""

from __future__ import annotations

import uuid
from typing import Any

from domains.orchestration import service
from domains.orchestration.models import RunView
from domains.projects import repo as projects_repo
from domains.projects.models import ProjectView
from rpc.context import Runtime
from sql.database import Connection

ACTOR = "owner:test"


async def make_project(conn: Connection, **overrides: Any) -> ProjectView:
    """A project row (no clone job): enough for runs and pull requests to point at."""
    suffix = uuid.uuid4().hex[:8]
    fields: dict[str, Any] = {
        "name": f"app-{suffix}",
        "github_full_name": f"acme/app-{suffix}",
        "default_branch": "main",
        "environment_type": "local",
        "workspace_path": f"/nonexistent/workspaces/acme/app-{suffix}",
    }
    fields.update(overrides)
    project = await projects_repo.insert_project_if_absent(conn, **fields)
    assert project is not None
    return project


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

"""Factories for project records, for every domain's tests that need a project."""

from __future__ import annotations

import uuid
from typing import Any

from domains.projects import repo
from domains.projects.models import ProjectView
from sql.database import Connection


async def make_project(conn: Connection, **overrides: Any) -> ProjectView:
    """A project row (no clone job): enough for runs, configs and pull requests to point
    at. A unique repository name unless ``github_full_name`` is given."""
    suffix = uuid.uuid4().hex[:8]
    fields: dict[str, Any] = {
        "name": f"app-{suffix}",
        "github_full_name": f"acme/app-{suffix}",
        "default_branch": "main",
        "environment_type": "local",
        "workspace_path": f"/nonexistent/workspaces/acme/app-{suffix}",
    }
    fields.update(overrides)
    project = await repo.insert_project_if_absent(conn, **fields)
    assert project is not None
    return project

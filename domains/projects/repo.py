"""The only module that runs the projects domain's SQL; returns models, never Records."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from domains.projects.errors import ProjectNotFound, SecretBindingExists, SecretRefNotFound
from domains.projects.models import (
    CloneEvent,
    CloneStatus,
    ProjectNames,
    ProjectView,
    SecretBindingView,
)
from rpc.errors import ValidationFailed
from sql.database import Connection
from sql.queries import query_file

Q = query_file("projects")


def _project(row: asyncpg.Record | None) -> ProjectView | None:
    return ProjectView(**dict(row)) if row else None


async def insert_project_if_absent(
    conn: Connection,
    *,
    name: str,
    github_full_name: str,
    default_branch: str | None,
    environment_type: str,
    workspace_path: str,
) -> ProjectView | None:
    """Create the project; ``None`` when the repository is already imported."""
    try:
        row = await conn.fetchrow(
            Q["insert_project_if_absent"],
            name,
            github_full_name,
            default_branch,
            environment_type,
            workspace_path,
        )
    except asyncpg.CheckViolationError as exc:
        if exc.constraint_name == "projects_github_full_name_format":
            raise ValidationFailed.on(
                "github_full_name", "must be owner/repo as GitHub names them"
            ) from None
        raise
    return _project(row)


async def get_project(conn: Connection, *, project_id: UUID) -> ProjectView | None:
    """One project, or ``None``."""
    return _project(await conn.fetchrow(Q["get_project_by_id"], project_id))


async def get_project_by_full_name(
    conn: Connection, *, github_full_name: str
) -> ProjectView | None:
    """The project of one repository (case-insensitive), or ``None``."""
    return _project(await conn.fetchrow(Q["get_project_by_full_name"], github_full_name))


async def list_projects_page(
    conn: Connection, after: tuple[datetime, UUID], limit: int
) -> list[ProjectView]:
    """Up to ``limit`` projects, newest first, after an ``(inserted_at, id)`` position."""
    rows = await conn.fetch(Q["list_projects_page"], *after, limit)
    return [ProjectView(**dict(r)) for r in rows]


async def list_project_names(conn: Connection) -> list[ProjectNames]:
    """Every project's id and repository name."""
    return [ProjectNames(**dict(r)) for r in await conn.fetch(Q["list_project_full_names"])]


async def any_ready_project(conn: Connection) -> bool:
    """Whether some project's clone is ``ready``."""
    return bool(await conn.fetchval(Q["any_ready_project"]))


async def update_project_fields(
    conn: Connection,
    *,
    project_id: UUID,
    name: str | None,
    default_branch: str | None,
    environment_type: str | None,
    settings: dict[str, Any] | None,
) -> ProjectView:
    """Change the given fields (``None`` keeps one); raises ``ProjectNotFound``."""
    row = await conn.fetchrow(
        Q["update_project_fields"], project_id, name, default_branch, environment_type, settings
    )
    project = _project(row)
    if project is None:
        raise ProjectNotFound(project_id=project_id)
    return project


async def move_clone_status(
    conn: Connection,
    *,
    project_id: UUID,
    expected: list[CloneStatus],
    to: CloneStatus,
    clone_error: str | None = None,
    default_branch: str | None = None,
) -> tuple[ProjectView, CloneStatus] | None:
    """Move the clone status only from an expected state.

    Returns the project and the state it left, or ``None`` when it was in none of them.
    """
    row = await conn.fetchrow(
        Q["move_clone_status"], project_id, list(expected), to, clone_error, default_branch
    )
    if row is None:
        return None
    values = dict(row)
    from_status: CloneStatus = values.pop("from_status")
    return ProjectView(**values), from_status


async def insert_clone_event(
    conn: Connection,
    *,
    project_id: UUID,
    from_status: CloneStatus | None,
    to_status: CloneStatus,
    reason: str,
    actor: str,
) -> CloneEvent:
    """Record one clone-status move in the history."""
    row = await conn.fetchrow(
        Q["insert_clone_event"], project_id, from_status, to_status, reason, actor
    )
    assert row is not None  # INSERT ... RETURNING always answers a row
    return CloneEvent(**dict(row))


async def list_clone_events(conn: Connection, *, project_id: UUID) -> list[CloneEvent]:
    """A project's clone-status history, oldest first."""
    rows = await conn.fetch(Q["list_clone_events"], project_id)
    return [CloneEvent(**dict(r)) for r in rows]


async def insert_secret_binding(
    conn: Connection,
    *,
    project_id: UUID,
    env_var_name: str,
    secret_ref_id: UUID,
    inject_to_workspace: bool,
) -> SecretBindingView:
    """Bind a secret; a taken name, a missing project or secret raise typed errors."""
    try:
        row = await conn.fetchrow(
            Q["insert_secret_binding"], project_id, env_var_name, secret_ref_id, inject_to_workspace
        )
    except asyncpg.UniqueViolationError as exc:
        if exc.constraint_name == "project_secret_bindings_env_var_key":
            raise SecretBindingExists(env_var_name=env_var_name) from None
        raise
    except asyncpg.ForeignKeyViolationError as exc:
        if exc.constraint_name == "project_secret_bindings_secret_ref_id_fkey":
            raise SecretRefNotFound(secret_ref_id=secret_ref_id) from None
        if exc.constraint_name == "project_secret_bindings_project_id_fkey":
            raise ProjectNotFound(project_id=project_id) from None
        raise
    except asyncpg.CheckViolationError as exc:
        if exc.constraint_name == "project_secret_bindings_env_var_name_format":
            raise ValidationFailed.on(
                "env_var_name", "must match ^[A-Z_][A-Z0-9_]*$ (128 characters at most)"
            ) from None
        raise
    assert row is not None  # INSERT ... RETURNING always answers a row
    return SecretBindingView(**dict(row))


async def list_secret_bindings(conn: Connection, *, project_id: UUID) -> list[SecretBindingView]:
    """A project's bindings by variable name."""
    rows = await conn.fetch(Q["list_secret_bindings"], project_id)
    return [SecretBindingView(**dict(r)) for r in rows]


async def delete_secret_binding(
    conn: Connection, *, project_id: UUID, env_var_name: str
) -> SecretBindingView | None:
    """Remove one binding; ``None`` when there was none."""
    row = await conn.fetchrow(Q["delete_secret_binding"], project_id, env_var_name)
    return SecretBindingView(**dict(row)) if row else None

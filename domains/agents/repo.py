"""The only module that runs the agents domain's SQL; returns models, never Records."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from domains.agents.models import AgentConfigView
from domains.projects.errors import ProjectNotFound
from sql.database import Connection
from sql.queries import query_file

Q = query_file("agents")


def _config(row: asyncpg.Record | None) -> AgentConfigView | None:
    return AgentConfigView(**dict(row)) if row else None


async def upsert_config(
    conn: Connection,
    *,
    project_id: UUID,
    agent_type: str,
    enabled: bool,
    webhook_events: list[str],
    configuration: dict[str, Any],
    approval_policy: dict[str, Any],
    schedule_next_at: datetime | None,
) -> AgentConfigView:
    """Create the config or replace its fields; a missing project raises ``ProjectNotFound``."""
    try:
        row = await conn.fetchrow(
            Q["upsert_agent_config"],
            project_id,
            agent_type,
            enabled,
            webhook_events,
            configuration,
            approval_policy,
            schedule_next_at,
        )
    except asyncpg.ForeignKeyViolationError as exc:
        if exc.constraint_name == "support_agent_configs_project_id_fkey":
            raise ProjectNotFound(project_id=project_id) from None
        raise
    config = _config(row)
    assert config is not None  # INSERT ... RETURNING always answers a row
    return config


async def get_config(
    conn: Connection, *, project_id: UUID, agent_type: str, for_update: bool = False
) -> AgentConfigView | None:
    """A project's config of one agent type (locked when ``for_update``), or ``None``."""
    name = "get_agent_config_for_update" if for_update else "get_agent_config"
    return _config(await conn.fetchrow(Q[name], project_id, agent_type))


async def list_configs(conn: Connection, *, project_id: UUID | None) -> list[AgentConfigView]:
    """Configs of one project (or all), by project and type."""
    rows = await conn.fetch(Q["list_agent_configs"], project_id)
    return [AgentConfigView(**dict(r)) for r in rows]


async def set_enabled(
    conn: Connection,
    *,
    project_id: UUID,
    agent_type: str,
    enabled: bool,
    schedule_next_at: datetime | None,
) -> AgentConfigView | None:
    """Switch a config (with its schedule's next slot); ``None`` when there is none."""
    return _config(
        await conn.fetchrow(
            Q["set_agent_config_enabled"], project_id, agent_type, enabled, schedule_next_at
        )
    )


async def delete_config(conn: Connection, *, project_id: UUID, agent_type: str) -> bool:
    """Remove a config; ``False`` when there was none."""
    return await conn.fetchval(Q["delete_agent_config"], project_id, agent_type) is not None


async def mark_triggered(conn: Connection, *, config_id: UUID) -> bool:
    """Stamp ``last_triggered_at``; ``False`` when the config is gone."""
    return await conn.fetchval(Q["mark_agent_config_triggered"], config_id) is not None

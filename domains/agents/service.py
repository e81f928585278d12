"""Agents' rules: one config per project and agent type, events checked per type.

``find_config`` and ``mark_triggered`` are the interface the GitHub domain calls
(INTERFACES.md) inside its own transaction.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domains.agents import repo
from domains.agents.errors import AgentConfigNotFound
from domains.agents.models import (
    DEFAULT_EVENTS,
    WEBHOOK_EVENTS,
    AgentConfigDeleted,
    AgentConfigList,
    AgentConfigView,
    AgentType,
    ApprovalPolicy,
)
from domains.projects.service import get_project
from rpc.errors import FieldError, ValidationFailed
from sql.database import Connection, Database


def check_events(agent_type: str, events: list[str]) -> list[str]:
    """The events in order without repeats; refuses any the agent type cannot handle."""
    allowed = WEBHOOK_EVENTS[agent_type]
    bad = [
        FieldError(
            field=f"webhook_events.{i}",
            message=f"{agent_type} cannot subscribe to {event!r}; allowed: {', '.join(allowed)}",
        )
        for i, event in enumerate(events)
        if event not in allowed
    ]
    if bad:
        raise ValidationFailed(field_errors=bad)
    return list(dict.fromkeys(events))


# -- the interface other domains call (INTERFACES.md) ------------------------------------


async def find_config(
    conn: Connection, *, project_id: UUID, agent_type: str
) -> AgentConfigView | None:
    """A project's config of one agent type, or ``None`` (disabled ones included)."""
    return await repo.get_config(conn, project_id=project_id, agent_type=agent_type)


async def mark_triggered(conn: Connection, *, config_id: UUID) -> None:
    """Record that the agent was just triggered (``last_triggered_at``); a gone config is fine."""
    await repo.mark_triggered(conn, config_id=config_id)


# -- the methods of group 7 --------------------------------------------------------------


async def list_configs(db: Database, *, project_id: UUID | None) -> AgentConfigList:
    """Configs of one project (which must exist) or of all projects."""
    async with db.connection() as conn:
        if project_id is not None:
            await get_project(conn, project_id=project_id)
        return AgentConfigList(items=await repo.list_configs(conn, project_id=project_id))


async def get_config(db: Database, *, project_id: UUID, agent_type: AgentType) -> AgentConfigView:
    """One config; raises ``AgentConfigNotFound``."""
    async with db.connection() as conn:
        config = await repo.get_config(conn, project_id=project_id, agent_type=agent_type)
    if config is None:
        raise AgentConfigNotFound(project_id=project_id, agent_type=agent_type)
    return config


async def upsert_config(
    db: Database,
    *,
    project_id: UUID,
    agent_type: AgentType,
    enabled: bool | None = None,
    webhook_events: list[str] | None = None,
    configuration: dict[str, Any] | None = None,
    approval_policy: ApprovalPolicy | None = None,
) -> AgentConfigView:
    """Create the config or change the given fields, under a row lock so updates merge.

    A new config is disabled, subscribes to the type's default events and needs manual
    approval unless told otherwise.
    """
    events = check_events(agent_type, webhook_events) if webhook_events is not None else None
    async with db.transaction() as conn:
        await get_project(conn, project_id=project_id)
        current = await repo.get_config(
            conn, project_id=project_id, agent_type=agent_type, for_update=True
        )
        if current is None:
            merged_enabled = bool(enabled)
            merged_events = events if events is not None else list(DEFAULT_EVENTS[agent_type])
            merged_configuration = configuration or {}
            merged_policy = approval_policy or ApprovalPolicy()
        else:
            merged_enabled = current.enabled if enabled is None else enabled
            merged_events = current.webhook_events if events is None else events
            merged_configuration = current.configuration if configuration is None else configuration
            merged_policy = current.approval_policy if approval_policy is None else approval_policy
        return await repo.upsert_config(
            conn,
            project_id=project_id,
            agent_type=agent_type,
            enabled=merged_enabled,
            webhook_events=merged_events,
            configuration=merged_configuration,
            approval_policy=merged_policy.model_dump(),
        )


async def set_enabled(
    db: Database, *, project_id: UUID, agent_type: AgentType, enabled: bool
) -> AgentConfigView:
    """Switch an existing config on or off; raises ``AgentConfigNotFound``."""
    async with db.transaction() as conn:
        config = await repo.set_enabled(
            conn, project_id=project_id, agent_type=agent_type, enabled=enabled
        )
    if config is None:
        raise AgentConfigNotFound(project_id=project_id, agent_type=agent_type)
    return config


async def delete_config(
    db: Database, *, project_id: UUID, agent_type: AgentType
) -> AgentConfigDeleted:
    """Remove a config; raises ``AgentConfigNotFound`` when there is none."""
    async with db.transaction() as conn:
        deleted = await repo.delete_config(conn, project_id=project_id, agent_type=agent_type)
    if not deleted:
        raise AgentConfigNotFound(project_id=project_id, agent_type=agent_type)
    return AgentConfigDeleted(project_id=project_id, agent_type=agent_type)

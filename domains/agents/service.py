"""Agents' rules: one config per project and agent type, events checked per type, a cron
schedule only where the type runs on one.

``find_config`` and ``mark_triggered`` are the interface the GitHub domain calls
(INTERFACES.md) inside its own transaction. Firing the schedules is ``service_schedule``'s.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from domains.agents import cron, repo
from domains.agents.errors import AgentConfigNotFound
from domains.agents.models import (
    DEFAULT_EVENTS,
    SCHEDULED_WORKFLOWS,
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


MAX_COMMAND_LENGTH = 2000


def check_configuration(agent_type: str, configuration: dict[str, Any]) -> None:
    """Refuse a ``schedule`` that is no cron expression or on a type that runs on none, and
    a dependency bot schedule without a usable ``update_command`` (the shell command its
    workflow runs)."""
    bad: list[FieldError] = []
    schedule = configuration.get("schedule")
    if schedule is not None:
        if agent_type not in SCHEDULED_WORKFLOWS:
            allowed = ", ".join(SCHEDULED_WORKFLOWS)
            bad.append(
                FieldError(
                    field="configuration.schedule",
                    message=f"{agent_type} does not run on a schedule (only {allowed} does)",
                )
            )
        else:
            try:
                cron.parse(schedule)
            except cron.ScheduleError as exc:
                bad.append(FieldError(field="configuration.schedule", message=exc.reason))
    if agent_type == "dependency_bot":
        problem = _command_problem(configuration.get("update_command"), needed=schedule is not None)
        if problem:
            bad.append(FieldError(field="configuration.update_command", message=problem))
    if bad:
        raise ValidationFailed(field_errors=bad)


def _command_problem(command: object, *, needed: bool) -> str | None:
    if command is None:
        return "is required with a schedule (e.g. 'pip-compile --upgrade')" if needed else None
    if not isinstance(command, str) or not command.strip():
        return "must be a non-empty shell command (e.g. 'npm update')"
    if len(command) > MAX_COMMAND_LENGTH:
        return f"must be at most {MAX_COMMAND_LENGTH} characters"
    if "\x00" in command:
        return "must not contain NUL characters"
    return None


def stored_schedule(agent_type: str, configuration: dict[str, Any]) -> cron.Schedule | None:
    """The config's schedule, or ``None`` without a valid one (a row saved before
    schedules were checked never fires rather than failing every tick)."""
    raw = configuration.get("schedule")
    if raw is None or agent_type not in SCHEDULED_WORKFLOWS:
        return None
    try:
        return cron.parse(raw)
    except cron.ScheduleError:
        return None


def next_slot(
    agent_type: str, configuration: dict[str, Any], *, enabled: bool, now: datetime
) -> datetime | None:
    """When an enabled config's schedule is next due after ``now`` (``None``: never)."""
    schedule = stored_schedule(agent_type, configuration)
    return schedule.next_after(now) if enabled and schedule is not None else None


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
    approval unless told otherwise. A changed schedule (or enabled flag) is due next at
    its first slot from now; an unchanged one keeps its due slot.
    """
    events = check_events(agent_type, webhook_events) if webhook_events is not None else None
    if configuration is not None:
        check_configuration(agent_type, configuration)
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
        next_at = next_slot(
            agent_type, merged_configuration, enabled=merged_enabled, now=datetime.now(UTC)
        )
        if (
            current is not None
            and current.schedule_next_at is not None
            and next_at is not None
            and current.configuration.get("schedule") == merged_configuration.get("schedule")
        ):
            # Saving other fields must not move a due slot on (it would be lost).
            next_at = current.schedule_next_at
        return await repo.upsert_config(
            conn,
            project_id=project_id,
            agent_type=agent_type,
            enabled=merged_enabled,
            webhook_events=merged_events,
            configuration=merged_configuration,
            approval_policy=merged_policy.model_dump(),
            schedule_next_at=next_at,
        )


async def set_enabled(
    db: Database, *, project_id: UUID, agent_type: AgentType, enabled: bool
) -> AgentConfigView:
    """Switch an existing config on or off; raises ``AgentConfigNotFound``.

    Switching on starts its schedule at the first slot from now (slots missed while it was
    off never fire); switching off clears it; switching to the same state changes nothing.
    """
    async with db.transaction() as conn:
        current = await repo.get_config(
            conn, project_id=project_id, agent_type=agent_type, for_update=True
        )
        if current is None:
            raise AgentConfigNotFound(project_id=project_id, agent_type=agent_type)
        next_at = next_slot(
            agent_type, current.configuration, enabled=enabled, now=datetime.now(UTC)
        )
        if current.schedule_next_at is not None and next_at is not None:
            next_at = current.schedule_next_at  # already on: its due slot stays due
        config = await repo.set_enabled(
            conn,
            project_id=project_id,
            agent_type=agent_type,
            enabled=enabled,
            schedule_next_at=next_at,
        )
    if config is None:  # the row is locked: unreachable
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

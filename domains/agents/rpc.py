"""Support-agent methods (action group 7): list, get, upsert, enable and delete configs."""

from __future__ import annotations

from domains.agents import service
from domains.agents.errors import AgentConfigNotFound
from domains.agents.models import (
    AgentConfigDeleted,
    AgentConfigList,
    AgentConfigRef,
    AgentConfigView,
    ListConfigsParams,
    SetEnabledParams,
    UpsertConfigParams,
)
from domains.agents.scheduler import FIRE_JOB, fire_schedules_job, schedule_lifecycle
from domains.projects.errors import ProjectNotFound
from rpc.context import RpcContext
from rpc.contract import DomainRegistration, Group, MethodTable
from rpc.errors import ValidationFailed

methods = MethodTable("agents")


@methods.method(
    "agents.list_configs", group=Group.AGENTS, errors=[ProjectNotFound], idempotent=True
)
async def list_configs(ctx: RpcContext, params: ListConfigsParams) -> AgentConfigList:
    """List support-agent configs of one project, or of every project without ``project_id``."""
    return await service.list_configs(ctx.db, project_id=params.project_id)


@methods.method(
    "agents.get_config", group=Group.AGENTS, errors=[AgentConfigNotFound], idempotent=True
)
async def get_config(ctx: RpcContext, params: AgentConfigRef) -> AgentConfigView:
    """Get a project's config of one agent type."""
    return await service.get_config(
        ctx.db, project_id=params.project_id, agent_type=params.agent_type
    )


@methods.method(
    "agents.upsert_config",
    group=Group.AGENTS,
    errors=[ProjectNotFound, ValidationFailed],
    idempotent=True,
)
async def upsert_config(ctx: RpcContext, params: UpsertConfigParams) -> AgentConfigView:
    """Create or change a project's config of one agent type (one per project and type).

    ``webhook_events`` must be events the agent type handles (``github_issue_bot``:
    ``issues.opened``, ``issues.edited``, ``issue_comment.created``); absent fields keep
    their value, and a new config starts disabled with the type's default events and
    ``manual`` approval.

    A ``dependency_bot`` may carry ``configuration.schedule``, a five-field cron expression
    in UTC (``"0 6 * * 1"``: Mondays at 06:00), and must then carry
    ``configuration.update_command``, the shell command that updates the dependencies
    (``"pip-compile --upgrade"``, ``"npm update"``). While it is enabled, each slot starts
    one ``update_dependencies`` run (trigger ``schedule``); a slot missed while the server
    was down starts one run on recovery, and a slot that finds a shipping run in flight is
    skipped. A bad expression, or a schedule on another agent type, is a validation error.
    """
    return await service.upsert_config(
        ctx.db,
        project_id=params.project_id,
        agent_type=params.agent_type,
        enabled=params.enabled,
        webhook_events=params.webhook_events,
        configuration=params.configuration,
        approval_policy=params.approval_policy,
    )


@methods.method(
    "agents.set_enabled", group=Group.AGENTS, errors=[AgentConfigNotFound], idempotent=True
)
async def set_enabled(ctx: RpcContext, params: SetEnabledParams) -> AgentConfigView:
    """Switch a project's agent on or off."""
    return await service.set_enabled(
        ctx.db, project_id=params.project_id, agent_type=params.agent_type, enabled=params.enabled
    )


@methods.method("agents.delete_config", group=Group.AGENTS, errors=[AgentConfigNotFound])
async def delete_config(ctx: RpcContext, params: AgentConfigRef) -> AgentConfigDeleted:
    """Delete a project's config of one agent type (the agent stops reacting to events)."""
    return await service.delete_config(
        ctx.db, project_id=params.project_id, agent_type=params.agent_type
    )


REGISTRATION = DomainRegistration(
    name="agents",
    methods=methods,
    job_handlers={FIRE_JOB: fire_schedules_job},
    lifecycle=schedule_lifecycle(),
)

"""Params, results and the event catalogue of the agents domain."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from rpc.contract import Params, Result

AgentType = Literal["github_issue_bot", "pr_review_bot", "dependency_bot"]
ApprovalMode = Literal["manual", "auto_post"]

# The webhook events (``<event>.<action>``, or ``<event>`` when GitHub sends no action)
# each agent type may subscribe to. The issue bot's set is DOMAIN.md's; the others are
# what a reviewer and a dependency keeper need to notice.
WEBHOOK_EVENTS: dict[str, tuple[str, ...]] = {
    "github_issue_bot": ("issues.opened", "issues.edited", "issue_comment.created"),
    "pr_review_bot": (
        "pull_request.opened",
        "pull_request.reopened",
        "pull_request.synchronize",
        "pull_request.ready_for_review",
        "pull_request_review_comment.created",
        "issue_comment.created",
    ),
    "dependency_bot": (
        "push",
        "pull_request.opened",
        "pull_request.synchronize",
        "dependabot_alert.created",
        "dependabot_alert.reopened",
        "security_advisory.published",
    ),
}

# What a new config subscribes to when the caller names no events.
DEFAULT_EVENTS: dict[str, tuple[str, ...]] = {
    "github_issue_bot": ("issues.opened", "issue_comment.created"),
    "pr_review_bot": ("pull_request.opened", "pull_request.synchronize"),
    "dependency_bot": ("dependabot_alert.created",),
}


# The workflow each agent type's cron ``configuration.schedule`` starts (trigger
# ``schedule``); a type missing here takes no schedule.
SCHEDULED_WORKFLOWS: dict[str, str] = {"dependency_bot": "update_dependencies"}
ScheduleOutcome = Literal["started", "skipped"]


class ApprovalPolicy(BaseModel):
    """Whether the agent's output waits for the owner (``manual``) or is posted (``auto_post``)."""

    model_config = ConfigDict(extra="forbid")

    mode: ApprovalMode = "manual"


class AgentConfigView(Result):
    """A project's config of one agent type."""

    id: UUID
    project_id: UUID
    agent_type: AgentType
    enabled: bool
    webhook_events: list[str]
    configuration: dict[str, Any]
    approval_policy: ApprovalPolicy
    last_triggered_at: datetime | None
    schedule_next_at: datetime | None = Field(
        default=None,
        description="When the agent's cron schedule next starts its workflow (UTC); "
        "null when it is disabled or has no schedule.",
    )
    inserted_at: datetime
    updated_at: datetime


class AgentConfigList(Result):
    """Configs by project and agent type."""

    items: list[AgentConfigView]


class AgentConfigDeleted(Result):
    """The config is gone."""

    project_id: UUID
    agent_type: AgentType
    deleted: bool = True


class ListConfigsParams(Params):
    """The configs of one project, or of every project when ``project_id`` is absent."""

    project_id: UUID | None = None


class AgentConfigRef(Params):
    """Names a project's config of one agent type."""

    project_id: UUID
    agent_type: AgentType


class UpsertConfigParams(Params):
    """Create or change a project's config of one agent type; absent fields keep their value
    (or take the defaults on creation: disabled, the type's default events, manual approval)."""

    project_id: UUID
    agent_type: AgentType
    enabled: bool | None = None
    webhook_events: list[str] | None = Field(default=None, max_length=50)
    configuration: dict[str, Any] | None = None
    approval_policy: ApprovalPolicy | None = None


class SetEnabledParams(Params):
    """Switch a project's agent on or off."""

    project_id: UUID
    agent_type: AgentType
    enabled: bool


class ScheduleFire(BaseModel):
    """One slot of a config's schedule that came due: the run it started, or why not."""

    id: UUID
    config_id: UUID
    slot_at: datetime
    outcome: ScheduleOutcome
    run_id: UUID | None
    reason: str | None
    inserted_at: datetime

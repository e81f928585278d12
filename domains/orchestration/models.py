"""Orchestration's params, results and row models.

The shared vocabulary (statuses, triggers, step kinds), then runs with their pinned
version, status history, step results and lineage, and what hangs off a run: approvals,
artifacts, pull requests. Definitions live in ``models_definitions``. Field names follow
DOMAIN.md; ``from`` is spelled ``from_`` in Python and ``from`` on the wire.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from rpc.contract import Params, Result

RunStatus = Literal["pending", "running", "awaiting_approval", "completed", "failed", "cancelled"]
TERMINAL_STATUSES: frozenset[str] = frozenset({"completed", "failed", "cancelled"})

Trigger = Literal["manual", "webhook", "schedule", "support_agent"]
Category = Literal["builtin", "custom"]

# What the step engine knows how to run; a custom definition may use only these kinds.
StepKind = Literal[
    "llm",
    "agent",
    "shell",
    "plan",
    "coding_agent",
    "run_tests",
    "approval",
    "commit_and_pr",
    "reproduce",
    "diagnose",
    "fetch_issue",
    "triage",
    "research",
    "compose_response",
    "post_comment",
    "fetch_pull_request",
    "review",
    "post_review",
]
SHIPPING_KIND = "commit_and_pr"

EventType = Literal[
    "run_started",
    "step_started",
    # A step opened a Forge session (``data.forge_session_id``): its output streams on
    # the ``forge:session:<id>`` topic.
    "step_session_started",
    "approval_requested",
    "approval_granted",
    "approval_rejected",
    "step_completed",
    "step_failed",
    "run_completed",
    "run_failed",
    "run_cancelled",
]

ArtifactKind = Literal["log", "diff", "report", "transcript", "pr_url", "cost_summary", "audit"]
PullRequestStatus = Literal["open", "merged", "closed"]
Decision = Literal["approved", "rejected"]

STEP_NAME_PATTERN = r"^[a-z][a-z0-9_]{0,63}$"
WORKFLOW_NAME_PATTERN = r"^[a-z][a-z0-9_]{0,63}$"

DEFAULT_PAGE = 50
MAX_PAGE = 200


class _WireModel(BaseModel):
    """Accepts ``from`` or ``from_`` and always writes ``from``."""

    model_config = ConfigDict(
        populate_by_name=True, serialize_by_alias=True, validate_by_alias=True
    )


# --- runs -------------------------------------------------------------------------------


class StatusTransition(_WireModel):
    """One status move of a run."""

    from_: RunStatus | None = Field(alias="from")
    to: RunStatus
    step: str | None
    at: datetime
    actor: str


class RunError(BaseModel):
    """Why a run failed, in terms an owner can act on (redacted)."""

    kind: str
    reason: str
    detail: str | None = None
    remediation: str | None = None
    failed_step: str | None = None
    last_successful_step: str | None = None


class RunView(Result):
    """A workflow run."""

    id: UUID
    project_id: UUID
    workflow_definition_id: UUID
    workflow_name: str
    workflow_version: int
    shipping: bool
    status: RunStatus
    trigger: Trigger
    trigger_context: dict[str, Any]
    inputs: dict[str, Any]
    start_step: str | None
    current_step: str | None
    step_results: dict[str, Any]
    error: RunError | None
    status_transitions: list[StatusTransition]
    retry_of_run_id: UUID | None
    retry_attempt: int
    started_at: datetime | None
    completed_at: datetime | None
    inserted_at: datetime
    updated_at: datetime


class RunPage(Result):
    """A page of runs, newest first."""

    items: list[RunView]
    next_cursor: str | None


class StartRunParams(Params):
    project_id: UUID
    definition_name: str = Field(pattern=WORKFLOW_NAME_PATTERN)
    inputs: dict[str, Any] = Field(default_factory=dict)


class RunIdParams(Params):
    run_id: UUID


class ListRunsParams(Params):
    project_id: UUID | None = None
    status: RunStatus | None = None
    cursor: str | None = None
    limit: int = Field(default=DEFAULT_PAGE, ge=1, le=MAX_PAGE)


class CancelRunParams(Params):
    run_id: UUID
    reason: str | None = Field(default=None, max_length=2000)


class RetryRunParams(Params):
    run_id: UUID
    from_step: str | None = Field(
        default=None, description="Start at this step (the policy must allow it); else a full run."
    )


class RunEventPayload(_WireModel, Result):
    """The ``data`` of an event on a ``run:<id>`` or the ``runs`` topic."""

    run_id: UUID
    project_id: UUID
    workflow_name: str
    workflow_version: int
    from_: RunStatus | None = Field(alias="from")
    to: RunStatus
    step: str | None
    actor: str
    data: dict[str, Any]


class RunEvent(RunEventPayload):
    """One entry of a run's event log; ``seq`` is its cursor position."""

    seq: int
    type: EventType
    at: datetime


class RunEventPage(Result):
    """Events after a cursor, oldest first; pass ``next_cursor`` back to continue."""

    items: list[RunEvent]
    next_cursor: str


class ListRunEventsParams(Params):
    run_id: UUID | None = None
    project_id: UUID | None = None
    cursor: str | None = Field(default=None, description="A next_cursor from an earlier call.")
    limit: int = Field(default=100, ge=1, le=1000)


# --- approvals --------------------------------------------------------------------------


class ApprovalContext(BaseModel):
    """What the approver is shown."""

    model_config = ConfigDict(extra="allow")

    diff_summary: str = ""
    test_summary: str = ""
    risk_notes: list[str] = Field(default_factory=list)


class ApprovalView(Result):
    """An approval request and, once made, its decision."""

    id: UUID
    run_id: UUID
    project_id: UUID
    workflow_name: str
    step: str
    diff_summary: str
    test_summary: str
    risk_notes: list[str]
    context: dict[str, Any]
    requested_by: str
    requested_at: datetime
    decision: Decision | None
    actor: str | None
    comment: str | None
    decided_at: datetime | None


class ApprovalPage(Result):
    """A page of pending approvals, newest first."""

    items: list[ApprovalView]
    next_cursor: str | None


class ListPendingApprovalsParams(Params):
    project_id: UUID | None = None
    cursor: str | None = None
    limit: int = Field(default=DEFAULT_PAGE, ge=1, le=MAX_PAGE)


class DecideRunParams(Params):
    run_id: UUID
    comment: str | None = Field(default=None, max_length=4000)


# --- artifacts --------------------------------------------------------------------------


class ArtifactSummary(Result):
    """An artifact without its content (for lists)."""

    id: UUID
    run_id: UUID
    kind: ArtifactKind
    name: str
    content_type: str
    size_bytes: int
    metadata: dict[str, Any]
    expires_at: datetime | None
    inserted_at: datetime


class ArtifactView(ArtifactSummary):
    """An artifact with its (redacted) content."""

    content: str


class ArtifactPage(Result):
    """A page of a run's artifacts, newest first."""

    items: list[ArtifactSummary]
    next_cursor: str | None


class ListArtifactsParams(Params):
    run_id: UUID
    cursor: str | None = None
    limit: int = Field(default=DEFAULT_PAGE, ge=1, le=MAX_PAGE)


class ArtifactIdParams(Params):
    artifact_id: UUID


# --- pull requests ----------------------------------------------------------------------


class PullRequestTransition(_WireModel):
    """One status move of a pull request record, and what reported it (``webhook:<delivery
    id>`` or ``sync``)."""

    from_: PullRequestStatus = Field(alias="from")
    to: PullRequestStatus
    at: datetime
    source: str


class PullRequestView(Result):
    """A pull request a run opened."""

    id: UUID
    project_id: UUID
    run_id: UUID | None
    number: int
    url: str
    branch: str
    title: str
    body: str
    status: PullRequestStatus
    merged_at: datetime | None
    closed_at: datetime | None
    last_synced_at: datetime | None
    # The head commit last seen, GitHub's updated_at of the state recorded, and every
    # status move (webhook deliveries and syncs), oldest first.
    head_sha: str | None = None
    github_updated_at: datetime | None = None
    status_transitions: list[PullRequestTransition] = Field(default_factory=list)
    inserted_at: datetime
    updated_at: datetime


class PullRequestPage(Result):
    """A page of pull requests, newest first."""

    items: list[PullRequestView]
    next_cursor: str | None


class ListPullRequestsParams(Params):
    project_id: UUID | None = None
    cursor: str | None = None
    limit: int = Field(default=DEFAULT_PAGE, ge=1, le=MAX_PAGE)


class PullRequestIdParams(Params):
    pull_request_id: UUID

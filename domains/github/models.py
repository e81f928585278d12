"""Params, results and row models of the GitHub domain."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from rpc.contract import Params, Result

DeliveryStatus = Literal["received", "processed", "ignored", "failed"]
DeliveryEventType = Literal[
    "delivery.received",
    "delivery.processed",
    "delivery.ignored",
    "delivery.failed",
    "delivery.requeued",
]
AnalysisStatus = Literal["pending", "analyzing", "analyzed", "failed"]
Classification = Literal["bug", "feature", "documentation", "question", "needs_triage"]
Priority = Literal["low", "medium", "high", "critical"]

FULL_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$"
DEFAULT_PAGE = 50
MAX_PAGE = 200


class Repo(Result):
    """A repository as the GitHub domain knows it (no secret, only whether one is set)."""

    id: UUID
    owner: str
    name: str
    full_name: str
    webhook_secret_ref_id: UUID | None
    previous_webhook_secret_ref_id: UUID | None
    previous_webhook_secret_valid_until: datetime | None
    enabled: bool
    settings: dict[str, Any]
    inserted_at: datetime
    updated_at: datetime


class RepoPage(Result):
    """One page of repositories, newest first."""

    items: list[Repo]
    next_cursor: str | None


class WebhookSecretSet(Result):
    """What ``github.set_webhook_secret`` did (the secret itself is never returned)."""

    target: Literal["instance", "repository"]
    repo: str | None
    secret_ref_id: UUID
    rotated: bool
    previous_valid_until: datetime | None


class DeliverySummary(Result):
    """A delivery without its payload, as lists show it."""

    id: UUID
    delivery_id: str
    event: str
    action: str | None
    repo_id: UUID | None
    repo_full_name: str | None
    status: DeliveryStatus
    reason: str | None
    error: dict[str, Any] | None
    process_count: int
    received_at: datetime
    processed_at: datetime | None
    inserted_at: datetime
    updated_at: datetime


class Delivery(DeliverySummary):
    """A delivery with its (redacted) payload."""

    payload: Any


class DeliveryPage(Result):
    """One page of deliveries, newest first."""

    items: list[DeliverySummary]
    next_cursor: str | None


class IssueAnalysis(Result):
    """The issue bot's analysis of one issue."""

    id: UUID
    repo_id: UUID
    repo_full_name: str
    issue_number: int
    delivery_id: UUID | None
    title: str
    status: AnalysisStatus
    classification: Classification | None
    confidence: float | None
    priority: Priority | None
    suggested_labels: list[str]
    summary: str | None
    proposed_response: str | None
    analyser: str | None
    run_id: UUID | None
    comment_posted: bool
    comment_url: str | None
    error: dict[str, Any] | None
    analyzed_at: datetime | None
    inserted_at: datetime
    updated_at: datetime


class IssueAnalysisPage(Result):
    """One page of issue analyses, most recently updated first."""

    items: list[IssueAnalysis]
    next_cursor: str | None


# ---- the analyser's input and output ----------------------------------------------------


class IssueInput(BaseModel):
    """What an analyser sees of one issue (already redacted)."""

    model_config = ConfigDict(frozen=True)

    repo_full_name: str
    number: int
    title: str
    body: str = ""
    author: str | None = None
    labels: tuple[str, ...] = ()
    comment: str | None = None


class AnalysisOutcome(BaseModel):
    """An analyser's verdict on one issue."""

    model_config = ConfigDict(frozen=True)

    classification: Classification
    confidence: float = Field(ge=0, le=1)
    priority: Priority
    suggested_labels: list[str]
    summary: str
    proposed_response: str


# ---- params ------------------------------------------------------------------------------


class _Page(Params):
    cursor: str | None = Field(default=None, description="From a previous page's next_cursor")
    limit: int = Field(default=DEFAULT_PAGE, ge=1, le=MAX_PAGE)


class ListReposParams(_Page):
    """Page through the repositories the GitHub domain knows."""


class ListDeliveriesParams(_Page):
    """Filters for ``github.list_deliveries``; each applies only when given."""

    event: str | None = Field(default=None, max_length=100)
    status: DeliveryStatus | None = None
    repo: str | None = Field(default=None, pattern=FULL_NAME_PATTERN)


class DeliveryRef(Params):
    """Names one stored delivery by its id."""

    id: UUID


class ListIssueAnalysesParams(_Page):
    """Filters for ``github.list_issue_analyses``; each applies only when given."""

    repo: str | None = Field(default=None, pattern=FULL_NAME_PATTERN)
    classification: Classification | None = None
    status: AnalysisStatus | None = None


class IssueAnalysisRef(Params):
    """Names one issue analysis by its id."""

    id: UUID


class DeliveryEventPayload(Result):
    """The ``data`` of an event on the ``deliveries`` topic: a delivery's move."""

    id: UUID
    delivery_id: str
    event: str
    action: str | None
    repo_full_name: str | None
    status: DeliveryStatus
    # Why it was ignored, when it was.
    reason: str | None

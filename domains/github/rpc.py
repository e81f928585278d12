"""GitHub methods (action group 6): repositories, webhook secrets, deliveries, issue
analyses; plus the job that processes deliveries and the ``issue_triage`` steps.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from pydantic import Field

from domains.github import service
from domains.github.errors import DeliveryNotFound, DeliveryNotReprocessable, IssueAnalysisNotFound
from domains.github.events import FAMILIES as EVENT_FAMILIES
from domains.github.models import (
    FULL_NAME_PATTERN,
    Delivery,
    DeliveryPage,
    DeliveryRef,
    IssueAnalysis,
    IssueAnalysisPage,
    IssueAnalysisRef,
    ListDeliveriesParams,
    ListIssueAnalysesParams,
    ListReposParams,
    RepoPage,
    WebhookSecretSet,
)
from domains.github.review_steps import STEP_HANDLERS as REVIEW_STEP_HANDLERS
from domains.github.service_intake import PROCESS_JOB, GitHubWebhookIntake
from domains.github.service_processing import process_delivery
from domains.github.service_retention import WEBHOOK_DELIVERIES, WEBHOOK_FAILURES
from domains.github.triage_steps import STEP_HANDLERS as TRIAGE_STEP_HANDLERS
from domains.setup.service import SecretInput, read_secret_input
from rpc.context import JobContext, RpcContext
from rpc.contract import DomainRegistration, Group, MethodTable
from rpc.errors import SecretUnavailable, ValidationFailed


class SetWebhookSecretParams(SecretInput):
    """The webhook secret GitHub signs deliveries with: for one repository (``repo``) or,
    without it, for the whole instance."""

    repo: str | None = Field(default=None, pattern=FULL_NAME_PATTERN)


methods = MethodTable("github")


@methods.method("github.list_repos", group=Group.GITHUB, errors=[ValidationFailed], idempotent=True)
async def list_repos(ctx: RpcContext, params: ListReposParams) -> RepoPage:
    """List the repositories the GitHub domain knows (from webhook secrets and verified
    deliveries), newest first, with whether each has its own webhook secret."""
    return await service.list_repos(ctx.db, cursor=params.cursor, limit=params.limit)


@methods.method(
    "github.set_webhook_secret", group=Group.GITHUB, errors=[ValidationFailed, SecretUnavailable]
)
async def set_webhook_secret(ctx: RpcContext, params: SetWebhookSecretParams) -> WebhookSecretSet:
    """Set the webhook secret (``value`` or ``sealed_value``) for one repository or the
    instance. It is sealed at rest and never returned; the replaced secret keeps
    verifying deliveries until the rotation window ends (``previous_valid_until``)."""
    value = read_secret_input(ctx.runtime, value=params.value, sealed_value=params.sealed_value)
    return await service.set_webhook_secret(
        ctx.db, ctx.runtime, full_name=params.repo, value=value, actor=ctx.actor
    )


@methods.method(
    "github.list_deliveries", group=Group.GITHUB, errors=[ValidationFailed], idempotent=True
)
async def list_deliveries(ctx: RpcContext, params: ListDeliveriesParams) -> DeliveryPage:
    """List webhook deliveries newest first (without payloads), filtered by event,
    status and repository when given."""
    return await service.list_deliveries(
        ctx.db,
        event=params.event,
        status=params.status,
        repo_name=params.repo,
        cursor=params.cursor,
        limit=params.limit,
    )


@methods.method(
    "github.get_delivery", group=Group.GITHUB, errors=[DeliveryNotFound], idempotent=True
)
async def get_delivery(ctx: RpcContext, params: DeliveryRef) -> Delivery:
    """One webhook delivery with its payload (redacted before it was stored)."""
    return await service.get_delivery(ctx.db, id=params.id)


@methods.method(
    "github.reprocess_delivery",
    group=Group.GITHUB,
    errors=[DeliveryNotFound, DeliveryNotReprocessable],
)
async def reprocess_delivery(ctx: RpcContext, params: DeliveryRef) -> Delivery:
    """Process a processed, ignored or failed delivery again (it goes back to
    ``received`` and a worker picks it up); refused while it still waits."""
    return await service.reprocess_delivery(ctx.db, id=params.id)


@methods.method(
    "github.list_issue_analyses", group=Group.GITHUB, errors=[ValidationFailed], idempotent=True
)
async def list_issue_analyses(
    ctx: RpcContext, params: ListIssueAnalysesParams
) -> IssueAnalysisPage:
    """List the issue bot's analyses, most recently updated first, filtered by
    repository, classification and status when given."""
    return await service.list_issue_analyses(
        ctx.db,
        repo_name=params.repo,
        classification=params.classification,
        status=params.status,
        cursor=params.cursor,
        limit=params.limit,
    )


@methods.method(
    "github.get_issue_analysis", group=Group.GITHUB, errors=[IssueAnalysisNotFound], idempotent=True
)
async def get_issue_analysis(ctx: RpcContext, params: IssueAnalysisRef) -> IssueAnalysis:
    """One issue analysis: classification, confidence, priority, suggested labels,
    summary, proposed response, and the run and comment it led to."""
    return await service.get_issue_analysis(ctx.db, id=params.id)


# ---- jobs ---------------------------------------------------------------------------------


async def process_delivery_job(ctx: JobContext, payload: dict[str, Any]) -> None:
    """Process one stored delivery (exactly once: it is locked while ``received``)."""
    await process_delivery(ctx.runtime, id=UUID(payload["id"]), final_attempt=ctx.final_attempt)


REGISTRATION = DomainRegistration(
    name="github",
    event_families=EVENT_FAMILIES,
    methods=methods,
    job_handlers={PROCESS_JOB: process_delivery_job},
    pruners=[WEBHOOK_DELIVERIES, WEBHOOK_FAILURES],
    webhook_intakes={"github": GitHubWebhookIntake},
    step_handlers={**TRIAGE_STEP_HANDLERS, **REVIEW_STEP_HANDLERS},
    scrape_gauges=[service.DELIVERIES_BY_STATUS],
)

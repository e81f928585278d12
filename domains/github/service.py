"""The GitHub domain's rules behind its RPC methods (action group 6).

Each function owns its transaction. Lists page newest first on an opaque cursor.
Reprocessing puts a finished delivery back to ``received`` and enqueues its job in the
same transaction; the job then treats it like a new delivery.
"""

from __future__ import annotations

from uuid import UUID

from domains.github import repo
from domains.github.errors import DeliveryNotFound, DeliveryNotReprocessable, IssueAnalysisNotFound
from domains.github.models import (
    AnalysisStatus,
    Classification,
    Delivery,
    DeliveryPage,
    DeliveryStatus,
    IssueAnalysis,
    IssueAnalysisPage,
    RepoPage,
    WebhookSecretSet,
)
from domains.github.service_intake import PROCESS_JOB, PROCESS_MAX_ATTEMPTS
from domains.github.service_secrets import set_webhook_secret as _set_secret
from domains.shared import cursors
from rpc.context import Runtime
from rpc.jobs import enqueue
from rpc.metrics import ScrapeGauge
from sql.database import Database

# Read at each GET /metrics scrape, so every server process reports the same counts.
DELIVERIES_BY_STATUS = ScrapeGauge(
    "jidocode_webhook_deliveries",
    "Stored webhook deliveries by status (received, processed, ignored, failed).",
    ("status",),
    repo.count_deliveries_by_status,
)


async def list_repos(db: Database, *, cursor: str | None, limit: int) -> RepoPage:
    """Repositories the GitHub domain knows (from webhook secrets and deliveries)."""
    items, next_cursor = await cursors.NEWEST_FIRST.page(
        db, cursor, limit, cursors.by_inserted_at, repo.list_repos
    )
    return RepoPage(items=items, next_cursor=next_cursor)


async def set_webhook_secret(
    db: Database, runtime: Runtime, *, full_name: str | None, value: str, actor: str
) -> WebhookSecretSet:
    """Seal ``value`` as the instance's (or one repository's) webhook secret.

    The replaced secret stays valid for ``webhook_rotation_window_s``; the secret store
    writes the audit rows in the same transaction.
    """
    async with db.transaction() as conn:
        return await _set_secret(conn, runtime, full_name=full_name, value=value, actor=actor)


async def list_deliveries(
    db: Database,
    *,
    event: str | None,
    status: DeliveryStatus | None,
    repo_name: str | None,
    cursor: str | None,
    limit: int,
) -> DeliveryPage:
    """Deliveries newest first, filtered by event, status and repository when given."""
    items, next_cursor = await cursors.NEWEST_FIRST.page(
        db,
        cursor,
        limit,
        lambda r: (r.received_at, r.id),
        repo.list_deliveries,
        event=event,
        status=status,
        repo=repo_name,
    )
    return DeliveryPage(items=items, next_cursor=next_cursor)


async def get_delivery(db: Database, *, id: UUID) -> Delivery:
    """One delivery with its redacted payload."""
    async with db.connection() as conn:
        found = await repo.get_delivery(conn, id=id)
    if found is None:
        raise DeliveryNotFound(delivery_id=id)
    return found


async def reprocess_delivery(db: Database, *, id: UUID) -> Delivery:
    """Process a finished delivery again: back to ``received``, with a new job.

    A delivery still ``received`` is already waiting for its job and is refused.
    """
    async with db.transaction() as conn:
        if not await repo.requeue_delivery(conn, id=id):
            current = await repo.get_delivery(conn, id=id)
            if current is None:
                raise DeliveryNotFound(delivery_id=id)
            raise DeliveryNotReprocessable(status=current.status)
        await enqueue(
            conn,
            PROCESS_JOB,
            {"id": str(id)},
            max_attempts=PROCESS_MAX_ATTEMPTS,
            dedupe_key=f"delivery:{id}",  # one processing of a delivery at a time
        )
        found = await repo.get_delivery(conn, id=id)
    assert found is not None  # updated in this transaction
    return found


async def list_issue_analyses(
    db: Database,
    *,
    repo_name: str | None,
    classification: Classification | None,
    status: AnalysisStatus | None,
    cursor: str | None,
    limit: int,
) -> IssueAnalysisPage:
    """Issue analyses, most recently updated first, filtered when asked."""
    items, next_cursor = await cursors.NEWEST_FIRST.page(
        db,
        cursor,
        limit,
        lambda r: (r.updated_at, r.id),
        repo.list_analyses,
        repo=repo_name,
        classification=classification,
        status=status,
    )
    return IssueAnalysisPage(items=items, next_cursor=next_cursor)


async def get_issue_analysis(db: Database, *, id: UUID) -> IssueAnalysis:
    """One issue analysis."""
    async with db.connection() as conn:
        found = await repo.get_analysis(conn, id=id)
    if found is None:
        raise IssueAnalysisNotFound(analysis_id=id)
    return found

"""The only module that runs the GitHub domain's SQL."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from domains.github.models import (
    Classification,
    Delivery,
    DeliveryStatus,
    DeliverySummary,
    IssueAnalysis,
    Priority,
    Repo,
)
from rpc.events import log as event_log
from sql.database import Connection
from sql.queries import query_file

Q = query_file("github")

# ---- repositories -------------------------------------------------------------------------


async def get_repo_by_full_name(conn: Connection, *, full_name: str) -> Repo | None:
    """A repository by owner/name (case-insensitive), or ``None``."""
    row = await conn.fetchrow(Q["github_get_repo_by_full_name"], full_name)
    return Repo(**dict(row)) if row else None


async def get_repo(conn: Connection, *, repo_id: UUID) -> Repo | None:
    """A repository by id, or ``None``."""
    row = await conn.fetchrow(Q["github_get_repo_by_id"], repo_id)
    return Repo(**dict(row)) if row else None


async def ensure_repo(conn: Connection, *, full_name: str) -> Repo:
    """The repository named ``full_name``, recorded first if it is new."""
    owner, _, name = full_name.partition("/")
    row = await conn.fetchrow(Q["github_insert_repo"], owner, name, full_name)
    if row is not None:
        return Repo(**dict(row))
    found = await get_repo_by_full_name(conn, full_name=full_name)
    if found is None:  # deleted between the two statements: insert again
        return await ensure_repo(conn, full_name=full_name)
    return found


async def lock_repo(conn: Connection, *, repo_id: UUID) -> Repo | None:
    """Lock a repository row for the rest of the transaction."""
    row = await conn.fetchrow(Q["github_lock_repo"], repo_id)
    return Repo(**dict(row)) if row else None


async def list_repos(conn: Connection, after: tuple[datetime, UUID], limit: int) -> list[Repo]:
    """Repositories newest first, after an ``(inserted_at, id)`` position."""
    rows = await conn.fetch(Q["github_list_repos"], *after, limit)
    return [Repo(**dict(r)) for r in rows]


async def set_repo_webhook_secret(
    conn: Connection,
    *,
    repo_id: UUID,
    secret_ref_id: UUID,
    previous_ref_id: UUID | None,
    previous_valid_until: datetime | None,
) -> Repo:
    """Point a repository at its new webhook secret, keeping the previous one for a while."""
    row = await conn.fetchrow(
        Q["github_set_repo_webhook_secret"],
        repo_id,
        secret_ref_id,
        previous_ref_id,
        previous_valid_until,
    )
    if row is None:  # the caller locked the row in this transaction
        raise LookupError(f"repository {repo_id} vanished while locked")
    return Repo(**dict(row))


# ---- deliveries ---------------------------------------------------------------------------


async def insert_delivery(
    conn: Connection,
    *,
    delivery_id: str,
    event: str,
    action: str | None,
    repo_id: UUID | None,
    repo_full_name: str | None,
    payload: Any,
) -> UUID | None:
    """Store a delivery and report it on the ``deliveries`` topic; ``None`` when its
    delivery id is already known."""
    row = await conn.fetchrow(
        Q["github_insert_delivery"], delivery_id, event, action, repo_id, repo_full_name, payload
    )
    if row is None:
        return None
    await _delivery_event(conn, "delivery.received", row)
    stored: UUID = row["id"]
    return stored


async def get_delivery(conn: Connection, *, id: UUID) -> Delivery | None:
    """One delivery with its payload, or ``None``."""
    row = await conn.fetchrow(Q["github_get_delivery"], id)
    return Delivery(**dict(row)) if row else None


async def lock_received_delivery(conn: Connection, *, id: UUID) -> Delivery | None:
    """Lock a delivery still waiting to be processed; ``None`` if it is not."""
    row = await conn.fetchrow(Q["github_lock_received_delivery"], id)
    return Delivery(**dict(row)) if row else None


async def finish_delivery(
    conn: Connection,
    *,
    id: UUID,
    status: DeliveryStatus,
    reason: str | None = None,
    error: dict[str, Any] | None = None,
) -> bool:
    """Move a received delivery to its outcome; ``False`` if it was no longer received."""
    row = await conn.fetchrow(Q["github_finish_delivery"], id, status, reason, error)
    if row is None:
        return False
    await _delivery_event(conn, f"delivery.{status}", row, reason=reason)
    return True


async def requeue_delivery(conn: Connection, *, id: UUID) -> bool:
    """Put a finished delivery back to ``received``; ``False`` if it already was."""
    row = await conn.fetchrow(Q["github_requeue_delivery"], id)
    if row is None:
        return False
    await _delivery_event(conn, "delivery.requeued", row)
    return True


# Every delivery's moves: received, its outcome, requeued for reprocessing.
DELIVERIES_TOPIC = "deliveries"


async def _delivery_event(
    conn: Connection, type_: str, row: asyncpg.Record, *, reason: str | None = None
) -> None:
    """Report a delivery's move (in the transaction that made it)."""
    payload = {
        "id": str(row["id"]),
        "delivery_id": row["delivery_id"],
        "event": row["event"],
        "action": row["action"],
        "repo_full_name": row["repo_full_name"],
        "status": row["status"],
        "reason": reason,
    }
    await event_log.append(conn, DELIVERIES_TOPIC, type_, payload)


async def list_deliveries(
    conn: Connection,
    after: tuple[datetime, UUID],
    limit: int,
    *,
    event: str | None,
    status: DeliveryStatus | None,
    repo: str | None,
) -> list[DeliverySummary]:
    """Deliveries newest first after a ``(received_at, id)`` position, filtered when asked."""
    rows = await conn.fetch(Q["github_list_deliveries"], event, status, repo, *after, limit)
    return [DeliverySummary(**dict(r)) for r in rows]


# ---- issue analyses -----------------------------------------------------------------------


async def start_analysis(
    conn: Connection, *, repo_id: UUID, issue_number: int, delivery_id: UUID, title: str
) -> UUID:
    """Create or re-open the analysis of one issue (status ``analyzing``)."""
    analysis_id: UUID = await conn.fetchval(
        Q["github_start_analysis"], repo_id, issue_number, delivery_id, title
    )
    return analysis_id


async def link_analysis_run(conn: Connection, *, id: UUID, run_id: UUID) -> None:
    """Name the run that analyses the issue now."""
    await conn.fetchval(Q["github_link_analysis_run"], id, run_id)


async def relink_analysis_run(conn: Connection, *, id: UUID, run_id: UUID, retry_of: UUID) -> None:
    """Hand the analysis to ``run_id``, a retry of ``retry_of``, if that still has it."""
    await conn.fetchval(Q["github_relink_analysis_run"], id, run_id, retry_of)


async def save_analysis(
    conn: Connection,
    *,
    id: UUID,
    classification: Classification,
    confidence: float,
    priority: Priority,
    suggested_labels: list[str],
    summary: str,
    proposed_response: str,
    analyser: str,
    run_id: UUID,
) -> None:
    """Record an analyser's result, if ``run_id`` still analyses the issue (a later
    delivery's run took it over otherwise)."""
    await conn.fetchval(
        Q["github_save_analysis"],
        id,
        classification,
        confidence,
        priority,
        suggested_labels,
        summary,
        proposed_response,
        analyser,
        run_id,
    )


async def fail_analysis(conn: Connection, *, id: UUID, error: dict[str, Any], run_id: UUID) -> None:
    """Record that analysing an issue failed (if ``run_id`` still analyses it)."""
    await conn.fetchval(Q["github_fail_analysis"], id, error, run_id)


async def mark_comment_posted(
    conn: Connection, *, id: UUID, comment_url: str, run_id: UUID
) -> None:
    """Record the comment ``run_id`` posted for an analysis."""
    await conn.fetchval(Q["github_mark_comment_posted"], id, comment_url, run_id)


async def get_analysis(conn: Connection, *, id: UUID) -> IssueAnalysis | None:
    """One issue analysis, or ``None``."""
    row = await conn.fetchrow(Q["github_get_analysis"], id)
    return IssueAnalysis(**dict(row)) if row else None


async def list_analyses(
    conn: Connection,
    after: tuple[datetime, UUID],
    limit: int,
    *,
    repo: str | None,
    classification: str | None,
    status: str | None,
) -> list[IssueAnalysis]:
    """Issue analyses, most recently updated first after an ``(updated_at, id)`` position,
    filtered when asked."""
    rows = await conn.fetch(Q["github_list_analyses"], repo, classification, status, *after, limit)
    return [IssueAnalysis(**dict(r)) for r in rows]


# ---- maintenance --------------------------------------------------------------------------


async def prune_deliveries(conn: Connection, *, cutoff: datetime, limit: int) -> int:
    """Delete one batch of finished deliveries received before ``cutoff``."""
    count: int = await conn.fetchval(Q["github_prune_deliveries"], cutoff, limit)
    return count


async def count_prunable_deliveries(conn: Connection, *, cutoff: datetime) -> int:
    """How many finished deliveries were received before ``cutoff``."""
    count: int = await conn.fetchval(Q["github_count_prunable_deliveries"], cutoff)
    return count


async def count_deliveries_by_status(conn: Connection) -> list[tuple[tuple[str, ...], float]]:
    """``((status,), count)`` of the stored deliveries, for the metrics scrape."""
    rows = await conn.fetch(Q["github_count_deliveries_by_status"])
    return [((r["status"],), r["deliveries"]) for r in rows]


async def record_webhook_failure(conn: Connection, *, client: str, window_s: int) -> None:
    """Record one failed webhook attempt from ``client`` (and prune a few expired ones)."""
    await conn.fetchval(Q["github_record_webhook_failure"], client, float(window_s))


async def webhook_retry_after(
    conn: Connection, *, client: str, window_s: int, limit: int
) -> int | None:
    """Seconds until ``client`` may try again, or ``None`` while it is under the limit."""
    seconds: int | None = await conn.fetchval(
        Q["github_webhook_retry_after"], client, float(window_s), limit
    )
    return seconds


async def prune_webhook_failures(conn: Connection, *, cutoff: datetime, limit: int) -> int:
    """Delete one batch of failures older than ``cutoff``; how many went."""
    count: int = await conn.fetchval(Q["github_prune_webhook_failures"], cutoff, limit)
    return count


async def count_prunable_webhook_failures(conn: Connection, *, cutoff: datetime) -> int:
    """How many failures are older than ``cutoff``."""
    count: int = await conn.fetchval(Q["github_count_prunable_webhook_failures"], cutoff)
    return count

"""Artifacts: what a run produced (logs, diffs, reports, transcripts, PR links, costs).

Content and metadata pass the redactor before they are stored; logs expire after the
configured retention (``artifact_log_retention_days``), other kinds stay with their run.
``prune_artifact_logs`` is the one place logs are deleted (the domain's registered
pruner, run by the periodic retention job and ``jidocode prune``); ``expires_at`` only
tells clients when a log becomes due.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, get_args
from uuid import UUID

from domains.orchestration import repo_artifacts as repo
from domains.orchestration.errors import ArtifactNotFound
from domains.orchestration.models import ArtifactKind, ArtifactPage, ArtifactSummary, ArtifactView
from domains.orchestration.service_run_reads import get_run
from domains.shared import cursors
from rpc.context import Runtime
from rpc.errors import FieldError, ValidationFailed
from rpc.retention import Pruner, PruneWindow, prune_older
from rpc.settings import Settings
from sql.database import Connection, Database

KINDS: tuple[str, ...] = get_args(ArtifactKind)
MAX_CONTENT_BYTES = 10 * 1024 * 1024


async def add_artifact(
    conn: Connection,
    runtime: Runtime,
    *,
    run_id: UUID,
    kind: str,
    name: str,
    content_type: str,
    content: str,
    metadata: dict[str, Any] | None = None,
) -> ArtifactView:
    """Store an artifact of a run, redacted, in the caller's transaction."""
    problems: list[FieldError] = []
    if kind not in KINDS:
        problems.append(FieldError(field="kind", message=f"must be one of {', '.join(KINDS)}"))
    if not 1 <= len(name) <= 200:
        problems.append(FieldError(field="name", message="must be 1 to 200 characters"))
    if not 1 <= len(content_type) <= 200:
        problems.append(FieldError(field="content_type", message="must be 1 to 200 characters"))
    if len(content.encode()) > MAX_CONTENT_BYTES:
        problems.append(FieldError(field="content", message="is larger than 10 MiB"))
    if problems:
        raise ValidationFailed(field_errors=problems)
    rd = runtime.redactor
    expires_at = None
    if kind == "log":
        days = runtime.settings.artifact_log_retention_days
        expires_at = datetime.now(UTC) + timedelta(days=days)
    return await repo.insert_artifact(
        conn,
        run_id=run_id,
        kind=kind,
        name=rd.redact(name),
        content_type=content_type,
        content=rd.redact(content),
        metadata=rd.redact(metadata or {}),
        expires_at=expires_at,
    )


async def list_artifacts(
    db: Database, *, run_id: UUID, cursor: str | None, limit: int
) -> ArtifactPage:
    """A run's artifacts without content, newest first; an unknown run is not found."""

    async def fetch(conn: Connection, after: cursors.Position, n: int) -> list[ArtifactSummary]:
        items = await repo.list_for_run(conn, after, n, run_id=run_id)
        if not items:
            await get_run(conn, run_id=run_id)
        return items

    items, next_cursor = await cursors.NEWEST_FIRST.page(
        db, cursor, limit, cursors.by_inserted_at, fetch
    )
    return ArtifactPage(items=items, next_cursor=next_cursor)


async def get_artifact(db: Database, *, artifact_id: UUID) -> ArtifactView:
    """One artifact with its content."""
    async with db.connection() as conn:
        found = await repo.get_artifact(conn, artifact_id=artifact_id)
    if found is None:
        raise ArtifactNotFound(artifact_id=artifact_id)
    return found


async def prune_artifact_logs(db: Database, settings: Settings, window: PruneWindow) -> int:
    """Delete (or count, in a dry run) log artifacts older than their retention.

    A log goes when it was made strictly before ``now - artifact_log_retention_days`` (one
    exactly at the cutoff stays) and its run is terminal: a run still going may yet read
    its logs. Age is measured from ``inserted_at`` against the retention in force now, so
    a changed setting applies to logs already stored. Each batch is its own short
    transaction (rows claimed with ``SKIP LOCKED``); returns how many went (or would go).
    """
    cutoff = window.cutoff(settings.artifact_log_retention_days)
    return await prune_older(db, window, cutoff, repo.count_prunable_logs, repo.prune_logs)


ARTIFACT_LOGS = Pruner("artifact_logs", prune_artifact_logs)

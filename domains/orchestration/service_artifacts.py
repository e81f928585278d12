"""Artifacts: what a run produced (logs, diffs, reports, transcripts, PR links, costs).

Content and metadata pass the redactor before they are stored; logs expire after the
configured retention (``artifact_log_retention_days``), other kinds stay with their run.
``prune_artifact_logs`` is the one place logs are deleted (GitHub's periodic prune job and
``jidocode prune`` call it); ``expires_at`` only tells clients when a log becomes due.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, get_args
from uuid import UUID

from domains.orchestration import repo_artifacts as repo
from domains.orchestration.errors import ArtifactNotFound
from domains.orchestration.models import ArtifactKind, ArtifactPage, ArtifactView
from domains.orchestration.redacting import redactor
from domains.orchestration.service_run_reads import get_run
from domains.shared import cursors
from domains.shared.errors import FieldError, ValidationFailed
from rpc.context import Runtime
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
    rd = redactor(runtime)
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
    before = cursors.decode(cursor) or cursors.START
    async with db.connection() as conn:
        items = await repo.list_for_run(conn, run_id=run_id, before=before, limit=limit + 1)
        if not items:
            await get_run(conn, run_id=run_id)
    page, nxt = cursors.next_page(items, limit, key=lambda r: (r.inserted_at, r.id))
    return ArtifactPage(items=page, next_cursor=nxt)


async def get_artifact(db: Database, *, artifact_id: UUID) -> ArtifactView:
    """One artifact with its content."""
    async with db.connection() as conn:
        found = await repo.get_artifact(conn, artifact_id=artifact_id)
    if found is None:
        raise ArtifactNotFound(artifact_id=artifact_id)
    return found


async def prune_artifact_logs(
    db: Database,
    *,
    now: datetime,
    retention_days: int,
    dry_run: bool = False,
    batch_size: int = 1000,
) -> int:
    """Delete (or count, when ``dry_run``) log artifacts older than the retention.

    A log goes when it was made strictly before ``now - retention_days`` (one exactly at
    the cutoff stays) and its run is terminal: a run still going may yet read its logs.
    Age is measured from ``inserted_at`` against the retention in force now, so a changed
    setting applies to logs already stored. Each batch of ``batch_size`` is its own short
    transaction (rows claimed with ``SKIP LOCKED``); returns how many went (or would go).
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    cutoff = now - timedelta(days=retention_days)
    if dry_run:
        async with db.connection() as conn:
            return await repo.count_prunable_logs(conn, cutoff=cutoff)
    total = 0
    while True:
        async with db.transaction() as conn:
            deleted = await repo.prune_logs(conn, cutoff=cutoff, limit=batch_size)
        total += deleted
        if deleted < batch_size:
            return total

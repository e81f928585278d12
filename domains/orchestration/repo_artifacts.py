"""SQL for run artifacts."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from domains.orchestration.errors import RunNotFound
from domains.orchestration.models import ArtifactSummary, ArtifactView
from sql.database import Connection
from sql.queries import query_file

Q = query_file("orchestration_artifacts")


async def insert_artifact(
    conn: Connection,
    *,
    run_id: UUID,
    kind: str,
    name: str,
    content_type: str,
    content: str,
    metadata: dict[str, Any],
    expires_at: datetime | None,
) -> ArtifactView:
    """Store an (already redacted) artifact; an unknown run is ``RunNotFound``."""
    try:
        row = await conn.fetchrow(
            Q["insert_artifact"],
            run_id,
            kind,
            name,
            content_type,
            content,
            len(content.encode()),
            metadata,
            expires_at,
        )
    except asyncpg.ForeignKeyViolationError as exc:
        if exc.constraint_name == "artifacts_run_id_fkey":
            raise RunNotFound(run_id=run_id) from exc
        raise
    assert row is not None
    return ArtifactView.model_validate(dict(row))


async def get_artifact(conn: Connection, *, artifact_id: UUID) -> ArtifactView | None:
    """One artifact with content, or ``None``."""
    row = await conn.fetchrow(Q["get_artifact"], artifact_id)
    return ArtifactView.model_validate(dict(row)) if row else None


async def list_for_run(
    conn: Connection,
    after: tuple[datetime, UUID],
    limit: int,
    *,
    run_id: UUID,
) -> list[ArtifactSummary]:
    """A run's artifacts without content, newest first after a position."""
    rows = await conn.fetch(Q["list_run_artifacts"], run_id, *after, limit)
    return [ArtifactSummary.model_validate(dict(r)) for r in rows]


async def prune_logs(conn: Connection, *, cutoff: datetime, limit: int) -> int:
    """Delete one batch of finished runs' log artifacts made before ``cutoff``."""
    count: int = await conn.fetchval(Q["prune_artifact_logs"], cutoff, limit)
    return count


async def count_prunable_logs(conn: Connection, *, cutoff: datetime) -> int:
    """How many finished runs' log artifacts were made before ``cutoff``."""
    count: int = await conn.fetchval(Q["count_prunable_artifact_logs"], cutoff)
    return count

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
    conn: Connection, *, run_id: UUID, before: tuple[datetime, UUID], limit: int
) -> list[ArtifactSummary]:
    """A run's artifacts without content, newest first."""
    at, row_id = before
    rows = await conn.fetch(Q["list_run_artifacts"], run_id, at, row_id, limit)
    return [ArtifactSummary.model_validate(dict(r)) for r in rows]


async def delete_expired(conn: Connection, *, now: datetime, batch: int) -> int:
    """Delete up to ``batch`` artifacts whose retention ended before ``now``."""
    rows = await conn.fetch(Q["delete_expired_artifacts"], now, batch)
    return len(rows)

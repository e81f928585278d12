"""SQL for pull request records."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import asyncpg

from domains.orchestration.errors import PullRequestExists, RunNotFound
from domains.orchestration.models import PullRequestView
from domains.projects.errors import ProjectNotFound
from sql.database import Connection
from sql.queries import query_file

Q = query_file("orchestration_pull_requests")


def _pr(row: asyncpg.Record) -> PullRequestView:
    return PullRequestView.model_validate(dict(row))


async def insert_pull_request(
    conn: Connection,
    *,
    project_id: UUID,
    run_id: UUID | None,
    number: int,
    url: str,
    branch: str,
    title: str,
    body: str,
) -> PullRequestView:
    """Record a pull request; a known (project, number) is ``PullRequestExists``."""
    try:
        async with conn.transaction():
            row = await conn.fetchrow(
                Q["insert_pull_request"], project_id, run_id, number, url, branch, title, body
            )
    except asyncpg.UniqueViolationError as exc:
        if exc.constraint_name == "pull_requests_project_number_key":
            raise PullRequestExists(number=number) from exc
        raise
    except asyncpg.ForeignKeyViolationError as exc:
        if exc.constraint_name == "pull_requests_project_id_fkey":
            raise ProjectNotFound(project_id=project_id) from exc
        if exc.constraint_name == "pull_requests_run_id_fkey" and run_id is not None:
            raise RunNotFound(run_id=run_id) from exc
        raise
    assert row is not None
    return _pr(row)


async def get_pull_request(conn: Connection, *, pull_request_id: UUID) -> PullRequestView | None:
    """One pull request record, or ``None``."""
    row = await conn.fetchrow(Q["get_pull_request"], pull_request_id)
    return _pr(row) if row else None


async def list_pull_requests(
    conn: Connection,
    after: tuple[datetime, UUID],
    limit: int,
    *,
    project_id: UUID | None,
) -> list[PullRequestView]:
    """Pull requests, of one project when given, newest first after a position."""
    rows = await conn.fetch(Q["list_pull_requests"], project_id, *after, limit)
    return [_pr(r) for r in rows]


async def close_pull_request(
    conn: Connection,
    *,
    pull_request_id: UUID,
    status: str,
    merged_at: datetime | None,
    closed_at: datetime,
) -> PullRequestView | None:
    """Move an open pull request to merged or closed; ``None`` if it is no longer open."""
    row = await conn.fetchrow(
        Q["close_pull_request"], pull_request_id, status, merged_at, closed_at
    )
    return _pr(row) if row else None


async def touch_synced(conn: Connection, *, pull_request_id: UUID) -> PullRequestView | None:
    """Stamp ``last_synced_at`` on a pull request GitHub reports unchanged."""
    row = await conn.fetchrow(Q["touch_pull_request_synced"], pull_request_id)
    return _pr(row) if row else None

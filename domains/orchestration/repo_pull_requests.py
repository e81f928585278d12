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


async def get_pull_request_by_number(
    conn: Connection, *, project_id: UUID, number: int
) -> PullRequestView | None:
    """The record of a project's pull request number ``number``, or ``None``."""
    row = await conn.fetchrow(Q["get_pull_request_by_number"], project_id, number)
    return _pr(row) if row else None


async def move_pull_request(
    conn: Connection,
    *,
    pull_request_id: UUID,
    expected: str,
    to: str,
    merged_at: datetime | None,
    closed_at: datetime | None,
    head_sha: str | None,
    github_updated_at: datetime | None,
    source: str,
) -> PullRequestView | None:
    """Move a pull request out of ``expected`` to ``to``, recording the move; ``None`` when
    it is no longer ``expected`` or a newer GitHub state is already recorded."""
    row = await conn.fetchrow(
        Q["move_pull_request"],
        pull_request_id,
        expected,
        to,
        merged_at,
        closed_at,
        head_sha,
        github_updated_at,
        source,
    )
    return _pr(row) if row else None


async def stamp_head(
    conn: Connection,
    *,
    pull_request_id: UUID,
    head_sha: str,
    github_updated_at: datetime | None,
) -> PullRequestView | None:
    """Record a new head commit; ``None`` when it is already the head, the pull request is
    merged, or a newer GitHub state is recorded."""
    row = await conn.fetchrow(
        Q["stamp_pull_request_head"], pull_request_id, head_sha, github_updated_at
    )
    return _pr(row) if row else None


async def touch_synced(conn: Connection, *, pull_request_id: UUID) -> PullRequestView | None:
    """Stamp ``last_synced_at`` on a pull request GitHub reports unchanged."""
    row = await conn.fetchrow(Q["touch_pull_request_synced"], pull_request_id)
    return _pr(row) if row else None

"""Pull requests runs opened: records, reads, and a sync with GitHub.

A record moves ``open → merged | closed`` only, by a conditional update, so two syncs (or
a sync racing a webhook) cannot both move it. The GitHub call happens with no transaction
open and no pooled connection held.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from domains.orchestration import repo_pull_requests as repo
from domains.orchestration.errors import PullRequestNotFound
from domains.orchestration.models import PullRequestPage, PullRequestView
from domains.projects.service import get_project
from domains.setup.service import github_client
from domains.shared import cursors
from rpc.context import Runtime
from sql.database import Connection, Database


async def record_pull_request(
    conn: Connection,
    runtime: Runtime,
    *,
    project_id: UUID,
    run_id: UUID | None,
    number: int,
    url: str,
    branch: str,
    title: str,
    body: str = "",
) -> PullRequestView:
    """Record a pull request a run opened, in the caller's transaction (title/body redacted)."""
    rd = runtime.redactor
    return await repo.insert_pull_request(
        conn,
        project_id=project_id,
        run_id=run_id,
        number=number,
        url=url,
        branch=branch,
        title=rd.redact(title),
        body=rd.redact(body),
    )


async def _get(conn: Connection, pull_request_id: UUID) -> PullRequestView:
    found = await repo.get_pull_request(conn, pull_request_id=pull_request_id)
    if found is None:
        raise PullRequestNotFound(pull_request_id=pull_request_id)
    return found


async def get_pull_request(db: Database, *, pull_request_id: UUID) -> PullRequestView:
    """One pull request record."""
    async with db.connection() as conn:
        return await _get(conn, pull_request_id)


async def list_pull_requests(
    db: Database, *, project_id: UUID | None, cursor: str | None, limit: int
) -> PullRequestPage:
    """Pull requests newest first, optionally of one project."""
    items, next_cursor = await cursors.NEWEST_FIRST.page(
        db, cursor, limit, cursors.by_inserted_at, repo.list_pull_requests, project_id=project_id
    )
    return PullRequestPage(items=items, next_cursor=next_cursor)


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def github_status(pull: dict[str, Any]) -> str:
    """``merged``, ``closed`` or ``open`` from GitHub's pull request object."""
    if pull.get("merged") is True or _time(pull.get("merged_at")) is not None:
        return "merged"
    return "closed" if pull.get("state") == "closed" else "open"


async def sync_pull_request(
    db: Database, runtime: Runtime, *, pull_request_id: UUID
) -> PullRequestView:
    """Read the pull request from GitHub and move the record ``open → merged | closed``.

    A record that is already merged or closed is returned as it is, without a call.
    """
    async with db.connection() as conn:
        pr = await _get(conn, pull_request_id)
        if pr.status != "open":
            return pr
        project = await get_project(conn, project_id=pr.project_id)
        client = await github_client(conn, runtime)
    owner, name = project.github_full_name.split("/", 1)
    pull = await client.get_pull_request(owner, name, pr.number)
    status = github_status(pull)
    async with db.connection() as conn:
        if status == "open":
            touched = await repo.touch_synced(conn, pull_request_id=pr.id)
            return touched or await _get(conn, pr.id)
        now = datetime.now(UTC)
        merged_at = (_time(pull.get("merged_at")) or now) if status == "merged" else None
        closed_at = _time(pull.get("closed_at")) or merged_at or now
        moved = await repo.close_pull_request(
            conn,
            pull_request_id=pr.id,
            status=status,
            merged_at=merged_at,
            closed_at=closed_at,
        )
        # None: another sync moved it first; its result stands.
        return moved or await _get(conn, pr.id)

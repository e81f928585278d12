"""Pull requests runs opened: records, reads, and their state as GitHub reports it.

A record moves ``open → merged | closed`` and ``closed → open`` (reopened; or ``closed →
merged`` when the reopening was missed); merged is final. GitHub's state reaches it two
ways, which record it alike (``observe_pull_request``): a ``pull_request`` webhook
delivery, in the delivery's transaction, and ``sync_pull_request``, which reads the API.
Every change is a conditional update on the status it was read in, and an observation
older than the recorded state (by GitHub's ``updated_at``) is ignored, so a delivery
delivered twice, or one racing a sync, moves the record once. The GitHub call happens
with no transaction open and no pooled connection held.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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


HEAD_SHA = re.compile(r"^[0-9a-f]{40,64}$")
# The moves GitHub can report; merged is final. Closed → merged: a reopening was missed.
MOVES = frozenset(
    {("open", "merged"), ("open", "closed"), ("closed", "open"), ("closed", "merged")}
)
# How often a change lost to another writer is decided again on what that writer recorded.
ATTEMPTS = 3


@dataclass(frozen=True)
class GitHubPullState:
    """What GitHub reports of a pull request, as a record keeps it."""

    status: str
    merged_at: datetime | None
    closed_at: datetime | None
    head_sha: str | None
    updated_at: datetime | None


def github_state(pull: dict[str, Any]) -> GitHubPullState:
    """The state in GitHub's pull request object (the API's, or a webhook payload's)."""
    status = github_status(pull)
    now = datetime.now(UTC)
    merged_at = (_time(pull.get("merged_at")) or now) if status == "merged" else None
    closed_at = (_time(pull.get("closed_at")) or merged_at or now) if status != "open" else None
    head = pull.get("head")
    sha = head.get("sha") if isinstance(head, dict) else None
    return GitHubPullState(
        status=status,
        merged_at=merged_at,
        closed_at=closed_at,
        head_sha=sha if isinstance(sha, str) and HEAD_SHA.match(sha) else None,
        updated_at=_time(pull.get("updated_at")),
    )


@dataclass(frozen=True)
class PullRequestChange:
    """What recording GitHub's state did to a record: the record as it stands, whether
    this call changed it, and a note saying what happened (or why nothing did)."""

    pull_request: PullRequestView
    changed: bool
    note: str


async def observe_pull_request(
    conn: Connection, *, project_id: UUID, number: int, pull: dict[str, Any], source: str
) -> PullRequestChange | None:
    """Record the state GitHub reports for a project's pull request ``number`` (its status,
    times and head commit), in the caller's transaction; ``None`` when there is no record.

    ``pull`` is GitHub's pull request object; ``source`` names the reporter in the
    record's status history (``webhook:<delivery id>``). Idempotent: the same state
    reported again, or one older than the recorded state, changes nothing.
    """
    pr = await repo.get_pull_request_by_number(conn, project_id=project_id, number=number)
    if pr is None:
        return None
    return await _record_state(conn, pr, github_state(pull), source=source)


async def _record_state(
    conn: Connection, pr: PullRequestView, state: GitHubPullState, *, source: str
) -> PullRequestChange:
    label = f"pull request #{pr.number}"
    for _ in range(ATTEMPTS):
        recorded = pr.github_updated_at
        if state.updated_at and recorded and state.updated_at < recorded:
            return PullRequestChange(pr, False, f"{label}: a newer state is already recorded")
        if state.status != pr.status:
            if (pr.status, state.status) not in MOVES:
                return PullRequestChange(pr, False, f"{label} is {pr.status}, which is final")
            moved = await repo.move_pull_request(
                conn,
                pull_request_id=pr.id,
                expected=pr.status,
                to=state.status,
                merged_at=state.merged_at,
                closed_at=state.closed_at,
                head_sha=state.head_sha,
                github_updated_at=state.updated_at,
                source=source,
            )
            if moved is not None:
                return PullRequestChange(moved, True, f"{label} {pr.status} → {state.status}")
        elif state.head_sha and state.head_sha != pr.head_sha and pr.status != "merged":
            stamped = await repo.stamp_head(
                conn,
                pull_request_id=pr.id,
                head_sha=state.head_sha,
                github_updated_at=state.updated_at,
            )
            if stamped is not None:
                return PullRequestChange(stamped, True, f"{label} head at {state.head_sha[:12]}")
        else:
            at = f" at {state.head_sha[:12]}" if state.head_sha else ""
            return PullRequestChange(pr, False, f"{label} is already {pr.status}{at}")
        # Another writer changed the record between the read and the conditional update:
        # decide again on what it recorded.
        pr = await _get(conn, pr.id)
    return PullRequestChange(pr, False, f"{label} kept changing; left {pr.status}")


async def sync_pull_request(
    db: Database, runtime: Runtime, *, pull_request_id: UUID
) -> PullRequestView:
    """Read the pull request from GitHub and record its state as a webhook delivery would
    (``open → merged | closed``, ``closed → open``, the head commit).

    A merged record is final and returned as it is, without a call.
    """
    async with db.connection() as conn:
        pr = await _get(conn, pull_request_id)
        if pr.status == "merged":
            return pr
        project = await get_project(conn, project_id=pr.project_id)
        client = await github_client(conn, runtime)
    owner, name = project.github_full_name.split("/", 1)
    pull = await client.get_pull_request(owner, name, pr.number)
    async with db.transaction() as conn:
        # ``pr`` may be stale by now: the conditional update notices and decides again.
        change = await _record_state(conn, pr, github_state(pull), source="sync")
        if change.changed:
            return change.pull_request
        touched = await repo.touch_synced(conn, pull_request_id=pr.id)
        return touched or change.pull_request

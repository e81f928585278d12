"""SQL for approval requests and decisions."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import asyncpg

from domains.orchestration.models import ApprovalContext, ApprovalView
from sql.database import Connection
from sql.queries import query_file

Q = query_file("orchestration_approvals")


def _approval(row: asyncpg.Record) -> ApprovalView:
    return ApprovalView.model_validate(dict(row))


async def insert_request(
    conn: Connection, *, run_id: UUID, step: str, context: ApprovalContext, requested_by: str
) -> UUID:
    """Open an approval request; the context is already redacted."""
    extra = {
        k: v
        for k, v in context.model_dump(mode="json").items()
        if k not in {"diff_summary", "test_summary", "risk_notes"}
    }
    request_id: UUID = await conn.fetchval(
        Q["insert_approval_request"],
        run_id,
        step,
        context.diff_summary,
        context.test_summary,
        context.risk_notes,
        extra,
        requested_by,
    )
    return request_id


async def decide_open(
    conn: Connection, *, run_id: UUID, decision: str, actor: str, comment: str | None
) -> UUID | None:
    """Decide the run's open request; ``None`` when it has none."""
    decided: UUID | None = await conn.fetchval(
        Q["decide_open_approval"], run_id, decision, actor, comment
    )
    return decided


async def list_pending(
    conn: Connection,
    after: tuple[datetime, UUID],
    limit: int,
    *,
    project_id: UUID | None,
) -> list[ApprovalView]:
    """Open requests of runs awaiting approval, of one project when given, newest first."""
    rows = await conn.fetch(Q["list_pending_approvals"], project_id, *after, limit)
    return [_approval(r) for r in rows]

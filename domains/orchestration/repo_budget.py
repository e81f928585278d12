"""SQL for run budgets: what a run has spent and the extensions it was granted."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domains.orchestration.models_steps import BudgetUsage
from sql.database import Connection
from sql.queries import query_file

Q = query_file("orchestration_budget")


async def run_usage(
    conn: Connection, *, run_id: UUID, excluding: UUID | None = None
) -> BudgetUsage:
    """USD, running seconds and agent turns over the run's attempts (less ``excluding``)."""
    row = await conn.fetchrow(Q["run_budget_usage"], run_id, excluding)
    assert row is not None  # an aggregate always returns its row
    return BudgetUsage.model_validate(dict(row))


async def granted_extensions(conn: Connection, *, run_id: UUID) -> int:
    """How many budget extensions the run's approvers granted."""
    count: int = await conn.fetchval(Q["count_budget_extensions"], run_id)
    return count


async def open_approval_context(conn: Connection, *, run_id: UUID) -> dict[str, Any] | None:
    """The context of the run's open approval request, ``None`` when it has none."""
    context: dict[str, Any] | None = await conn.fetchval(Q["open_approval_context"], run_id)
    return context

"""SQL for the step engine: step attempts and run worktrees."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domains.orchestration.models_steps import RunWorktree, StepRun
from sql.database import Connection
from sql.queries import query_file

Q = query_file("orchestration_steps")


async def list_step_runs(conn: Connection, *, run_id: UUID) -> list[StepRun]:
    """Every attempt of a run's steps, in the order they started."""
    rows = await conn.fetch(Q["list_step_runs"], run_id)
    return [StepRun.model_validate(dict(r)) for r in rows]


async def insert_step_run(
    conn: Connection, *, run_id: UUID, index: int, name: str, kind: str, attempt: int
) -> StepRun:
    """Start an attempt (the unique index refuses a second running one)."""
    row = await conn.fetchrow(Q["insert_step_run"], run_id, index, name, kind, attempt)
    assert row is not None
    return StepRun.model_validate(dict(row))


async def finish_step_run(
    conn: Connection,
    *,
    step_run_id: UUID,
    status: str,
    output: dict[str, Any],
    error: dict[str, Any] | None,
    cost_usd: float,
) -> bool:
    """End a running attempt; False when it was already ended (taken over as lost)."""
    found = await conn.fetchval(Q["finish_step_run"], step_run_id, status, output, error, cost_usd)
    return found is not None


async def lose_running(conn: Connection, *, run_id: UUID, error: dict[str, Any]) -> list[int]:
    """End the attempts a dead worker left running; returns their step indexes."""
    rows = await conn.fetch(Q["lose_running_step_runs"], run_id, error)
    return [int(r["step_index"]) for r in rows]


async def get_worktree(conn: Connection, *, run_id: UUID) -> RunWorktree | None:
    """The worktree a run works in, if it has one yet."""
    row = await conn.fetchrow(Q["get_run_worktree"], run_id)
    return RunWorktree.model_validate(dict(row)) if row else None


async def insert_worktree(
    conn: Connection, *, run_id: UUID, path: str, branch: str, base_commit: str, host: str
) -> None:
    """Record a run's worktree once."""
    await conn.execute(Q["insert_run_worktree"], run_id, path, branch, base_commit, host)


async def run_cost(conn: Connection, *, run_id: UUID) -> float:
    """What a run's steps have spent so far, in USD."""
    value: float = await conn.fetchval(Q["run_cost_usd"], run_id)
    return value

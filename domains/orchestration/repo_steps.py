"""SQL for the step engine: step attempts and run worktrees (and their retention)."""

from __future__ import annotations

from datetime import datetime
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


async def worktree_host(conn: Connection, *, run_id: UUID) -> str | None:
    """The host of the worktree the run works in: its own, else its original's that a
    retry will reuse; ``None`` when it has none yet."""
    host: str | None = await conn.fetchval(Q["get_run_worktree_host"], run_id)
    return host


async def run_cost(conn: Connection, *, run_id: UUID) -> float:
    """What a run's steps have spent so far, in USD."""
    value: float = await conn.fetchval(Q["run_cost_usd"], run_id)
    return value


# ---- retention of run worktrees ------------------------------------------------------------


async def count_prunable_worktrees(conn: Connection, *, cutoff: datetime) -> dict[str, int]:
    """Worktrees due for removal (every run using them ended before ``cutoff``), per host."""
    rows = await conn.fetch(Q["count_prunable_worktrees_by_host"], cutoff)
    return {r["host"]: r["worktrees"] for r in rows}


async def list_prunable_worktrees(
    conn: Connection, *, host: str, cutoff: datetime, after: str, limit: int
) -> list[tuple[str, UUID]]:
    """``(path, project_id)`` of ``host``'s worktrees due for removal, by path after ``after``."""
    rows = await conn.fetch(Q["list_prunable_worktrees"], host, cutoff, after, limit)
    return [(r["path"], r["project_id"]) for r in rows]


async def lock_runs_of_worktree(conn: Connection, *, path: str, host: str) -> None:
    """Lock the runs recorded on a worktree until the transaction ends."""
    await conn.fetch(Q["lock_runs_of_worktree"], path, host)


async def claim_worktree_removal(
    conn: Connection, *, path: str, host: str, cutoff: datetime
) -> datetime | None:
    """Mark a still-due worktree removed; when, or ``None`` when it is not due any more."""
    claimed: datetime | None = await conn.fetchval(Q["claim_worktree_removal"], path, host, cutoff)
    return claimed


async def release_worktree_removal(
    conn: Connection, *, path: str, host: str, claimed_at: datetime, cutoff: datetime
) -> bool:
    """Unmark a worktree whose removal failed; ``False`` when a retry started meanwhile."""
    rows = await conn.fetch(Q["release_worktree_removal"], path, host, claimed_at, cutoff)
    return bool(rows)

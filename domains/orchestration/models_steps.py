"""The step engine's records: a step attempt (and the list ``orchestration.list_step_runs``
returns) and a run's worktree."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from rpc.contract import Result

StepRunStatus = Literal["running", "completed", "failed", "cancelled"]


class StepRun(BaseModel):
    """One attempt of one step of a run: the step's position (from 0) and name in the
    pinned definition, its kind, the attempt number (from 1), status, times, output and
    error (redacted) and what it cost in USD."""

    id: UUID
    run_id: UUID
    step_index: int
    step_name: str
    kind: str
    attempt: int
    status: StepRunStatus
    output: dict[str, Any]
    error: dict[str, Any] | None
    cost_usd: float
    started_at: datetime
    finished_at: datetime | None


class StepRunList(Result):
    """Every attempt of a run's steps, in the order they started; each attempt's output
    and error as stored (redacted)."""

    items: list[StepRun]


class RunWorktree(BaseModel):
    """The git worktree and branch a run works in, and the host that holds it."""

    run_id: UUID
    path: str
    branch: str
    base_commit: str
    host: str
    removed_at: datetime | None


class BudgetUsage(BaseModel):
    """What a run has spent against its budget: USD (LLM and agent cost), seconds spent
    running steps (time parked for an approval not counted) and coding-agent turns."""

    model_config = ConfigDict(frozen=True)

    cost_usd: float = 0.0
    wall_s: float = 0.0
    agent_turns: int = 0

"""The step engine's records: a step attempt and a run's worktree."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel

StepRunStatus = Literal["running", "completed", "failed", "cancelled"]


class StepRun(BaseModel):
    """One attempt of one step of a run (``workflow_step_runs``)."""

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


class RunWorktree(BaseModel):
    """The git worktree and branch a run works in, and the host that holds it."""

    run_id: UUID
    path: str
    branch: str
    base_commit: str
    host: str
    removed_at: datetime | None

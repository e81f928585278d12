"""Job rows as typed models."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel

JobStatus = Literal["queued", "running", "done", "dead"]


class ClaimedJob(BaseModel):
    """A job a worker has just claimed."""

    id: UUID
    kind: str
    payload: dict[str, Any]
    attempts: int
    max_attempts: int
    lease_token: int  # this claim's fencing token: the job's writes are conditional on it
    affinity: str | None  # the host the job must run on; None: any host


class Job(BaseModel):
    """A job as stored."""

    id: UUID
    kind: str
    payload: dict[str, Any]
    status: JobStatus
    attempts: int
    max_attempts: int
    run_at: datetime
    locked_by: str | None
    lease_token: int
    lease_expires_at: datetime | None
    dedupe_key: str | None
    affinity: str | None
    last_error: str | None
    finished_at: datetime | None
    inserted_at: datetime
    updated_at: datetime

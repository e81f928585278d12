"""The event topics of workflow runs: ``run:<id>`` (every event of one run) and ``runs``
(every run's status moves)."""

from __future__ import annotations

from typing import get_args
from uuid import UUID

from domains.orchestration import repo_runs
from domains.orchestration.models import EventType, RunEventPayload
from rpc.event_families import EventFamily
from sql.database import Connection


async def _run_exists(conn: Connection, run_id: UUID) -> bool:
    return await repo_runs.get_run(conn, run_id=run_id) is not None


RUN_TYPES: tuple[str, ...] = get_args(EventType)

FAMILIES = (
    EventFamily(
        topic="run:",
        types=RUN_TYPES,
        payload=RunEventPayload,
        description=(
            "Every event of one workflow run, in order: its status moves and its steps' "
            "events (step_session_started names the Forge session whose topic carries "
            "the step's output)."
        ),
        exists=_run_exists,
        subject="run",
    ),
    EventFamily(
        topic=repo_runs.RUNS_TOPIC,
        types=RUN_TYPES,
        payload=RunEventPayload,
        description="Every run's status moves, across projects.",
    ),
)

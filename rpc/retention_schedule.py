"""The periodic ``retention.prune`` job: every registered pruner, every few hours.

Processes that run workers check once a minute whether the job is due; the schedule row
makes several processes enqueue it once per period.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from rpc.context import JobContext
from rpc.periodic import PeriodicJob
from rpc.retention import PruneWindow, run_pruners

PRUNE_JOB = "retention.prune"
PRUNE_INTERVAL_S = 6 * 3600
TICK_S = 60.0


async def prune_job(ctx: JobContext, payload: dict[str, Any]) -> None:
    """Job ``retention.prune``: apply retention as of now with every registered pruner."""
    runtime = ctx.runtime
    await run_pruners(
        runtime.db, runtime.settings, runtime.pruners, PruneWindow(now=datetime.now(UTC))
    )


def retention_lifecycle() -> PeriodicJob:
    """In processes that run workers, checks once a minute whether the prune job is due."""
    return PeriodicJob(PRUNE_JOB, interval_s=lambda _: PRUNE_INTERVAL_S, tick_s=lambda _: TICK_S)

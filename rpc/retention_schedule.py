"""The periodic ``retention.prune`` job: every registered pruner, every few hours.

Processes that run workers check once a minute whether the job is due; the schedule row
makes several processes enqueue it once per period.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime
from typing import Any

import asyncpg

from rpc.context import JobContext, Runtime
from rpc.jobs import enqueue_when_due
from rpc.retention import PruneWindow, run_pruners
from sql.database import Database

log = logging.getLogger(__name__)

PRUNE_JOB = "retention.prune"
PRUNE_INTERVAL_S = 6 * 3600
TICK_S = 60.0


async def prune_job(ctx: JobContext, payload: dict[str, Any]) -> None:
    """Job ``retention.prune``: apply retention as of now with every registered pruner."""
    runtime = ctx.runtime
    await run_pruners(
        runtime.db, runtime.settings, runtime.pruners, PruneWindow(now=datetime.now(UTC))
    )


class RetentionLifecycle:
    """In processes that run workers, checks once a minute whether the prune job is due."""

    def __init__(self) -> None:
        self._tickers: dict[int, asyncio.Task[None]] = {}

    async def start(self, runtime: Runtime) -> None:
        """Start the schedule (only where workers run)."""
        if runtime.settings.run_workers:
            self._tickers[id(runtime)] = asyncio.create_task(
                self._tick(runtime.db), name="jidocode-retention-schedule"
            )

    async def stop(self, runtime: Runtime) -> None:
        """Stop the schedule."""
        task = self._tickers.pop(id(runtime), None)
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _tick(self, db: Database) -> None:
        while True:
            try:
                await enqueue_when_due(db, PRUNE_JOB, interval_s=PRUNE_INTERVAL_S)
            except (OSError, asyncpg.PostgresError):
                log.exception("could not schedule the prune job; trying again later")
            await asyncio.sleep(TICK_S)

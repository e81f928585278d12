"""The periodic ``agents.fire_schedules`` job and the ticker that enqueues it.

Like ``rpc.retention_schedule``: every process that runs workers checks every
``JIDOCODE_AGENT_SCHEDULE_TICK_S`` whether the job is due, and the ``job_schedules`` row
makes the processes enqueue it once per tick. The job fires the due slots
(``service_schedule.fire_due``), whose own conditional update keeps each slot to one run
even if two jobs ran at once. The tick is also how late a slot may start.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime
from typing import Any

import asyncpg

from domains.agents.service_schedule import fire_due
from rpc.context import JobContext, Runtime
from rpc.jobs import enqueue_when_due

log = logging.getLogger(__name__)

FIRE_JOB = "agents.fire_schedules"


async def fire_schedules_job(ctx: JobContext, payload: dict[str, Any]) -> None:
    """Job ``agents.fire_schedules``: start the workflow of every schedule due now."""
    await fire_due(ctx.runtime, now=datetime.now(UTC))


class ScheduleLifecycle:
    """In processes that run workers, enqueues the fire job once per tick across them."""

    def __init__(self) -> None:
        self._tickers: dict[int, asyncio.Task[None]] = {}

    async def start(self, runtime: Runtime) -> None:
        """Start ticking (only where workers run)."""
        if runtime.settings.run_workers:
            self._tickers[id(runtime)] = asyncio.create_task(
                self._tick(runtime), name="jidocode-agent-schedules"
            )

    async def stop(self, runtime: Runtime) -> None:
        """Stop ticking."""
        task = self._tickers.pop(id(runtime), None)
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _tick(self, runtime: Runtime) -> None:
        interval = runtime.settings.agent_schedule_tick_s
        while True:
            try:
                await enqueue_when_due(runtime.db, FIRE_JOB, interval_s=interval)
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
                log.exception("could not schedule the agent schedules job; trying again later")
            await asyncio.sleep(interval)

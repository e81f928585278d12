"""A job enqueued periodically by every process that runs workers, once per period
across them (the ``job_schedules`` row of ``enqueue_when_due`` decides who enqueues)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

import asyncpg

from rpc.context import Runtime
from rpc.jobs import enqueue_when_due
from rpc.settings import Settings

log = logging.getLogger(__name__)

Seconds = Callable[[Settings], float]


class PeriodicJob:
    """A lifecycle that checks every ``tick_s`` whether job ``kind`` is due (once per
    ``interval_s``) and enqueues it; only where workers run. A database hiccup is logged
    and tried again on the next tick."""

    def __init__(self, kind: str, *, interval_s: Seconds, tick_s: Seconds) -> None:
        self.kind = kind
        self._interval_s = interval_s
        self._tick_s = tick_s
        self._tickers: dict[int, asyncio.Task[None]] = {}

    async def start(self, runtime: Runtime) -> None:
        """Start ticking (only where workers run)."""
        if runtime.settings.run_workers:
            self._tickers[id(runtime)] = asyncio.create_task(
                self._tick(runtime), name=f"jidocode-periodic-{self.kind}"
            )

    async def stop(self, runtime: Runtime) -> None:
        """Stop ticking."""
        task = self._tickers.pop(id(runtime), None)
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _tick(self, runtime: Runtime) -> None:
        interval, tick = self._interval_s(runtime.settings), self._tick_s(runtime.settings)
        while True:
            try:
                await enqueue_when_due(runtime.db, self.kind, interval_s=interval)
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
                log.exception("could not enqueue a periodic job", extra={"job": self.kind})
            await asyncio.sleep(tick)

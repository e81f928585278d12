"""The periodic ``agents.fire_schedules`` job and the ticker that enqueues it.

A ``rpc.periodic.PeriodicJob``: every process that runs workers checks every
``JIDOCODE_AGENT_SCHEDULE_TICK_S`` whether the job is due, and the ``job_schedules`` row
makes the processes enqueue it once per tick. The job fires the due slots
(``service_schedule.fire_due``), whose own conditional update keeps each slot to one run
even if two jobs ran at once. The tick is also how late a slot may start.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from domains.agents.service_schedule import fire_due
from rpc.context import JobContext
from rpc.periodic import PeriodicJob
from rpc.settings import Settings

FIRE_JOB = "agents.fire_schedules"


async def fire_schedules_job(ctx: JobContext, payload: dict[str, Any]) -> None:
    """Job ``agents.fire_schedules``: start the workflow of every schedule due now."""
    await fire_due(ctx.runtime, now=datetime.now(UTC))


def schedule_lifecycle() -> PeriodicJob:
    """In processes that run workers, enqueues the fire job once per tick across them."""
    return PeriodicJob(FIRE_JOB, interval_s=_tick_s, tick_s=_tick_s)


def _tick_s(settings: Settings) -> float:
    return settings.agent_schedule_tick_s

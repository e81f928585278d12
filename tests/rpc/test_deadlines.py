"""The shared-timer per-call deadlines behave like ``asyncio.timeout``."""

from __future__ import annotations

import asyncio

import pytest

from rpc.deadlines import Deadlines


async def _bounded(deadlines: Deadlines, seconds: float) -> str:
    try:
        with deadlines():
            await asyncio.sleep(seconds)
    except TimeoutError:
        return "timeout"
    return "done"


async def test_only_the_calls_that_run_out_time_out() -> None:
    deadlines = Deadlines(0.1)
    quick = asyncio.create_task(_bounded(deadlines, 0.01))
    await asyncio.sleep(0.03)  # later starts, later deadlines, one shared timer
    slow = asyncio.create_task(_bounded(deadlines, 1.0))
    also_quick = asyncio.create_task(_bounded(deadlines, 0.02))
    assert list(await asyncio.gather(quick, slow, also_quick)) == ["done", "timeout", "done"]
    assert not deadlines._calls


async def test_a_deadline_fires_after_earlier_calls_finished() -> None:
    deadlines = Deadlines(0.05)
    assert await _bounded(deadlines, 0.0) == "done"
    await asyncio.sleep(0.02)
    # The timer armed for the first call fires before this call's deadline and re-arms.
    assert await _bounded(deadlines, 0.5) == "timeout"


async def test_an_outside_cancellation_stays_a_cancellation() -> None:
    deadlines = Deadlines(5.0)
    task = asyncio.create_task(_bounded(deadlines, 1.0))
    await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert not deadlines._calls


async def test_a_cancellation_on_top_of_the_deadline_is_not_swallowed() -> None:
    deadlines = Deadlines(0.01)

    async def stubborn() -> None:
        with deadlines():
            try:
                await asyncio.sleep(1.0)
            except asyncio.CancelledError:
                # Cancelled by the deadline; someone else cancels us while we clean up.
                asyncio.current_task().cancel()  # type: ignore[union-attr]
                await asyncio.sleep(0)

    with pytest.raises(asyncio.CancelledError):
        await asyncio.create_task(stubborn())


async def test_a_call_that_swallows_the_cancellation_returns_normally() -> None:
    deadlines = Deadlines(0.01)

    async def swallow() -> str:
        with deadlines():
            try:
                await asyncio.sleep(1.0)
            except asyncio.CancelledError:
                return "swallowed"
        return "unreachable"

    task = asyncio.create_task(swallow())
    assert await task == "swallowed"
    assert task.cancelling() == 0

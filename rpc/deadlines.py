"""Per-call deadlines on one shared timer: ``asyncio.timeout`` semantics at less cost.

The dispatcher bounds every handler call by ``Settings.call_deadline_s``. With many calls
in flight, one ``asyncio.timeout`` per call costs a timer handle each (about 5 µs a call
under load, scripts/bench --stages); every call gets the same allowance, so one timer
serves them all. Its own module because it is a self-contained asyncio tool, tested on
its own (tests/rpc/test_deadlines.py), with nothing JSON-RPC about it.
"""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import Any


class Deadlines:
    """Per-call deadlines on one shared timer: ``asyncio.timeout`` semantics, less cost.

    ``asyncio.timeout`` schedules and cancels a timer handle per call; with many calls in
    flight the loop's timer heap grows and every push and pop compares handles in Python
    (measured: about 5 µs a call under load). Every call here gets the same allowance, so
    deadlines expire in the order calls start: in-flight calls sit in an insertion-ordered
    dict, and one timer, armed for the oldest, cancels whichever calls have run out and
    re-arms for the next. As with ``asyncio.timeout``, the call's task is cancelled, and
    its ``CancelledError`` becomes ``TimeoutError`` only when no one else cancelled it too.
    """

    __slots__ = ("_calls", "_loop", "_timer", "seconds")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._calls: dict[Deadline, None] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._timer: asyncio.TimerHandle | None = None

    def __call__(self) -> Deadline:
        """A context manager bounding the current task's work to ``seconds``; the clock
        starts now (entering it only returns it)."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # first use, or reused on a new loop (tests)
            self._loop, self._calls, self._timer = loop, {}, None
        task = asyncio.current_task(loop)
        if task is None:
            raise RuntimeError("a deadline needs to run inside a task")
        deadline = Deadline(self, task, loop.time() + self.seconds)
        self._calls[deadline] = None
        if self._timer is None:
            self._arm(deadline.when)
        return deadline

    def _arm(self, when: float) -> None:
        assert self._loop is not None
        self._timer = self._loop.call_at(when, self._expire)

    def _expire(self) -> None:
        self._timer = None
        assert self._loop is not None
        now = self._loop.time()
        for deadline in list(self._calls):
            if deadline.when > now:
                self._arm(deadline.when)
                return
            del self._calls[deadline]
            deadline.expired = True
            deadline.task.cancel()


class Deadline:
    """One call's deadline (see ``Deadlines``); a synchronous context manager."""

    __slots__ = ("cancelling", "expired", "owner", "task", "when")

    def __init__(self, owner: Deadlines, task: asyncio.Task[Any], when: float) -> None:
        self.owner = owner
        self.task = task
        self.when = when
        self.cancelling = task.cancelling()
        self.expired = False

    def __enter__(self) -> Deadline:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if not self.expired:
            self.owner._calls.pop(self, None)
            return
        # Ours was one of the task's cancellations; undo it, and turn the CancelledError
        # into TimeoutError only when no other cancellation is pending (asyncio.timeout).
        if self.task.uncancel() <= self.cancelling and exc_type is asyncio.CancelledError:
            raise TimeoutError from exc

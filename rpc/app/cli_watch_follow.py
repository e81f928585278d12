"""Following several event topics at once for ``jidocode watch`` and ``forge tail``.

A ``Subscriber`` holds what one command talks to the server with: the generated client's
transport for calls and one HTTP client shared by its streams. A ``Follower`` runs one
subscription per topic, each in its own task, and merges what they yield into one queue
in the order it arrives; a stream whose cursor expired is resumed from the earliest event
kept (and says so with ``Pruned``); a stream that fails for good puts its error on the
queue, so the reader raises it.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import httpx

from codegen.python.client import INVENTORY_VERSION
from codegen.python.events import CursorExpired, StreamEvent, subscribe
from codegen.python.runtime import ClientError, RpcError, Transport, TransportError
from rpc.app.cli_profiles import Target
from rpc.app.cli_rpc_schema import methods

CALL_TIMEOUT_S = 30.0
# Failed connection attempts in a row before a stream gives up (about half a minute).
MAX_RETRIES = 8


class CallFailed(Exception):
    """A call the command made was answered with an error (``method``: its schema)."""

    def __init__(self, error: RpcError, method: dict[str, Any]) -> None:
        super().__init__(str(error))
        self.error = error
        self.method = method


class Subscriber:
    """Calls and streams to one target, with its credential; an async context manager."""

    def __init__(self, target: Target) -> None:
        self.transport = Transport(
            target.url,
            api_key=target.api_key,
            timeout_s=CALL_TIMEOUT_S,
            inventory_version=INVENTORY_VERSION,
        )
        self.http = httpx.AsyncClient(timeout=httpx.Timeout(10.0, read=60.0))

    async def call(self, method: str, params: dict[str, Any]) -> Any:
        """One call's result; an error answer is ``CallFailed``."""
        try:
            return await self.transport.raw_call(method, params)
        except RpcError as exc:
            raise CallFailed(exc, methods().get(method) or {"name": method}) from exc

    async def __aenter__(self) -> Subscriber:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.http.aclose()
        await self.transport.close()


@dataclass(frozen=True, slots=True)
class Arrived:
    """An event of a followed topic; ``label`` and ``show_output`` as it was followed."""

    topic: str
    label: str | None
    show_output: bool
    event: StreamEvent


@dataclass(frozen=True, slots=True)
class _Ended:
    """A topic's stream stopped (the last thing it puts on the queue)."""

    topic: str


@dataclass(frozen=True, slots=True)
class Pruned:
    """Events of ``topic`` up to ``earliest`` are gone; it goes on from there."""

    topic: str
    earliest: int


class Follower:
    """Subscriptions to several topics, merged in arrival order."""

    def __init__(self, subscriber: Subscriber) -> None:
        self.subscriber = subscriber
        self._queue: asyncio.Queue[Arrived | Pruned | _Ended | ClientError] = asyncio.Queue()
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._live: set[str] = set()

    def follow(self, topic: str, *, label: str | None, show_output: bool = True) -> None:
        """Start following ``topic`` from its first event (once per topic)."""
        if topic in self._tasks:
            return
        self._live.add(topic)
        self._tasks[topic] = asyncio.create_task(
            self._pump(topic, label, show_output), name=f"follow {topic}"
        )

    async def _pump(self, topic: str, label: str | None, show_output: bool) -> None:
        after = 0
        try:
            while True:
                stream = subscribe(
                    self.subscriber.transport,
                    topic,
                    after=after,
                    http=self.subscriber.http,
                    max_retries=MAX_RETRIES,
                )
                try:
                    async with contextlib.aclosing(stream) as events:
                        async for event in events:
                            after = event.seq
                            await self._queue.put(Arrived(topic, label, show_output, event))
                except CursorExpired as exc:
                    after = max(after, exc.earliest)
                    await self._queue.put(Pruned(topic, exc.earliest))
        except ClientError as exc:
            self._queue.put_nowait(exc)
        finally:
            self._queue.put_nowait(_Ended(topic))

    async def next(self) -> Arrived | Pruned:
        """The next thing any followed topic produced; a stream's failure is raised."""
        item = await self.next_or_none()
        if item is None:
            raise TransportError("every event stream ended")
        return item

    async def next_or_none(self) -> Arrived | Pruned | None:
        """As ``next``, or ``None`` once every topic stopped and all it produced was read."""
        while self._live or not self._queue.empty():
            item = await self._queue.get()
            if isinstance(item, _Ended):
                self._live.discard(item.topic)
            elif isinstance(item, ClientError):
                raise item
            else:
                return item
        return None

    def stop(self, topic: str) -> None:
        """Stop following ``topic`` (what it already produced stays queued)."""
        task = self._tasks.get(topic)
        if task is not None:
            task.cancel()

    async def close(self) -> None:
        """Stop every stream and wait for them to be closed."""
        for task in self._tasks.values():
            task.cancel()
        await asyncio.gather(*self._tasks.values(), return_exceptions=True)

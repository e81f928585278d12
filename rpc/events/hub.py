"""One LISTEN connection per process fanning the event log out to its subscribers.

``EventHub`` holds a dedicated connection (never a pooled one: LISTEN is session state)
on ``jidocode_events``, opened at the first subscription. A NOTIFY carries only a pointer
(``"<topic> <seq>"``); per topic with subscribers one reader task reads the new rows
once and puts each event on every subscriber's bounded queue, so a burst of pointers is
one read and a thousand subscribers cost one query. A subscriber whose queue is full is
dropped from the fan-out and ends with ``Overflowed``: it never holds back the others,
and it resumes from its cursor.

A subscription never misses an event and never yields one twice:

- it catches up from the database after its cursor, joins the fan-out, and reads once
  more (an event committed between the two reads has no NOTIFY it could have seen);
- live events at or below its cursor are skipped; one past a gap sends it back to the
  database for what lies between;
- the connection can drop (a restart, ``pg_terminate_backend``): its termination
  callback, or a periodic probe for a connection that went silent, starts reconnecting
  with backoff, and once listening again every topic is re-read after the last seq its
  reader delivered, which covers whatever was committed while nobody listened.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import asyncpg

from rpc.errors import CursorExpired
from rpc.events import log as event_log
from rpc.events.log import CHANNEL, LoggedEvent, parse_pointer
from sql.database import Database

log = logging.getLogger(__name__)

# The listener's application_name, so pg_stat_activity shows what the connection is.
LISTENER_NAME = "jidocode-events"
# What a database read can fail with when the server or the network is the problem.
_DB_ERRORS = (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError)

_CATCH_UP, _SECOND_READ, _LIVE = range(3)


@dataclass(frozen=True, slots=True)
class Overflowed:
    """The last item of a subscription that fell too far behind: its queue filled up.
    ``seq`` is the last event it yielded; a new subscription from there misses nothing."""

    topic: str
    seq: int


class _Topic:
    """The fan-out of one topic: its subscribers and the reader that feeds them."""

    __slots__ = ("closed", "delivered", "name", "subscribers", "wake")

    def __init__(self, name: str, delivered: int) -> None:
        self.name = name
        # The newest seq the reader has put on the queues; the next read starts after it.
        self.delivered = delivered
        self.subscribers: set[Subscription] = set()
        self.wake = asyncio.Event()
        self.closed = False


class Subscription:
    """A topic's events after a cursor: an async iterator of ``LoggedEvent`` that ends
    with an ``Overflowed`` marker if it fell behind, or quietly when closed (by the caller
    or the hub shutting down). Raises ``CursorExpired`` when events after its cursor were
    pruned. Use it as ``async with hub.subscribe(topic, after) as sub: async for ...``."""

    def __init__(self, hub: EventHub, topic: str, after: int) -> None:
        self.topic = topic
        # The newest seq yielded: where a new subscription would resume.
        self.delivered = after
        self._hub = hub
        # The newest seq yielded or waiting in ``_pending``: reads continue after it.
        self._cursor = after
        self._newest = after  # the topic's newest seq, as the last read saw it
        self._pending: deque[LoggedEvent] = deque()
        self._queue: asyncio.Queue[LoggedEvent | None] = asyncio.Queue(hub.queue_size)
        self._phase = _CATCH_UP
        self.overflowed = False
        self._ended = False

    def __aiter__(self) -> Subscription:
        return self

    async def __aenter__(self) -> Subscription:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Leave the fan-out; a pending ``__anext__`` ends the iteration."""
        if self._ended:
            return
        self._ended = True
        self._hub._forget(self)
        # Wakes a pending get; a full queue has no getter waiting, so QueueFull is moot.
        with contextlib.suppress(asyncio.QueueFull):
            self._queue.put_nowait(None)

    async def __anext__(self) -> LoggedEvent | Overflowed:
        while True:
            if self._ended:
                raise StopAsyncIteration
            if self.overflowed:
                self.close()
                return Overflowed(self.topic, self.delivered)
            if self._pending:
                event = self._pending.popleft()
                self.delivered = event.seq
                return event
            if self._phase == _LIVE:
                item = await self._queue.get()
                if item is None or item.seq <= self._cursor:
                    continue  # a wake-up, or what a read already gave
                if item.seq > self._cursor + 1:
                    await self._fetch()  # a gap: the rows hold what the queue lacks
                    continue
                self._cursor = self.delivered = item.seq
                return item
            full = await self._fetch()
            if full:
                continue
            if self._phase == _CATCH_UP:
                await self._hub._join(self, min(self._cursor, self._newest))
                self._phase = _SECOND_READ
            else:
                self._phase = _LIVE

    async def _fetch(self) -> bool:
        """Read the next page after the cursor into ``_pending``; ``True`` when it was full
        (more may follow)."""
        async with self._hub.db.connection() as conn:
            page = await event_log.read(conn, self.topic, after=self._cursor)
        self._newest = page.last_seq
        self._pending.extend(page.items)
        if page.items:
            self._cursor = page.items[-1].seq
        return len(page.items) >= event_log.MAX_PAGE

    def _push(self, event: LoggedEvent) -> None:
        """Queue a live event; a full queue marks the subscription overflowed instead."""
        if self._ended or self.overflowed:
            return
        try:
            self._queue.put_nowait(event)
        except asyncio.QueueFull:
            self._overflow()

    def _overflow(self) -> None:
        self.overflowed = True
        self._hub._forget(self)
        # No getter waits on a full queue; when the queue is not full (a reader resetting
        # every subscriber) this wakes the one that does.
        with contextlib.suppress(asyncio.QueueFull):
            self._queue.put_nowait(None)


class EventHub:
    """The process's LISTEN connection and the fan-out of every subscribed topic.

    Build one per server process (``rpc.events.sse`` does, per aiohttp app), call
    ``subscribe`` per client and ``close`` once at shutdown. Nothing connects until the
    first subscription joins.
    """

    def __init__(
        self,
        db: Database,
        *,
        queue_size: int = 1000,
        reconnect_s: float = 0.5,
        reconnect_max_s: float = 30.0,
        probe_s: float = 10.0,
    ) -> None:
        self.db = db
        self.queue_size = queue_size
        self._reconnect_s = reconnect_s
        self._reconnect_max_s = max(reconnect_max_s, reconnect_s)
        # How often an idle listener checks that its connection still answers: a dropped
        # network path sends no termination.
        self._probe_s = probe_s
        self._topics: dict[str, _Topic] = {}
        self._subscriptions: set[Subscription] = set()
        self._readers: set[asyncio.Task[None]] = set()
        self._supervisor: asyncio.Task[None] | None = None
        self._listener: asyncpg.Connection | None = None
        self._tried = asyncio.Event()  # the first connection attempt is over
        self._closed = False
        # Times LISTEN was (re)established: tests and logs watch it.
        self.connects = 0

    @property
    def listening(self) -> bool:
        """Whether the LISTEN connection is up right now."""
        return self._listener is not None

    @property
    def listener_pid(self) -> int | None:
        """The backend pid of the LISTEN connection, ``None`` while it is down."""
        return self._listener.get_server_pid() if self._listener is not None else None

    def subscriber_count(self, topic: str | None = None) -> int:
        """Subscriptions receiving live events, on ``topic`` or on every topic."""
        if topic is not None:
            state = self._topics.get(topic)
            return len(state.subscribers) if state is not None else 0
        return sum(len(state.subscribers) for state in self._topics.values())

    def subscribe(self, topic: str, after: int) -> Subscription:
        """A subscription to ``topic``'s events with ``seq > after``. The caller has
        checked the topic (``rpc.event_families.check_topic``); once the hub is closed
        the subscription is already over."""
        sub = Subscription(self, topic, after)
        if self._closed:
            sub.close()
        else:
            self._subscriptions.add(sub)
        return sub

    async def close(self) -> None:
        """End every subscription, stop the readers and close the connection. Idempotent."""
        self._closed = True
        self._tried.set()  # nobody waits for a first attempt that will not come
        for sub in tuple(self._subscriptions):
            sub.close()
        supervisor, self._supervisor = self._supervisor, None
        if supervisor is not None:
            supervisor.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await supervisor
        readers = tuple(self._readers)
        if readers:
            # Closed topics end their readers at the next turn; one mid-read gets a moment.
            _, pending = await asyncio.wait(readers, timeout=5)
            for task in pending:
                task.cancel()
            await asyncio.gather(*readers, return_exceptions=True)

    # -- the fan-out ------------------------------------------------------------------

    async def _join(self, sub: Subscription, baseline: int) -> None:
        """Put ``sub`` on its topic's fan-out once LISTEN was at least tried (a NOTIFY
        sent before LISTEN is lost; the subscriber's next read must come after it).
        ``baseline`` starts a new topic's reader: at most the topic's newest seq, so a
        client claiming a cursor ahead of the log cannot make the reader skip events."""
        if self._supervisor is None and not self._closed:
            self._supervisor = asyncio.create_task(
                self._supervise(), name="jidocode-events-listener"
            )
        await self._tried.wait()
        if sub._ended or sub.overflowed:
            return
        state = self._topics.get(sub.topic)
        if state is None:
            state = self._topics[sub.topic] = _Topic(sub.topic, baseline)
            reader = asyncio.create_task(self._read_topic(state), name="jidocode-events-reader")
            self._readers.add(reader)
            reader.add_done_callback(self._readers.discard)
        state.subscribers.add(sub)

    def _forget(self, sub: Subscription) -> None:
        self._subscriptions.discard(sub)
        state = self._topics.get(sub.topic)
        if state is None or sub not in state.subscribers:
            return
        state.subscribers.discard(sub)
        if not state.subscribers:
            del self._topics[sub.topic]
            state.closed = True
            state.wake.set()

    async def _read_topic(self, state: _Topic) -> None:
        delay = self._reconnect_s
        while not state.closed:
            await state.wake.wait()
            state.wake.clear()
            try:
                await self._drain(state)
                delay = self._reconnect_s
            except CursorExpired:
                # The reader fell behind retention (the listener was down that long):
                # every subscriber resumes from its own cursor and learns it there.
                for sub in tuple(state.subscribers):
                    sub._overflow()
                return
            except _DB_ERRORS:
                log.warning("event read failed; retrying", extra={"topic": state.name})
                state.wake.set()
                await asyncio.sleep(delay)
                delay = min(delay * 2, self._reconnect_max_s)
            except Exception:  # a reader that dies must not leave its subscribers waiting
                log.exception("event reader failed", extra={"topic": state.name})
                for sub in tuple(state.subscribers):
                    sub._overflow()  # each resumes from its own cursor on a new stream
                return

    async def _drain(self, state: _Topic) -> None:
        """Read what was committed after the reader's last seq and fan it out."""
        while not state.closed:
            async with self.db.connection() as conn:
                page = await event_log.read(conn, state.name, after=state.delivered)
            for event in page.items:
                for sub in tuple(state.subscribers):
                    sub._push(event)
                state.delivered = event.seq
            if len(page.items) < event_log.MAX_PAGE:
                return

    def _on_notify(self, conn: Any, pid: int, channel: str, payload: object) -> None:
        pointer = parse_pointer(str(payload))
        if pointer is None:
            return
        state = self._topics.get(pointer[0])
        if state is not None and pointer[1] > state.delivered:
            state.wake.set()  # readers coalesce: many pointers, one read

    # -- the connection ---------------------------------------------------------------

    async def _supervise(self) -> None:
        delay = self._reconnect_s
        while not self._closed:
            try:
                await self._listen()
                delay = self._reconnect_s  # it was up: the next loss starts over
                log.warning("event listener connection lost; reconnecting")
            except asyncio.CancelledError:
                raise
            except Exception:  # the listener must outlive whatever broke its connection
                log.warning("event listener connection failed; retrying", exc_info=True)
            finally:
                self._tried.set()
            await asyncio.sleep(delay)
            delay = min(delay * 2, self._reconnect_max_s)

    async def _listen(self) -> None:
        """LISTEN until the connection is lost (returns) or fails (raises)."""
        conn = await self.db.dedicated(LISTENER_NAME)
        lost = asyncio.Event()
        try:
            conn.add_termination_listener(lambda _conn: lost.set())
            await conn.add_listener(CHANNEL, self._on_notify)
            self._listener = conn
            self.connects += 1
            self._tried.set()
            # Whatever was committed while nobody listened: every reader re-reads.
            for state in self._topics.values():
                state.wake.set()
            while not lost.is_set():
                try:
                    await asyncio.wait_for(lost.wait(), self._probe_s)
                except TimeoutError:
                    await asyncio.wait_for(
                        conn.execute(event_log.Q["listener_probe"]), self._probe_s
                    )
        finally:
            self._listener = None
            await _drop(conn)


async def _drop(conn: asyncpg.Connection) -> None:
    """Close gracefully when the server still answers, else just cut the socket."""
    if conn.is_closed():
        return
    try:
        await asyncio.wait_for(conn.close(), 2)
    except _DB_ERRORS:
        conn.terminate()

"""``GET /events`` over real HTTP against real PostgreSQL: the message format, resuming
after a dropped stream, per-topic order under concurrent writers, expired cursors."""

from __future__ import annotations

import asyncio
import contextlib
import random
from datetime import UTC, datetime, timedelta

import pytest

from rpc.events import log
from sql.database import Database
from tests.rpc.events.conftest import ServeEvents, append, eventually

pytestmark = pytest.mark.committing


class _RollBack(Exception):
    """Raised inside a transaction to roll it back."""


async def test_messages_carry_id_type_and_the_wire_json(
    serve_events: ServeEvents, db: Database
) -> None:
    await append(db, "runs", 2, who="a")
    async with serve_events() as server:
        stream = await server.open("runs", after=0)
        headers = stream.response.headers
        assert headers["Content-Type"].startswith("text/event-stream")
        assert headers["Cache-Control"] == "no-cache"
        assert headers["X-Accel-Buffering"] == "no"
        assert headers["X-Request-Id"]
        got = [await stream.next(), await stream.next()]
        async with db.connection() as conn:
            stored = (await log.read(conn, "runs", after=0)).items
        for message, event in zip(got, stored, strict=True):
            assert message is not None
            assert message.id == f"runs@{event.seq}"
            assert message.event == "test.happened"
            assert message.json() == event.wire()
        # Idle now: keep-alive comments, no messages.
        assert await asyncio.wait_for(stream.comment(), 30) == "ping"
        stream.close()


async def test_without_a_cursor_the_stream_starts_after_the_newest_event(
    serve_events: ServeEvents, db: Database
) -> None:
    await append(db, "runs", 3)
    async with serve_events() as server:
        stream = await server.open("runs")
        await eventually(lambda: server.hub.subscriber_count("runs") == 1, "subscribed")
        await append(db, "runs", 1)
        message = await stream.next()
        assert message is not None
        assert message.seq == 4
        stream.close()


async def test_resume_after_dropped_streams_has_no_gap_and_no_duplicate(
    serve_events: ServeEvents, db: Database
) -> None:
    total = 60
    rnd = random.Random(20240612)

    async def writer() -> None:
        for _ in range(total):
            await append(db, "runs", 1)
            await asyncio.sleep(rnd.random() * 0.01)

    seqs: list[int] = []
    last_id: str | None = None
    drops = 0
    async with serve_events() as server:
        writing = asyncio.create_task(writer())
        try:
            while not seqs or seqs[-1] < total:
                # `after=0` in the URL: Last-Event-ID must win over it.
                stream = await server.open("runs", after=0, last_event_id=last_id)
                for _ in range(rnd.randint(0, 7)):
                    message = await asyncio.wait_for(stream.next(), 30)
                    assert message is not None
                    seqs.append(message.seq)
                    last_id = message.id
                    if message.seq == total:
                        break
                stream.close()  # the client goes away mid-stream
                drops += 1
        finally:
            await writing
    assert seqs == list(range(1, total + 1))
    assert drops > 1


async def test_concurrent_writers_give_a_gapless_topic_in_commit_order(
    serve_events: ServeEvents, db: Database
) -> None:
    rounds = 6

    async def writer(name: str) -> None:
        for r in range(rounds):
            async with db.transaction() as conn:
                await log.append(conn, "deliveries", "test.happened", {"w": name, "r": r, "k": 0})
                await asyncio.sleep(0.005)  # hold the topic's lock: the other writer waits
                await log.append(conn, "deliveries", "test.happened", {"w": name, "r": r, "k": 1})
            await asyncio.sleep(0.002)

    async def rolled_back() -> None:
        with contextlib.suppress(_RollBack):
            async with db.transaction() as conn:
                await log.append(conn, "deliveries", "test.happened", {"w": "gone"})
                raise _RollBack

    async with serve_events() as server:
        stream = await server.open("deliveries", after=0)
        await eventually(lambda: server.hub.subscriber_count("deliveries") == 1, "subscribed")
        await asyncio.gather(writer("a"), rolled_back(), writer("b"))
        total = 2 * 2 * rounds
        got = [await asyncio.wait_for(stream.next(), 30) for _ in range(total)]
        stream.close()
    messages = [m for m in got if m is not None]
    assert [m.seq for m in messages] == list(range(1, total + 1))
    data = [m.json()["data"] for m in messages]
    assert all(d["w"] != "gone" for d in data)
    # A transaction's two events are adjacent: the topic lock orders whole transactions.
    for first, second in zip(data[::2], data[1::2], strict=True):
        assert (first["w"], first["r"], first["k"]) == (second["w"], second["r"], 0)
        assert second["k"] == 1
    async with db.connection() as conn:
        page = await log.read(conn, "deliveries", after=0)
    assert [e.seq for e in page.items] == list(range(1, total + 1))
    assert page.last_seq == total


async def test_an_expired_cursor_gets_cursor_expired_and_the_stream_ends(
    serve_events: ServeEvents, db: Database
) -> None:
    await append(db, "runs", 5)
    async with db.connection() as conn:
        pruned = await log.prune(
            conn, topic="runs", cutoff=datetime.now(UTC) + timedelta(minutes=1), limit=3
        )
    assert pruned == 3
    async with serve_events() as server:
        stream = await server.open("runs", after=1)
        messages = await asyncio.wait_for(stream.until_end(), 30)
        assert len(messages) == 1
        (expired,) = messages
        assert expired.event == "cursor_expired"
        assert expired.id is None
        assert expired.json() == {"topic": "runs", "after": 1, "earliest": 3}

        resumed = await server.open("runs", last_event_id="runs@3")
        got = [await resumed.next(), await resumed.next()]
        assert [m.seq for m in got if m is not None] == [4, 5]
        resumed.close()


async def test_shutdown_ends_streams_and_closes_the_listener(
    serve_events: ServeEvents, db: Database
) -> None:
    async with serve_events() as server:
        stream = await server.open("runs", after=0)
        await eventually(lambda: server.hub.listening, "listening")
        pid = server.hub.listener_pid
        # The server stops while the client still reads: the stream ends, it is not cut.
        await server.client.server.close()
        assert await asyncio.wait_for(stream.until_end(), 30) == []
    async with db.connection() as conn:
        for _ in range(500):  # the backend exits a moment after the client said goodbye
            if not await conn.fetchval("SELECT 1 FROM pg_stat_activity WHERE pid = $1", pid):
                break
            await asyncio.sleep(0.01)
        else:
            pytest.fail("the listener's backend is still there")

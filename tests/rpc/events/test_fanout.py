"""The hub behind ``GET /events``: its LISTEN connection killed under it, a slow client
overflowing its queue, and one read serving many subscribers."""

from __future__ import annotations

import asyncio

import pytest

from sql.database import Database
from tests.rpc.events.conftest import ServeEvents, append, eventually

pytestmark = pytest.mark.committing


async def test_a_terminated_listener_reconnects_and_misses_nothing(
    serve_events: ServeEvents, db: Database
) -> None:
    # A second before reconnecting: the events appended right after the kill are written
    # while nobody listens (and are delivered either way).
    async with serve_events(events_reconnect_s=1.0) as server:
        hub = server.hub
        stream = await server.open("runs", after=0)
        await eventually(lambda: hub.subscriber_count("runs") == 1, "subscribed")
        await append(db, "runs", 3)
        before = [await asyncio.wait_for(stream.next(), 30) for _ in range(3)]
        pid = hub.listener_pid
        assert pid is not None
        async with db.connection() as conn:
            assert await conn.fetchval("SELECT pg_terminate_backend($1)", pid)
        await eventually(lambda: not hub.listening, "the listener noticed")
        await append(db, "runs", 4)  # no NOTIFY reaches this process
        await eventually(lambda: hub.listening, "the listener is back")
        assert hub.listener_pid != pid
        assert hub.connects == 2
        await append(db, "runs", 2)
        after = [await asyncio.wait_for(stream.next(), 30) for _ in range(6)]
        stream.close()
    seqs = [m.seq for m in before + after if m is not None]
    assert seqs == list(range(1, 10))


async def test_a_slow_client_is_reset_and_resumes_from_its_cursor(
    serve_events: ServeEvents, db: Database
) -> None:
    async with serve_events(events_queue_size=2) as server:
        stream = await server.open("deliveries", after=0)
        await eventually(lambda: server.hub.subscriber_count("deliveries") == 1, "subscribed")
        # One commit of 20: the reader puts them on the queue at once, faster than any
        # client drains it, and the client is not even reading yet.
        await append(db, "deliveries", 20)
        messages = await asyncio.wait_for(stream.until_end(), 30)  # the server closed it
        *events, reset = messages
        assert reset.event == "reset"
        assert reset.id is None
        seqs = [m.seq for m in events]
        assert seqs == list(range(1, len(seqs) + 1))
        assert reset.json() == {"topic": "deliveries", "seq": len(seqs)}
        assert server.hub.subscriber_count("deliveries") == 0

        resumed = await server.open("deliveries", last_event_id=f"deliveries@{len(seqs)}")
        rest = [await asyncio.wait_for(resumed.next(), 30) for _ in range(20 - len(seqs))]
        resumed.close()
    assert seqs + [m.seq for m in rest if m is not None] == list(range(1, 21))


async def test_a_resume_without_events_starts_from_the_reset_seq(
    serve_events: ServeEvents, db: Database
) -> None:
    # The cursor a reset names is as good as an id: `after=<seq>` resumes from it.
    async with serve_events(events_queue_size=1) as server:
        stream = await server.open("runs", after=0)
        await eventually(lambda: server.hub.subscriber_count("runs") == 1, "subscribed")
        await append(db, "runs", 5)
        *_, reset = await asyncio.wait_for(stream.until_end(), 30)
        assert reset.event == "reset"
        resumed = await server.open("runs", after=reset.json()["seq"])
        got: list[int] = []
        while not got or got[-1] < 5:
            message = await asyncio.wait_for(resumed.next(), 30)
            assert message is not None
            got.append(message.seq)
        resumed.close()
    assert got == list(range(reset.json()["seq"] + 1, 6))


async def test_many_subscribers_share_one_listener_and_each_gets_every_event(
    serve_events: ServeEvents, db: Database
) -> None:
    async with serve_events() as server:
        streams = [await server.open("runs", after=0) for _ in range(5)]
        await eventually(lambda: server.hub.subscriber_count("runs") == 5, "subscribed")
        for _ in range(4):
            await append(db, "runs", 3)
        for stream in streams:
            got = [await asyncio.wait_for(stream.next(), 30) for _ in range(12)]
            assert [m.seq for m in got if m is not None] == list(range(1, 13))
            stream.close()
        assert server.hub.connects == 1
        async with db.connection() as conn:
            listeners = await conn.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE pid = $1", server.hub.listener_pid
            )
        assert listeners == 1

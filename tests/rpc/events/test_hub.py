"""``EventHub`` used directly, as code other than the HTTP edge would: a subscription's
catch-up and live phases, its errors, and what closing the hub does to it."""

from __future__ import annotations

import asyncio

import pytest

from rpc.errors import CursorExpired
from rpc.events.hub import EventHub, Overflowed
from rpc.events.log import LoggedEvent
from sql.database import Database
from tests.rpc.events.conftest import append, eventually

pytestmark = pytest.mark.committing


async def test_a_subscription_catches_up_then_goes_live(db: Database, clean: None) -> None:
    hub = EventHub(db)
    try:
        await append(db, "runs", 3)
        async with hub.subscribe("runs", 1) as sub:
            got = [await anext(sub), await anext(sub)]
            await eventually(lambda: hub.subscriber_count("runs") == 1, "joined")
            await append(db, "runs", 2)
            got += [await asyncio.wait_for(anext(sub), 30) for _ in range(2)]
        assert all(isinstance(e, LoggedEvent) for e in got)
        assert [e.seq for e in got if isinstance(e, LoggedEvent)] == [2, 3, 4, 5]
        assert sub.delivered == 5
        assert hub.subscriber_count() == 0  # leaving the block unsubscribed it
    finally:
        await hub.close()


async def test_closing_the_hub_ends_its_subscriptions(db: Database, clean: None) -> None:
    hub = EventHub(db)
    sub = hub.subscribe("runs", 0)
    waiting = asyncio.create_task(anext(sub))
    await eventually(lambda: hub.subscriber_count("runs") == 1, "joined")
    await hub.close()
    with pytest.raises(StopAsyncIteration):
        await waiting
    assert not hub.listening
    late = hub.subscribe("runs", 0)
    with pytest.raises(StopAsyncIteration):
        await anext(late)


async def test_a_pruned_cursor_raises_cursor_expired(db: Database, clean: None) -> None:
    await append(db, "deliveries", 4)
    async with db.connection() as conn:
        await conn.execute("UPDATE event_topics SET pruned_through = 2 WHERE topic = 'deliveries'")
    hub = EventHub(db)
    try:
        with pytest.raises(CursorExpired) as expired:
            await anext(hub.subscribe("deliveries", 1))
        assert expired.value.data() == {"topic": "deliveries", "after": 1, "earliest": 2}
    finally:
        await hub.close()


async def test_an_overflowed_subscription_ends_with_its_cursor(db: Database, clean: None) -> None:
    hub = EventHub(db, queue_size=3)
    try:
        sub = hub.subscribe("runs", 0)
        waiting = asyncio.create_task(anext(sub))
        await eventually(lambda: hub.subscriber_count("runs") == 1, "joined")
        await append(db, "runs", 10)
        first = await asyncio.wait_for(waiting, 30)
        rest = []
        while not isinstance(item := await asyncio.wait_for(anext(sub), 30), Overflowed):
            rest.append(item)
        seqs = [e.seq for e in [first, *rest] if isinstance(e, LoggedEvent)]
        assert seqs == list(range(1, len(seqs) + 1))
        assert item == Overflowed("runs", len(seqs))
        with pytest.raises(StopAsyncIteration):
            await anext(sub)
    finally:
        await hub.close()

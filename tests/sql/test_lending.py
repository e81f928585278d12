"""``Database.lending``: one pooled connection reused by one-after-another calls."""

from __future__ import annotations

import asyncio

import pytest

from sql.database import Database


async def _backend(db: Database) -> int:
    async with db.connection() as conn:
        pid: int = await conn.fetchval("SELECT pg_backend_pid()")
        return pid


async def test_calls_in_a_lending_block_share_one_connection(db: Database) -> None:
    idle_before = db.pool.get_idle_size()
    async with db.lending():
        first = await _backend(db)
        assert await _backend(db) == first
        async with db.transaction() as conn:
            assert conn.is_in_transaction()
            assert await conn.fetchval("SELECT pg_backend_pid()") == first
        async with db.connection() as conn:
            assert not conn.is_in_transaction()  # the transaction above was closed
    assert db.pool.get_idle_size() >= idle_before  # given back at the end


async def test_a_busy_lent_connection_is_not_shared(db: Database) -> None:
    async with db.lending(), db.connection() as outer:
        # A second borrower while the first holds it gets its own pooled connection.
        inner = await _backend(db)
        assert inner != await outer.fetchval("SELECT pg_backend_pid()")
        # Concurrent borrowers each get a working connection.
        pids = await asyncio.gather(*(_backend(db) for _ in range(3)))
        assert len(pids) == 3


async def _fail_in_transaction(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute("SELECT 1")
        raise ZeroDivisionError


async def test_a_failed_call_leaves_a_clean_connection_for_the_next(db: Database) -> None:
    async with db.lending():
        with pytest.raises(ZeroDivisionError):
            await _fail_in_transaction(db)
        async with db.connection() as conn:
            assert not conn.is_in_transaction()
            assert await conn.fetchval("SELECT 2") == 2


async def test_a_cancelled_query_does_not_poison_the_next_call(db: Database) -> None:
    async with db.lending():

        async def slow() -> None:
            async with db.connection() as conn:
                await conn.execute("SELECT pg_sleep(5)")

        task = asyncio.create_task(slow())
        await asyncio.sleep(0.2)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        async with db.connection() as conn:
            assert await conn.fetchval("SELECT 3") == 3


async def test_outside_a_lending_block_nothing_is_shared(db: Database) -> None:
    async with db.connection() as conn:
        held = await conn.fetchval("SELECT pg_backend_pid()")
        assert await _backend(db) != held

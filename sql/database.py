"""The asyncpg pool and transactions.

The pool skips asyncpg's per-release session reset (about 30% of a one-query call here,
DESIGN §5). That is safe only because no pooled connection keeps session state: no
session ``SET``, session advisory lock or ``LISTEN`` on a pooled connection; those use
``dedicated()`` connections instead.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from contextvars import ContextVar
from types import TracebackType
from typing import Any, TypeAlias

import asyncpg
import orjson
from asyncpg.pool import PoolConnectionProxy

# What repos take: a dedicated connection or one borrowed from the pool.
Connection: TypeAlias = "asyncpg.Connection[asyncpg.Record] | PoolConnectionProxy[asyncpg.Record]"


def _encode_json(value: Any) -> str:
    return orjson.dumps(value).decode()


async def init_connection(conn: Connection) -> None:
    """Per-connection set-up: jsonb and json as Python values through orjson."""
    for typename in ("jsonb", "json"):
        await conn.set_type_codec(
            typename, encoder=_encode_json, decoder=orjson.loads, schema="pg_catalog"
        )


async def _no_reset(conn: asyncpg.Connection) -> None:
    """Pooled connections keep no session state, so there is nothing to reset."""


class _PooledTransaction:
    """``async with pool.acquire() as conn, conn.transaction()`` as one context manager."""

    __slots__ = ("_acquire", "_pool", "_transaction")

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def __aenter__(self) -> Connection:
        self._acquire = acquire = self._pool.acquire()
        conn = await acquire.__aenter__()
        try:
            self._transaction = transaction = conn.transaction()
            await transaction.__aenter__()
        except BaseException:
            await acquire.__aexit__(*sys.exc_info())
            raise
        return conn

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            await self._transaction.__aexit__(exc_type, exc, tb)
        finally:
            await self._acquire.__aexit__(exc_type, exc, tb)


class _Lent:
    """One pooled connection lent to the one-after-another calls of a batch.

    One borrower at a time: a borrower that finds it busy (a handler running two queries
    at once) or already closed takes its own connection from the pool, as without
    lending. A borrower that leaves with an exception, or inside a transaction, hands the
    connection back to the pool (whose release waits out a cancelled query), so the next
    call starts on a clean one.
    """

    __slots__ = ("busy", "closed", "conn", "pool")

    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool
        self.conn: PoolConnectionProxy[asyncpg.Record] | None = None
        self.busy = False
        self.closed = False

    async def borrow(self) -> Connection:
        self.busy = True
        if self.conn is None:
            try:
                self.conn = await self.pool.acquire()
            except BaseException:
                self.busy = False
                raise
        return self.conn

    async def give_back(self, *, failed: bool) -> None:
        self.busy = False
        conn = self.conn
        if conn is not None and (failed or self.closed or conn.is_in_transaction()):
            self.conn = None
            await self.pool.release(conn)

    async def close(self) -> None:
        self.closed = True
        if not self.busy:  # else the borrower's give_back releases it
            await self.give_back(failed=False)


_LENT: ContextVar[_Lent | None] = ContextVar("jidocode_lent_connection", default=None)


class _Borrowed:
    """``connection()`` or ``transaction()`` while a connection is lent (``lending``)."""

    __slots__ = ("_lent", "_own", "_transaction", "_with_transaction")

    def __init__(self, lent: _Lent, *, with_transaction: bool) -> None:
        self._lent: _Lent | None = lent
        self._with_transaction = with_transaction
        self._own: AbstractAsyncContextManager[Connection] | None = None
        self._transaction: Any = None

    async def __aenter__(self) -> Connection:
        lent = self._lent
        assert lent is not None
        if lent.busy or lent.closed:
            self._lent = None
            self._own = own = (
                _PooledTransaction(lent.pool) if self._with_transaction else lent.pool.acquire()
            )
            return await own.__aenter__()
        conn = await lent.borrow()
        if self._with_transaction:
            try:
                self._transaction = transaction = conn.transaction()
                await transaction.__aenter__()
            except BaseException:
                await lent.give_back(failed=True)
                raise
        return conn

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._own is not None:
            await self._own.__aexit__(exc_type, exc, tb)
            return
        lent = self._lent
        assert lent is not None
        failed = exc_type is not None
        try:
            if self._transaction is not None:
                await self._transaction.__aexit__(exc_type, exc, tb)
        except BaseException:
            failed = True
            raise
        finally:
            await lent.give_back(failed=failed)


class Database:
    """The pool plus the ways to get connections out of it."""

    def __init__(self, pool: asyncpg.Pool, dsn: str, statement_timeout_ms: int) -> None:
        self.pool = pool
        self.dsn = dsn
        self.statement_timeout_ms = statement_timeout_ms

    @classmethod
    async def open(
        cls, dsn: str, *, min_size: int, max_size: int, statement_timeout_ms: int
    ) -> Database:
        """Open a pool whose connections carry the statement timeout from start-up."""
        pool = await asyncpg.create_pool(
            dsn,
            min_size=min(min_size, max_size),
            max_size=max_size,
            init=init_connection,
            reset=_no_reset,
            server_settings={
                "statement_timeout": str(statement_timeout_ms),
                "application_name": "jidocode",
            },
        )
        return cls(pool, dsn, statement_timeout_ms)

    # Both are plain async context managers rather than @asynccontextmanager generators:
    # on a one-query call the generator machinery cost about as much as the acquire.
    def connection(self) -> AbstractAsyncContextManager[Connection]:
        """A pooled connection outside any transaction (single statements)."""
        lent = _LENT.get()
        if lent is None or lent.pool is not self.pool:
            return self.pool.acquire()
        return _Borrowed(lent, with_transaction=False)

    def transaction(self) -> AbstractAsyncContextManager[Connection]:
        """A pooled connection inside one transaction, committed on clean exit."""
        lent = _LENT.get()
        if lent is None or lent.pool is not self.pool:
            return _PooledTransaction(self.pool)
        return _Borrowed(lent, with_transaction=True)

    @asynccontextmanager
    async def lending(self) -> AsyncIterator[None]:
        """Within this block, ``connection()`` and ``transaction()`` reuse one pooled
        connection, taken on first use and returned at the end, instead of a pool round
        trip each. For work that runs one call after another (a JSON-RPC batch): the
        checkout and release cost about as much as a one-row query (scripts/bench).
        """
        lent = _Lent(self.pool)
        token = _LENT.set(lent)
        try:
            yield
        finally:
            _LENT.reset(token)
            await lent.close()

    async def dedicated(self, name: str = "jidocode-dedicated") -> asyncpg.Connection:
        """A connection outside the pool, for LISTEN, session locks and migrations;
        ``name`` is its ``application_name`` (what ``pg_stat_activity`` shows)."""
        conn = await asyncpg.connect(
            self.dsn,
            server_settings={
                "statement_timeout": str(self.statement_timeout_ms),
                "application_name": name,
            },
        )
        await init_connection(conn)
        return conn

    async def close(self) -> None:
        """Close every pooled connection."""
        await self.pool.close()

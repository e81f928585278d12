"""The asyncpg pool and transactions.

The pool skips asyncpg's per-release session reset (about 30% of a one-query call here,
DESIGN §5). That is safe only because no pooled connection keeps session state: no
session ``SET``, session advisory lock or ``LISTEN`` on a pooled connection; those use
``dedicated()`` connections instead.
"""

from __future__ import annotations

import sys
from contextlib import AbstractAsyncContextManager
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
        return self.pool.acquire()

    def transaction(self) -> AbstractAsyncContextManager[Connection]:
        """A pooled connection inside one transaction, committed on clean exit."""
        return _PooledTransaction(self.pool)

    async def dedicated(self) -> asyncpg.Connection:
        """A connection outside the pool, for LISTEN, session locks and migrations."""
        conn = await asyncpg.connect(
            self.dsn,
            server_settings={
                "statement_timeout": str(self.statement_timeout_ms),
                "application_name": "jidocode-dedicated",
            },
        )
        await init_connection(conn)
        return conn

    async def close(self) -> None:
        """Close every pooled connection."""
        await self.pool.close()

"""What the jobs tests share: the job kind, reading a job back, bounded waiting, and a
second pool standing for another process."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace
from typing import Any
from uuid import UUID

import pytest

from rpc.context import JobContext, Runtime
from rpc.jobs import enqueue, repo
from rpc.settings import Settings
from sql.database import Database

KIND = "test.record"


async def _nothing(ctx: JobContext, payload: dict[str, Any]) -> None:
    """A job that does nothing."""


async def job(db: Database, job_id: UUID) -> Any:
    async with db.connection() as c:
        found = await repo.get_job(c, job_id=job_id)
    assert found is not None
    return found


async def enqueue_committed(db: Database, kind: str = KIND, **kw: Any) -> UUID:
    async with db.transaction() as c:
        return await enqueue(c, kind, **kw)


async def until(check: Callable[[], Awaitable[bool]], *, tries: int = 600) -> None:
    """Wait (bounded, about 30 s) for a state that needs time to pass, e.g. a lease."""
    for _ in range(tries):
        if await check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the expected state never arrived")


@pytest.fixture
def runtime_(runtime: Runtime) -> Runtime:
    """The test runtime, as the workers of one process see it."""
    return runtime


def on(runtime: Runtime, db: Database) -> Runtime:
    """The same runtime on another pool (another process's view of the database)."""
    return replace(runtime, db=db)


@pytest.fixture
async def second_db(settings: Settings) -> AsyncIterator[Database]:
    """A second pool: a worker on its own connections, as another process would have."""
    assert settings.database_url
    database = await Database.open(
        settings.database_url, min_size=1, max_size=8, statement_timeout_ms=5000
    )
    yield database
    await database.close()

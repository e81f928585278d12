"""The real app on 127.0.0.1 with event families of the tests' own, an owner signed in,
and helpers to append events in real transactions and open ``GET /events`` streams.

The families are the tests' (``runs``, ``deliveries``, ``run:<id>`` checked against
``workflow_runs``), so these tests do not depend on which domain registers which topic.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, replace
from typing import Any
from uuid import UUID

import pytest
from aiohttp.test_utils import TestClient, TestServer
from pydantic import BaseModel

from rpc.app.runtime import build_runtime, lifecycles_started
from rpc.event_families import EventFamily
from rpc.events import log
from rpc.events.hub import EventHub
from rpc.events.sse import EVENT_HUB
from rpc.http import build_app
from rpc.registry import Registry
from rpc.settings import Settings
from sql.database import Connection, Database
from tests.domains.accounts.factories import bearer, owner_token
from tests.rpc.events.support import Stream

Client = TestClient[Any, Any]


class AnyPayload(BaseModel):
    """The tests' events carry whatever they like."""


async def _run_exists(conn: Connection, run_id: UUID) -> bool:
    return bool(
        await conn.fetchval("SELECT EXISTS (SELECT 1 FROM workflow_runs WHERE id = $1)", run_id)
    )


FAMILIES = (
    EventFamily("runs", ("test.happened",), AnyPayload, "Every run (tests)."),
    EventFamily("deliveries", ("test.happened",), AnyPayload, "Deliveries (tests)."),
    EventFamily(
        "run:",
        ("test.happened",),
        AnyPayload,
        "One run (tests).",
        exists=_run_exists,
        subject="run",
    ),
)


@dataclass
class EventsServer:
    """A served app, its hub and the owner's bearer header."""

    client: Client
    hub: EventHub
    auth: dict[str, str]

    async def open(
        self,
        topic: str,
        *,
        after: int | None = None,
        last_event_id: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Stream:
        """Open ``GET /events`` with the owner's credentials (unless ``headers`` bring
        their own); fails unless it answers 200."""
        params = {"topic": topic}
        if after is not None:
            params["after"] = str(after)
        hdrs = dict(self.auth if headers is None else headers)
        if last_event_id is not None:
            hdrs["Last-Event-ID"] = last_event_id
        resp = await self.client.get("/events", params=params, headers=hdrs)
        assert resp.status == 200, await resp.text()
        return Stream(resp)


ServeEvents = Callable[..., AbstractAsyncContextManager[EventsServer]]


@pytest.fixture
def serve_events(settings: Settings, db: Database, registry: Registry, clean: None) -> ServeEvents:
    """Serve the real app (settings overrides allowed) with the owner signed in."""

    @asynccontextmanager
    async def factory(**overrides: Any) -> AsyncIterator[EventsServer]:
        s = settings.model_copy(update={"events_ping_interval_s": 0.2, **overrides})
        runtime = replace(build_runtime(s, db, registry), event_families=FAMILIES)
        async with lifecycles_started(runtime, registry):
            app = build_app(runtime, registry)
            async with TestClient(TestServer(app, host="127.0.0.1")) as client:
                token = await owner_token(client)
                yield EventsServer(client, app[EVENT_HUB], bearer(token))

    return factory


async def append(db: Database, topic: str, n: int = 1, **data: Any) -> list[int]:
    """Append ``n`` events to ``topic`` in one committed transaction; their seqs."""
    async with db.transaction() as conn:
        return [
            (await log.append(conn, topic, "test.happened", {"i": i, **data})).seq for i in range(n)
        ]


async def eventually(check: Callable[[], bool], what: str) -> None:
    """Wait until ``check()`` holds (a state the test needs, never a timing claim)."""
    for _ in range(1000):
        if check():
            return
        await asyncio.sleep(0.01)
    pytest.fail(f"never: {what}")

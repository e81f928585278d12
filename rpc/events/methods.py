"""``events.list``: the event log over JSON-RPC, for polling clients and the CLI, and the
retention of the aggregate topics (``runs``, ``forge:sessions``, ``deliveries``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from rpc.context import RpcContext
from rpc.contract import DomainRegistration, Group, MethodTable, Params, Result
from rpc.errors import CursorExpired, NotFound, ValidationFailed
from rpc.event_families import check_topic
from rpc.events import log
from rpc.retention import Pruner, PruneWindow, prune_older
from rpc.settings import Settings
from sql.database import Connection, Database

methods = MethodTable("events")


class EventsListParams(Params):
    topic: str = Field(
        description=(
            "run:<id>, runs, forge:session:<id>, forge:sessions or deliveries "
            "(the topics and their event types are the document's x-events)."
        ),
        min_length=1,
        max_length=200,
    )
    after: int = Field(
        default=0, ge=0, le=2**63 - 1, description="The seq of the last event already seen."
    )
    limit: int = Field(default=100, ge=1, le=log.MAX_PAGE)


class EventItem(Result):
    """One event of a topic: exactly what ``GET /events`` sends as an event's data."""

    topic: str
    seq: int
    type: str
    data: dict[str, Any]
    at: datetime


class EventItemPage(Result):
    """A topic's events after ``after``, in seq order."""

    items: list[EventItem]
    # Pass back as ``after`` to continue.
    next_after: int
    # The topic's newest seq (0 when it has no event yet): more remain while it is larger.
    last_seq: int


@methods.method(
    "events.list",
    group=Group.RUNS,
    errors=[ValidationFailed, NotFound, CursorExpired],
    idempotent=True,
)
async def list_events(ctx: RpcContext, params: EventsListParams) -> EventItemPage:
    """Read a topic's events after a seq, in order: the backfill of ``GET /events``.

    An unknown topic is a ``validation_error``, a run or session that does not exist
    ``not_found``, and a cursor behind the topic's retention ``cursor_expired``: reload
    the snapshot (``get_run``, ``list_deliveries`` ...), then continue from
    ``data.earliest``.
    """
    async with ctx.db.connection() as conn:
        topic = await check_topic(ctx.runtime.event_families, conn, params.topic)
        page = await log.read(conn, topic, after=params.after, limit=params.limit)
    items = [EventItem(**e.wire()) for e in page.items]
    return EventItemPage(
        items=items,
        next_after=page.items[-1].seq if page.items else params.after,
        last_seq=page.last_seq,
    )


# The topics whose events age out; a run's and a session's own topics go with their
# records (a session's by Forge's own retention, a run's never: it is the run's history).
AGGREGATE_TOPICS = ("runs", "forge:sessions", "deliveries")


async def prune_aggregates(db: Database, settings: Settings, window: PruneWindow) -> int:
    """Delete (or count, in a dry run) aggregate-topic events older than their retention."""
    cutoff = window.cutoff(settings.event_retention_days)
    total = 0
    for topic in AGGREGATE_TOPICS:

        async def count(conn: Connection, *, cutoff: datetime, topic: str = topic) -> int:
            return await log.count_prunable(conn, topic=topic, cutoff=cutoff)

        async def delete(
            conn: Connection, *, cutoff: datetime, limit: int, topic: str = topic
        ) -> int:
            return await log.prune(conn, topic=topic, cutoff=cutoff, limit=limit)

        total += await prune_older(db, window, cutoff, count, delete)
    return total


REGISTRATION = DomainRegistration(
    name="events", methods=methods, pruners=[Pruner("events", prune_aggregates)]
)

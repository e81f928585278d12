"""Appending to and reading the event log.

A topic names what its events are about: ``run:<id>``, ``runs``, ``forge:session:<id>``,
``forge:sessions``, ``deliveries``. Each event has the topic's next ``seq`` (gapless, in
commit order: see ``sql/migrations/0096_event_log.sql``), a type, a redacted ``data``
object and a time. Writers append inside the transaction of the change they report, with
the specific topic before an aggregate one (``run:<id>`` then ``runs``) so two writers
always take topic locks in the same order. The commit NOTIFYs ``jidocode_events`` with a
pointer, ``"<topic> <seq>"``, never the data: subscribers read the rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rpc.errors import CursorExpired
from sql.database import Connection
from sql.queries import query_file

Q = query_file("events")

CHANNEL = "jidocode_events"
MAX_PAGE = 500


@dataclass(frozen=True, slots=True)
class LoggedEvent:
    """One event of the log as stored."""

    topic: str
    seq: int
    type: str
    data: dict[str, Any]
    at: datetime

    def wire(self) -> dict[str, Any]:
        """The event as clients see it, on the stream and from ``events.list`` alike."""
        return {
            "topic": self.topic,
            "seq": self.seq,
            "type": self.type,
            "data": self.data,
            "at": self.at.isoformat(),
        }


@dataclass(frozen=True, slots=True)
class TopicPage:
    """A topic's events after a cursor, and the topic's newest seq (0: none yet)."""

    items: list[LoggedEvent]
    last_seq: int


def pointer(topic: str, seq: int) -> str:
    """The NOTIFY payload for one event."""
    return f"{topic} {seq}"


def parse_pointer(payload: str) -> tuple[str, int] | None:
    """``(topic, seq)`` from a NOTIFY payload, ``None`` when it is not one of ours."""
    topic, _, seq = payload.rpartition(" ")
    if not topic or not seq.isdigit():
        return None
    return topic, int(seq)


async def append(conn: Connection, topic: str, type_: str, data: dict[str, Any]) -> LoggedEvent:
    """Append one event (``data`` already redacted) in the caller's transaction.

    Call it inside the transaction of the change it reports: the topic's row stays locked
    until that transaction ends, which is what keeps a topic's order its commit order.
    """
    row = await conn.fetchrow(Q["append_event"], topic, type_, data)
    assert row is not None  # the INSERT … RETURNING always returns its row
    return LoggedEvent(row["topic"], row["seq"], row["type"], row["data"], row["at"])


async def read(conn: Connection, topic: str, *, after: int, limit: int = MAX_PAGE) -> TopicPage:
    """Events of ``topic`` with ``seq > after``, in order, at most ``limit``.

    Raises ``CursorExpired`` when events after ``after`` were pruned: the caller must
    reload its snapshot and resume from the newest seq.
    """
    rows = await conn.fetch(Q["read_events"], topic, after, min(limit, MAX_PAGE))
    head = rows[0]
    if head["pruned_through"] is None:
        return TopicPage(items=[], last_seq=0)
    if after < head["pruned_through"]:
        raise CursorExpired(topic=topic, after=after, earliest=head["pruned_through"])
    items = [
        LoggedEvent(topic, r["seq"], r["type"], r["data"], r["at"])
        for r in rows
        if r["seq"] is not None
    ]
    return TopicPage(items=items, last_seq=head["last_seq"])


async def count_prunable(conn: Connection, *, topic: str, cutoff: datetime) -> int:
    """How many events of ``topic`` are older than ``cutoff``."""
    return int(await conn.fetchval(Q["count_prunable_events"], topic, cutoff))


async def prune(conn: Connection, *, topic: str, cutoff: datetime, limit: int) -> int:
    """Delete one batch of such events, oldest first, raising the topic's prune floor."""
    return int(await conn.fetchval(Q["prune_events"], topic, cutoff, limit))

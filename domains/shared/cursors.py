"""Opaque page cursors shared by every domain's lists, and the one way a list is paged.

A list asks ``Keyset.page`` for one page: the cursor is read (a bad one is refused before
any connection is taken), ``limit + 1`` rows are fetched after the position it names (or
after the keyset's start on the first page), and the extra row, when there is one, says
that a next page exists, whose cursor is written from the last row kept. The list's repo
function takes ``(conn, after, limit)`` and its filters as keywords, which ``page``
passes through, typed.

Newest-first lists (``NEWEST_FIRST``) page on a ``(timestamp, id)`` key. Their cursor is
the base64url text of ``<isoformat>|<uuid>`` that a client passes back untouched; one
that does not decode (or names a naive time) is a validation error on the ``cursor``
field, never an internal error, and decoding only ever yields values the list's query can
be handed: the time is converted to UTC (a time whose UTC falls outside Python's years 1
to 9999 is refused: asyncpg could not encode it), and a sequence fits PostgreSQL's
``bigint``. Name-ordered lists (``BY_NAME``) use the last name as
the cursor. Event logs are polled on a sequence number instead (``encode_seq`` and
``decode_seq``): they always answer with where to continue, so they are not paged here.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Concatenate, Generic, ParamSpec, Protocol, TypeVar
from uuid import UUID

from rpc.errors import ValidationFailed
from sql.database import Connection, Database

Position = tuple[datetime, UUID]
K = TypeVar("K")
R = TypeVar("R")
P = ParamSpec("P")

# The position before the newest row: every real (inserted_at, id) compares below it, so
# a first page can use the same index condition as every later one.
START: Position = (
    datetime(9999, 12, 31, tzinfo=UTC),
    UUID("ffffffff-ffff-ffff-ffff-ffffffffffff"),
)


def _refused() -> ValidationFailed:
    return ValidationFailed.on("cursor", "is not a cursor this server issued")


def encode(at: datetime, row_id: UUID) -> str:
    """The cursor that continues after the row at ``(at, row_id)``."""
    raw = f"{at.isoformat()}|{row_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str | None) -> Position | None:
    """The position a cursor names (``None`` for no cursor); refuses a malformed one."""
    return _read_position(cursor) if cursor else None


def _read_position(cursor: str) -> Position:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        at_text, id_text = base64.urlsafe_b64decode(padded.encode()).decode().split("|")
        at = datetime.fromisoformat(at_text)
        if at.tzinfo is None:
            raise ValueError("naive time")
        return at.astimezone(UTC), UUID(id_text)
    except (ValueError, OverflowError, binascii.Error, UnicodeDecodeError):
        raise _refused() from None


@dataclass(frozen=True)
class Keyset(Generic[K]):
    """One list order: the position a first page starts after, and how a position is
    written to and read from cursor text (``read`` refuses text it cannot read)."""

    start: K
    write: Callable[[K], str]
    read: Callable[[str], K]

    async def page(
        self,
        db: Database,
        cursor: str | None,
        limit: int,
        key: Callable[[R], K],
        fetch: Callable[Concatenate[Connection, K, int, P], Awaitable[list[R]]],
        /,
        *args: P.args,
        **filters: P.kwargs,
    ) -> tuple[list[R], str | None]:
        """The first ``limit`` rows after ``cursor`` and the cursor of the next page
        (``None`` on the last one). ``fetch(conn, after, n, **filters)`` runs the list's
        query for up to ``n`` rows after the position ``after``; ``key`` is a row's
        position."""
        after = self.read(cursor) if cursor else self.start
        async with db.connection() as conn:
            rows = await fetch(conn, after, limit + 1, *args, **filters)
        items = rows[:limit]
        if len(rows) <= limit or not items:
            return items, None
        return items, self.write(key(items[-1]))


class _Inserted(Protocol):
    @property
    def inserted_at(self) -> datetime: ...
    @property
    def id(self) -> UUID: ...


def by_inserted_at(row: _Inserted) -> Position:
    """The position of a row in a list newest first by ``inserted_at`` (most lists)."""
    return row.inserted_at, row.id


NEWEST_FIRST: Keyset[Position] = Keyset(START, lambda p: encode(*p), _read_position)
# The cursor is the last name itself; "" sorts before every name.
BY_NAME: Keyset[str] = Keyset("", str, str)


def encode_seq(seq: int) -> str:
    """An event-log cursor: the last sequence number read."""
    return str(seq)


# The largest PostgreSQL bigint: a sequence cursor past it cannot be a parameter.
MAX_SEQ = 2**63 - 1


def decode_seq(cursor: str | None) -> int:
    """The sequence number an event cursor names (0 for none); refuses one that is not
    a bigint."""
    if not cursor:
        return 0
    # isascii: str.isdigit also accepts digits int() refuses, such as superscripts.
    if not (cursor.isascii() and cursor.isdigit()) or len(cursor) > 19:
        raise _refused()
    seq = int(cursor)
    if seq > MAX_SEQ:
        raise _refused()
    return seq

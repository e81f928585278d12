"""Opaque page cursors shared by every domain's lists.

Newest-first lists page on a ``(timestamp, id)`` key. A cursor is the base64url text of
``<isoformat>|<uuid>`` that a client passes back untouched; one that does not decode (or
names a naive time) is a validation error on the ``cursor`` field, never an internal
error. Event logs page on a sequence number instead (``encode_seq``/``decode_seq``).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar
from uuid import UUID

from rpc.errors import ValidationFailed

Position = tuple[datetime, UUID]
_Row = TypeVar("_Row")

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
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        at_text, id_text = base64.urlsafe_b64decode(padded.encode()).decode().split("|")
        at = datetime.fromisoformat(at_text)
        if at.tzinfo is None:
            raise ValueError("naive time")
        return at, UUID(id_text)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise _refused() from None


def next_page(
    rows: list[_Row], limit: int, *, key: Callable[[_Row], Position]
) -> tuple[list[_Row], str | None]:
    """The first ``limit`` of ``rows`` (fetched ``limit + 1``, so one extra row says there
    is more) and the cursor after the last of them, ``None`` on the last page."""
    items = rows[:limit]
    if len(rows) <= limit or not items:
        return items, None
    return items, encode(*key(items[-1]))


def encode_seq(seq: int) -> str:
    """An event-log cursor: the last sequence number read."""
    return str(seq)


def decode_seq(cursor: str | None) -> int:
    """The sequence number an event cursor names (0 for none)."""
    if not cursor:
        return 0
    # isascii: str.isdigit also accepts digits int() refuses, such as superscripts.
    if not (cursor.isascii() and cursor.isdigit()) or len(cursor) > 19:
        raise _refused()
    return int(cursor)

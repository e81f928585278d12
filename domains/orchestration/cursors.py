"""Opaque page cursors: newest-first lists page on ``(inserted_at, id)``.

A cursor is base64url text a client passes back untouched; a cursor that does not decode
is a validation error on the ``cursor`` field, never an internal error.
"""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime
from uuid import UUID

from domains.shared.errors import ValidationFailed

# The position before the newest row: every real (inserted_at, id) compares below it, so
# the first page uses the same index condition as every later one.
START: tuple[datetime, UUID] = (
    datetime(9999, 12, 31, tzinfo=UTC),
    UUID("ffffffff-ffff-ffff-ffff-ffffffffffff"),
)


def encode(at: datetime, row_id: UUID) -> str:
    """The cursor that continues after the row at ``(at, row_id)``."""
    raw = f"{at.isoformat()}|{row_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str | None) -> tuple[datetime, UUID]:
    """The position a cursor names (``START`` for none); refuses a malformed cursor."""
    if not cursor:
        return START
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        at_text, id_text = base64.urlsafe_b64decode(padded.encode()).decode().split("|")
        at = datetime.fromisoformat(at_text)
        if at.tzinfo is None:
            raise ValueError("naive time")
        return at, UUID(id_text)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ValidationFailed.on("cursor", "not a cursor this server issued") from None


def encode_seq(seq: int) -> str:
    """An event-log cursor: the last sequence number read."""
    return str(seq)


def decode_seq(cursor: str | None) -> int:
    """The sequence number an event cursor names (0 for none)."""
    if not cursor:
        return 0
    if not cursor.isdigit() or len(cursor) > 19:
        raise ValidationFailed.on("cursor", "not a cursor this server issued")
    return int(cursor)

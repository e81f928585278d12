"""Page cursors: round trips, the first page, and refusing what this server did not issue."""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest

from domains.shared import cursors
from rpc.errors import ValidationFailed
from sql.database import Connection, Database

AT = datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=UTC)
ROW = uuid.UUID("12345678-1234-5678-1234-567812345678")


def _raw(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def test_a_position_round_trips_through_opaque_url_safe_text() -> None:
    text = cursors.encode(AT, ROW)
    assert "|" not in text
    assert "=" not in text
    assert "/" not in text
    assert "+" not in text
    assert cursors.decode(text) == (AT, ROW)


def test_an_offset_time_keeps_its_instant() -> None:
    at = datetime(2024, 1, 1, 12, tzinfo=timezone(timedelta(hours=2)))
    decoded = cursors.decode(cursors.encode(at, ROW))
    assert decoded is not None
    assert decoded[0] == at
    # Decoded in UTC: the form asyncpg is handed, so it never converts (or overflows).
    assert decoded[0].utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    "at",
    [
        datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-5))),
        datetime(1, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=1))),
    ],
)
def test_a_time_outside_utc_range_is_refused(at: datetime) -> None:
    with pytest.raises(ValidationFailed):
        cursors.decode(cursors.encode(at, ROW))


@pytest.mark.parametrize("seq", [str(2**63), "9999999999999999999"])
def test_a_sequence_past_bigint_is_refused(seq: str) -> None:
    with pytest.raises(ValidationFailed):
        cursors.decode_seq(seq)
    assert cursors.decode_seq(str(2**63 - 1)) == 2**63 - 1


@pytest.mark.parametrize("none", [None, ""])
def test_no_cursor_is_the_first_page(none: str | None) -> None:
    assert cursors.decode(none) is None
    assert cursors.decode_seq(none) == 0


def test_start_sorts_after_every_real_position() -> None:
    assert cursors.START > (AT, ROW)
    assert (datetime(9999, 12, 30, tzinfo=UTC), ROW) < cursors.START


@pytest.mark.parametrize(
    "text",
    [
        "garbage!",
        "zz",
        "-1",
        _raw("not a time|" + str(ROW)),
        _raw(AT.isoformat() + "|not-a-uuid"),
        _raw(AT.isoformat()),
        _raw(f"{AT.isoformat()}|{ROW}|extra"),
        _raw(f"{AT.replace(tzinfo=None).isoformat()}|{ROW}"),  # naive: never issued
        base64.urlsafe_b64encode(b"\xff\xfe|x").decode(),
        # the JSON form accounts once issued
        _raw(f'["{AT.isoformat()}", "{ROW}"]'),
    ],
)
def test_a_malformed_cursor_is_a_validation_error_on_the_cursor_field(text: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        cursors.decode(text)
    assert caught.value.data() == {
        "field_errors": [{"field": "cursor", "message": "is not a cursor this server issued"}]
    }


def _rows(n: int) -> list[tuple[datetime, uuid.UUID]]:
    return [(AT - timedelta(seconds=i), uuid.uuid4()) for i in range(n)]


class _Fetch:
    """Stands in for a list query: records what it was asked and answers ``rows``."""

    def __init__(self, rows: list[cursors.Position]) -> None:
        self.rows = rows
        self.asked: list[tuple[cursors.Position, int]] = []

    async def __call__(
        self, conn: Connection, after: cursors.Position, n: int
    ) -> list[cursors.Position]:
        self.asked.append((after, n))
        return self.rows[:n]


async def test_a_page_fetches_one_extra_row_cuts_it_and_points_after_the_last_kept(
    db: Database,
) -> None:
    fetch = _Fetch(_rows(5))
    items, cursor = await cursors.NEWEST_FIRST.page(db, None, 2, lambda r: r, fetch)
    assert items == fetch.rows[:2]
    assert fetch.asked == [(cursors.START, 3)]  # the first page starts at START
    assert cursor is not None
    assert cursors.decode(cursor) == fetch.rows[1]
    await cursors.NEWEST_FIRST.page(db, cursor, 2, lambda r: r, fetch)
    assert fetch.asked[-1] == (fetch.rows[1], 3)


@pytest.mark.parametrize("count", [0, 1, 2])
async def test_the_last_page_has_no_cursor(db: Database, count: int) -> None:
    rows = _rows(count)
    page = await cursors.NEWEST_FIRST.page(db, None, 2, lambda r: r, _Fetch(rows))
    assert page == (rows, None)


async def test_a_bad_cursor_is_refused_before_anything_is_fetched(db: Database) -> None:
    fetch = _Fetch(_rows(3))
    with pytest.raises(ValidationFailed) as caught:
        await cursors.NEWEST_FIRST.page(db, "garbage!", 2, lambda r: r, fetch)
    assert caught.value.data() == {
        "field_errors": [{"field": "cursor", "message": "is not a cursor this server issued"}]
    }
    assert fetch.asked == []


async def test_a_name_ordered_page_uses_the_last_name_as_its_cursor(db: Database) -> None:
    names = ["alpha", "beta", "gamma"]
    asked: list[tuple[str, int]] = []

    async def fetch(conn: Connection, after: str, n: int) -> list[str]:
        asked.append((after, n))
        return [name for name in names if name > after][:n]

    first = await cursors.BY_NAME.page(db, None, 2, lambda r: r, fetch)
    assert first == (["alpha", "beta"], "beta")
    last = await cursors.BY_NAME.page(db, "beta", 2, lambda r: r, fetch)
    assert last == (["gamma"], None)
    assert asked == [("", 3), ("beta", 3)]


def test_a_sequence_cursor_round_trips() -> None:
    assert cursors.decode_seq(cursors.encode_seq(42)) == 42
    assert cursors.decode_seq(cursors.encode_seq(0)) == 0


@pytest.mark.parametrize("text", ["-1", "1.5", "x", "²", "1" * 20, " 1"])
def test_a_malformed_sequence_cursor_is_a_validation_error(text: str) -> None:
    with pytest.raises(ValidationFailed):
        cursors.decode_seq(text)

"""Cron schedules of support agents: parsing and due computation, in UTC.

The only module that imports ``cronsim``; its errors are mapped here, once, to
``ScheduleError`` with a reason a person can act on. A schedule is a standard five-field
expression (minute hour day-of-month month day-of-week), or one of the ``@hourly``-style
shortcuts; seconds are not supported (slots are minutes, the scheduler ticks at most
that often).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cronsim import CronSim, CronSimError

MAX_LENGTH = 200
FIELDS = "minute hour day-of-month month day-of-week"
SHORTCUTS = {
    "@hourly": "0 * * * *",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@weekly": "0 0 * * 0",
    "@monthly": "0 0 1 * *",
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
}


class ScheduleError(ValueError):
    """The text is not a schedule this server runs; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Schedule:
    """A parsed cron expression; every time it answers is a UTC minute."""

    expression: str
    fields: str

    def next_after(self, at: datetime) -> datetime:
        """The first slot strictly after ``at``."""
        try:
            slot: datetime = next(CronSim(self.fields, _utc(at)))
        except StopIteration:  # parse() refuses expressions that never come due
            raise ScheduleError("the schedule never comes due") from None
        return slot

    def latest_at_or_before(self, at: datetime) -> datetime:
        """The last slot at or before ``at`` (``at`` itself when it is one)."""
        # Reverse iteration ticks one second back first: start a second later so a
        # slot at exactly ``at`` counts.
        start = _utc(at).replace(microsecond=0) + timedelta(seconds=1)
        try:
            slot: datetime = next(CronSim(self.fields, start, reverse=True))
        except StopIteration:
            raise ScheduleError("the schedule never came due") from None
        return slot


def parse(expression: object) -> Schedule:
    """The schedule ``expression`` names; ``ScheduleError`` with the reason otherwise."""
    if not isinstance(expression, str):
        raise ScheduleError("must be a cron expression (a string), e.g. '0 6 * * 1'")
    text = " ".join(expression.split())
    if not text:
        raise ScheduleError("must not be empty; e.g. '0 6 * * 1' (Mondays at 06:00 UTC)")
    if len(text) > MAX_LENGTH:
        raise ScheduleError(f"must be at most {MAX_LENGTH} characters")
    fields = SHORTCUTS.get(text.lower(), text)
    count = len(fields.split())
    if count != 5:
        raise ScheduleError(
            f"{expression!r} has {count} field{'s' if count != 1 else ''}; a schedule has "
            f"five ({FIELDS}), e.g. '0 6 * * 1' (Mondays at 06:00 UTC)"
        )
    try:
        sim = CronSim(fields, datetime(2000, 1, 1, tzinfo=UTC))
    except CronSimError as exc:
        raise ScheduleError(
            f"{expression!r} is not a valid cron expression: {str(exc).lower()}"
        ) from None
    try:
        next(sim)
    except StopIteration:
        raise ScheduleError(f"{expression!r} never comes due") from None
    return Schedule(expression=text, fields=fields)


def due_slot(schedule: Schedule, *, next_due: datetime, now: datetime) -> tuple[datetime, datetime]:
    """The slot to fire at ``now`` and the next due time after it, for a schedule due at
    ``next_due`` (which must be ``<= now``).

    However many slots were missed since ``next_due`` (the server was down), only the
    latest is fired, once: the next due time is the first slot after ``now``.
    """
    slot = max(schedule.latest_at_or_before(now), _utc(next_due))
    return slot, schedule.next_after(now)


def _utc(at: datetime) -> datetime:
    if at.tzinfo is None:
        raise ValueError("schedule times must be timezone-aware")
    return at.astimezone(UTC)

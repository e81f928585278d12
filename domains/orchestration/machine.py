"""The run status machine (DOMAIN.md): which moves exist and which event each one emits.

Pure rules with no I/O, so the table is testable on its own and every service move asks
the same question.
"""

from __future__ import annotations

from domains.orchestration.models import EventType

# from -> the statuses it may move to; ``None`` is a run that does not exist yet.
ALLOWED: dict[str | None, frozenset[str]] = {
    None: frozenset({"pending"}),
    "pending": frozenset({"running", "cancelled"}),
    "running": frozenset({"awaiting_approval", "completed", "failed", "cancelled"}),
    "awaiting_approval": frozenset({"running", "cancelled"}),
    "completed": frozenset(),
    "failed": frozenset(),
    "cancelled": frozenset(),
}

# The event a plain move emits. Moves with a decision (approve, reject) choose their own.
_EVENTS: dict[tuple[str | None, str], EventType] = {
    (None, "pending"): "run_started",
    ("pending", "running"): "step_started",
    ("running", "awaiting_approval"): "approval_requested",
    ("awaiting_approval", "running"): "approval_granted",
    ("running", "completed"): "run_completed",
    ("running", "failed"): "run_failed",
    ("pending", "cancelled"): "run_cancelled",
    ("running", "cancelled"): "run_cancelled",
    ("awaiting_approval", "cancelled"): "run_cancelled",
}


def is_allowed(from_: str | None, to: str) -> bool:
    """Whether the machine allows moving from ``from_`` to ``to``."""
    return to in ALLOWED.get(from_, frozenset())


def event_for(from_: str | None, to: str) -> EventType:
    """The event type a plain move emits (only asked for allowed moves)."""
    return _EVENTS[(from_, to)]

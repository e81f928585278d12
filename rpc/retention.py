"""Retention (DESIGN §5): each domain declares what it deletes when it is old.

A domain lists its ``Pruner``s in its registration; ``run_pruners`` runs every registered
one with the same ``PruneWindow`` (``now`` is a parameter, so tests choose the clock) and
reports a count per pruner. ``jidocode prune [--dry-run]`` and the periodic
``retention.prune`` job (``rpc.retention_schedule``) both call it.

A pruner deletes in batches of ``batch_size``, each its own short transaction
(``in_batches``), rows strictly older than its cutoff, and never touches unfinished work;
in a dry run it counts instead of deleting.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from rpc.settings import Settings
from sql.database import Connection, Database

log = logging.getLogger(__name__)

DEFAULT_BATCH = 1000


@dataclass(frozen=True, slots=True)
class PruneWindow:
    """What every pruner of one run is asked: as of ``now``, delete or only count."""

    now: datetime
    dry_run: bool = False
    batch_size: int = DEFAULT_BATCH

    def __post_init__(self) -> None:
        if self.batch_size < 1:
            raise ValueError("batch_size must be at least 1")

    def cutoff(self, days: int) -> datetime:
        """``now`` less a retention of ``days``: rows strictly older than this go."""
        return self.now - timedelta(days=days)


@dataclass(frozen=True, slots=True)
class Pruner:
    """One kind of old row a domain deletes; ``name`` labels its count in the report."""

    name: str
    prune: Callable[[Database, Settings, PruneWindow], Awaitable[int]]


@dataclass(frozen=True, slots=True)
class PruneReport:
    """What one run deleted (or, in a dry run, would delete), per pruner."""

    now: datetime
    dry_run: bool
    counts: dict[str, int]


async def in_batches(
    db: Database, step: Callable[[Connection], Awaitable[int]], batch_size: int
) -> int:
    """Run ``step`` (one batch) in its own transaction until a batch comes back short."""
    total = 0
    while True:
        async with db.transaction() as conn:
            n = await step(conn)
        total += n
        if n < batch_size:
            return total


class CountOlder(Protocol):
    """A repo function counting the prunable rows older than ``cutoff``."""

    def __call__(self, conn: Connection, *, cutoff: datetime) -> Awaitable[int]: ...


class DeleteOlder(Protocol):
    """A repo function deleting up to ``limit`` prunable rows older than ``cutoff``."""

    def __call__(self, conn: Connection, *, cutoff: datetime, limit: int) -> Awaitable[int]: ...


async def prune_older(
    db: Database, window: PruneWindow, cutoff: datetime, count: CountOlder, delete: DeleteOlder
) -> int:
    """What most pruners do: in a dry run ``count`` the rows older than ``cutoff``, else
    ``delete`` them in batches (``in_batches``); how many went (or would go)."""
    if window.dry_run:
        async with db.connection() as conn:
            return await count(conn, cutoff=cutoff)

    async def batch(conn: Connection) -> int:
        return await delete(conn, cutoff=cutoff, limit=window.batch_size)

    return await in_batches(db, batch, window.batch_size)


async def run_pruners(
    db: Database,
    settings: Settings,
    pruners: Sequence[Pruner],
    window: PruneWindow,
) -> PruneReport:
    """Run every pruner with ``window``, in order; a count per pruner."""
    counts = {p.name: await p.prune(db, settings, window) for p in pruners}
    report = PruneReport(now=window.now, dry_run=window.dry_run, counts=counts)
    log.info("prune dry run" if window.dry_run else "pruned", extra={"counts": counts})
    return report

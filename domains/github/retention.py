"""Retention (DESIGN §5): old webhook deliveries, artifact logs and Forge events go.

``prune`` takes ``now`` as a parameter and deletes, in batches of ``batch_size`` (each
its own short transaction, rows claimed with ``SKIP LOCKED``), rows strictly older than
``now - retention``: a row exactly at the cutoff is kept. Unfinished work is never
touched: deliveries still ``received``, logs of runs that are not terminal, events of
Forge sessions that are not terminal. A dry run counts instead of deleting. The
periodic ``github.prune`` job and ``jidocode prune [--dry-run]`` both call it.

Artifact logs belong to orchestration, so they are pruned by its service
(``prune_artifact_logs``); this module only schedules that and reports the count. Forge
events are pruned here only because no Forge domain (and so no Forge service) exists
yet; see the note above ``repo.prune_forge_events``.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from domains.github import repo
from domains.github.models import PruneReport
from domains.orchestration import service as orchestration
from rpc.settings import Settings
from sql.database import Connection, Database

log = logging.getLogger(__name__)

PRUNE_JOB = "github.prune"
PRUNE_INTERVAL_S = 6 * 3600
DEFAULT_BATCH = 1000


async def _batches(
    db: Database, step: Callable[[Connection], Awaitable[int | None]], batch_size: int
) -> int | None:
    """Run ``step`` in its own transaction until a batch comes back short."""
    total = 0
    while True:
        async with db.transaction() as conn:
            n = await step(conn)
        if n is None:
            return None
        total += n
        if n < batch_size:
            return total


async def prune(
    db: Database,
    settings: Settings,
    *,
    now: datetime,
    dry_run: bool = False,
    batch_size: int = DEFAULT_BATCH,
) -> PruneReport:
    """Delete (or count, when ``dry_run``) what retention allows as of ``now``."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    deliveries_cutoff = now - timedelta(days=settings.webhook_delivery_retention_days)
    events_cutoff = now - timedelta(days=settings.forge_event_retention_days)

    if dry_run:
        async with db.connection() as conn:
            deliveries = await repo.count_prunable_deliveries(conn, cutoff=deliveries_cutoff)
            events = await repo.prune_forge_events(
                conn, cutoff=events_cutoff, limit=batch_size, dry_run=True
            )
    else:

        async def del_deliveries(conn: Connection) -> int:
            return await repo.prune_deliveries(conn, cutoff=deliveries_cutoff, limit=batch_size)

        async def del_events(conn: Connection) -> int | None:
            return await repo.prune_forge_events(
                conn, cutoff=events_cutoff, limit=batch_size, dry_run=False
            )

        deliveries = await _batches(db, del_deliveries, batch_size) or 0
        events = await _batches(db, del_events, batch_size)

    logs = await orchestration.prune_artifact_logs(
        db,
        now=now,
        retention_days=settings.artifact_log_retention_days,
        dry_run=dry_run,
        batch_size=batch_size,
    )
    report = PruneReport(
        dry_run=dry_run,
        now=now,
        webhook_deliveries=deliveries,
        artifact_logs=logs,
        forge_events=events or 0,
        forge_events_table=events is not None,
    )
    log.info("pruned" if not dry_run else "prune dry run", extra=report.model_dump(mode="json"))
    return report


async def schedule_prune(db: Database) -> bool:
    """Enqueue the prune job when it is due; several processes enqueue it once per period."""
    from domains.shared.jobs import enqueue

    async with db.transaction() as conn:
        if not await repo.claim_schedule(conn, task=PRUNE_JOB, interval_s=PRUNE_INTERVAL_S):
            return False
        await enqueue(conn, PRUNE_JOB, {}, max_attempts=3)
    return True

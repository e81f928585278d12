"""Retention of webhook deliveries (DESIGN §5, 30 days by default).

A delivery goes when it was received strictly before the cutoff and has been processed;
one still ``received`` is unfinished work and stays whatever its age.
"""

from __future__ import annotations

from domains.github import repo
from rpc.retention import Pruner, PruneWindow, in_batches
from rpc.settings import Settings
from sql.database import Connection, Database


async def prune_deliveries(db: Database, settings: Settings, window: PruneWindow) -> int:
    """Delete (or count, in a dry run) finished deliveries older than their retention."""
    cutoff = window.cutoff(settings.webhook_delivery_retention_days)
    if window.dry_run:
        async with db.connection() as conn:
            return await repo.count_prunable_deliveries(conn, cutoff=cutoff)

    async def batch(conn: Connection) -> int:
        return await repo.prune_deliveries(conn, cutoff=cutoff, limit=window.batch_size)

    return await in_batches(db, batch, window.batch_size)


WEBHOOK_DELIVERIES = Pruner("webhook_deliveries", prune_deliveries)

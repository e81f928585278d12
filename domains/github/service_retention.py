"""Retention of webhook deliveries (DESIGN §5, 30 days by default) and of failed webhook
attempts (kept only as long as the throttle's window counts them).

A delivery goes when it was received strictly before the cutoff and has been processed;
one still ``received`` is unfinished work and stays whatever its age.
"""

from __future__ import annotations

from datetime import timedelta

from domains.github import repo
from rpc.retention import Pruner, PruneWindow, prune_older
from rpc.settings import Settings
from sql.database import Database


async def prune_deliveries(db: Database, settings: Settings, window: PruneWindow) -> int:
    """Delete (or count, in a dry run) finished deliveries older than their retention."""
    cutoff = window.cutoff(settings.webhook_delivery_retention_days)
    return await prune_older(
        db, window, cutoff, repo.count_prunable_deliveries, repo.prune_deliveries
    )


async def prune_failures(db: Database, settings: Settings, window: PruneWindow) -> int:
    """Delete (or count) failed webhook attempts the throttle's window no longer counts."""
    cutoff = window.now - timedelta(seconds=settings.webhook_failure_window_s)
    return await prune_older(
        db, window, cutoff, repo.count_prunable_webhook_failures, repo.prune_webhook_failures
    )


WEBHOOK_DELIVERIES = Pruner("webhook_deliveries", prune_deliveries)
WEBHOOK_FAILURES = Pruner("webhook_failures", prune_failures)

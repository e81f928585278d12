"""Retention of Forge events (DOMAIN.md: kept 7 days, ``forge_event_retention_days``).

Events of an ended session go by age (an active session's record is unfinished work and
stays, DESIGN §5); the session, its executions (sizes, exit codes) and its checkpoints
stay, so a finished session keeps its summary.
"""

from __future__ import annotations

from domains.forge import repo
from rpc.retention import Pruner, PruneWindow, prune_older
from rpc.settings import Settings
from sql.database import Database


async def prune_events(db: Database, settings: Settings, window: PruneWindow) -> int:
    """Delete (or count, in a dry run) ended sessions' events older than their retention."""
    cutoff = window.cutoff(settings.forge_event_retention_days)
    return await prune_older(db, window, cutoff, repo.count_prunable_events, repo.prune_events)


FORGE_EVENTS = Pruner("forge_events", prune_events)

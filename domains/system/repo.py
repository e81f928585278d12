"""The only module that runs the system domain's SQL."""

from __future__ import annotations

from sql.database import Connection
from sql.queries import query_file

Q = query_file("system")


async def server_version(conn: Connection) -> str:
    """The PostgreSQL server's version string."""
    version: str = await conn.fetchval(Q["server_version"])
    return version

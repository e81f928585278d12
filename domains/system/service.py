"""Facts about the running server."""

from __future__ import annotations

from domains.system import repo
from domains.system.models import VersionInfo
from sql.database import Database


async def version_info(
    db: Database, *, package_version: str, inventory_version: int
) -> VersionInfo:
    """Package, inventory and PostgreSQL versions."""
    async with db.connection() as conn:
        pg = await repo.server_version(conn)
    return VersionInfo(
        package_version=package_version, inventory_version=inventory_version, postgres_version=pg
    )

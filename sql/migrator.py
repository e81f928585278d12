"""Applies ``sql/migrations/NNNN_name.sql`` in order.

Each migration runs in its own transaction on a dedicated connection that holds a
session advisory lock for the whole run, so two processes migrating at once apply each
file exactly once. Every applied file's SHA-256 is recorded; a file edited after it was
applied is refused with a message naming it.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from datetime import datetime
from importlib import resources

import asyncpg

from sql.database import Connection

log = logging.getLogger(__name__)

# An arbitrary constant: the advisory lock id reserved for migrations.
MIGRATION_LOCK_ID = 0x6A69_646F_0001
_FILE = re.compile(r"^(?P<version>\d{4})_(?P<name>[a-z0-9_]+)\.sql$")

_CREATE_LEDGER = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)
"""


class MigrationError(RuntimeError):
    """The migrations on disk and in the database disagree."""


@dataclass(frozen=True)
class Migration:
    """One migration file."""

    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()

    @property
    def filename(self) -> str:
        return f"{self.version:04d}_{self.name}.sql"


@dataclass(frozen=True)
class MigrationStatus:
    """A migration and whether (and when) it was applied."""

    migration: Migration
    applied_at: datetime | None


def discover(package: str = "sql") -> list[Migration]:
    """Every migration file in version order; refuses bad names and duplicate numbers."""
    folder = resources.files(package) / "migrations"
    found: dict[int, Migration] = {}
    for entry in folder.iterdir():
        if not entry.name.endswith(".sql"):
            continue
        match = _FILE.match(entry.name)
        if not match:
            raise MigrationError(f"migration file {entry.name!r} is not NNNN_name.sql")
        version = int(match["version"])
        if version in found:
            raise MigrationError(f"two migrations share number {version:04d}")
        found[version] = Migration(version, match["name"], entry.read_text(encoding="utf-8"))
    return [found[v] for v in sorted(found)]


async def _applied(conn: Connection) -> dict[int, asyncpg.Record]:
    exists = await conn.fetchval("SELECT to_regclass('schema_migrations') IS NOT NULL")
    if not exists:
        return {}
    rows = await conn.fetch("SELECT version, name, checksum, applied_at FROM schema_migrations")
    return {r["version"]: r for r in rows}


def _verify(migrations: list[Migration], applied: dict[int, asyncpg.Record]) -> None:
    by_version = {m.version: m for m in migrations}
    for version, row in sorted(applied.items()):
        m = by_version.get(version)
        if m is None:
            raise MigrationError(
                f"migration {version:04d}_{row['name']} is applied but its file is missing"
            )
        if m.checksum != row["checksum"]:
            raise MigrationError(
                f"migration {m.filename} was edited after it was applied "
                f"(recorded checksum {row['checksum'][:12]}…, file {m.checksum[:12]}…); "
                "add a new migration instead of editing an applied one"
            )


async def status(conn: Connection, migrations: list[Migration]) -> list[MigrationStatus]:
    """Each migration with its applied time, checking applied checksums."""
    applied = await _applied(conn)
    _verify(migrations, applied)
    return [
        MigrationStatus(m, applied[m.version]["applied_at"] if m.version in applied else None)
        for m in migrations
    ]


async def migrate(conn: Connection, migrations: list[Migration]) -> list[Migration]:
    """Apply every pending migration; returns those applied by this call.

    ``conn`` must be a dedicated connection: the session advisory lock it takes would
    otherwise outlive the call on a pooled connection.
    """
    await conn.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK_ID)
    try:
        await conn.execute(_CREATE_LEDGER)
        applied = await _applied(conn)
        _verify(migrations, applied)
        done: list[Migration] = []
        for m in migrations:
            if m.version in applied:
                continue
            log.info("applying migration", extra={"migration": m.filename})
            async with conn.transaction():
                await conn.execute(m.sql)
                await conn.execute(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                    m.version,
                    m.name,
                    m.checksum,
                )
            done.append(m)
        return done
    finally:
        await conn.execute("SELECT pg_advisory_unlock($1)", MIGRATION_LOCK_ID)


async def is_current(conn: Connection, migrations: list[Migration]) -> bool:
    """True when every migration is applied and none was edited."""
    try:
        rows = await status(conn, migrations)
    except MigrationError:
        return False
    return all(r.applied_at is not None for r in rows)

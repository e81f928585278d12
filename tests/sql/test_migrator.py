"""The migrator: order, checksums, the advisory lock, status, and file discovery.

Each test gets its own empty database on the test cluster and builds ``Migration``
objects directly (or a throwaway package directory for ``discover``).
"""

from __future__ import annotations

import asyncio
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest

from sql import migrator
from sql.migrator import Migration, MigrationError, discover, is_current, migrate, status
from tests.conftest import _with_database


@pytest.fixture
async def scratch_dsn(admin_dsn: str) -> AsyncIterator[str]:
    """A new, empty database, dropped after the test."""
    name = f"jidocode_mig_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(admin_dsn)
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_database(admin_dsn, name)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@pytest.fixture
async def scratch(scratch_dsn: str) -> AsyncIterator[asyncpg.Connection]:
    """A dedicated connection to the scratch database."""
    conn = await asyncpg.connect(scratch_dsn)
    yield conn
    await conn.close()


def three() -> list[Migration]:
    """Migrations where each depends on the one before, so order matters."""
    return [
        Migration(1, "create_log", "CREATE TABLE log (n integer NOT NULL, at text NOT NULL)"),
        Migration(2, "first_row", "INSERT INTO log (n, at) VALUES (2, 'second');"),
        Migration(
            3,
            "add_column",
            "ALTER TABLE log ADD COLUMN extra text; INSERT INTO log (n, at) VALUES (3, 'third');",
        ),
    ]


async def test_applies_in_order_once(scratch: asyncpg.Connection) -> None:
    applied = await migrate(scratch, three())
    assert [m.version for m in applied] == [1, 2, 3]
    assert [r["n"] for r in await scratch.fetch("SELECT n FROM log ORDER BY n")] == [2, 3]
    ledger = await scratch.fetch("SELECT version, name, checksum FROM schema_migrations")
    assert sorted((r["version"], r["name"]) for r in ledger) == [
        (1, "create_log"),
        (2, "first_row"),
        (3, "add_column"),
    ]
    assert {r["checksum"] for r in ledger} == {m.checksum for m in three()}
    # A second run applies nothing.
    assert await migrate(scratch, three()) == []
    assert await scratch.fetchval("SELECT count(*) FROM log") == 2


async def test_applies_only_pending(scratch: asyncpg.Connection) -> None:
    await migrate(scratch, three()[:1])
    applied = await migrate(scratch, three())
    assert [m.version for m in applied] == [2, 3]


async def test_failed_migration_rolls_back_alone(scratch: asyncpg.Connection) -> None:
    broken = [*three()[:2], Migration(3, "broken", "INSERT INTO log (n) VALUES (3)")]
    with pytest.raises(asyncpg.NotNullViolationError):
        await migrate(scratch, broken)
    versions = await scratch.fetch("SELECT version FROM schema_migrations ORDER BY version")
    assert [r["version"] for r in versions] == [1, 2]
    assert await scratch.fetchval("SELECT count(*) FROM log") == 1
    # The lock was released: the fixed migration applies.
    assert [m.version for m in await migrate(scratch, three())] == [3]


async def test_edited_applied_migration_is_refused(scratch: asyncpg.Connection) -> None:
    await migrate(scratch, three())
    edited = three()
    edited[1] = Migration(2, "first_row", "INSERT INTO log (n, at) VALUES (22, 'edited');")
    with pytest.raises(
        MigrationError, match=r"0002_first_row\.sql was edited after it was applied"
    ):
        await migrate(scratch, edited)
    with pytest.raises(MigrationError, match="add a new migration instead"):
        await status(scratch, edited)
    assert not await is_current(scratch, edited)
    # Nothing ran.
    assert await scratch.fetchval("SELECT count(*) FROM log WHERE n = 22") == 0


async def test_applied_migration_without_file_is_refused(scratch: asyncpg.Connection) -> None:
    await migrate(scratch, three())
    with pytest.raises(MigrationError, match=r"0003_add_column is applied but its file is missing"):
        await migrate(scratch, three()[:2])


async def test_status_lists_applied_and_pending(scratch: asyncpg.Connection) -> None:
    before = await status(scratch, three())
    assert [(s.migration.version, s.applied_at) for s in before] == [
        (1, None),
        (2, None),
        (3, None),
    ]
    assert not await is_current(scratch, three())
    await migrate(scratch, three()[:2])
    rows = await status(scratch, three())
    assert [s.migration.filename for s in rows] == [
        "0001_create_log.sql",
        "0002_first_row.sql",
        "0003_add_column.sql",
    ]
    assert rows[0].applied_at is not None
    assert rows[1].applied_at is not None
    assert rows[2].applied_at is None
    await migrate(scratch, three())
    assert await is_current(scratch, three())


async def test_concurrent_migrators_apply_each_file_once(scratch_dsn: str) -> None:
    # The second migration holds its transaction open for a moment so the two runs
    # overlap; the advisory lock must make one wait for the other.
    migrations = [
        Migration(1, "create_log", "CREATE TABLE log (n integer NOT NULL)"),
        Migration(2, "slow", "INSERT INTO log (n) VALUES (2); SELECT pg_sleep(0.3);"),
        Migration(3, "last", "INSERT INTO log (n) VALUES (3);"),
    ]
    a = await asyncpg.connect(scratch_dsn)
    b = await asyncpg.connect(scratch_dsn)
    try:
        assert a.get_server_pid() != b.get_server_pid()
        first, second = await asyncio.gather(migrate(a, migrations), migrate(b, migrations))
        versions = sorted(m.version for m in [*first, *second])
        assert versions == [1, 2, 3], "each file applied exactly once across both runs"
        assert [r["n"] for r in await a.fetch("SELECT n FROM log ORDER BY n")] == [2, 3]
        # Both sessions released the lock.
        held = await a.fetchval(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
        )
        assert held == 0
    finally:
        await a.close()
        await b.close()


async def test_lock_is_taken(scratch_dsn: str) -> None:
    # While another session holds the migration lock, migrate() waits for it.
    holder = await asyncpg.connect(scratch_dsn)
    runner = await asyncpg.connect(scratch_dsn)
    try:
        await holder.execute("SELECT pg_advisory_lock($1)", migrator.MIGRATION_LOCK_ID)
        task = asyncio.create_task(migrate(runner, three()))
        # Wait until the runner is visibly blocked on the advisory lock.
        for _ in range(3000):
            waiting = await holder.fetchval(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            )
            if waiting:
                break
            await asyncio.sleep(0.01)
        assert waiting == 1
        assert not task.done()
        assert await holder.fetchval("SELECT to_regclass('log') IS NULL")
        await holder.execute("SELECT pg_advisory_unlock($1)", migrator.MIGRATION_LOCK_ID)
        assert [m.version for m in await asyncio.wait_for(task, 60)] == [1, 2, 3]
    finally:
        await holder.close()
        await runner.close()


# --- discover ----------------------------------------------------------------------------


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Path]]:
    """An importable throwaway package with an empty ``migrations`` folder."""
    name = f"migpkg_{uuid.uuid4().hex[:8]}"
    root = tmp_path / name
    (root / "migrations").mkdir(parents=True)
    (root / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield name, root / "migrations"
    sys.modules.pop(name, None)


def test_discover_sorts_by_number(package: tuple[str, Path]) -> None:
    name, folder = package
    # Created out of order, and a number with a gap.
    (folder / "0010_third.sql").write_text("SELECT 10")
    (folder / "0002_second.sql").write_text("SELECT 2")
    (folder / "0001_first.sql").write_text("SELECT 1")
    (folder / "README.txt").write_text("not a migration")
    found = discover(name)
    assert [(m.version, m.name, m.sql) for m in found] == [
        (1, "first", "SELECT 1"),
        (2, "second", "SELECT 2"),
        (10, "third", "SELECT 10"),
    ]


@pytest.mark.parametrize("filename", ["1_short.sql", "0001-dash.sql", "0001_Upper.sql", "x.sql"])
def test_discover_refuses_bad_names(package: tuple[str, Path], filename: str) -> None:
    name, folder = package
    (folder / filename).write_text("SELECT 1")
    with pytest.raises(MigrationError, match=r"is not NNNN_name\.sql"):
        discover(name)


def test_discover_refuses_duplicate_numbers(package: tuple[str, Path]) -> None:
    name, folder = package
    (folder / "0001_a.sql").write_text("SELECT 1")
    (folder / "0001_b.sql").write_text("SELECT 1")
    with pytest.raises(MigrationError, match="two migrations share number 0001"):
        discover(name)


def test_shipped_migrations_are_well_formed() -> None:
    shipped = discover()
    assert shipped[0].filename == "0001_jobs.sql"
    versions = [m.version for m in shipped]
    assert versions == sorted(set(versions))


async def test_shipped_migrations_apply_on_an_empty_database(
    scratch: asyncpg.Connection,
) -> None:
    applied = await migrate(scratch, discover())
    assert [m.version for m in applied] == [m.version for m in discover()]
    assert await is_current(scratch, discover())

"""Shared fixtures: a throwaway PostgreSQL database, migrated once per session.

Without ``DATABASE_URL`` an embedded server is started in a temporary directory and
deleted afterwards; with it, a uniquely named database is created on that server and
dropped at the end. ``conn`` wraps one test in a transaction that is rolled back; tests
that need real commits (HTTP, locks, SKIP LOCKED, LISTEN/NOTIFY, races) use ``db`` and
the ``clean`` fixture, which truncates what they wrote. ``gh`` is the local GitHub server.
Records are made by the factories of each domain (``tests/domains/<domain>/factories.py``).
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from aiohttp.test_utils import TestClient, TestServer

from rpc.app.domains import default_registry
from rpc.app.runtime import build_runtime, lifecycles_started
from rpc.context import Runtime
from rpc.http import build_app
from rpc.registry import Registry
from rpc.settings import Settings
from sql.database import Connection, Database
from sql.embedded import start_embedded
from sql.migrator import discover, migrate
from tests.fakes.github_server import FakeGitHub

# Rows that migrations seed survive cleaning: table -> condition selecting test rows.
SEEDED_TABLES: dict[str, str] = {
    # Builtin workflow definitions (and their versions) are seeded by migration 0043.
    "workflow_definitions": "category <> 'builtin'",
    "workflow_definition_versions": (
        "workflow_definition_id NOT IN "
        "(SELECT id FROM workflow_definitions WHERE category = 'builtin')"
    ),
}
KEEP_TABLES = {"schema_migrations"}


@pytest.fixture(scope="session")
def admin_dsn() -> Iterator[str]:
    """A superuser DSN on the test cluster."""
    url = os.environ.get("DATABASE_URL")
    if url:
        yield url
        return
    with tempfile.TemporaryDirectory(prefix="jidocode-test-") as tmp:
        server = start_embedded(Path(tmp) / "pgdata", delete_on_stop=True)
        try:
            yield server.dsn
        finally:
            server.stop()


@pytest.fixture(scope="session")
async def database_dsn(admin_dsn: str) -> AsyncIterator[str]:
    """A fresh database on the test cluster, migrated once, dropped at the end."""
    name = f"jidocode_test_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(admin_dsn)
    await admin.execute(f'CREATE DATABASE "{name}"')
    dsn = _with_database(admin_dsn, name)
    try:
        conn = await asyncpg.connect(dsn)
        try:
            await migrate(conn, discover())
        finally:
            await conn.close()
        yield dsn
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def _with_database(dsn: str, name: str) -> str:
    """The same server URL pointing at database ``name``."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(dsn)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


@pytest.fixture(scope="session")
def settings(database_dsn: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings for tests, pointing at the throwaway database."""
    return Settings(
        database_url=database_dsn,
        data_dir=tmp_path_factory.mktemp("data"),
        production=False,
        pool_min_size=1,
        pool_max_size=16,
        run_workers=False,
    )


@pytest.fixture(scope="session")
async def db(settings: Settings) -> AsyncIterator[Database]:
    """The session's pool."""
    assert settings.database_url
    database = await Database.open(
        settings.database_url,
        min_size=settings.pool_min_size,
        max_size=settings.pool_max_size,
        statement_timeout_ms=settings.statement_timeout_ms,
    )
    yield database
    await database.close()


@pytest.fixture
async def conn(db: Database) -> AsyncIterator[Connection]:
    """A connection inside a transaction that is rolled back after the test."""
    async with db.pool.acquire() as connection:
        tx = connection.transaction()
        await tx.start()
        try:
            yield connection
        finally:
            await tx.rollback()


async def clean_database(db: Database) -> None:
    """Empty every table the tests may have written (seeded rows survive)."""
    async with db.connection() as conn:
        tables = [
            r["tablename"]
            for r in await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        ]
        plain = [t for t in tables if t not in KEEP_TABLES and t not in SEEDED_TABLES]
        async with conn.transaction():
            if plain:
                await conn.execute(
                    "TRUNCATE " + ", ".join(f'"{t}"' for t in sorted(plain)) + " CASCADE"
                )
            for table, condition in SEEDED_TABLES.items():
                if table in tables:
                    await conn.execute(f'DELETE FROM "{table}" WHERE {condition}')


@pytest.fixture
async def clean(db: Database) -> AsyncIterator[None]:
    """For committing tests: start and end with empty tables."""
    await clean_database(db)
    yield
    await clean_database(db)


@pytest.fixture
async def gh() -> AsyncIterator[FakeGitHub]:
    """The local GitHub server (``tests/fakes``) for one test."""
    async with FakeGitHub() as server:
        yield server


@pytest.fixture(scope="session")
def registry() -> Registry:
    """The registry the server ships with."""
    return default_registry()


@pytest.fixture
async def runtime(settings: Settings, db: Database, registry: Registry) -> AsyncIterator[Runtime]:
    """A runtime as the server builds it, with every domain lifecycle started."""
    async with lifecycles_started(build_runtime(settings, db, registry), registry) as rt:
        yield rt


@pytest.fixture
async def client(
    runtime: Runtime, registry: Registry, clean: None
) -> AsyncIterator[TestClient[Any, Any]]:
    """An HTTP client for the real app on 127.0.0.1 (committing; tables cleaned)."""
    app = build_app(runtime, registry)
    async with TestClient(TestServer(app, host="127.0.0.1")) as c:
        yield c


async def call(
    client: TestClient[Any, Any],
    method: str,
    params: dict[str, Any] | list[Any] | None = None,
    *,
    headers: dict[str, str] | None = None,
    id: Any = 1,
) -> dict[str, Any]:
    """POST one JSON-RPC call and return the decoded response object."""
    body: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "id": id}
    if params is not None:
        body["params"] = params
    resp = await client.post("/rpc", json=body, headers=headers or {})
    data: dict[str, Any] = await resp.json()
    return data

"""Process lifecycle: database, migrations, runtime, HTTP and workers.

``serve`` and ``worker`` share everything up to the point where one also serves HTTP.
SIGINT and SIGTERM stop accepting, let in-flight requests and jobs finish, close the
pool and stop the embedded database if this process started it.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import gc
import logging
import os
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import asyncpg
from aiohttp import web

from rpc.app.domains import default_registry
from rpc.app.runtime import build_runtime, lifecycles_started
from rpc.context import Runtime
from rpc.http import build_app, build_metrics_app
from rpc.jobs import Workers
from rpc.registry import Registry
from rpc.sealing import KeyRingError, load_key_ring
from rpc.settings import Settings, StartupError
from sql import migrator
from sql.database import Database
from sql.embedded import EmbeddedPostgres, start_embedded
from sql.queries import queries

log = logging.getLogger(__name__)

EMBEDDED_DATABASE = "jidocode"


async def ensure_database(admin_dsn: str, name: str) -> None:
    """Create database ``name`` on the cluster behind ``admin_dsn`` unless it exists."""
    conn = await asyncpg.connect(admin_dsn)
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if not exists:
            with contextlib.suppress(asyncpg.DuplicateDatabaseError):
                await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


@asynccontextmanager
async def database_url(settings: Settings) -> AsyncIterator[str]:
    """``DATABASE_URL``, or the embedded server's database, started and stopped here."""
    if settings.database_url:
        yield settings.database_url
        return
    embedded: EmbeddedPostgres = await asyncio.to_thread(start_embedded, settings.embedded_pgdata)
    try:
        await ensure_database(embedded.dsn, EMBEDDED_DATABASE)
        yield embedded.dsn_for(EMBEDDED_DATABASE)
    finally:
        await asyncio.to_thread(embedded.stop)


async def apply_migrations(db: Database) -> list[migrator.Migration]:
    """Apply pending migrations on a dedicated connection (the lock is session-level)."""
    conn = await db.dedicated()
    try:
        return await migrator.migrate(conn, migrator.discover())
    finally:
        await conn.close()


def _where(dsn: str) -> str:
    """``host:port/database`` of a URL, never its password."""
    from urllib.parse import urlsplit

    parts = urlsplit(dsn)
    host = parts.hostname or "localhost"
    port = f":{parts.port}" if parts.port else ""
    return f"{host}{port}{parts.path or ''}"


async def open_database(settings: Settings, dsn: str, **sizes: int) -> Database:
    """The pool, or a ``StartupError`` naming ``DATABASE_URL`` when it cannot connect."""
    try:
        return await Database.open(
            dsn,
            min_size=sizes.get("min_size", settings.pool_min_size),
            max_size=sizes.get("max_size", settings.pool_max_size),
            statement_timeout_ms=settings.statement_timeout_ms,
        )
    except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        if isinstance(exc, OSError) and exc.errno:
            reason = os.strerror(exc.errno).lower()
        else:
            reason = type(exc).__name__
        raise StartupError(
            "DATABASE_URL",
            f"cannot connect to {_where(dsn)} ({reason}): check that PostgreSQL runs there and "
            "the URL, user and password are right, or unset it to use the embedded server",
        ) from None


@dataclass
class Started:
    """A runtime with its registry, ready to serve."""

    runtime: Runtime
    registry: Registry


@asynccontextmanager
async def running(settings: Settings, *, migrate: bool = True) -> AsyncIterator[Started]:
    """Database, migrations, runtime and domain lifecycles, torn down in reverse."""
    queries()  # malformed or duplicate named queries fail start-up, not the first call
    registry = default_registry()
    try:  # before anything touches the database: production refuses to start without it
        key_ring = load_key_ring(settings)
    except KeyRingError as exc:
        raise StartupError("JIDOCODE_SECRET_KEYS", str(exc)) from None
    async with database_url(settings) as dsn:
        db = await open_database(settings, dsn)
        try:
            if migrate:
                applied = await apply_migrations(db)
                if applied:
                    log.info("migrated", extra={"applied": [m.filename for m in applied]})
            runtime = build_runtime(settings, db, registry, key_ring=key_ring)
            async with lifecycles_started(runtime, registry):
                yield Started(runtime, registry)
        finally:
            await db.close()


def tune_gc() -> None:
    """Keep the cyclic garbage collector off the request path (scripts/bench measured it).

    Every in-flight call holds a few dozen container objects (coroutine frames, requests,
    contexts); with 32 calls in flight that alone crosses CPython's default gen-0
    threshold of 700, so collections ran about every 25 requests, and each full one walked
    every object the start-up imported. Freezing the start-up heap takes those objects out
    of every collection, and a gen-0 threshold of 10,000 lets garbage cycles (rare here)
    wait a little longer: 10–15% more requests per second on one core.
    """
    gc.collect()
    gc.freeze()
    _, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(10_000, gen1, gen2)


def _stop_event() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    return stop


def worker_pools(started: Started) -> list[Workers]:
    """The worker pools of a process: one for the short job kinds, one of
    ``long_job_concurrency`` loops for the long ones (so an agent's run holds no loop a
    clone or a delivery needs), and one of ``driver_job_concurrency`` loops for the jobs
    that wait on long ones (so a run's driver never holds the loop its step's exec needs)."""
    settings = started.runtime.settings
    short, long = started.registry.short_and_long_jobs()
    drivers = started.registry.driver_jobs()
    pools = [Workers(started.runtime, short)]
    if long:
        pools.append(Workers(started.runtime, long, concurrency=settings.long_job_concurrency))
    if drivers:
        pools.append(
            Workers(started.runtime, drivers, concurrency=settings.driver_job_concurrency)
        )
    return pools


async def listen(app: web.Application, host: str, port: int, variable: str) -> web.AppRunner:
    """Serve ``app`` on ``host:port`` (aiohttp's access log off: ``rpc.access_log`` writes
    ours), or a ``StartupError`` naming ``variable`` when the address cannot be had."""
    runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=30)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    try:
        await site.start()
    except OSError as exc:
        await runner.cleanup()
        where = f"{host}:{port}"
        if exc.errno == errno.EADDRINUSE:
            problem = f"{where} is already in use: stop the other server or choose a port"
        else:
            problem = f"cannot listen on {where} ({exc.strerror}): choose a host and port"
        raise StartupError(variable, problem) from None
    return runner


async def serve(settings: Settings, *, with_workers: bool = True) -> None:
    """Serve HTTP (and run workers) until SIGINT or SIGTERM; ``GET /metrics`` on its own
    address too when ``JIDOCODE_METRICS_LISTEN`` is set."""
    stop = _stop_event()
    async with running(settings) as started:
        app = build_app(started.runtime, started.registry)
        tune_gc()
        runners = [await listen(app, settings.host, settings.port, "JIDOCODE_PORT (serve --port)")]
        try:
            if settings.metrics_address is not None:
                host, port = settings.metrics_address
                metrics_app = build_metrics_app(started.runtime)
                runners.append(await listen(metrics_app, host, port, "JIDOCODE_METRICS_LISTEN"))
                log.info("serving metrics", extra={"url": f"http://{host}:{port}/metrics"})
        except StartupError:
            await runners[0].cleanup()
            raise
        workers = worker_pools(started)
        if with_workers and settings.run_workers:
            for pool in workers:
                await pool.start()
        log.info("serving", extra={"url": f"http://{settings.host}:{settings.port}/rpc"})
        try:
            await stop.wait()
        finally:
            log.info("stopping: finishing in-flight requests and jobs")
            for runner in runners:
                await runner.cleanup()
            for pool in workers:
                await pool.stop()


async def work(settings: Settings) -> None:
    """Run only workers until SIGINT or SIGTERM."""
    stop = _stop_event()
    async with running(settings) as started:
        workers = worker_pools(started)
        for pool in workers:
            await pool.start()
        log.info("workers running", extra={"kinds": [k for p in workers for k in p.kinds]})
        try:
            await stop.wait()
        finally:
            for pool in workers:
                await pool.stop()

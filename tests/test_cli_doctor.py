"""``jidocode doctor``, ``config show`` and ``db psql|backup|restore`` against the test
database (``DATABASE_URL``) and a live server."""

from __future__ import annotations

import base64
import uuid
from pathlib import Path

import asyncpg

from rpc.settings import Settings
from tests.cli_driver import run_cli
from tests.codegen.live import OWNER_EMAIL, live_url, owner_api_key
from tests.conftest import _with_database

__all__ = ["live_url"]


async def test_doctor_reports_each_part(live_url: str, settings: Settings, tmp_path: Path) -> None:
    key = await owner_api_key(live_url)
    assert settings.database_url
    env = {
        "DATABASE_URL": settings.database_url,
        "JIDOCODE_DATA_DIR": str(settings.data_dir),  # the key ring the test server uses
        "JIDOCODE_URL": live_url,
        "JIDOCODE_API_KEY": key,
        "XDG_CONFIG_HOME": str(tmp_path),
    }
    code, out, err = await run_cli("doctor", env=env)
    assert code == 0, out + err
    for line in (
        "ok    data dir",
        "ok    database     PostgreSQL",
        "ok    migrations   all",
        "ok    key ring     versions 1",
        "ok    server       server",
        f"ok    credential   {OWNER_EMAIL} via api_key (from JIDOCODE_API_KEY)",
    ):
        assert line in out, out
    assert "workers" in out  # none listen in the test session: a warning, not a failure
    assert "providers" in out
    assert "anthropic not_set" in out
    assert "JIDOCODE_*_BASE_URL" in out

    # A server that is down is a failure, with how to start it.
    down = {**env, "JIDOCODE_URL": "http://127.0.0.1:9/rpc"}
    code, out, err = await run_cli("doctor", env=down)
    assert code == 1
    assert "FAIL  server       nothing is listening at http://127.0.0.1:9/rpc" in out
    assert "`jidocode serve`" in out


def _ring(version: int) -> str:
    return f"{version}:{base64.b64encode(bytes(32)).decode()}"


async def test_config_show_masks_secrets() -> None:
    ring = _ring(1)
    env = {
        "DATABASE_URL": "postgresql://jido:s3cret-pw@db.example:5432/jido",
        "JIDOCODE_SECRET_KEYS": ring,
        "JIDOCODE_PORT": "18420",
    }
    code, out, err = await run_cli("config", "show", env=env)
    assert code == 0, err
    assert "s3cret-pw" not in out
    assert ring.split(":", 1)[1] not in out
    assert "postgresql://jido:********@db.example:5432/jido  (environment)" in out
    assert "JIDOCODE_SECRET_KEYS" in out
    assert "******** (1 key(s))" in out
    assert "JIDOCODE_PORT" in out
    assert "18420  (environment)" in out
    code, out, err = await run_cli("config", "show", "--all", env=env)
    assert "JIDOCODE_ANTHROPIC_BASE_URL" in out
    assert "https://api.anthropic.com  (default)" in out


async def test_backup_restores_into_another_database_and_psql_reads_it(
    live_url: str, settings: Settings, admin_dsn: str, tmp_path: Path
) -> None:
    await owner_api_key(live_url)  # something to back up: the owner
    assert settings.database_url
    dump = tmp_path / "jidocode.dump"
    code, out, err = await run_cli(
        "db", "backup", str(dump), env={"DATABASE_URL": settings.database_url}
    )
    assert code == 0, err
    assert dump.stat().st_size > 0
    assert "backed up to" in out

    name = f"jidocode_restore_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(admin_dsn)
    await admin.execute(f'CREATE DATABASE "{name}"')
    target = _with_database(settings.database_url, name)
    try:
        code, out, err = await run_cli(
            "db", "restore", str(dump), "--yes", env={"DATABASE_URL": target}
        )
        assert code == 0, err
        conn = await asyncpg.connect(target)
        try:
            assert await conn.fetchval("SELECT email FROM users") == OWNER_EMAIL
        finally:
            await conn.close()
        code, out, err = await run_cli(
            "db", "psql", "-At", "-c", "SELECT count(*) FROM api_keys", env={"DATABASE_URL": target}
        )
        assert (code, out.strip()) == (0, "1"), err
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()

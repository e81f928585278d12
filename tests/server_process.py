"""A real ``jidocode serve`` subprocess on the test database, for promises that need a
separate process (revocation reaching another server, a second listen address)."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest

from rpc.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A TCP port on the loopback that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@asynccontextmanager
async def server_process(settings: Settings, tmp_path: Path, **env: str) -> AsyncIterator[str]:
    """Start ``jidocode serve --no-workers`` with ``env`` on top of the test settings,
    wait until ``/healthz`` answers, yield its base URL, stop it with SIGTERM."""
    assert settings.database_url
    port = int(env.get("JIDOCODE_PORT") or free_port())
    full_env = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "JIDOCODE_DATA_DIR": str(tmp_path / "data"),
        "JIDOCODE_PORT": str(port),
        "JIDOCODE_HOST": "127.0.0.1",
        "JIDOCODE_RUN_WORKERS": "false",
        "JIDOCODE_POOL_MIN_SIZE": "1",
        "JIDOCODE_POOL_MAX_SIZE": "2",
        "JIDOCODE_LOG_LEVEL": "WARNING",
        **env,
    }
    log_path = tmp_path / "server.log"
    with log_path.open("wb") as log:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "rpc.app.cli",
            "serve",
            "--no-workers",
            cwd=ROOT,
            env=full_env,
            stdout=log,
            stderr=asyncio.subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as http:
            for _ in range(300):
                if proc.returncode is not None:
                    break
                try:
                    async with http.get(f"{base}/healthz") as resp:
                        if resp.status == 200:
                            break
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
            else:
                pytest.fail("server process did not become healthy")
        if proc.returncode is not None:
            pytest.fail("server process exited:\n" + log_path.read_text())
        yield base
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(proc.wait(), 30)
            except TimeoutError:
                proc.kill()
                await proc.wait()

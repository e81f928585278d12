"""Real child processes for the Forge fault and limit tests: each started in its own
process group (its own session), signalled by the test, and always ended — continued,
SIGTERM, then SIGKILL — when the ``children`` block exits. Also bounded polling."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from rpc.settings import Settings

ROOT = Path(__file__).resolve().parents[3]


class Children:
    """Named child processes, each in its own process group, logging to ``logs``."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env = env
        self.logs = logs
        self.procs: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, name: str, *args: str, says_ready: bool = False) -> int:
        """Start ``python args…``; with ``says_ready``, wait for its ``ready`` line. Its pid."""
        with (self.logs / f"{name}.log").open("wb") as log:
            proc = subprocess.Popen(
                [sys.executable, *args],
                stdout=subprocess.PIPE if says_ready else log,
                stderr=log,
                env=self.env,
                cwd=ROOT,
                start_new_session=True,
            )
        self.procs[name] = proc
        if says_ready:
            assert proc.stdout is not None
            assert proc.stdout.readline() == b"ready\n", self.log(name)
        return proc.pid

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")

    def end(self) -> None:
        """End every group still running (a stopped one is continued first), then reap."""
        for proc in self.procs.values():
            if proc.poll() is None:
                _signal(proc.pid, signal.SIGCONT)
                _signal(proc.pid, signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                _signal(proc.pid, signal.SIGKILL)
                proc.wait()
            if proc.stdout is not None:
                proc.stdout.close()


def _signal(pgid: int, sig: signal.Signals) -> None:
    with suppress(ProcessLookupError):
        os.killpg(pgid, sig)


def child_env(settings: Settings, **extra: str) -> dict[str, str]:
    """The test's environment for a child: its database and data directory, no other
    ``JIDOCODE_*`` setting from outside, plus ``extra``."""
    assert settings.database_url
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIDOCODE_")}
    return {
        **env,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": settings.database_url,
        "JIDOCODE_DATA_DIR": str(settings.data_dir),
        **extra,
    }


@contextmanager
def children(env: dict[str, str], logs: Path) -> Iterator[Children]:
    """Children that are all ended when the block exits, however it exits."""
    procs = Children(env, logs)
    try:
        yield procs
    finally:
        procs.end()


async def eventually(
    check: Callable[[], Awaitable[bool]], what: str, *, timeout_s: float = 20.0
) -> None:
    """Poll ``check`` until it holds; fail naming ``what`` after ``timeout_s``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while not await check():
        assert loop.time() < deadline, f"never happened: {what}"
        await asyncio.sleep(0.05)

"""What the HTTP benchmarks (``bench.py``, ``bench_webhooks.py``) share.

A throwaway embedded database, CPU pinning, server subprocesses on loopback (started
pinned, stopped by SIGTERM), an aiohttp server runner, the pool options and settings
every server under test uses, and the two load generators (``wrk`` with a Lua script
that reports one ``BENCH {...}`` summary line, else an aiohttp client) measuring into one
``Load``. Not part of the tests.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


# --------------------------------------------------------------------------- database


@contextlib.contextmanager
def database(workdir: Path, name: str, dsn: str | None = None) -> Iterator[str]:
    """The DSN of database ``name`` on a throwaway embedded cluster (or ``dsn`` as is)."""
    if dsn is not None:
        yield dsn
        return
    from rpc.app.server import ensure_database
    from sql.embedded import start_embedded

    pg = start_embedded(workdir / "pgdata", delete_on_stop=True)
    try:
        asyncio.run(ensure_database(pg.dsn, name))
        yield pg.dsn_for(name)
    finally:
        pg.stop()


async def _no_reset(conn: Any) -> None:
    """The same pool option as ours: no per-release session reset."""


async def pool(dsn: str, size: int, init: Any = None) -> Any:
    """An asyncpg pool of fixed ``size`` with our pool's options (DESIGN §5); ``init``
    is asyncpg's per-connection set-up callback."""
    import asyncpg

    return await asyncpg.create_pool(dsn, min_size=size, max_size=size, reset=_no_reset, init=init)


def server_settings(dsn: str, port: int, pool_size: int, data_dir: str, **extra: Any) -> Any:
    """Our server's settings for a benchmark: loopback, workers off, a fixed pool."""
    from rpc.settings import Settings

    return Settings(
        database_url=dsn,
        host="127.0.0.1",
        port=port,
        run_workers=False,
        pool_min_size=pool_size,
        pool_max_size=pool_size,
        data_dir=Path(data_dir),
        **extra,
    )


# --------------------------------------------------------------------------- processes


def pin(cpu: int | None) -> Callable[[], None] | None:
    """A ``preexec_fn`` pinning a child process to ``cpu`` (``None``: not pinned)."""
    if cpu is None:
        return None

    def pin_to() -> None:
        os.sched_setaffinity(0, {cpu})

    return pin_to


def pin_cpus(server_cpu: int | None, client_cpu: int | None) -> tuple[int | None, int | None]:
    """Choose the server's and everything else's CPU and pin this process to the latter.

    With two or more CPUs the server gets one to itself, so its core is the bottleneck
    measured; PostgreSQL (started after this), the load generator and this script share
    another. Returns ``(server_cpu, client_cpu)``, either ``None`` when not pinned.
    """
    cpus = sorted(os.sched_getaffinity(0))
    if server_cpu is None and len(cpus) >= 2:
        server_cpu = cpus[0]
    if server_cpu is not None and client_cpu is None:
        others = [c for c in cpus if c != server_cpu]
        client_cpu = others[0] if others else None
    if client_cpu is not None:
        os.sched_setaffinity(0, {client_cpu})
    return server_cpu, client_cpu


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerProcess:
    """One server subprocess (``script _serve ...``), pinned, logging to a file."""

    def __init__(self, script: str, argv: Sequence[str], log: Path, cpu: int | None) -> None:
        self.log = log
        with log.open("wb") as out:
            self.proc = subprocess.Popen(
                [sys.executable, str(Path(script).resolve()), "_serve", *argv],
                stdout=out,
                stderr=out,
                preexec_fn=pin(cpu),
                cwd=ROOT,
            )

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after 30 seconds."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


async def run_app(app: Any, port: int) -> None:
    """Serve an aiohttp app on loopback without access log until SIGINT or SIGTERM."""
    from aiohttp import web

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        await stop.wait()
    finally:
        await runner.cleanup()


async def wait_until_up(
    url: str, body: bytes, headers: Mapping[str, str], wait_s: float = 60.0
) -> tuple[int, bytes]:
    """POST ``body`` until the server answers; its status and body."""
    import aiohttp

    deadline = time.monotonic() + wait_s
    async with aiohttp.ClientSession() as session:
        while True:
            try:
                async with session.post(url, data=body, headers=headers) as resp:
                    return resp.status, await resp.read()
            except aiohttp.ClientError:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.2)


# --------------------------------------------------------------------------- load


@dataclass
class Load:
    """One measured run."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int
    server_cpu: float | None = None  # fraction of one CPU the server used
    server_cpu_us: float | None = None  # server CPU time per request, in microseconds

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def choose_loadgen(name: str) -> str:
    """``auto`` becomes ``wrk`` when it is installed, else ``aiohttp``."""
    if name != "auto":
        return name
    return "wrk" if shutil.which("wrk") else "aiohttp"


# The Lua pieces every wrk script has: the body read from BENCH_BODY_FILE into ``body``,
# and a ``done`` that prints the one summary line ``wrk_load`` parses.
WRK_READ_BODY = """
local f = assert(io.open(os.getenv("BENCH_BODY_FILE"), "rb"))
local body = f:read("*a")
f:close()
"""

WRK_DONE = """
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH {\\"requests\\": %d, \\"duration_us\\": %d, \\"errors\\": %d, "
    .. "\\"p50_us\\": %d, \\"p99_us\\": %d}\\n",
    summary.requests, summary.duration,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""


def wrk_load(
    url: str,
    lua: str,
    body: bytes,
    *,
    connections: int,
    seconds: float,
    workdir: Path,
    cpu: int | None = None,
    env: Mapping[str, str] | None = None,
) -> Load:
    """Run ``wrk`` (one thread) with ``WRK_READ_BODY + lua + WRK_DONE``; its summary."""
    script = workdir / "bench.lua"
    script.write_text(WRK_READ_BODY + lua + WRK_DONE)
    body_file = workdir / "body.json"
    body_file.write_bytes(body)
    cmd = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "5s",
        "-s",
        str(script),
        url,
    ]
    full_env = {**os.environ, **(env or {}), "BENCH_BODY_FILE": str(body_file)}
    out = subprocess.run(
        cmd, env=full_env, capture_output=True, text=True, check=True, preexec_fn=pin(cpu)
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("BENCH "))
    data = json.loads(line[len("BENCH ") :])
    return Load(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        errors=data["errors"],
    )


async def _aiohttp_load(
    url: str,
    body: bytes,
    headers: Callable[[], Mapping[str, str]],
    ok_status: int,
    connections: int,
    seconds: float,
) -> Load:
    import aiohttp

    latencies: list[int] = []
    errors = 0
    connector = aiohttp.TCPConnector(limit=connections)
    async with aiohttp.ClientSession(connector=connector) as session:
        deadline = time.perf_counter() + seconds

        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                sent = headers()
                t0 = time.perf_counter_ns()
                try:
                    async with session.post(url, data=body, headers=sent) as resp:
                        await resp.read()
                        ok = resp.status == ok_status
                except aiohttp.ClientError:
                    ok = False
                if ok:
                    latencies.append(time.perf_counter_ns() - t0)
                else:
                    errors += 1

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(connections)))
        elapsed = time.perf_counter() - start
    latencies.sort()

    def pct(p: float) -> float:
        if not latencies:
            return 0.0
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] / 1e6

    return Load(len(latencies), elapsed, pct(0.50), pct(0.99), errors)


def aiohttp_load(
    url: str,
    body: bytes,
    *,
    headers: Callable[[], Mapping[str, str]],
    ok_status: int,
    connections: int,
    seconds: float,
) -> Load:
    """The fallback load generator: an aiohttp client in this process.

    ``headers`` is called once per request (so each can carry, say, a fresh id); a
    request answered with another status than ``ok_status`` counts as an error.
    """
    return asyncio.run(_aiohttp_load(url, body, headers, ok_status, connections, seconds))

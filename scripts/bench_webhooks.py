"""Webhook intake benchmark: deliveries acknowledged per second, ours vs a bare handler.

One invocation starts a throwaway embedded PostgreSQL cluster (or uses ``--dsn``),
migrates it, stores the instance webhook secret, and then, one at a time, two HTTP
servers on loopback, each in its own process:

- ``jidocode``: the project's server (``rpc.server.serve``, workers off) answering
  ``POST /webhooks/github`` — header checks, the per-address throttle, the secret read
  from the sealed store (XChaCha20 open) on every delivery, HMAC-SHA256 in constant time,
  redaction of the payload, and the delivery row + processing job in one transaction;
- ``baseline``: a bare aiohttp handler with the secret in memory: HMAC-SHA256 +
  ``compare_digest``, ``orjson.loads``, then the same two inserts (delivery ``ON CONFLICT
  DO NOTHING`` + job) in one transaction, answering 202.

Every request is a signed ~25 KB ``issues.opened`` payload with a fresh
``X-GitHub-Delivery`` (so each one is a new delivery). Load comes from ``wrk`` when it is
installed (one thread, a Lua script that numbers deliveries), else an aiohttp client.
With two or more CPUs the server is pinned to one CPU and PostgreSQL + the load generator
to another. Not part of the tests: run it by hand::

    .venv/bin/python scripts/bench_webhooks.py --seconds 10 --connections 32
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import hmac
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SECRET = "bench webhook secret, not a real one"  # noqa: S105 (a benchmark fixture)
REPO = "acme/app"
SERVERS = ("baseline", "jidocode")


def payload_bytes(size: int) -> bytes:
    """A GitHub-shaped ``issues.opened`` payload padded to about ``size`` bytes."""
    words = "The app crashes with a traceback when saving a file after the update. "
    payload: dict[str, Any] = {
        "action": "opened",
        "issue": {
            "number": 1,
            "title": "App crashes on save",
            "body": "",
            "user": {"login": "octocat", "type": "User"},
            "labels": [],
            "html_url": f"https://github.com/{REPO}/issues/1",
        },
        "repository": {"full_name": REPO, "name": "app", "owner": {"login": "acme"}},
        "sender": {"login": "octocat", "type": "User"},
    }
    base = len(json.dumps(payload).encode())
    payload["issue"]["body"] = (words * (size // len(words) + 1))[: max(size - base, 0)]
    return json.dumps(payload).encode()


def signature(body: bytes) -> str:
    return "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()


# --------------------------------------------------------------------------- servers


async def _run_app(app: Any, port: int) -> None:
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


async def _no_reset(conn: Any) -> None:
    """The same pool option as ours: no per-release session reset."""


async def serve_baseline(dsn: str, port: int, pool_size: int) -> None:
    """HMAC + compare_digest, parse, delivery and job inserted in one transaction, 202."""
    import asyncpg
    import orjson
    from aiohttp import web

    from sql.database import init_connection
    from sql.queries import query_file

    github, jobs = query_file("github"), query_file("jobs")
    key = SECRET.encode()
    pool = await asyncpg.create_pool(
        dsn, min_size=pool_size, max_size=pool_size, reset=_no_reset, init=init_connection
    )

    async def handler(request: web.Request) -> web.Response:
        body = await request.read()
        given = request.headers.get("X-Hub-Signature-256", "")
        expected = "sha256=" + hmac.new(key, body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(given.encode(), expected.encode()):
            return web.Response(status=401)
        payload = orjson.loads(body)
        async with pool.acquire() as conn, conn.transaction():
            stored = await conn.fetchval(
                github["github_insert_delivery"],
                request.headers["X-GitHub-Delivery"],
                request.headers["X-GitHub-Event"],
                payload.get("action"),
                None,
                payload["repository"]["full_name"],
                payload,
            )
            if stored is not None:
                await conn.fetchval(
                    jobs["enqueue_job"], "github.process_delivery", {"id": str(stored)}, 0.0, 5
                )
                await conn.execute(jobs["notify_jobs"], "github.process_delivery")
        return web.Response(status=202, body=b'{"status":"accepted"}')

    app = web.Application(client_max_size=25 * 1024 * 1024)
    app.router.add_post("/webhooks/github", handler)
    try:
        await _run_app(app, port)
    finally:
        await pool.close()


def _settings(dsn: str, port: int, pool_size: int, data_dir: str) -> Any:
    from rpc.settings import Settings

    return Settings(
        database_url=dsn,
        host="127.0.0.1",
        port=port,
        run_workers=False,
        pool_min_size=pool_size,
        pool_max_size=pool_size,
        data_dir=Path(data_dir),
        # The load generator is one address sending only good signatures.
        webhook_failure_limit=1_000_000,
    )


async def serve_jidocode(dsn: str, port: int, pool_size: int, data_dir: str) -> None:
    """The project's own server entry point, workers off (acknowledgement only)."""
    from rpc.server import serve

    await serve(_settings(dsn, port, pool_size, data_dir), with_workers=False)


async def prepare(dsn: str, data_dir: str) -> None:
    """Migrate and store the instance webhook secret, as onboarding would."""
    from domains.github.service_secrets import set_webhook_secret
    from rpc.server import running

    async with (
        running(_settings(dsn, 0, 2, data_dir)) as started,
        started.runtime.db.transaction() as conn,
    ):
        await set_webhook_secret(conn, started.runtime, full_name=None, value=SECRET, actor="bench")


async def truncate(dsn: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute("TRUNCATE webhook_deliveries, jobs CASCADE")
    finally:
        await conn.close()


async def counts(dsn: str) -> tuple[int, int]:
    import asyncpg

    conn = await asyncpg.connect(dsn)
    try:
        deliveries = await conn.fetchval("SELECT count(*) FROM webhook_deliveries")
        job_rows = await conn.fetchval("SELECT count(*) FROM jobs")
        return int(deliveries), int(job_rows)
    finally:
        await conn.close()


def run_server(kind: str, dsn: str, port: int, pool_size: int, data_dir: str) -> None:
    """Entry point of a server subprocess."""
    if kind == "baseline":
        asyncio.run(serve_baseline(dsn, port, pool_size))
    elif kind == "jidocode":
        asyncio.run(serve_jidocode(dsn, port, pool_size, data_dir))
    else:
        raise SystemExit(f"unknown server {kind!r}")


# --------------------------------------------------------------------------- load

_WRK_SCRIPT = """
local f = assert(io.open(os.getenv("BENCH_BODY_FILE"), "rb"))
local body = f:read("*a")
f:close()
local sig = os.getenv("BENCH_SIGNATURE")
local run = os.getenv("BENCH_RUN")
local n = 0
request = function()
  n = n + 1
  return wrk.format("POST", "/webhooks/github", {
    ["Content-Type"] = "application/json",
    ["X-GitHub-Event"] = "issues",
    ["X-GitHub-Delivery"] = run .. "-" .. n,
    ["X-Hub-Signature-256"] = sig,
  }, body)
end
local bad = 0
response = function(status, headers, body)
  if status ~= 202 then bad = bad + 1 end
end
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


def _pin(cpu: int | None) -> Callable[[], None] | None:
    if cpu is None:
        return None

    def pin() -> None:
        os.sched_setaffinity(0, {cpu})

    return pin


def wrk_load(
    port: int, body: bytes, run: str, connections: int, seconds: float, workdir: Path
) -> dict[str, float]:
    script = workdir / "webhooks.lua"
    script.write_text(_WRK_SCRIPT)
    body_file = workdir / "payload.json"
    body_file.write_bytes(body)
    env = {
        **os.environ,
        "BENCH_BODY_FILE": str(body_file),
        "BENCH_SIGNATURE": signature(body),
        "BENCH_RUN": run,
    }
    cmd = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "5s",
        "-s",
        str(script),
        f"http://127.0.0.1:{port}/webhooks/github",
    ]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("BENCH "))
    data = json.loads(line[len("BENCH ") :])
    secs = data["duration_us"] / 1e6
    return {
        "requests": data["requests"],
        "seconds": secs,
        "p50_ms": data["p50_us"] / 1000,
        "p99_ms": data["p99_us"] / 1000,
        "errors": data["errors"],
    }


async def _aiohttp_load(
    port: int, body: bytes, run: str, connections: int, seconds: float
) -> dict[str, float]:
    import aiohttp

    url = f"http://127.0.0.1:{port}/webhooks/github"
    sig = signature(body)
    latencies: list[int] = []
    errors = 0
    counter = iter(range(10**9))
    connector = aiohttp.TCPConnector(limit=connections)
    async with aiohttp.ClientSession(connector=connector) as session:
        deadline = time.perf_counter() + seconds

        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                headers = {
                    "Content-Type": "application/json",
                    "X-GitHub-Event": "issues",
                    "X-GitHub-Delivery": f"{run}-{next(counter)}",
                    "X-Hub-Signature-256": sig,
                }
                t0 = time.perf_counter_ns()
                async with session.post(url, data=body, headers=headers) as resp:
                    await resp.read()
                    ok = resp.status == 202
                if ok:
                    latencies.append(time.perf_counter_ns() - t0)
                else:
                    errors += 1

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(connections)))
        elapsed = time.perf_counter() - start
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] / 1e6 if latencies else 0

    return {
        "requests": len(latencies),
        "seconds": elapsed,
        "p50_ms": pct(0.5),
        "p99_ms": pct(0.99),
        "errors": errors,
    }


def load(
    args: argparse.Namespace, port: int, body: bytes, run: str, seconds: float, workdir: Path
) -> dict[str, float]:
    """One measured load with the chosen generator."""
    if args.loadgen == "wrk":
        return wrk_load(port, body, run, args.connections, seconds, workdir)
    return asyncio.run(_aiohttp_load(port, body, run, args.connections, seconds))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _wait_until_up(port: int, body: bytes) -> int:
    import aiohttp

    deadline = time.monotonic() + 60
    headers = {
        "Content-Type": "application/json",
        "X-GitHub-Event": "issues",
        "X-GitHub-Delivery": f"probe-{port}",
        "X-Hub-Signature-256": signature(body),
    }
    async with aiohttp.ClientSession() as session:
        while True:
            try:
                async with session.post(
                    f"http://127.0.0.1:{port}/webhooks/github", data=body, headers=headers
                ) as resp:
                    return resp.status
            except aiohttp.ClientError:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.2)


def main(argv: Sequence[str]) -> None:
    if len(argv) >= 1 and argv[0] == "_serve":
        run_server(argv[1], argv[2], int(argv[3]), int(argv[4]), argv[5])
        return
    p = argparse.ArgumentParser(
        prog="scripts/bench_webhooks.py", description=__doc__.split("\n\n")[0]
    )
    p.add_argument("--dsn", help="Use this PostgreSQL database instead of an embedded one.")
    p.add_argument("--seconds", type=float, default=10.0)
    p.add_argument("--warmup", type=float, default=2.0)
    p.add_argument("--connections", type=int, default=32)
    p.add_argument("--pool", type=int, default=16)
    p.add_argument("--size", type=int, default=25 * 1024, help="Payload bytes (25 KB).")
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--loadgen", choices=("auto", "wrk", "aiohttp"), default="auto")
    args = p.parse_args(argv)
    if args.loadgen == "auto":
        args.loadgen = "wrk" if shutil.which("wrk") else "aiohttp"

    cpus = sorted(os.sched_getaffinity(0))
    server_cpu = cpus[0] if len(cpus) >= 2 else None
    client_cpu = cpus[1] if len(cpus) >= 2 else None
    if client_cpu is not None:
        os.sched_setaffinity(0, {client_cpu})
    body = payload_bytes(args.size)
    print(f"payload {len(body)} bytes, {args.connections} connections, loadgen {args.loadgen}")

    with tempfile.TemporaryDirectory(prefix="jidocode-bench-hooks-") as tmp:
        workdir = Path(tmp)
        data_dir = str(workdir / "data")
        # One key ring for the preparing process and the server.
        os.environ.setdefault(
            "JIDOCODE_SECRET_KEYS", "1:" + base64.b64encode(os.urandom(32)).decode()
        )
        pg = None
        if args.dsn:
            dsn = args.dsn
        else:
            from rpc.server import ensure_database
            from sql.embedded import start_embedded

            pg = start_embedded(workdir / "pgdata", delete_on_stop=True)
            asyncio.run(ensure_database(pg.dsn, "bench_webhooks"))
            dsn = pg.dsn_for("bench_webhooks")
        try:
            asyncio.run(prepare(dsn, data_dir))
            results: dict[str, list[dict[str, float]]] = {}
            for round_no in range(args.rounds):
                for kind in SERVERS:
                    asyncio.run(truncate(dsn))
                    port = _free_port()
                    log = (workdir / f"{kind}.log").open("wb")
                    proc = subprocess.Popen(
                        [
                            sys.executable,
                            __file__,
                            "_serve",
                            kind,
                            dsn,
                            str(port),
                            str(args.pool),
                            data_dir,
                        ],
                        stdout=log,
                        stderr=log,
                        preexec_fn=_pin(server_cpu),
                        cwd=ROOT,
                    )
                    try:
                        status = asyncio.run(_wait_until_up(port, body))
                        if status != 202:
                            raise SystemExit(f"{kind} answered {status} to a signed delivery")
                        run = f"{kind}-{round_no}"
                        load(args, port, body, run + "-warm", args.warmup, workdir)
                        before = asyncio.run(counts(dsn))
                        result = load(args, port, body, run, args.seconds, workdir)
                        after = asyncio.run(counts(dsn))
                        result["stored"] = after[0] - before[0]
                        result["jobs"] = after[1] - before[1]
                        result["rps"] = result["requests"] / result["seconds"]
                        results.setdefault(kind, []).append(result)
                        print(
                            f"round {round_no + 1} {kind:<9} {result['rps']:8.0f} deliveries/s"
                            f"  p50 {result['p50_ms']:.2f} ms  p99 {result['p99_ms']:.2f} ms"
                            f"  errors {int(result['errors'])}"
                            f"  stored {int(result['stored'])} (jobs {int(result['jobs'])})",
                            flush=True,
                        )
                    finally:
                        proc.send_signal(signal.SIGTERM)
                        try:
                            proc.wait(timeout=60)
                        except subprocess.TimeoutExpired:
                            proc.kill()
                        log.close()
        finally:
            if pg is not None:
                pg.stop()

    best = {k: max(r["rps"] for r in v) for k, v in results.items()}
    print()
    print(f"{'server':<10} {'deliveries/s (best round)':>26}")
    for kind in SERVERS:
        print(f"{kind:<10} {best[kind]:>26.0f}")
    print(f"jidocode / baseline: {best['jidocode'] / best['baseline']:.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])

"""Webhook intake benchmark: deliveries acknowledged per second, ours vs a bare handler.

One invocation starts a throwaway embedded PostgreSQL cluster (or uses ``--dsn``),
migrates it, stores the instance webhook secret, and then, one at a time, two HTTP
servers on loopback, each in its own process:

- ``jidocode``: the project's server (``rpc.app.server.serve``, workers off) answering
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
import itertools
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchlib import (
    Load,
    ServerProcess,
    aiohttp_load,
    choose_loadgen,
    database,
    free_port,
    pin_cpus,
    pool,
    run_app,
    server_settings,
    wait_until_up,
    wrk_load,
)

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


async def serve_baseline(dsn: str, port: int, pool_size: int) -> None:
    """HMAC + compare_digest, parse, delivery and job inserted in one transaction, 202."""
    import orjson
    from aiohttp import web

    from sql.database import init_connection
    from sql.queries import query_file

    github, jobs = query_file("github"), query_file("jobs")
    key = SECRET.encode()
    db_pool = await pool(dsn, pool_size, init=init_connection)

    async def handler(request: web.Request) -> web.Response:
        body = await request.read()
        given = request.headers.get("X-Hub-Signature-256", "")
        expected = "sha256=" + hmac.new(key, body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(given.encode(), expected.encode()):
            return web.Response(status=401)
        payload = orjson.loads(body)
        async with db_pool.acquire() as conn, conn.transaction():
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
        await run_app(app, port)
    finally:
        await db_pool.close()


def _settings(dsn: str, port: int, pool_size: int, data_dir: str) -> Any:
    # The load generator is one address sending only good signatures.
    return server_settings(dsn, port, pool_size, data_dir, webhook_failure_limit=1_000_000)


async def serve_jidocode(dsn: str, port: int, pool_size: int, data_dir: str) -> None:
    """The project's own server entry point, workers off (acknowledgement only)."""
    from rpc.app.server import serve

    await serve(_settings(dsn, port, pool_size, data_dir), with_workers=False)


async def prepare(dsn: str, data_dir: str) -> None:
    """Migrate and store the instance webhook secret, as onboarding would."""
    from domains.github.service_secrets import set_webhook_secret
    from rpc.app.server import running

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

# Each request is a new delivery: wrk numbers them; benchlib adds the body read (``body``)
# and the summary line (whose errors include wrk's count of 4xx/5xx answers).
_WRK_SCRIPT = """
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
"""


def delivery_headers(body: bytes, delivery: str) -> dict[str, str]:
    """The headers GitHub sends with a signed ``issues`` delivery."""
    return {
        "Content-Type": "application/json",
        "X-GitHub-Event": "issues",
        "X-GitHub-Delivery": delivery,
        "X-Hub-Signature-256": signature(body),
    }


def load(
    args: argparse.Namespace, url: str, body: bytes, run: str, seconds: float, workdir: Path
) -> Load:
    """One measured load with the chosen generator, every request a new delivery."""
    if args.loadgen == "wrk":
        env = {"BENCH_SIGNATURE": signature(body), "BENCH_RUN": run}
        return wrk_load(
            url,
            _WRK_SCRIPT,
            body,
            connections=args.connections,
            seconds=seconds,
            workdir=workdir,
            env=env,
        )
    counter = itertools.count()
    headers = delivery_headers(body, "")
    return aiohttp_load(
        url,
        body,
        headers=lambda: {**headers, "X-GitHub-Delivery": f"{run}-{next(counter)}"},
        ok_status=202,
        connections=args.connections,
        seconds=seconds,
    )


def main(argv: Sequence[str]) -> None:
    """``_serve`` runs one server (internal); anything else runs the benchmark."""
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
    args.loadgen = choose_loadgen(args.loadgen)
    server_cpu, _ = pin_cpus(None, None)
    body = payload_bytes(args.size)
    print(f"payload {len(body)} bytes, {args.connections} connections, loadgen {args.loadgen}")

    with tempfile.TemporaryDirectory(prefix="jidocode-bench-hooks-") as tmp:
        workdir = Path(tmp)
        data_dir = str(workdir / "data")
        # One key ring for the preparing process and the server.
        os.environ.setdefault(
            "JIDOCODE_SECRET_KEYS", "1:" + base64.b64encode(os.urandom(32)).decode()
        )
        with database(workdir, "bench_webhooks", args.dsn) as dsn:
            asyncio.run(prepare(dsn, data_dir))
            results: dict[str, list[Load]] = {}
            for round_no in range(args.rounds):
                for kind in SERVERS:
                    asyncio.run(truncate(dsn))
                    port = free_port()
                    url = f"http://127.0.0.1:{port}/webhooks/github"
                    argv = [kind, dsn, str(port), str(args.pool), data_dir]
                    server = ServerProcess(__file__, argv, workdir / f"{kind}.log", server_cpu)
                    try:
                        probe = delivery_headers(body, f"probe-{port}")
                        status, _ = asyncio.run(wait_until_up(url, body, probe))
                        if status != 202:
                            raise SystemExit(f"{kind} answered {status} to a signed delivery")
                        run = f"{kind}-{round_no}"
                        load(args, url, body, run + "-warm", args.warmup, workdir)
                        before = asyncio.run(counts(dsn))
                        result = load(args, url, body, run, args.seconds, workdir)
                        after = asyncio.run(counts(dsn))
                        results.setdefault(kind, []).append(result)
                        print(
                            f"round {round_no + 1} {kind:<9} {result.rps:8.0f} deliveries/s"
                            f"  p50 {result.p50_ms:.2f} ms  p99 {result.p99_ms:.2f} ms"
                            f"  errors {result.errors}"
                            f"  stored {after[0] - before[0]} (jobs {after[1] - before[1]})",
                            flush=True,
                        )
                    finally:
                        server.stop()

    best = {k: max(r.rps for r in v) for k, v in results.items()}
    print()
    print(f"{'server':<10} {'deliveries/s (best round)':>26}")
    for kind in SERVERS:
        print(f"{kind:<10} {best[kind]:>26.0f}")
    print(f"jidocode / baseline: {best['jidocode'] / best['baseline']:.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])

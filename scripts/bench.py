"""The RPC benchmark: our server against a bare baseline and a naive peer, in one run.

One invocation starts a throwaway embedded PostgreSQL cluster and then, one at a time,
three HTTP servers on loopback, each in its own process:

- ``jidocode``: the project's server (``rpc.app.server.serve``), method ``system.version``;
- ``baseline``: a bare aiohttp handler and an asyncpg pool running the same SQL
  (``SELECT current_setting('server_version')``) and answering a similar JSON body;
- ``naive``: the same method served by jsonrpcserver with its defaults
  (``async_dispatch``: stdlib json and the jsonschema request validator).

Each is loaded over loopback by ``wrk`` when it is installed (one thread), else by an
aiohttp client in this process, with a bounded number of connections and a bounded
duration after a warm-up. Scenarios: one read call per request, and a batch of 20 reads
per request (reported as calls/s = 20 × req/s and compared with the baseline's
single-call rate).

Fairness: every server uses one process, the default asyncio loop, no access log, and an
asyncpg pool of the same size (min = max = ``--pool``) with the same options as ours
(no per-release session reset, DESIGN §5). With two or more CPUs the server under load is
pinned to one CPU and everything else (PostgreSQL, the load generator, this script) to
another, so the server's core is the bottleneck being measured.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
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

METHOD = "system.version"
SERVERS = ("baseline", "jidocode", "naive")


# --------------------------------------------------------------------------- servers


def _version_sql() -> str:
    from sql.queries import query_file

    return query_file("system")["server_version"]


async def serve_baseline(dsn: str, port: int, pool_size: int) -> None:
    """A bare aiohttp + asyncpg handler: read the body, one query, a JSON answer."""
    import orjson
    from aiohttp import web

    from rpc import __version__
    from rpc.inventory import INVENTORY_VERSION

    sql = _version_sql()
    db_pool = await pool(dsn, pool_size)

    async def handler(request: web.Request) -> web.Response:
        payload = orjson.loads(await request.read())
        async with db_pool.acquire() as conn:
            pg = await conn.fetchval(sql)
        body = {
            "jsonrpc": "2.0",
            "result": {
                "package_version": __version__,
                "inventory_version": INVENTORY_VERSION,
                "postgres_version": pg,
            },
            "id": payload.get("id"),
        }
        return web.Response(body=orjson.dumps(body), content_type="application/json")

    app = web.Application()
    app.router.add_post("/rpc", handler)
    try:
        await run_app(app, port)
    finally:
        await db_pool.close()


async def serve_naive(dsn: str, port: int, pool_size: int) -> None:
    """jsonrpcserver out of the box: ``async_dispatch`` with its default json and schema."""
    from aiohttp import web
    from jsonrpcserver import Success, async_dispatch, method

    from rpc import __version__
    from rpc.inventory import INVENTORY_VERSION

    sql = _version_sql()
    db_pool = await pool(dsn, pool_size)

    @method(name=METHOD)
    async def version() -> Any:
        async with db_pool.acquire() as conn:
            pg = await conn.fetchval(sql)
        return Success(
            {
                "package_version": __version__,
                "inventory_version": INVENTORY_VERSION,
                "postgres_version": pg,
            }
        )

    async def handler(request: web.Request) -> web.Response:
        response = await async_dispatch(await request.text())
        if not response:
            return web.Response(status=204)
        return web.Response(text=response, content_type="application/json")

    app = web.Application()
    app.router.add_post("/rpc", handler)
    try:
        await run_app(app, port)
    finally:
        await db_pool.close()


async def serve_jidocode(dsn: str, port: int, pool_size: int, data_dir: str) -> None:
    """The project's own server entry point, workers off."""
    from rpc.app.server import serve

    await serve(server_settings(dsn, port, pool_size, data_dir), with_workers=False)


def run_server(kind: str, dsn: str, port: int, pool_size: int, data_dir: str) -> None:
    """Entry point of a server subprocess."""
    if kind == "baseline":
        asyncio.run(serve_baseline(dsn, port, pool_size))
    elif kind == "naive":
        asyncio.run(serve_naive(dsn, port, pool_size))
    elif kind == "jidocode":
        asyncio.run(serve_jidocode(dsn, port, pool_size, data_dir))
    else:
        raise SystemExit(f"unknown server {kind!r}")


# --------------------------------------------------------------------------- load


def single_body() -> bytes:
    return json.dumps({"jsonrpc": "2.0", "method": METHOD, "id": 1}).encode()


def batch_body(size: int) -> bytes:
    calls = [{"jsonrpc": "2.0", "method": METHOD, "id": i} for i in range(1, size + 1)]
    return json.dumps(calls).encode()


# wrk sends the same POST every time; benchlib adds the body read and the summary line.
_WRK_SCRIPT = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = body
"""
_HEADERS = {"Content-Type": "application/json"}


# --------------------------------------------------------------------------- harness


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, from /proc (0 where /proc is missing)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def _check(kind: str, answer: Any, batch: int | None) -> None:
    """Refuse to measure a server that answers the wrong thing."""
    calls = answer if batch else [answer]
    if batch and (not isinstance(answer, list) or len(answer) != batch):
        raise SystemExit(f"{kind}: a batch of {batch} did not get {batch} answers: {answer!r}")
    for one in calls:
        result = one.get("result") if isinstance(one, dict) else None
        if not isinstance(result, dict) or not str(result.get("postgres_version", "")):
            raise SystemExit(f"{kind}: unexpected answer {one!r}")


class Server:
    """One server subprocess, pinned, stopped by SIGTERM."""

    def __init__(self, kind: str, args: argparse.Namespace, dsn: str, workdir: Path) -> None:
        self.kind = kind
        port = free_port()
        self.url = f"http://127.0.0.1:{port}/rpc"
        argv = [kind, dsn, str(port), str(args.pool), str(workdir / "data")]
        self.process = ServerProcess(__file__, argv, workdir / f"{kind}.log", args.server_cpu)
        self.proc = self.process.proc

    def probe(self, body: bytes, batch: int | None) -> None:
        try:
            _, answer = asyncio.run(wait_until_up(self.url, body, _HEADERS))
        except Exception as exc:
            print(self.process.log.read_text(errors="replace"), file=sys.stderr)
            raise SystemExit(f"{self.kind} did not answer: {exc!r}") from exc
        _check(self.kind, json.loads(answer), batch)

    def stop(self) -> None:
        self.process.stop()


@dataclass
class Row:
    """One line of the table."""

    server: str
    scenario: str
    calls_per_request: int
    load: Load


def measure(server: Server, body: bytes, args: argparse.Namespace, workdir: Path) -> Load:
    """Warm up, then measure with the chosen load generator."""

    def go(seconds: float) -> Load:
        if args.loadgen == "wrk":
            return wrk_load(
                server.url,
                _WRK_SCRIPT,
                body,
                connections=args.connections,
                seconds=seconds,
                workdir=workdir,
                cpu=args.client_cpu,
            )
        return aiohttp_load(
            server.url,
            body,
            headers=lambda: _HEADERS,
            ok_status=200,
            connections=args.connections,
            seconds=seconds,
        )

    go(args.warmup)
    cpu0, t0 = _cpu_seconds(server.proc.pid), time.monotonic()
    load = go(args.duration)
    used = _cpu_seconds(server.proc.pid) - cpu0
    load.server_cpu = used / (time.monotonic() - t0)
    load.server_cpu_us = used * 1e6 / load.requests if load.requests else None
    return load


def _median_load(loads: Sequence[Load]) -> Load:
    ordered = sorted(loads, key=lambda x: x.rps)
    return ordered[len(ordered) // 2]


def print_table(rows: list[Row], args: argparse.Namespace, pinned: str) -> None:
    """The table, the targets and how the run was set up."""
    base = next((r.load.rps for r in rows if r.server == "baseline"), 0.0)
    print()
    print(
        f"scripts/bench: {args.connections} connections, {args.warmup:g}s warm-up + "
        f"{args.duration:g}s per run, load generator {args.loadgen}, pool {args.pool}, "
        f"median of {args.rounds} round(s); {pinned}"
    )
    head = (
        f"{'server':<9} {'scenario':<15} {'req/s':>9} {'calls/s':>9} {'p50 ms':>8} "
        f"{'p99 ms':>8} {'errors':>6} {'srv cpu':>7} {'cpu us/call':>11} {'vs baseline':>11}"
    )
    print(head)
    print("-" * len(head))
    for r in rows:
        calls = r.load.rps * r.calls_per_request
        ratio = f"{calls / base:.2f}x" if base else "-"
        cpu = f"{r.load.server_cpu:.0%}" if r.load.server_cpu is not None else "-"
        us = r.load.server_cpu_us
        per_call = f"{us / r.calls_per_request:.0f}" if us is not None else "-"
        print(
            f"{r.server:<9} {r.scenario:<15} {r.load.rps:>9.0f} {calls:>9.0f} "
            f"{r.load.p50_ms:>8.2f} {r.load.p99_ms:>8.2f} {r.load.errors:>6} {cpu:>7} "
            f"{per_call:>11} {ratio:>11}"
        )
    ours = next((r for r in rows if r.server == "jidocode" and r.calls_per_request == 1), None)
    batch = next((r for r in rows if r.server == "jidocode" and r.calls_per_request > 1), None)
    base_row = next((r for r in rows if r.server == "baseline"), None)
    naive_row = next((r for r in rows if r.server == "naive" and r.calls_per_request == 1), None)
    print()
    print("targets (issue 2)                         req/s   by server CPU per call")
    if ours and base_row:
        _target("single read  vs baseline", ours, base_row, 0.90)
    if ours and naive_row:
        _target("single read  vs naive peer", ours, naive_row, 1.70)
    if batch and base_row:
        _target("batch calls/s vs baseline single", batch, base_row, 1.60)
    print("(calls/s = calls per request x req/s; 'vs baseline' divides calls/s by the")
    print(" baseline's single-call req/s; srv cpu = share of one CPU the server process used;")
    print(" cpu us/call = server CPU time per call, less sensitive to other load on the machine;")
    print(" 'by server CPU per call' compares capacity: the inverse ratio of cpu us/call)")
    starved = [r for r in rows if r.load.server_cpu is not None and r.load.server_cpu < 0.9]
    if starved:
        names = ", ".join(f"{r.server} {r.scenario}" for r in starved)
        print(
            f"WARNING: the server used under 90% of its CPU in: {names}. The load generator"
            " or the database limited those runs, so their req/s (and ratios) understate"
            " the server; trust the CPU-per-call column, or use wrk."
        )


def _target(label: str, ours: Row, other: Row, goal: float) -> None:
    by_rate = ours.load.rps * ours.calls_per_request / other.load.rps if other.load.rps else 0.0
    cpu_ours, cpu_other = ours.load.server_cpu_us, other.load.server_cpu_us
    by_cpu = (
        cpu_other / other.calls_per_request / (cpu_ours / ours.calls_per_request)
        if cpu_ours and cpu_other
        else 0.0
    )
    starved = any(r.load.server_cpu is not None and r.load.server_cpu < 0.9 for r in (ours, other))
    verdict = "not comparable (see WARNING)" if starved else _ok(by_rate >= goal)
    print(f"  {label:<34} {by_rate:5.2f}x  {by_cpu:5.2f}x   (>= {goal:.2f}) {verdict}")


def _ok(flag: bool) -> str:
    return "ok" if flag else "MISSED"


def run(args: argparse.Namespace) -> None:
    """Start the database, then each server in turn, and print the table."""
    args.server_cpu, args.client_cpu = pin_cpus(args.server_cpu, args.client_cpu)
    pinned = (
        f"server on CPU {args.server_cpu}; PostgreSQL + load generator on CPU {args.client_cpu}"
        if args.server_cpu is not None and args.client_cpu is not None
        else "not pinned"
    )
    args.loadgen = choose_loadgen(args.loadgen)

    servers = [s for s in SERVERS if s in args.servers]
    with tempfile.TemporaryDirectory(prefix="jidocode-bench-") as tmp:
        workdir = Path(tmp)
        with database(workdir, "bench") as dsn:
            if args.stages:
                import bench_stages

                if args.server_cpu is not None:
                    os.sched_setaffinity(0, {args.server_cpu})
                bench_stages.run(dsn)
                return
            results: dict[tuple[str, int], list[Load]] = {}
            for round_no in range(args.rounds):
                for kind in servers:
                    server = Server(kind, args, dsn, workdir)
                    try:
                        plans = [(1, single_body())]
                        if kind != "baseline" and args.batch > 1:
                            plans.append((args.batch, batch_body(args.batch)))
                        for calls, body in plans:
                            server.probe(body, calls if calls > 1 else None)
                            load = measure(server, body, args, workdir)
                            results.setdefault((kind, calls), []).append(load)
                            print(
                                f"round {round_no + 1} {kind:<9} {calls:>3} call(s)/request: "
                                f"{load.rps:8.0f} req/s  p50 {load.p50_ms:.2f} ms  "
                                f"p99 {load.p99_ms:.2f} ms  server cpu "
                                f"{load.server_cpu or 0:.0%}, "
                                f"{(load.server_cpu_us or 0) / calls:.0f} us/call",
                                flush=True,
                            )
                    finally:
                        server.stop()

    rows = [
        Row(
            kind,
            "single read" if calls == 1 else f"batch of {calls}",
            calls,
            _median_load(loads),
        )
        for (kind, calls), loads in sorted(results.items(), key=lambda kv: (kv[0][1], kv[0][0]))
    ]
    print_table(rows, args, pinned)


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(prog="scripts/bench", description=__doc__.split("\n\n")[0])
    p.add_argument("--duration", type=float, default=10.0, help="seconds measured per run")
    p.add_argument("--warmup", type=float, default=2.0, help="seconds of warm-up per run")
    p.add_argument("--connections", type=int, default=32, help="concurrent connections")
    p.add_argument("--batch", type=int, default=20, help="calls per batch request")
    p.add_argument("--pool", type=int, default=32, help="asyncpg pool size of every server")
    p.add_argument("--rounds", type=int, default=1, help="repeat and report the median")
    p.add_argument("--loadgen", choices=["auto", "wrk", "aiohttp"], default="auto")
    p.add_argument(
        "--servers",
        nargs="+",
        choices=SERVERS,
        default=list(SERVERS),
        help="which servers to run",
    )
    p.add_argument("--server-cpu", type=int, default=None, help="CPU to pin servers to")
    p.add_argument("--client-cpu", type=int, default=None, help="CPU for everything else")
    p.add_argument(
        "--stages",
        action="store_true",
        help="instead: per-stage microsecond figures of our dispatch path, without HTTP",
    )
    return p.parse_args(argv)


def main(argv: Sequence[str]) -> None:
    """``_serve`` runs one server (internal); anything else runs the benchmark."""
    if argv[:1] == ["_serve"]:
        kind, dsn, port, pool, data_dir = argv[1:6]
        with contextlib.suppress(KeyboardInterrupt):
            run_server(kind, dsn, int(port), int(pool), data_dir)
        return
    run(parse_args(argv))


if __name__ == "__main__":
    main(sys.argv[1:])

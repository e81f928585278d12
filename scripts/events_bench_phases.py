"""The event benchmark's set-up and its two phases, latency and capacity.

``bench`` signs the owner in for an API key, inserts the Forge session fixtures, starts
the writer and the client processes and runs ``latency_phase`` (commit → receive for 1,
10 and 100 subscribers) and ``capacity_phase`` (subscribers ramped up through the levels,
on one topic and over 100), printing each table's rows as they come. Not part of the
tests.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from pathlib import Path

from bench_forge import EMAIL, PASSWORD, Rpc, ready_project
from benchlib import wait_until_up
from events_bench_clients import Clients
from events_bench_measure import Context, Meter, Writer, warm_up, window
from events_bench_report import (
    CAPACITY_HEAD,
    LATENCY_HEAD,
    LEGEND,
    capacity_row,
    emit,
    latency_row,
)
from events_bench_server import Server, cpu_seconds, rss_mb

RUNS_TOPIC = "runs"
SESSION_TOPICS = 100
LATENCY_SUBSCRIBERS = (1, 10, 100)
P99_LIMIT_MS = 1000.0
FD_MARGIN = 500  # descriptors the server needs besides its subscribers


def load_note(ctx: Context, where: str, meter: Meter) -> None:
    """Warn when the shared core was saturated by the load generator itself."""
    clients = meter.client_share
    if meter.client_core > 0.9 and clients > 0.5:
        ctx.warnings.append(
            f"{where}: CPU {ctx.client_cpu} was {meter.client_core:.0%} busy, "
            f"{clients:.0%} of it the client processes: they may have added latency"
        )


async def latency_phase(ctx: Context) -> list[str]:
    args = ctx.args
    lines: list[str] = []
    emit(
        lines,
        f"1. Commit -> SSE receive latency on one topic ({RUNS_TOPIC}): one writer, one "
        "transaction per event",
    )
    emit(lines, LATENCY_HEAD)
    emit(lines, "-" * len(LATENCY_HEAD))
    have = 0
    steady_n = max(1, round(args.rate * args.duration))
    for subs in LATENCY_SUBSCRIBERS:
        newest = await ctx.writer.newest()
        connected, errors = await ctx.clients.connect(
            [RUNS_TOPIC] * (subs - have), {RUNS_TOPIC: newest.get(RUNS_TOPIC, 0)}
        )
        have += connected
        if errors:
            ctx.warnings.append(f"latency, {subs} subscribers: connections failed: {errors}")
        behind = await warm_up(ctx, [RUNS_TOPIC])
        if behind:
            ctx.warnings.append(f"latency, {subs} subscribers: {behind} missed the warm-up")
        runs = (
            (f"{args.rate:g}/s for {args.duration:g} s", [RUNS_TOPIC] * steady_n, args.rate),
            (f"burst of {args.burst}", [RUNS_TOPIC] * args.burst, None),
        )
        for label, topics, rate in runs:
            outcome, meter, write_s, behind = await window(ctx, topics, rate, args.wait)
            emit(lines, latency_row(have, label, len(topics), write_s, outcome, meter))
            where = f"latency, {have} subscribers, {label}"
            if behind or not outcome.all_got_all:
                ctx.warnings.append(
                    f"{where}: {behind} still behind after {args.wait:g} s; gaps "
                    f"{outcome.gaps}, dups {outcome.dups}, ended {outcome.ended}"
                )
            if outcome.reset:
                ctx.warnings.append(
                    f"{where}: {outcome.reset} stream(s) were sent reset and resumed "
                    f"({outcome.resumes} reconnections)"
                )
            load_note(ctx, where, meter)
    await ctx.clients.close_streams()
    await asyncio.sleep(0.5)
    return lines


async def capacity_phase(ctx: Context, shape: str, topics: list[str]) -> list[str]:
    args = ctx.args
    lines: list[str] = []
    have = 0
    for level in args.levels:
        if level + FD_MARGIN > args.fd_limit:
            emit(
                lines,
                f"{shape}: level {level} skipped: the open-file limit ({args.fd_limit}) leaves "
                f"the server no room for {level} streams",
            )
            break
        wanted = [topics[(have + i) % len(topics)] for i in range(level - have)]
        newest = await ctx.writer.newest()
        cpu0 = cpu_seconds(ctx.server.pid)
        t0 = time.monotonic()
        connected, errors = await ctx.clients.connect(wanted, {t: newest.get(t, 0) for t in topics})
        connect_s = time.monotonic() - t0
        have += connected
        failed = len(wanted) - connected
        if errors:
            ctx.warnings.append(f"{shape} {level}: connections failed: {errors}")
        behind = await warm_up(ctx, topics)
        if behind:
            ctx.warnings.append(f"{shape} {level}: {behind} streams missed the warm-up")
        burst = [t for _ in range(args.ramp_events) for t in topics]
        outcome, meter, _, behind = await window(ctx, burst, args.rate, args.wait)
        level_cpu = cpu_seconds(ctx.server.pid) - cpu0
        rss = rss_mb(ctx.server.pid)
        row = capacity_row(shape, level, have, connect_s, outcome, meter, rss, level_cpu)
        emit(lines, row)
        where = f"{shape} {level}"
        if behind:
            ctx.warnings.append(
                f"{where}: {behind} streams still behind {args.wait:g} s after the burst"
            )
        if outcome.reset:
            ctx.warnings.append(
                f"{where}: {outcome.reset} stream(s) were sent reset and resumed "
                f"({outcome.resumes} reconnections)"
            )
        load_note(ctx, where, meter)
        reasons = []
        if failed:
            reasons.append(f"{failed} connection(s) failed")
        if not outcome.all_got_all:
            reasons.append("not every subscriber got every event")
        if outcome.pct(0.99) > P99_LIMIT_MS:
            reasons.append(f"p99 {outcome.pct(0.99):.0f} ms > {P99_LIMIT_MS:.0f} ms")
        if reasons:
            emit(lines, f"{shape}: stopped at {level}: " + "; ".join(reasons))
            break
    await ctx.clients.close_streams()
    await asyncio.sleep(1.0)
    return lines


async def owner_key(port: int) -> str:
    """Bootstrap the owner, sign in for a bearer token, mint an API key: the key."""
    import aiohttp

    async with aiohttp.ClientSession() as http:
        rpc = Rpc(http, f"http://127.0.0.1:{port}/rpc")
        await rpc("accounts.bootstrap_owner", {"email": EMAIL, "password": PASSWORD})
        signed = await rpc(
            "accounts.sign_in", {"email": EMAIL, "password": PASSWORD, "mode": "bearer"}
        )
        rpc.headers = {"Authorization": f"Bearer {signed['token']}"}
        created = await rpc("accounts.create_api_key", {"name": "bench-events"})
        return str(created["key"])


async def session_topics(dsn: str, project_id: str, workspace: Path, count: int) -> list[str]:
    """``count`` Forge session rows (fixtures: nothing runs in them); their topics."""
    import asyncpg

    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch(
            "INSERT INTO forge_sessions (name, runner, project_id, workspace_path)"
            " SELECT 'bench-' || n, 'shell', $1::uuid, $2 FROM generate_series(1, $3) n"
            " RETURNING id",
            project_id,
            str(workspace),
            count,
        )
        return sorted(f"forge:session:{r['id']}" for r in rows)
    finally:
        await conn.close()


async def bench(
    args: argparse.Namespace, dsn: str, workdir: Path, server: Server, client_cpu: int | None
) -> list[str]:
    url = f"http://127.0.0.1:{server.port}/rpc"
    ping = b'{"jsonrpc": "2.0", "id": 1, "method": "system.ping"}'
    try:
        await wait_until_up(url, ping, {"Content-Type": "application/json"}, wait_s=120)
    except Exception as exc:
        raise SystemExit(f"the server did not answer: {exc!r}\n{server.tail()}") from exc
    key = await owner_key(server.port)
    workspace = workdir / "workspace"
    workspace.mkdir()
    project_id = await ready_project(dsn, workspace)
    topics = await session_topics(dsn, project_id, workspace, SESSION_TOPICS)
    writer = await Writer.open(dsn, project_id)
    clients = Clients(args.client_procs, client_cpu, server.port, key)
    lines: list[str] = []
    try:
        await clients.start()
        ctx = Context(args, server, clients, writer, client_cpu, topics)
        lines += await latency_phase(ctx)
        lines.append("")
        emit(
            lines,
            f"2. Subscribers one server process holds: levels {','.join(map(str, args.levels))}"
            f" (streams kept from level to level); at each, {args.ramp_events} event(s) per "
            f"topic written at {args.rate:g}/s in all",
        )
        emit(lines, CAPACITY_HEAD)
        emit(lines, "-" * len(CAPACITY_HEAD))
        lines += await capacity_phase(ctx, "1 topic", [RUNS_TOPIC])
        lines += await capacity_phase(ctx, f"{SESSION_TOPICS} topics", topics)
        lines += LEGEND
        lines += [f"note: {w}" for w in ctx.warnings]
    finally:
        await clients.stop()
        await writer.close()
    return lines

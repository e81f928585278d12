"""The event benchmark's tables: the run's header, each phase's columns and rows, the
legend and the command that reproduces the run. Not part of the tests.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess

from benchlib import ROOT
from events_bench_measure import Meter, Outcome


def ms(value: float) -> str:
    return "-" if value != value else f"{value:.2f}"  # NaN: no sample


def pct_text(share: float) -> str:
    return "-" if share != share else f"{share:.0%}"


def emit(lines: list[str], line: str) -> None:
    """Print a line now and keep it for the final table."""
    print(line, flush=True)
    lines.append(line)


LATENCY_HEAD = (
    f"{'subs':>5}  {'load':<20} {'events':>6} {'writes/s':>8} {'p50 ms':>8} {'p90 ms':>8} "
    f"{'p99 ms':>8} {'max ms':>8}  {'all got all':<11} {'resets':>6} {'srv cpu':>7} "
    f"{'clients':>7} {'shared':>6}"
)


def latency_row(
    subs: int, label: str, events: int, write_s: float, outcome: Outcome, meter: Meter
) -> str:
    """One row of the latency table: ``events`` written under ``label`` to ``subs``."""
    return (
        f"{subs:>5}  {label:<20} {events:>6} {events / write_s:>8.0f} "
        f"{ms(outcome.pct(0.50)):>8} {ms(outcome.pct(0.90)):>8} "
        f"{ms(outcome.pct(0.99)):>8} {ms(outcome.max_ms):>8}  "
        f"{outcome.verdict():<11} {outcome.reset:>6} "
        f"{pct_text(meter.server_share):>7} {pct_text(meter.client_share):>7} "
        f"{pct_text(meter.client_core):>6}"
    )


CAPACITY_HEAD = (
    f"{'shape':<10} {'subs':>5} {'connected':>9} {'connect s':>9}  {'all got all':<15} "
    f"{'gaps':>4} {'dups':>4} {'resets':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} "
    f"{'RSS MB':>6} {'cpu s':>6} {'burst cpu s':>11} {'us/msg':>6} {'clients':>7} {'shared':>6}"
)


def capacity_row(
    shape: str,
    level: int,
    have: int,
    connect_s: float,
    outcome: Outcome,
    meter: Meter,
    rss: float,
    level_cpu: float,
) -> str:
    """One row of the capacity table: ``have`` streams of ``shape`` at ``level``."""
    messages = len(outcome.latencies_ms)
    us_msg = meter.server_cpu_s * 1e6 / messages if messages else float("nan")
    return (
        f"{shape:<10} {level:>5} {have:>9} {connect_s:>9.1f}  {outcome.verdict():<15} "
        f"{outcome.gaps:>4} {outcome.dups:>4} {outcome.reset:>6} "
        f"{ms(outcome.pct(0.50)):>8} {ms(outcome.pct(0.99)):>8} {ms(outcome.max_ms):>8} "
        f"{rss:>6.0f} {level_cpu:>6.1f} {meter.server_cpu_s:>11.2f} "
        f"{us_msg:>6.0f} {pct_text(meter.client_share):>7} {pct_text(meter.client_core):>6}"
    )


LEGEND = [
    "",
    "srv cpu / clients: CPU time of the server / of the client processes over the window "
    "(writing + delivery), as a share of one CPU; shared: how busy the CPU shared by "
    "PostgreSQL, the writer and the clients was",
    "all got all: streams that got exactly the events written to their topic, in order, "
    "no gap, no duplicate; resets: streams sent `reset` (they resume from their last seq)",
    "connect s: time to open the level's new streams; RSS MB: server VmRSS after the burst; "
    "cpu s: server CPU for the level (connects, warm-up, burst); burst cpu s: during the "
    "burst and its delivery; us/msg: that per event delivered to one subscriber",
]


def code_version() -> str:
    """The commit the run measured, and whether the work tree differed from it."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "unknown (no git)"
    return f"{commit or 'unknown'}{' with uncommitted changes' if dirty else ''}"


def header_lines(
    args: argparse.Namespace,
    fd_before: int,
    fd_hard: int,
    server_cpu: int | None,
    client_cpu: int | None,
) -> list[str]:
    """What ran, where, with which limits, and what latency means."""
    cpus = os.cpu_count() or 1
    if server_cpu is not None:
        placement = (
            f"server pinned to CPU {server_cpu}; PostgreSQL, the writer and "
            f"{args.client_procs} client process(es) share CPU {client_cpu}"
        )
    else:
        placement = "nothing pinned (one CPU): server, PostgreSQL and clients share it"
    lines = [
        "scripts/bench_events.py: GET /events (DESIGN §12) against jidocode serve --no-workers "
        "on a throwaway embedded PostgreSQL",
        f"machine: {cpus} CPU(s); {placement}"
        + (
            " (with 2 cores the load generator shares a core with PostgreSQL: watch 'shared')"
            if cpus == 2
            else ""
        ),
        f"open files: soft limit {fd_before} -> {args.fd_limit} (hard {fd_hard}); server pool "
        f"{args.pool or 'default (4..32)'}, events queue {args.queue_size or 1000}, access log "
        "off, log level WARNING",
        "latency = client receive time (when the bytes arrived) - the writer's time right after"
        " COMMIT returned (wall clocks of one machine)",
        "",
    ]
    lines.insert(1, f"code: {code_version()}")
    return lines


def reproduce(args: argparse.Namespace) -> str:
    parts = ["scripts/bench_events.py"]
    if args.quick:
        parts.append("--quick")
    parts += [
        "--levels",
        ",".join(map(str, args.levels)),
        "--rate",
        f"{args.rate:g}",
        "--duration",
        f"{args.duration:g}",
        "--burst",
        str(args.burst),
        "--ramp-events",
        str(args.ramp_events),
        "--client-procs",
        str(args.client_procs),
    ]
    for name in ("pool", "queue_size", "server_cpu", "client_cpu"):
        value = getattr(args, name)
        if value is not None:
            parts += [f"--{name.replace('_', '-')}", str(value)]
    return shlex.join(parts)

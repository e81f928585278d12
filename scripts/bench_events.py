#!/usr/bin/env python3
"""The event stream benchmark: commit-to-client latency and subscribers per process.

One invocation starts a throwaway embedded PostgreSQL cluster and a real ``jidocode serve
--no-workers`` process (pinned to one CPU when there are two or more), creates the owner
and an API key over ``/rpc``, and then measures ``GET /events`` (DESIGN §12):

1. **latency**: K subscribers (1, 10, 100) on the ``runs`` topic; a writer on its own
   asyncpg connection appends events with ``rpc.events.log.append``, one transaction
   each, and notes the wall-clock time right after ``COMMIT`` returns (a map
   ``(topic, seq) -> time``); each client notes when the event's bytes arrived. Once at
   ``--rate`` events/s for ``--duration`` seconds, once a burst of ``--burst`` events
   written back to back. Printed: p50, p90, p99 and max of receive − commit, in ms.
2. **capacity**: subscribers ramped up through ``--levels`` (connections kept from one
   level to the next), all on ``runs``, then spread over 100 ``forge:session:<id>``
   topics (100 session rows inserted as fixtures). At each level, ``--ramp-events``
   events per topic are written at ``--rate`` events/s in all; printed are the connected
   count, whether every subscriber got exactly those events (no gap, no duplicate, in
   order), p50/p99 latency, the server's RSS (``/proc/<pid>/status``) and CPU time. A
   shape stops at the first level where a connection fails, a subscriber misses an
   event, or p99 exceeds a second.

A stream sent ``reset`` (it fell ``JIDOCODE_EVENTS_QUEUE_SIZE`` behind) resumes from the
last seq it got, as a client does; resets are counted, and completeness is judged
across the resumption. The subscribers live in ``--client-procs`` client processes (raw
asyncio buffered protocols that timestamp each read and de-chunk/parse SSE cheaply).
With two or more CPUs the server gets one CPU to itself; PostgreSQL, the writer and the
client processes share another, whose busy share and the clients' own CPU share are
printed, so a saturated load generator shows. The open-file limit is raised to its hard
limit.

Every child (the server, the client processes) runs in its own process group and is
stopped at the end, on errors and on Ctrl-C/SIGTERM; if this script is killed outright
they get SIGTERM from the kernel and a watchdog process stops the embedded PostgreSQL.
The database lives in a temporary directory that is removed.

Run: ``scripts/bench_events.py [--quick] [--levels 100,500,...] [--rate 200]
[--duration 10]``. Not part of the tests.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import sys
import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path

from benchlib import ROOT, database, pin_cpus
from events_bench_clients import client_main
from events_bench_phases import bench
from events_bench_report import header_lines, reproduce
from events_bench_server import Server, kill_leftovers, raise_fd_limit, reap, reaper, stopping

FULL_LEVELS = (100, 500, 1000, 2000, 5000)
QUICK_LEVELS = (100, 500)


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="scripts/bench_events.py", description=__doc__.split("\n\n")[0]
    )
    p.add_argument("--quick", action="store_true", help="a short run (levels 100,500, 2 s)")
    p.add_argument(
        "--levels",
        type=lambda s: [int(x) for x in s.split(",") if x.strip()],
        help=f"subscriber levels of the ramp (default {','.join(map(str, FULL_LEVELS))})",
    )
    p.add_argument("--rate", type=float, default=200.0, help="events/s the writer appends")
    p.add_argument("--duration", type=float, help="seconds of steady writing (default 10)")
    p.add_argument("--burst", type=int, help="events of the latency burst (default 500)")
    p.add_argument("--ramp-events", type=int, default=10, help="events per topic per level")
    p.add_argument("--client-procs", type=int, default=2, help="client processes")
    p.add_argument("--wait", type=float, default=60.0, help="seconds to wait for delivery")
    p.add_argument("--pool", type=int, help="server pool size (default: the server's)")
    p.add_argument("--queue-size", type=int, help="JIDOCODE_EVENTS_QUEUE_SIZE (default 1000)")
    p.add_argument("--server-cpu", type=int, help="CPU to pin the server to")
    p.add_argument("--client-cpu", type=int, help="CPU for everything else")
    args = p.parse_args(argv)
    if args.levels is None:
        args.levels = list(QUICK_LEVELS if args.quick else FULL_LEVELS)
    if args.duration is None:
        args.duration = 2.0 if args.quick else 10.0
    if args.burst is None:
        args.burst = 200 if args.quick else 500
    args.argv = list(argv)
    return args


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def run(args: argparse.Namespace) -> None:
    before, args.fd_limit, hard = raise_fd_limit()
    server_cpu, client_cpu = pin_cpus(args.server_cpu, args.client_cpu)
    header = header_lines(args, before, hard, server_cpu, client_cpu)
    for line in header:
        print(line, flush=True)
    with tempfile.TemporaryDirectory(prefix="jidocode-bench-events-") as tmp:
        workdir = Path(tmp)
        (workdir / "data").mkdir()
        with reaper(workdir), database(workdir, "bench_events") as dsn:
            server = Server(args, dsn, workdir, server_cpu)
            with stopping(server):
                lines = asyncio.run(bench(args, dsn, workdir, server, client_cpu))
    print()
    print("\n".join(header + lines))
    print()
    print(f"reproduce: {reproduce(args)}")


def main(argv: Sequence[str]) -> None:
    if argv[:1] == ["_reaper"]:
        reap(Path(argv[1]))
        return
    if argv[:1] == ["_clients"]:
        with contextlib.suppress(KeyboardInterrupt, BrokenPipeError):
            asyncio.run(client_main())
        return
    # platformdirs' note that XDG_RUNTIME_DIR is unset (the embedded database's lock).
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    signal.signal(signal.SIGTERM, _interrupted)
    signal.signal(signal.SIGHUP, _interrupted)
    try:
        run(parse_args(argv))
    except KeyboardInterrupt:
        print("interrupted: every process this run started was stopped", file=sys.stderr)
        raise SystemExit(130) from None
    finally:
        kill_leftovers()


_VENV_PYTHON = ROOT / ".venv" / "bin" / "python"

if __name__ == "__main__":
    if _VENV_PYTHON.exists() and Path(sys.prefix).resolve() != _VENV_PYTHON.parent.parent.resolve():
        # Started as ``scripts/bench_events.py``: continue in the project's interpreter.
        script = str(Path(__file__).resolve())
        os.execv(str(_VENV_PYTHON), [str(_VENV_PYTHON), script, *sys.argv[1:]])  # noqa: S606
    main(sys.argv[1:])

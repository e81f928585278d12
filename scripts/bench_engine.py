"""The step engine benchmark: overhead per step and how many runs one worker drives.

One invocation starts a throwaway embedded PostgreSQL cluster and our server (workers on,
``jidocode serve``'s entry point) in its own process, a bare repository as the remote and
a ready project cloned from it, defines a custom workflow of ``--steps`` shell steps, then:

- **overhead per step**: ``--runs`` runs of ``true`` steps one after another; for each
  step after the first, the time from the previous step's attempt finishing to this
  step's attempt starting, as the database recorded them (``workflow_step_runs``): the
  checkpoint, the run's move and event, and the next step's Forge session set-up;
- **runs driven at once**: ``--parallel`` runs started together whose steps ``sleep 1``;
  the most step attempts that were running at the same instant is how many runs the one
  server process drove at once (its driver pool, ``JIDOCODE_DRIVER_JOB_CONCURRENCY``),
  and the most Forge commands running at once (Forge's shell session limit).

Run: ``.venv/bin/python scripts/bench_engine.py [--steps 10] [--runs 5] [--parallel 20]``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import math
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench_forge import EMAIL, PASSWORD, Rpc, ready_project
from benchlib import ServerProcess, database, free_port, server_settings, wait_until_up

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
    "PATH": "/usr/local/bin:/usr/bin:/bin",
}


async def serve_server(dsn: str, port: int, data_dir: str, root: str) -> None:
    """Our server with its workers, cloning from the bench's bare remotes."""
    from rpc.app.server import serve

    settings = server_settings(
        dsn,
        port,
        8,
        data_dir,
        git_clone_base_url=f"file://{root}/remotes",
        workspace_root=Path(root) / "workspaces",
    ).model_copy(update={"run_workers": True})
    await serve(settings, with_workers=True)


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, env={**GIT_ENV, "HOME": str(cwd)}, check=True)


def make_clone(root: Path) -> Path:
    """A bare remote ``bench/bench`` with one commit, and the project's clone of it."""
    bare = root / "remotes" / "bench" / "bench.git"
    bare.parent.mkdir(parents=True)
    git("init", "-q", "--bare", "-b", "main", str(bare), cwd=root)
    checkout = root / "workspaces" / "bench" / "bench"
    checkout.parent.mkdir(parents=True)
    git("clone", "-q", str(bare), str(checkout), cwd=root)
    (checkout / "README.md").write_text("bench\n")
    git("add", "-A", cwd=checkout)
    git("commit", "-q", "-m", "init", cwd=checkout)
    git("push", "-q", "origin", "HEAD:main", cwd=checkout)
    git("remote", "set-url", "origin", f"file://{root}/remotes/bench/bench", cwd=checkout)
    return checkout


async def until_done(rpc: Rpc, run_ids: list[str]) -> None:
    """Poll until every run has ended; fail on one that did not complete."""
    pending = set(run_ids)
    while pending:
        for run_id in list(pending):
            run = await rpc("orchestration.get_run", {"run_id": run_id})
            if run["status"] in ("completed", "failed", "cancelled"):
                if run["status"] != "completed":
                    raise RuntimeError(f"run {run_id} ended {run['status']}: {run['error']}")
                pending.discard(run_id)
        await asyncio.sleep(0.05)


STEP_ATTEMPTS = (
    "SELECT run_id, step_index, started_at, finished_at FROM workflow_step_runs "
    "WHERE run_id = ANY($1::uuid[]) ORDER BY run_id, step_index"
)
FORGE_EXECS = (
    "SELECT e.started_at, e.finished_at FROM forge_exec_sessions e "
    "JOIN forge_sessions s ON s.id = e.session_id WHERE s.run_id = ANY($1::uuid[])"
)


async def fetch(dsn: str, query: str, run_ids: list[str]) -> list[Any]:
    """The rows of ``query`` over the runs ``run_ids``."""
    import asyncpg

    conn = await asyncpg.connect(dsn)
    try:
        return list(await conn.fetch(query, run_ids))
    finally:
        await conn.close()


def most_at_once(rows: list[Any]) -> int:
    """The most intervals (``started_at`` to ``finished_at``) open at one instant."""
    marks = sorted([(r["started_at"], 1) for r in rows] + [(r["finished_at"], -1) for r in rows])
    running = most = 0
    for _, delta in marks:
        running += delta
        most = max(most, running)
    return most


def percentile(sorted_values: list[float], q: float) -> float:
    """The nearest-rank percentile ``q`` (0..1) of already sorted values."""
    rank = max(1, math.ceil(q * len(sorted_values)))
    return sorted_values[rank - 1]


async def measure(
    port: int, dsn: str, checkout: Path, steps: int, runs: int, parallel: int
) -> None:
    """Both measurements against the server on ``port``, printed."""
    import aiohttp

    project_id = await ready_project(dsn, checkout)
    async with aiohttp.ClientSession() as http:
        rpc = Rpc(http, f"http://127.0.0.1:{port}/rpc")
        await rpc("accounts.bootstrap_owner", {"email": EMAIL, "password": PASSWORD})
        signed = await rpc(
            "accounts.sign_in", {"email": EMAIL, "password": PASSWORD, "mode": "bearer"}
        )
        rpc.headers = {"Authorization": f"Bearer {signed['token']}"}
        for name, command in (("quick", "true"), ("slow", "sleep 1")):
            await rpc(
                "orchestration.create_definition",
                {
                    "name": f"bench_{name}",
                    "steps": [
                        {"name": f"s{i}", "kind": "shell", "options": {"command": command}}
                        for i in range(steps)
                    ],
                },
            )

        async def start(name: str) -> str:
            run = await rpc(
                "orchestration.start_run",
                {"project_id": project_id, "definition_name": name, "inputs": {}},
            )
            return str(run["id"])

        sequential = []
        for _ in range(runs):
            run_id = await start("bench_quick")
            await until_done(rpc, [run_id])
            sequential.append(run_id)
        rows = await fetch(dsn, STEP_ATTEMPTS, sequential)
        gaps = [
            (b["started_at"] - a["finished_at"]).total_seconds() * 1000
            for a, b in itertools.pairwise(rows)
            if a["run_id"] == b["run_id"]
        ]
        gaps.sort()
        print(
            f"overhead per step ({len(gaps)} step changes, {runs} runs of {steps} `true` "
            f"steps): p50 {statistics.median(gaps):.1f} ms, "
            f"p95 {percentile(gaps, 0.95):.1f} ms, max {gaps[-1]:.1f} ms"
        )

        t0 = time.perf_counter()
        together = list(await asyncio.gather(*(start("bench_slow") for _ in range(parallel))))
        await until_done(rpc, together)
        wall = time.perf_counter() - t0
        driven = most_at_once(await fetch(dsn, STEP_ATTEMPTS, together))
        executing = most_at_once(await fetch(dsn, FORGE_EXECS, together))
        ideal = math.ceil(parallel / max(executing, 1)) * steps
        print(
            f"runs driven at once by one server process: at most {driven} of {parallel} "
            f"started together ({steps} `sleep 1` steps each); commands running at once: "
            f"at most {executing}; all done in {wall:.1f} s (at least {ideal} s with "
            f"{executing} at once)"
        )


def main(argv: Sequence[str]) -> None:
    """``_serve`` runs the server (internal); anything else runs the benchmark."""
    if argv[:1] == ["_serve"]:
        dsn, port, data_dir, bench_dir = argv[1:5]
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(serve_server(dsn, int(port), data_dir, bench_dir))
        return
    parser = argparse.ArgumentParser(
        prog="scripts/bench_engine.py", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--parallel", type=int, default=20)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="jidocode-bench-engine-") as tmp:
        root = Path(tmp)
        with database(root, "bench_engine") as dsn:
            port_no = free_port()
            (root / "data").mkdir()
            checkout = make_clone(root)
            server = ServerProcess(
                __file__,
                [dsn, str(port_no), str(root / "data"), str(root)],
                root / "server.log",
                None,
            )
            try:
                ping = b'{"jsonrpc": "2.0", "id": 1, "method": "system.ping"}'
                url = f"http://127.0.0.1:{port_no}/rpc"
                asyncio.run(wait_until_up(url, ping, {"Content-Type": "application/json"}))
                asyncio.run(measure(port_no, dsn, checkout, args.steps, args.runs, args.parallel))
            except BaseException:
                print((root / "server.log").read_text()[-3000:], file=sys.stderr)
                raise
            finally:
                server.stop()


if __name__ == "__main__":
    main(sys.argv[1:])

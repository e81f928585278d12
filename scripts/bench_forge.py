"""The Forge benchmark: exec start-up latency and output throughput, over real RPC.

One invocation starts a throwaway embedded PostgreSQL cluster and our server (workers on)
in its own process, makes a git workspace and a ready project, then:

- **start-up latency**: ``--execs`` times, ``forge.exec`` of ``echo hi`` in a shell
  session, timed from just before the RPC call to the moment the first ``exec.output``
  event can be read back (``forge.list_events``, polled every millisecond); also the same
  span as the database saw it (the exec row's ``started_at`` to the event's ``at``);
- **throughput**: one exec writing ``--megabytes`` MB of 100-byte lines, reported as MB/s
  of output read, redacted and stored as events (``output_size_bytes / duration_ms``; the
  stored tail stays capped at 1 MB, older chunks are emptied as it goes).

Both are also measured for a bare baseline in the same invocation: an asyncio
subprocess (``sh -c``) whose output is read in 64 KiB chunks and inserted, one row per
chunk, into a plain table with asyncpg — no RPC, no jobs, no redaction, no events — and
the ratios are printed.

Run: ``.venv/bin/python scripts/bench_forge.py [--execs 30] [--megabytes 100]``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchlib import ServerProcess, database, free_port, server_settings, wait_until_up

EMAIL = "bench@example.com"
PASSWORD = "bench-password-0123456789"  # noqa: S105 - a throwaway bench owner


async def serve_server(dsn: str, port: int, data_dir: str) -> None:
    """Our server entry point with its workers, as ``jidocode serve`` runs it."""
    from rpc.app.server import serve

    settings = server_settings(dsn, port, 8, data_dir).model_copy(update={"run_workers": True})
    await serve(settings, with_workers=True)


def make_workspace(root: Path) -> Path:
    """A git repository with one commit."""
    path = root / "workspace"
    path.mkdir()
    env = {
        "GIT_AUTHOR_NAME": "Bench",
        "GIT_AUTHOR_EMAIL": "bench@example.com",
        "GIT_COMMITTER_NAME": "Bench",
        "GIT_COMMITTER_EMAIL": "bench@example.com",
        "HOME": str(root),
        "PATH": "/usr/local/bin:/usr/bin:/bin",
    }
    (path / "README.md").write_text("bench\n")
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "init"]):
        subprocess.run(["git", *args], cwd=path, env=env, check=True)
    return path


async def ready_project(dsn: str, workspace: Path) -> str:
    """A project row whose clone is ready in ``workspace``."""
    import asyncpg

    conn = await asyncpg.connect(dsn)
    try:
        row = await conn.fetchrow(
            "INSERT INTO projects (name, github_full_name, default_branch, environment_type,"
            " workspace_path, clone_status) VALUES ('bench', 'bench/bench', 'main', 'local',"
            " $1, 'ready') RETURNING id",
            str(workspace),
        )
        assert row is not None
        return str(row["id"])
    finally:
        await conn.close()


class Rpc:
    """JSON-RPC calls to the server as the owner."""

    def __init__(self, session: Any, url: str) -> None:
        self.session = session
        self.url = url
        self.headers: dict[str, str] = {}

    async def __call__(self, method: str, params: dict[str, Any]) -> Any:
        body = {"jsonrpc": "2.0", "id": 1, "method": method, "params": params}
        async with self.session.post(self.url, json=body, headers=self.headers) as resp:
            answer = await resp.json()
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer["result"]


async def first_output(rpc: Rpc, session_id: str, after: str) -> tuple[float, dict[str, Any]]:
    """Poll until an ``exec.output`` event past ``after`` exists; when, and the event."""
    while True:
        page = await rpc(
            "forge.list_events",
            {"session_id": session_id, "cursor": after, "types": ["exec.output"], "limit": 1},
        )
        if page["items"]:
            return time.perf_counter(), page["items"][0]
        await asyncio.sleep(0.001)


async def wait_done(rpc: Rpc, session_id: str, sequence: int) -> dict[str, Any]:
    """Poll an exec until it has ended."""
    while True:
        execution: dict[str, Any] = await rpc(
            "forge.get_exec", {"session_id": session_id, "sequence": sequence}
        )
        if execution["status"] != "started":
            return execution
        await asyncio.sleep(0.01)


async def measure(
    port: int, dsn: str, workspace: Path, execs: int, megabytes: int
) -> tuple[float, float]:
    """Run both measurements against the server on ``port``, print them; the median
    start-up in ms and the MB/s."""
    from datetime import datetime

    import aiohttp

    project_id = await ready_project(dsn, workspace)
    async with aiohttp.ClientSession() as http:
        rpc = Rpc(http, f"http://127.0.0.1:{port}/rpc")
        await rpc("accounts.bootstrap_owner", {"email": EMAIL, "password": PASSWORD})
        signed = await rpc(
            "accounts.sign_in", {"email": EMAIL, "password": PASSWORD, "mode": "bearer"}
        )
        rpc.headers = {"Authorization": f"Bearer {signed['token']}"}
        session = await rpc("forge.start_session", {"project_id": project_id, "runner": "shell"})
        sid = session["id"]
        client_ms: list[float] = []
        server_ms: list[float] = []
        cursor = "0"
        for n in range(1, execs + 1):
            t0 = time.perf_counter()
            await rpc("forge.exec", {"session_id": sid, "command": "echo hi"})
            t1, event = await first_output(rpc, sid, cursor)
            done = await wait_done(rpc, sid, n)
            client_ms.append((t1 - t0) * 1000)
            started = datetime.fromisoformat(done["started_at"])
            server_ms.append((datetime.fromisoformat(event["at"]) - started).total_seconds() * 1000)
            page = await rpc(
                "forge.list_events", {"session_id": sid, "cursor": cursor, "limit": 1000}
            )
            cursor = page["next_cursor"]
        print(f"exec start-up, RPC call to first output event readable ({execs} execs):")
        print(
            f"  client: p50 {statistics.median(client_ms):.1f} ms  "
            f"min {min(client_ms):.1f} ms  max {max(client_ms):.1f} ms"
        )
        print(
            f"  database (exec started_at -> first exec.output at): "
            f"p50 {statistics.median(server_ms):.1f} ms  min {min(server_ms):.1f} ms"
        )

        lines = megabytes * 10_000
        command = f"yes {'x' * 99} | head -n {lines}"
        await rpc("forge.exec", {"session_id": sid, "command": command})
        done = await wait_done(rpc, sid, execs + 1)
        size_mb = done["output_size_bytes"] / 1e6
        seconds = done["duration_ms"] / 1000
        print(
            f"throughput: {size_mb:.0f} MB of output in {seconds:.2f} s = "
            f"{size_mb / seconds:.1f} MB/s stored as events "
            f"(stored tail {done['stored_bytes'] / 1e6:.2f} MB, "
            f"{done['truncated_bytes'] / 1e6:.0f} MB dropped by the cap)"
        )
        return statistics.median(client_ms), size_mb / seconds


async def baseline(dsn: str, workspace: Path, execs: int, megabytes: int) -> tuple[float, float]:
    """The bare figures: median ms to the first stored chunk, and MB/s stored."""
    import asyncpg

    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute("CREATE TABLE IF NOT EXISTS bench_chunks (id bigserial, data text)")

        async def run(command: str, *, first_only: bool) -> tuple[float, int]:
            t0 = time.perf_counter()
            proc = await asyncio.create_subprocess_exec(
                "sh",
                "-c",
                command,
                cwd=workspace,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.STDOUT,
            )
            assert proc.stdout is not None
            size, first = 0, 0.0
            while chunk := await proc.stdout.read(65536):
                await conn.execute("INSERT INTO bench_chunks (data) VALUES ($1)", chunk.decode())
                size += len(chunk)
                if not first:
                    first = time.perf_counter() - t0
            await proc.wait()
            return (first if first_only else time.perf_counter() - t0), size

        latencies = [(await run("echo hi", first_only=True))[0] * 1000 for _ in range(execs)]
        seconds, size = await run(
            f"yes {'x' * 99} | head -n {megabytes * 10_000}", first_only=False
        )
        return statistics.median(latencies), size / 1e6 / seconds
    finally:
        await conn.close()


def main(argv: Sequence[str]) -> None:
    """``_serve`` runs the server (internal); anything else runs the benchmark."""
    if argv[:1] == ["_serve"]:
        dsn, port, data_dir = argv[1:4]
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(serve_server(dsn, int(port), data_dir))
        return
    parser = argparse.ArgumentParser(
        prog="scripts/bench_forge.py", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--execs", type=int, default=30)
    parser.add_argument("--megabytes", type=int, default=100)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="jidocode-bench-forge-") as tmp:
        root = Path(tmp)
        with database(root, "bench_forge") as dsn:
            port_no = free_port()
            (root / "data").mkdir()
            server = ServerProcess(
                __file__, [dsn, str(port_no), str(root / "data")], root / "server.log", None
            )
            try:
                ping = b'{"jsonrpc": "2.0", "id": 1, "method": "system.ping"}'
                url = f"http://127.0.0.1:{port_no}/rpc"
                asyncio.run(wait_until_up(url, ping, {"Content-Type": "application/json"}))
                workspace = make_workspace(root)
                ours = asyncio.run(measure(port_no, dsn, workspace, args.execs, args.megabytes))
                bare = asyncio.run(baseline(dsn, workspace, args.execs, args.megabytes))
                print(
                    f"baseline (bare asyncio subprocess + asyncpg insert per chunk): "
                    f"first chunk stored p50 {bare[0]:.1f} ms, {bare[1]:.1f} MB/s"
                )
                print(
                    f"ratios, jidocode / baseline: start-up {ours[0] / bare[0]:.1f}x, "
                    f"throughput {ours[1] / bare[1]:.2f}x"
                )
            except BaseException:
                print((root / "server.log").read_text()[-3000:], file=sys.stderr)
                raise
            finally:
                server.stop()


if __name__ == "__main__":
    main(sys.argv[1:])

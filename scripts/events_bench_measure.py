"""How the event benchmark writes events and judges what its subscribers received.

The ``Writer`` appends events on its own asyncpg connection, one transaction each, and
notes when each ``COMMIT`` returned; a ``window`` writes a run of them, waits for the
client processes to have them and ``judge``s every stream (gaps, duplicates, resets,
receive − commit latency) while a ``Meter`` notes the CPU spent. Not part of the tests.
"""

from __future__ import annotations

import argparse
import asyncio
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from events_bench_clients import Clients
from events_bench_server import Server, cpu_seconds, cpu_ticks


class Writer:
    """Appends events on its own connection, one transaction each, and notes when each
    ``COMMIT`` returned."""

    def __init__(self, conn: Any, project_id: str) -> None:
        self.conn = conn
        self.project_id = project_id
        self.committed: dict[tuple[str, int], float] = {}
        self.count = 0

    @classmethod
    async def open(cls, dsn: str, project_id: str) -> Writer:
        import asyncpg

        from sql.database import init_connection

        conn = await asyncpg.connect(dsn)
        await init_connection(conn)
        return cls(conn, project_id)

    def _event(self, topic: str) -> tuple[str, dict[str, Any]]:
        self.count += 1
        if topic.startswith("forge:session:"):
            session_id = topic.removeprefix("forge:session:")
            text = f"bench output line {self.count}\n"
            data = {"session_id": session_id, "exec_sequence": 1, "data": {"text": text}}
            return "exec.output", data
        return "step_completed", {
            "run_id": str(uuid.UUID(int=self.count)),
            "project_id": self.project_id,
            "workflow_name": "bench",
            "workflow_version": 1,
            "from": "running",
            "to": "running",
            "step": f"step-{self.count % 7}",
            "actor": "bench",
            "data": {"n": self.count},
        }

    async def append(self, topic: str) -> int:
        from rpc.events import log as event_log

        type_, data = self._event(topic)
        async with self.conn.transaction():
            event = await event_log.append(self.conn, topic, type_, data)
        self.committed[(topic, event.seq)] = time.time()
        return event.seq

    async def write(
        self, topics: Sequence[str], rate: float | None
    ) -> tuple[dict[str, list[int]], float]:
        """Append one event per entry of ``topics``, at ``rate`` per second (``None``: back
        to back); the seqs written per topic and the seconds it took."""
        written: dict[str, list[int]] = {}
        start = time.perf_counter()
        for i, topic in enumerate(topics):
            if rate is not None:
                delay = start + i / rate - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
            written.setdefault(topic, []).append(await self.append(topic))
        return written, time.perf_counter() - start

    async def newest(self) -> dict[str, int]:
        rows = await self.conn.fetch("SELECT topic, last_seq FROM event_topics")
        return {str(r["topic"]): int(r["last_seq"]) for r in rows}

    async def close(self) -> None:
        await self.conn.close()


@dataclass
class Outcome:
    """What the subscribers received of one write window."""

    subscribers: int
    complete: int = 0  # got exactly the window's events of their topic, in order, still open
    gaps: int = 0  # missed at least one
    dups: int = 0  # got one twice (or out of order)
    reset: int = 0  # were sent ``reset`` at least once (and resumed from their cursor)
    resumes: int = 0  # connections opened again after a reset, in all
    ended: int = 0  # ended for good (an error, cursor_expired, a failed resumption)
    latencies_ms: list[float] = field(default_factory=list)

    def pct(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        return self.latencies_ms[min(len(self.latencies_ms) - 1, int(len(self.latencies_ms) * p))]

    @property
    def max_ms(self) -> float:
        return self.latencies_ms[-1] if self.latencies_ms else float("nan")

    @property
    def all_got_all(self) -> bool:
        return self.complete == self.subscribers

    def verdict(self) -> str:
        return f"{'yes' if self.all_got_all else 'NO'} {self.complete}/{self.subscribers}"


def judge(
    streams: list[dict[str, Any]],
    written: dict[str, list[int]],
    committed: dict[tuple[str, int], float],
) -> Outcome:
    """Compare what each stream received with what was written to its topic."""
    out = Outcome(len(streams))
    latencies: list[float] = []
    for stream in streams:
        topic = stream["topic"]
        seqs: list[int] = stream["seqs"]
        expected = written.get(topic, [])
        if seqs == expected and stream["open"]:
            out.complete += 1
        if set(expected) - set(seqs):
            out.gaps += 1
        if len(seqs) != len(set(seqs)) or seqs != sorted(seqs):
            out.dups += 1
        if "reset" in stream["control"]:
            out.reset += 1
        out.resumes += int(stream["resumed"])
        if not stream["open"]:
            out.ended += 1
        for seq, at in zip(seqs, stream["times"], strict=True):
            t0 = committed.get((topic, seq))
            if t0 is not None:
                latencies.append((at - t0) * 1000)
    latencies.sort()
    out.latencies_ms = latencies
    return out


class Meter:
    """Server CPU, the load generator's CPU and the client core's busy share over a span."""

    def __init__(self, server_pid: int, clients: Clients, client_cpu: int | None) -> None:
        self.server_pid = server_pid
        self.clients = clients
        self.client_cpu = client_cpu

    def __enter__(self) -> Meter:
        self.t0 = time.monotonic()
        self.srv0 = cpu_seconds(self.server_pid)
        self.cli0 = self.clients.cpu_time()
        self.core0 = cpu_ticks(self.client_cpu)
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.monotonic() - self.t0
        self.server_cpu_s = cpu_seconds(self.server_pid) - self.srv0
        self.client_cpu_s = self.clients.cpu_time() - self.cli0
        busy1, total1 = cpu_ticks(self.client_cpu)
        busy = busy1 - self.core0[0]
        total = total1 - self.core0[1]
        self.client_core = busy / total if total else float("nan")

    @property
    def server_share(self) -> float:
        return self.server_cpu_s / self.seconds if self.seconds else float("nan")

    @property
    def client_share(self) -> float:
        return self.client_cpu_s / self.seconds if self.seconds else float("nan")


@dataclass
class Context:
    args: argparse.Namespace
    server: Server
    clients: Clients
    writer: Writer
    client_cpu: int | None
    session_topics: list[str]
    warnings: list[str] = field(default_factory=list)


async def window(
    ctx: Context, topics: Sequence[str], rate: float | None, wait_s: float
) -> tuple[Outcome, Meter, float, int]:
    """Write one event per entry of ``topics`` and wait for the subscribers to have them.

    Returns the outcome, the meter over write + delivery, the write seconds and how many
    streams were still behind at the timeout."""
    await ctx.clients.mark()
    with Meter(ctx.server.pid, ctx.clients, ctx.client_cpu) as meter:
        written, write_s = await ctx.writer.write(topics, rate)
        targets = {t: seqs[-1] for t, seqs in written.items()}
        behind, _ = await ctx.clients.wait(targets, wait_s)
    outcome = judge(await ctx.clients.collect(), written, ctx.writer.committed)
    return outcome, meter, write_s, behind


async def warm_up(ctx: Context, topics: Sequence[str]) -> int:
    """One event per topic, waited for by every stream: each has then joined its topic's
    fan-out (and left its catch-up reads). Returns the streams still behind."""
    written, _ = await ctx.writer.write(list(topics), None)
    targets = {t: seqs[-1] for t, seqs in written.items()}
    behind, _ = await ctx.clients.wait(targets, 60)
    await asyncio.sleep(0.3)
    return behind

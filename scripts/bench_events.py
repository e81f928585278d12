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
import ctypes
import json
import os
import resource
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bench_forge import EMAIL, PASSWORD, Rpc, ready_project
from benchlib import ROOT, database, free_port, pin_cpus, wait_until_up

SCRIPT = str(Path(__file__).resolve())
RUNS_TOPIC = "runs"
SESSION_TOPICS = 100
LATENCY_SUBSCRIBERS = (1, 10, 100)
FULL_LEVELS = (100, 500, 1000, 2000, 5000)
QUICK_LEVELS = (100, 500)
P99_LIMIT_MS = 1000.0
# What a client process reads into, shared by its connections (each copies out at once).
_READ_BUFFER = memoryview(bytearray(64 * 1024))
FD_MARGIN = 500  # descriptors the server needs besides its subscribers


# --------------------------------------------------------------------------- processes

_LIBC: Any = None
with contextlib.suppress(OSError):
    _LIBC = ctypes.CDLL(None)  # loaded before any fork: prctl in a child is then safe
_PR_SET_PDEATHSIG = 1


def child_setup(cpu: int | None) -> Callable[[], None]:
    """A ``preexec_fn``: pin to ``cpu`` and get SIGTERM when this process dies."""

    def setup() -> None:
        if cpu is not None:
            os.sched_setaffinity(0, {cpu})
        if _LIBC is not None and sys.platform.startswith("linux"):
            _LIBC.prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM))

    return setup


# Process groups this script started and has not seen end: the last resort of cleanup.
_GROUPS: set[int] = set()


def stop_group(pid: int, wait: Callable[[float], bool], grace_s: float = 30.0) -> None:
    """SIGTERM the process group ``pid`` leads; SIGKILL it after ``grace_s``."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGTERM)
    if not wait(grace_s):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
        wait(5.0)
    # Whatever else the group holds (the leader's own children) goes too.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)
    _GROUPS.discard(pid)


def kill_leftovers() -> None:
    for pid in tuple(_GROUPS):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
        _GROUPS.discard(pid)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    """A process's resident set (``VmRSS``), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def cpu_ticks(cpu: int | None) -> tuple[int, int]:
    """``(busy, total)`` jiffies of one CPU (or all of them) from ``/proc/stat``."""
    name = "cpu" if cpu is None else f"cpu{cpu}"
    try:
        for line in Path("/proc/stat").read_text().splitlines():
            parts = line.split()
            if parts and parts[0] == name:
                values = [int(v) for v in parts[1:9]]
                idle = values[3] + values[4]
                return sum(values) - idle, sum(values)
    except OSError:
        pass
    return 0, 0


class Server:
    """``jidocode serve --no-workers`` in its own process group, pinned, logging to a file."""

    def __init__(self, args: argparse.Namespace, dsn: str, workdir: Path, cpu: int | None):
        self.port = free_port()
        self.log = workdir / "server.log"
        env = {
            **os.environ,
            "DATABASE_URL": dsn,
            "JIDOCODE_HOST": "127.0.0.1",
            "JIDOCODE_PORT": str(self.port),
            "JIDOCODE_DATA_DIR": str(workdir / "data"),
            "JIDOCODE_LOG_LEVEL": "WARNING",
            "JIDOCODE_ACCESS_LOG": "off",
        }
        if args.pool is not None:
            env["JIDOCODE_POOL_MIN_SIZE"] = env["JIDOCODE_POOL_MAX_SIZE"] = str(args.pool)
        if args.queue_size is not None:
            env["JIDOCODE_EVENTS_QUEUE_SIZE"] = str(args.queue_size)
        jidocode = Path(sys.executable).parent / "jidocode"
        cmd = (
            [str(jidocode)]
            if jidocode.exists()
            else [sys.executable, "-c", "from rpc.app.cli import main; main()"]
        )
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                [*cmd, "serve", "--no-workers"],
                stdout=out,
                stderr=out,
                env=env,
                cwd=ROOT,
                start_new_session=True,
                preexec_fn=child_setup(cpu),
            )
        _GROUPS.add(self.proc.pid)
        self.pid = self.proc.pid

    def _wait(self, timeout: float) -> bool:
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return False
        return True

    def stop(self) -> None:
        stop_group(self.proc.pid, self._wait)

    def tail(self, chars: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-chars:]


# --------------------------------------------------------------------------- clients
# A client process holds many SSE streams over raw asyncio protocols. It reads JSON
# commands from stdin, one a line, and answers each with one JSON line on stdout. A
# stream that is sent ``reset`` resumes from the last seq it got, as a real client does.


class Stream:
    """One subscriber: what it received of its topic and when the bytes arrived, across
    the connections it needed (a ``reset`` ends one; the stream resumes on a new one)."""

    def __init__(self, owner: ClientProcess, topic: str) -> None:
        self.owner = owner
        self.topic = topic
        self.seqs: list[int] = []
        self.times: list[float] = []
        self.control: list[str] = []  # reset / cursor_expired, as sent
        self.resumed = 0  # connections opened again after a reset
        self.last = -1  # the newest seq ever received: where a resumption starts
        self.open = False
        self.reached = True  # got the target of the current wait, or ended (no wait yet)
        self.error: str | None = None
        self.protocol: SseProtocol | None = None

    def request(self, after: int) -> bytes:
        owner = self.owner
        return (
            f"GET /events?topic={quote(self.topic, safe='')}&after={after} HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{owner.port}\r\nAuthorization: Bearer {owner.key}\r\n"
            "Accept: text/event-stream\r\n\r\n"
        ).encode()

    async def connect(self, after: int, timeout_s: float) -> str | None:
        """Open a connection and wait for the stream's headers; a problem, or ``None``."""
        loop = asyncio.get_running_loop()
        protocol = SseProtocol(self, self.request(after))
        self.protocol = protocol
        try:
            await loop.create_connection(lambda: protocol, "127.0.0.1", self.owner.port)
            problem = await asyncio.wait_for(protocol.ready, timeout_s)
        except (OSError, TimeoutError) as exc:
            problem = f"{type(exc).__name__}: {exc}"
        if problem is not None:
            protocol.abort()
        else:
            self.open = True
        return problem

    def event(self, seq: int, at: float) -> None:
        self.seqs.append(seq)
        self.times.append(at)
        self.last = max(self.last, seq)
        if not self.reached and self.last >= self.owner.targets.get(self.topic, 2**62):
            self.owner.settle(self)

    def ended(self, protocol: SseProtocol, why: str) -> None:
        """The connection's stream is over: resume after a reset, else the stream ends."""
        if protocol is not self.protocol or not self.open:
            return
        self.open = False
        if self.control and self.control[-1] == "reset" and not self.owner.closing:
            self.owner.resume(self)
            return
        self.error = self.error or why
        self.owner.settle(self)

    async def resume(self) -> None:
        self.resumed += 1
        problem = await self.connect(self.last, 30.0)
        if problem is not None:
            self.error = f"resuming failed: {problem}"
            self.owner.settle(self)

    def close(self) -> None:
        self.open = False
        if self.protocol is not None:
            self.protocol.abort()

    def report(self) -> dict[str, Any]:
        return {
            "topic": self.topic,
            "seqs": self.seqs,
            "times": self.times,
            "control": self.control,
            "resumed": self.resumed,
            "open": self.open,
            "error": self.error,
        }


class SseProtocol(asyncio.BufferedProtocol):
    """One HTTP connection of a stream: headers, chunked transfer coding, SSE messages;
    each message timestamped with the arrival of the read that completed it.

    A buffered protocol: asyncio's plain ``data_received`` path allocates a 256 KiB
    bytes object per read, which cost a client over twice the CPU per event."""

    def __init__(self, stream: Stream, request: bytes) -> None:
        self.stream = stream
        self.request = request
        self.transport: asyncio.Transport | None = None
        self.ready: asyncio.Future[str | None] = asyncio.get_running_loop().create_future()
        self.head = bytearray()
        self.in_head = True
        self.chunked = False
        self.raw = bytearray()  # undecoded chunked body
        self.need = -1  # bytes left of the current chunk and its CRLF; -1: at a size line
        self.body = bytearray()  # de-chunked SSE text not yet split into messages

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        transport.write(self.request)

    def get_buffer(self, sizehint: int) -> memoryview:
        return _READ_BUFFER  # asyncio reads into it and calls buffer_updated at once

    def buffer_updated(self, nbytes: int) -> None:
        self.data_received(bytes(_READ_BUFFER[:nbytes]))

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.ready.done():
            self.ready.set_result(f"closed before the headers: {exc!r}")
        self.stream.ended(self, f"connection lost: {exc!r}" if exc else "closed by the server")

    def abort(self) -> None:
        if self.transport is not None:
            self.transport.abort()

    def data_received(self, data: bytes) -> None:
        now = time.time()
        if self.in_head:
            self.head += data
            end = self.head.find(b"\r\n\r\n")
            if end < 0:
                return
            head, rest = bytes(self.head[:end]), bytes(self.head[end + 4 :])
            self.head.clear()
            self.in_head = False
            status_line, *header_lines = head.split(b"\r\n")
            parts = status_line.split(b" ", 2)
            if len(parts) < 2 or parts[1] != b"200":
                self.ready.set_result(f"HTTP {status_line.decode(errors='replace')}")
                self.abort()
                return
            self.chunked = any(
                h.lower().startswith(b"transfer-encoding:") and b"chunked" in h.lower()
                for h in header_lines
            )
            self.ready.set_result(None)
            data = rest
            if not data:
                return
        if self.chunked:
            if self._dechunk(data):
                self._messages(now)
                self.stream.ended(self, "the response ended")
                self.abort()
                return
        else:
            self.body += data
        self._messages(now)

    def _dechunk(self, data: bytes) -> bool:
        """Append the body bytes in ``data``; ``True`` at the last chunk."""
        raw = self.raw
        raw += data
        while True:
            if self.need < 0:
                eol = raw.find(b"\r\n")
                if eol < 0:
                    return False
                size = int(bytes(raw[:eol]).split(b";", 1)[0], 16)
                del raw[: eol + 2]
                if size == 0:
                    return True
                self.need = size + 2
            if len(raw) < self.need:
                return False
            self.body += raw[: self.need - 2]
            del raw[: self.need]
            self.need = -1

    def _messages(self, now: float) -> None:
        body = self.body
        while (end := body.find(b"\r\n\r\n")) >= 0:
            block = bytes(body[:end])
            del body[: end + 4]
            if block.startswith(b":"):
                continue  # a keep-alive comment
            seq = -1
            event = ""
            for line in block.split(b"\r\n"):
                if line.startswith(b"id: "):
                    seq = int(line.rpartition(b"@")[2])
                elif line.startswith(b"event: "):
                    event = line[7:].decode()
            if seq >= 0:
                self.stream.event(seq, now)
            elif event:
                self.stream.control.append(event)  # reset or cursor_expired: it ends


class ClientProcess:
    """The state of one client process: its streams and the wait in progress."""

    def __init__(self) -> None:
        self.streams: list[Stream] = []
        self.targets: dict[str, int] = {}
        self.pending = 0
        self.all_reached = asyncio.Event()
        self.port = 0
        self.key = ""
        self.closing = False
        self.tasks: set[asyncio.Task[None]] = set()

    def settle(self, stream: Stream) -> None:
        if stream.reached:
            return
        stream.reached = True
        self.pending -= 1
        if self.pending <= 0:
            self.all_reached.set()

    def resume(self, stream: Stream) -> None:
        task = asyncio.create_task(stream.resume())
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def connect(self, cmd: dict[str, Any]) -> dict[str, Any]:
        self.port, self.key = int(cmd["port"]), str(cmd["key"])
        limit = asyncio.Semaphore(int(cmd.get("concurrency", 32)))
        errors: dict[str, int] = {}
        ok = 0

        async def one(topic: str, after: int) -> None:
            nonlocal ok
            stream = Stream(self, topic)
            async with limit:
                problem = await stream.connect(after, float(cmd.get("timeout", 30)))
            if problem is None:
                ok += 1
                self.streams.append(stream)
            else:
                errors[problem[:200]] = errors.get(problem[:200], 0) + 1

        after = {str(k): int(v) for k, v in cmd["after"].items()}
        await asyncio.gather(*(one(t, after[t]) for t in cmd["topics"]))
        return {"connected": ok, "failed": sum(errors.values()), "errors": errors}

    async def wait(self, cmd: dict[str, Any]) -> dict[str, Any]:
        """Until every stream received its topic's target seq (or ended)."""
        self.targets = {str(k): int(v) for k, v in cmd["targets"].items()}
        self.all_reached.clear()
        self.pending = 0
        for stream in self.streams:
            resuming = not stream.open and stream.error is None
            stream.reached = (not stream.open and not resuming) or stream.last >= self.targets.get(
                stream.topic, -1
            )
            if not stream.reached:
                self.pending += 1
        if self.pending > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.all_reached.wait(), float(cmd["timeout"]))
        behind = sum(1 for s in self.streams if not s.reached)
        return {"behind": behind, "open": sum(1 for s in self.streams if s.open)}

    def mark(self) -> dict[str, Any]:
        for stream in self.streams:
            stream.seqs, stream.times, stream.control = [], [], []
            stream.resumed = 0
        return {}

    def collect(self) -> dict[str, Any]:
        return {"streams": [s.report() for s in self.streams]}

    async def close(self) -> dict[str, Any]:
        self.closing = True
        for task in tuple(self.tasks):
            task.cancel()
        for stream in self.streams:
            stream.close()
        self.streams = []
        await asyncio.sleep(0.1)
        self.closing = False
        return {}


async def client_main() -> None:
    """A client process: commands on stdin, answers on stdout, until stdin closes."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=2**26)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    state = ClientProcess()
    out = sys.stdout.buffer
    while line := await reader.readline():
        cmd = json.loads(line)
        op = cmd["op"]
        if op == "connect":
            answer = await state.connect(cmd)
        elif op == "wait":
            answer = await state.wait(cmd)
        elif op == "mark":
            answer = state.mark()
        elif op == "collect":
            answer = state.collect()
        elif op == "close":
            answer = await state.close()
        else:
            answer = {"error": f"unknown op {op!r}"}
        out.write(json.dumps(answer).encode() + b"\n")
        out.flush()
    await state.close()


class Clients:
    """The client processes, driven from the benchmark's event loop."""

    def __init__(self, count: int, cpu: int | None, port: int, key: str) -> None:
        self.count = count
        self.cpu = cpu
        self.port = port
        self.key = key
        self.procs: list[asyncio.subprocess.Process] = []
        self.sizes: list[int] = []  # connections each holds

    async def start(self) -> None:
        for _ in range(self.count):
            proc = await asyncio.create_subprocess_exec(
                sys.executable,
                SCRIPT,
                "_clients",
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                limit=2**28,
                cwd=ROOT,
                start_new_session=True,
                preexec_fn=child_setup(self.cpu),
            )
            _GROUPS.add(proc.pid)
            self.procs.append(proc)
            self.sizes.append(0)

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self.procs]

    async def _call(self, proc: asyncio.subprocess.Process, cmd: dict[str, Any]) -> Any:
        assert proc.stdin is not None
        assert proc.stdout is not None
        proc.stdin.write(json.dumps(cmd).encode() + b"\n")
        await proc.stdin.drain()
        line = await proc.stdout.readline()
        if not line:
            raise RuntimeError(f"client process {proc.pid} ended (exit {proc.returncode})")
        return json.loads(line)

    async def all(self, cmd: dict[str, Any]) -> list[Any]:
        return list(await asyncio.gather(*(self._call(p, cmd) for p in self.procs)))

    async def connect(
        self, topics: Sequence[str], after: dict[str, int]
    ) -> tuple[int, dict[str, int]]:
        """Open one stream per entry of ``topics``, each on the least loaded process."""
        shares: list[list[str]] = [[] for _ in self.procs]
        for topic in topics:
            i = min(range(len(self.procs)), key=lambda j: self.sizes[j] + len(shares[j]))
            shares[i].append(topic)
        concurrency = max(8, 64 // len(self.procs))

        async def go(i: int) -> Any:
            if not shares[i]:
                return {"connected": 0, "failed": 0, "errors": {}}
            cmd = {
                "op": "connect",
                "port": self.port,
                "key": self.key,
                "topics": shares[i],
                "after": after,
                "concurrency": concurrency,
            }
            return await self._call(self.procs[i], cmd)

        answers = await asyncio.gather(*(go(i) for i in range(len(self.procs))))
        errors: dict[str, int] = {}
        connected = 0
        for i, answer in enumerate(answers):
            self.sizes[i] += int(answer["connected"])
            connected += int(answer["connected"])
            for text, n in answer["errors"].items():
                errors[text] = errors.get(text, 0) + int(n)
        return connected, errors

    async def wait(self, targets: dict[str, int], wait_s: float) -> tuple[int, int]:
        """``(behind, open)``: streams still short of their target, streams open."""
        answers = await self.all({"op": "wait", "targets": targets, "timeout": wait_s})
        return sum(a["behind"] for a in answers), sum(a["open"] for a in answers)

    async def mark(self) -> None:
        await self.all({"op": "mark"})

    async def collect(self) -> list[dict[str, Any]]:
        answers = await self.all({"op": "collect"})
        return [c for a in answers for c in a["streams"]]

    async def close_streams(self) -> None:
        await self.all({"op": "close"})
        self.sizes = [0 for _ in self.procs]

    def cpu_time(self) -> float:
        return sum(cpu_seconds(pid) for pid in self.pids)

    async def stop(self) -> None:
        for proc in self.procs:
            if proc.stdin is not None and not proc.stdin.is_closing():
                proc.stdin.close()
        for proc in self.procs:
            try:
                await asyncio.wait_for(proc.wait(), 10)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                await proc.wait()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)  # anything the group still holds
            _GROUPS.discard(proc.pid)
        self.procs = []


# --------------------------------------------------------------------------- writer


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


# --------------------------------------------------------------------------- measuring


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


def ms(value: float) -> str:
    return "-" if value != value else f"{value:.2f}"  # NaN: no sample


def pct_text(share: float) -> str:
    return "-" if share != share else f"{share:.0%}"


# --------------------------------------------------------------------------- phases


def emit(lines: list[str], line: str) -> None:
    """Print a line now and keep it for the final table."""
    print(line, flush=True)
    lines.append(line)


def load_note(ctx: Context, where: str, meter: Meter) -> None:
    """Warn when the shared core was saturated by the load generator itself."""
    clients = meter.client_share
    if meter.client_core > 0.9 and clients > 0.5:
        ctx.warnings.append(
            f"{where}: CPU {ctx.client_cpu} was {meter.client_core:.0%} busy, "
            f"{clients:.0%} of it the client processes: they may have added latency"
        )


LATENCY_HEAD = (
    f"{'subs':>5}  {'load':<20} {'events':>6} {'writes/s':>8} {'p50 ms':>8} {'p90 ms':>8} "
    f"{'p99 ms':>8} {'max ms':>8}  {'all got all':<11} {'resets':>6} {'srv cpu':>7} "
    f"{'clients':>7} {'shared':>6}"
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
            emit(
                lines,
                f"{have:>5}  {label:<20} {len(topics):>6} {len(topics) / write_s:>8.0f} "
                f"{ms(outcome.pct(0.50)):>8} {ms(outcome.pct(0.90)):>8} "
                f"{ms(outcome.pct(0.99)):>8} {ms(outcome.max_ms):>8}  "
                f"{outcome.verdict():<11} {outcome.reset:>6} "
                f"{pct_text(meter.server_share):>7} {pct_text(meter.client_share):>7} "
                f"{pct_text(meter.client_core):>6}",
            )
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


CAPACITY_HEAD = (
    f"{'shape':<10} {'subs':>5} {'connected':>9} {'connect s':>9}  {'all got all':<15} "
    f"{'gaps':>4} {'dups':>4} {'resets':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} "
    f"{'RSS MB':>6} {'cpu s':>6} {'burst cpu s':>11} {'us/msg':>6} {'clients':>7} {'shared':>6}"
)


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
        messages = len(outcome.latencies_ms)
        us_msg = meter.server_cpu_s * 1e6 / messages if messages else float("nan")
        emit(
            lines,
            f"{shape:<10} {level:>5} {have:>9} {connect_s:>9.1f}  {outcome.verdict():<15} "
            f"{outcome.gaps:>4} {outcome.dups:>4} {outcome.reset:>6} "
            f"{ms(outcome.pct(0.50)):>8} {ms(outcome.pct(0.99)):>8} {ms(outcome.max_ms):>8} "
            f"{rss_mb(ctx.server.pid):>6.0f} {level_cpu:>6.1f} {meter.server_cpu_s:>11.2f} "
            f"{us_msg:>6.0f} {pct_text(meter.client_share):>7} {pct_text(meter.client_core):>6}",
        )
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


# --------------------------------------------------------------------------- set-up


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


def raise_fd_limit() -> tuple[int, int, int]:
    """Raise the soft open-file limit to the hard one; ``(before, after, hard)``."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else max(soft, 1 << 20)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    now = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    return soft, now, hard


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


# --------------------------------------------------------------------------- main


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


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


@contextlib.contextmanager
def stopping(server: Server) -> Iterator[Server]:
    try:
        yield server
    except Exception:
        print("--- server log (tail) ---", file=sys.stderr)
        print(server.tail(), file=sys.stderr)
        raise
    finally:
        server.stop()


@contextlib.contextmanager
def reaper(workdir: Path) -> Iterator[None]:
    """A watchdog process for the case this one is killed outright (SIGKILL: no cleanup
    runs; the server and the clients get SIGTERM from the kernel): it then stops the
    embedded PostgreSQL in ``workdir`` and removes ``workdir``."""
    proc = subprocess.Popen(
        [sys.executable, SCRIPT, "_reaper", str(workdir)],
        stdin=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        yield
    finally:
        assert proc.stdin is not None
        with contextlib.suppress(OSError):
            proc.stdin.write(b"done\n")
            proc.stdin.close()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def reap(workdir: Path) -> None:
    """The watchdog: nothing when told ``done``; at an EOF without it, clean up."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.stdin.buffer.read() == b"done\n":
        return
    try:
        pid = int((workdir / "pgdata" / "postmaster.pid").read_text().split()[0])
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, ValueError, IndexError):
        pid, cmdline = 0, b""
    if pid and b"postgres" in cmdline:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGQUIT)  # the postmaster's immediate shutdown
            deadline = time.monotonic() + 10
            while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
                time.sleep(0.1)
            if Path(f"/proc/{pid}").exists():
                os.kill(pid, signal.SIGKILL)
    shutil.rmtree(workdir, ignore_errors=True)


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


def run(args: argparse.Namespace) -> None:
    before, args.fd_limit, hard = raise_fd_limit()
    server_cpu, client_cpu = pin_cpus(args.server_cpu, args.client_cpu)
    cpus = os.cpu_count() or 1
    if server_cpu is not None:
        placement = (
            f"server pinned to CPU {server_cpu}; PostgreSQL, the writer and "
            f"{args.client_procs} client process(es) share CPU {client_cpu}"
        )
    else:
        placement = "nothing pinned (one CPU): server, PostgreSQL and clients share it"
    header = [
        "scripts/bench_events.py: GET /events (DESIGN §12) against jidocode serve --no-workers "
        "on a throwaway embedded PostgreSQL",
        f"machine: {cpus} CPU(s); {placement}"
        + (
            " (with 2 cores the load generator shares a core with PostgreSQL: watch 'shared')"
            if cpus == 2
            else ""
        ),
        f"open files: soft limit {before} -> {args.fd_limit} (hard {hard}); server pool "
        f"{args.pool or 'default (4..32)'}, events queue {args.queue_size or 1000}, access log "
        "off, log level WARNING",
        "latency = client receive time (when the bytes arrived) - the writer's time right after"
        " COMMIT returned (wall clocks of one machine)",
        "",
    ]
    header.insert(1, f"code: {code_version()}")
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

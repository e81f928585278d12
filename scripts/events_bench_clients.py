"""The event benchmark's client processes and the protocol between them and the benchmark.

A client process (``bench_events.py _clients``) holds many SSE streams over raw asyncio
protocols (``events_bench_sse``). It reads JSON commands from stdin, one a line, and
answers each with one JSON line on stdout. A stream that is sent ``reset`` resumes from
the last seq it got, as a real client does. ``Clients`` starts the processes and drives
them from the benchmark's event loop. Not part of the tests.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from benchlib import ROOT
from events_bench_server import GROUPS, SCRIPT, child_setup, cpu_seconds
from events_bench_sse import SseProtocol


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
            GROUPS.add(proc.pid)
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
            GROUPS.discard(proc.pid)
        self.procs = []

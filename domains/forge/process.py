"""Run one command as a real subprocess in its own process group and stream its output.

``run_process`` starts ``argv`` in a new session (so its pid is also its process-group
id), with exactly the environment it is given, stdin on ``/dev/null`` and stdout and
stderr merged into one pipe that we own. The output is read as it comes and handed to
``on_chunk`` in order, in chunks of at most ``chunk_bytes`` that are flushed
``chunk_interval_s`` after their first byte (or when full, or at the end).

It ends in one of four ways (``ProcessResult.ended_by``): the leader exits by itself
(``exit``), the wall clock runs out (``wall_timeout``), nothing is printed for too long
(``idle_timeout``), or the caller sets ``cancel`` (``cancelled``). Whichever it is, the
whole group is ended — SIGTERM, ``kill_grace_s``, then SIGKILL — so a backgrounded
grandchild never outlives its exec, and a pipe it holds open can not keep us reading.

``group_alive``, ``end_group`` and ``env_marker_matches`` serve crash recovery: the caller
records the pgid given to ``on_start`` together with a marker variable it put in ``env``,
and after a restart it ends a leftover group only if it still carries that marker.

Process groups are looked at through ``/proc`` where there is one: a member that has
exited but not yet been reaped by its parent (a zombie) counts as gone, since it holds
nothing and can not be signalled — some container inits reap orphans only lazily.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

EndedBy = Literal["exit", "wall_timeout", "idle_timeout", "cancelled"]

_POLL_S = 0.02  # how often a group being ended is looked at again
_LEADER_DRAIN_S = 0.2  # after the leader exits, how long its pipe may take to reach EOF
_DRAIN_QUIET_S = 0.1  # once the group is ended, a read waiting this long stops the reading
_DRAIN_MAX_S = 1.0  # once the group is ended, reading stops after this long whatever comes
_KILL_WAIT_S = 1.0  # after SIGKILL, how long to wait for the group to vanish


@dataclass(frozen=True)
class ExecLimits:
    """How long a command may run and how its output is cut into chunks."""

    wall_timeout_s: float = 1800.0
    idle_timeout_s: float = 300.0
    kill_grace_s: float = 10.0
    chunk_interval_s: float = 0.05
    chunk_bytes: int = 65536

    def __post_init__(self) -> None:
        if min(self.wall_timeout_s, self.idle_timeout_s, self.chunk_interval_s) <= 0:
            raise ValueError("timeouts and the chunk interval must be positive")
        if self.kill_grace_s < 0 or self.chunk_bytes < 1:
            raise ValueError("kill_grace_s must be >= 0 and chunk_bytes >= 1")


@dataclass(frozen=True)
class ProcessResult:
    """How a command ended.

    ``exit_code`` is the leader's status when it ended by itself (``ended_by == "exit"``):
    its exit status, or ``-N`` if a signal ``N`` that we did not send killed it. When we
    ended it (timeout or cancel) it is ``None`` — whatever status it then had is an
    artefact of our signal. ``duration_ms`` runs from spawn until the group was ended and
    the output fully read. ``pid`` is the leader's pid, which is also the pgid.
    """

    exit_code: int | None
    ended_by: EndedBy
    duration_ms: int
    pid: int


class SpawnFailed(Exception):
    """The command could not be started (no such program, not executable, no cwd).

    The message names the program by its base name only and carries the OS's reason, never
    a path of the server.
    """

    def __init__(self, *, program: str, reason: str, errno: int | None) -> None:
        super().__init__(f"could not start {program!r}: {reason}")
        self.program = program
        self.reason = reason
        self.errno = errno


@dataclass(slots=True)
class _Activity:
    """What the reader tells the supervisor, and the supervisor's order to stop reading."""

    last_output: float
    in_callback: bool = False
    stop_at: float | None = None


async def run_process(
    argv: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str],
    limits: ExecLimits,
    on_chunk: Callable[[bytes], Awaitable[None]],
    cancel: asyncio.Event,
    on_start: Callable[[int], Awaitable[None]] | None = None,
) -> ProcessResult:
    """Run ``argv`` in its own process group until it ends, streaming its output.

    ``on_start(pid)`` is awaited right after the spawn, before any output is delivered.
    ``on_chunk`` is awaited once per chunk, in order; while it runs nothing more is read
    (the command blocks on a full pipe — backpressure, no loss) and that time does not
    count as idle. If ``on_start`` or ``on_chunk`` raises, or the task running this is
    cancelled, the group is killed with SIGKILL at once and the exception propagates.
    Raises ``SpawnFailed`` if the command can not be started.
    """
    if not argv:
        raise ValueError("argv is empty")
    started = time.monotonic()
    proc, read_fd = await _spawn(argv, cwd=cwd, env=env)
    pgid = proc.pid
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=max(limits.chunk_bytes, 2**16))
    # Wrapping an fd does no I/O; the transport owns the file and closes it.
    pipe = open(read_fd, "rb", buffering=0)  # noqa: SIM115, ASYNC230
    try:
        transport, _ = await loop.connect_read_pipe(
            lambda: asyncio.StreamReaderProtocol(reader), pipe
        )
    except BaseException:
        pipe.close()
        _signal_group(pgid, signal.SIGKILL)
        raise

    def stop_reading() -> None:
        # Closing the transport lets go of the pipe; what is already buffered is still read.
        transport.close()
        reader.feed_eof()

    activity = _Activity(last_output=time.monotonic())
    tasks: list[asyncio.Task[Any]] = []
    try:
        if on_start is not None:
            await on_start(pgid)
            activity.last_output = time.monotonic()  # nothing could be read while it ran
        pump = asyncio.create_task(_pump(reader, limits, on_chunk, activity, stop_reading))
        exited = asyncio.create_task(proc.wait())
        cancelled = asyncio.create_task(cancel.wait())
        tasks = [pump, exited, cancelled]
        ended_by = await _supervise(proc, started, limits, activity, pump, exited, cancelled)
        if ended_by == "exit":
            # Normally the pipe reaches EOF with the leader; a backgrounded member may
            # hold it open, and it does not get to keep us (or itself) going.
            await asyncio.wait({pump}, timeout=_LEADER_DRAIN_S)
        if ended_by != "exit" or group_alive(pgid):
            await end_group(pgid, limits.kill_grace_s)
        returncode = await proc.wait()
        activity.stop_at = time.monotonic()
        await pump
    except BaseException:
        _signal_group(pgid, signal.SIGKILL)
        raise
    finally:
        for task in tasks:
            task.cancel()
        transport.close()
    return ProcessResult(
        exit_code=returncode if ended_by == "exit" else None,
        ended_by=ended_by,
        duration_ms=int((time.monotonic() - started) * 1000),
        pid=pgid,
    )


async def _spawn(
    argv: Sequence[str], *, cwd: Path, env: Mapping[str, str]
) -> tuple[asyncio.subprocess.Process, int]:
    """Start the command on the write end of a fresh pipe; return it and the read end.

    The pipe is ours rather than asyncio's so that waiting for the leader does not also
    wait for every holder of its stdout to close it.
    """
    read_fd, write_fd = os.pipe()
    try:
        proc = await asyncio.create_subprocess_exec(
            *argv,
            cwd=cwd,
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=write_fd,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    except BaseException as exc:
        os.close(read_fd)
        if isinstance(exc, OSError):
            raise _spawn_failed(argv[0], cwd, exc) from exc
        raise
    finally:
        os.close(write_fd)
    return proc, read_fd


def _spawn_failed(program: str, cwd: Path, exc: OSError) -> SpawnFailed:
    reason = exc.strerror or type(exc).__name__
    if exc.filename is not None and os.fsdecode(exc.filename) == os.fsdecode(cwd):
        reason = f"working directory: {reason}"
    return SpawnFailed(program=Path(program).name, reason=reason, errno=exc.errno)


async def _supervise(
    proc: asyncio.subprocess.Process,
    started: float,
    limits: ExecLimits,
    activity: _Activity,
    pump: asyncio.Task[None],
    exited: asyncio.Task[int],
    cancelled: asyncio.Task[Any],
) -> EndedBy:
    """Wait for whichever end comes first; a leader that already exited wins every race."""
    wall_at = started + limits.wall_timeout_s
    while True:
        if exited.done():
            return "exit"
        if pump.done():
            pump.result()  # re-raises what on_chunk raised; a clean EOF just returns
        now = time.monotonic()
        idle_at = now + limits.idle_timeout_s
        if not activity.in_callback:
            idle_at = activity.last_output + limits.idle_timeout_s
        if proc.returncode is None:
            if cancelled.done():
                return "cancelled"
            if now >= wall_at:
                return "wall_timeout"
            if now >= idle_at:
                return "idle_timeout"
        waiters: set[asyncio.Task[Any]] = {exited, cancelled}
        if not pump.done():
            waiters.add(pump)
        timeout = max(0.0, min(wall_at, idle_at) - now)
        await asyncio.wait(waiters, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)


async def _pump(
    reader: asyncio.StreamReader,
    limits: ExecLimits,
    on_chunk: Callable[[bytes], Awaitable[None]],
    activity: _Activity,
    stop_reading: Callable[[], None],
) -> None:
    """Read until EOF, merging what comes into chunks and handing each to ``on_chunk``."""
    buf = bytearray()
    first_at = 0.0
    stop_by: float | None = None

    async def flush() -> None:
        if not buf:
            return
        chunk = bytes(buf)
        buf.clear()
        activity.in_callback = True
        try:
            await on_chunk(chunk)
        finally:
            activity.in_callback = False
            activity.last_output = max(activity.last_output, time.monotonic())

    while True:
        now = time.monotonic()
        if activity.stop_at is not None:
            # The group is gone; only a writer outside it could still hold the pipe.
            if stop_by is None:
                stop_by = now + _DRAIN_MAX_S
            if now >= stop_by:
                stop_reading()
            wait = _DRAIN_QUIET_S
        elif buf:
            wait = max(0.0, first_at + limits.chunk_interval_s - now)
        else:
            wait = limits.chunk_interval_s  # only to notice the order to stop
        try:
            async with asyncio.timeout(wait):
                # Cancelling a pending read loses nothing: data stays in the reader's buffer.
                data = await reader.read(limits.chunk_bytes - len(buf))
        except TimeoutError:
            if activity.stop_at is not None:
                stop_reading()
            elif buf:
                await flush()
            continue
        if not data:
            break
        activity.last_output = time.monotonic()
        if not buf:
            first_at = activity.last_output
        buf += data
        full = len(buf) >= limits.chunk_bytes
        if full or activity.last_output - first_at >= limits.chunk_interval_s:
            await flush()
    await flush()


def group_alive(pgid: int) -> bool:
    """Whether process group ``pgid`` still has a member that has not exited.

    A group we may not signal (``PermissionError``) exists, so it counts as alive.
    """
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    members = _live_members(pgid)
    return members is None or bool(members)


async def end_group(pgid: int, grace_s: float) -> None:
    """End process group ``pgid``: SIGTERM, up to ``grace_s`` to go, then SIGKILL.

    A group that is gone, or not ours to signal, is left as it is.
    """
    if not _signal_group(pgid, signal.SIGTERM):
        return
    # A stopped member would not act on the TERM until it is continued.
    _signal_group(pgid, signal.SIGCONT)
    if await _wait_gone(pgid, grace_s):
        return
    _signal_group(pgid, signal.SIGKILL)
    await _wait_gone(pgid, _KILL_WAIT_S)


def env_marker_matches(pgid: int, name: str, value: str) -> bool:
    """Whether process group ``pgid`` carries ``name=value`` in its environment.

    Reads ``/proc/<pgid>/environ``, the leader's environment as it was started. If the
    leader is gone (or a zombie, whose environment reads empty), the group's remaining
    members are asked instead, since an orphaned group is exactly what crash recovery
    looks for. False on any ``OSError`` (no such process, not ours, no ``/proc``).
    """
    needle = f"{name}={value}".encode()
    leader = _environ(pgid)
    if leader:
        return needle in leader
    return any(needle in _environ(pid) for pid in _live_members(pgid) or [])


def marked_groups(name: str, value: str) -> list[int]:
    """The process groups of every live process carrying ``name=value`` in its
    environment: what a recovering worker ends when the dead one never recorded a pgid
    (it died between starting the command and writing it down)."""
    needle = f"{name}={value}".encode()
    try:
        pids = [int(n) for n in os.listdir("/proc") if n.isdigit()]
    except OSError:
        return []
    groups: set[int] = set()
    for pid in pids:
        if needle in _environ(pid):
            with contextlib.suppress(OSError):
                groups.add(os.getpgid(pid))
    return sorted(groups)


def _environ(pid: int) -> list[bytes]:
    try:
        with open(f"/proc/{pid}/environ", "rb") as f:
            return f.read().split(b"\0")
    except OSError:
        return []


def _live_members(pgid: int) -> list[int] | None:
    """The pids in group ``pgid`` that are not zombies; None when there is no ``/proc``."""
    try:
        names = os.listdir("/proc")
    except OSError:
        return None
    members: list[int] = []
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue  # exited while we looked
        # "pid (comm) state ppid pgrp ..."; comm may hold spaces and parentheses.
        fields = stat[stat.rfind(b")") + 2 :].split()
        if len(fields) > 2 and int(fields[2]) == pgid and fields[0] not in (b"Z", b"X"):
            members.append(int(name))
    return members


def _signal_group(pgid: int, sig: signal.Signals) -> bool:
    """Send ``sig`` to the group; False if it is gone or not ours."""
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        return False
    return True


async def _wait_gone(pgid: int, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while group_alive(pgid):
        if time.monotonic() >= deadline:
            return False
        await asyncio.sleep(_POLL_S)
    return True

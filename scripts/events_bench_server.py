"""The processes the event stream benchmark starts, and how it stops them.

``jidocode serve --no-workers`` in its own process group (pinned, logging to a file), the
process groups still to stop, the watchdog (``bench_events.py _reaper``) that stops the
embedded PostgreSQL if the benchmark is killed outright, the open-file limit, and the
``/proc`` readings of a process's CPU time and resident set and of a CPU's busy share.
Not part of the tests.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from benchlib import ROOT, free_port

# The entry point: the child processes run it as ``_reaper`` (the watchdog) and
# ``_clients`` (a client process).
SCRIPT = str(Path(__file__).resolve().with_name("bench_events.py"))

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
GROUPS: set[int] = set()


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
    GROUPS.discard(pid)


def kill_leftovers() -> None:
    for pid in tuple(GROUPS):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
        GROUPS.discard(pid)


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
        GROUPS.add(self.proc.pid)
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


def raise_fd_limit() -> tuple[int, int, int]:
    """Raise the soft open-file limit to the hard one; ``(before, after, hard)``."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else max(soft, 1 << 20)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    now = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    return soft, now, hard

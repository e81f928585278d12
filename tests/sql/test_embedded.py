"""The embedded server is stopped again after a process holding it was SIGKILLed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from sql.embedded import HANDLE_FILE, drop_dead_handles, pid_alive, start_embedded

HOLDER = """
import sys, time
from pathlib import Path
from sql.embedded import start_embedded
start_embedded(Path(sys.argv[1]))
print("up", flush=True)
time.sleep(600)
"""


def postmaster_pid(pgdata: Path) -> int | None:
    try:
        return int((pgdata / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def test_dead_pids_are_dropped_from_the_handle_file(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (tmp_path / HANDLE_FILE).write_text(json.dumps([dead.pid, os.getpid()]))
    assert not pid_alive(dead.pid)
    assert drop_dead_handles(tmp_path) == [dead.pid]
    assert json.loads((tmp_path / HANDLE_FILE).read_text()) == [os.getpid()]
    assert drop_dead_handles(tmp_path) == []


def test_a_killed_holder_does_not_keep_the_server_running(tmp_path: Path) -> None:
    pgdata = tmp_path / "pgdata"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(pgdata)],
        stdout=subprocess.PIPE,
        start_new_session=True,
        env={**os.environ, "PYTHONPATH": os.getcwd()},
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == b"up\n"
        os.killpg(holder.pid, signal.SIGKILL)
        holder.wait()
        assert holder.pid in json.loads((pgdata / HANDLE_FILE).read_text())
        server = start_embedded(pgdata)  # attaches to the running server
        server.stop()  # the last live handle: stops it
        assert postmaster_pid(pgdata) is None
    finally:
        if holder.stdout is not None:
            holder.stdout.close()
        if holder.poll() is None:
            os.killpg(holder.pid, signal.SIGKILL)
            holder.wait()
        leftover = postmaster_pid(pgdata)
        if leftover is not None and pid_alive(leftover):
            os.kill(leftover, signal.SIGQUIT)

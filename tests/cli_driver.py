"""Driving the real ``jidocode`` CLI in a subprocess: piped, or on a pseudo-terminal.

Every child runs in its own session (so its own process group), and every group is
ended before the helper returns. The environment is the test's own, less the variables
that would point the CLI at a developer's server or credentials, plus ``env``.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Sequence

CLI = [sys.executable, "-m", "rpc.app.cli"]
_SCRUBBED = ("JIDOCODE_URL", "JIDOCODE_API_KEY", "JIDOCODE_PROFILE", "JIDOCODE_HOST")


def cli_env(env: dict[str, str]) -> dict[str, str]:
    """The child's environment."""
    base = {k: v for k, v in os.environ.items() if k not in _SCRUBBED}
    base.pop("JIDOCODE_PORT", None)
    return {**base, "COLUMNS": "160", **env}


def _end_group(proc: subprocess.Popen[bytes] | asyncio.subprocess.Process) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


async def run_cli(
    *args: str, env: dict[str, str], stdin: str | None = None
) -> tuple[int, str, str]:
    """The CLI with pipes for stdin, stdout and stderr (not a terminal)."""
    proc = await asyncio.create_subprocess_exec(
        *CLI,
        *args,
        env=cli_env(env),
        stdin=asyncio.subprocess.PIPE if stdin is not None else asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        start_new_session=True,
    )
    try:
        out, err = await asyncio.wait_for(
            proc.communicate(stdin.encode() if stdin is not None else None), timeout=120
        )
    finally:
        _end_group(proc)
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


def run_on_terminal(
    args: Sequence[str],
    env: dict[str, str],
    answers: Sequence[tuple[str, str]] = (),
) -> tuple[int, str]:
    """The CLI with stdin, stdout and stderr on one pseudo-terminal.

    ``answers`` are ``(prompt text, reply)`` pairs, replied to in order once the prompt
    shows. Returns the exit status and everything the terminal showed (CRLF as LF).
    Blocking: call it through ``asyncio.to_thread`` when a live server shares the loop.
    """
    master, slave = os.openpty()
    proc = subprocess.Popen(
        [*CLI, *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=cli_env(env),
        start_new_session=True,  # its own group, and no controlling terminal but the pty
    )
    os.close(slave)
    shown = b""
    pending = list(answers)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the child closed the terminal
                    break
                if not chunk:
                    break
                shown += chunk
            if pending and pending[0][0].encode() in shown.rsplit(b"\n", 1)[-1]:
                os.write(master, pending.pop(0)[1].encode() + b"\n")
            if proc.poll() is not None and not ready:
                break
        code = proc.wait(timeout=30)
    finally:
        _end_group(proc)
        proc.wait()
        os.close(master)
    return code, shown.decode(errors="replace").replace("\r\n", "\n")

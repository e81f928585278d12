"""Forge execs under real worker faults: worker processes (``forge_worker.py``, lease
1.5 s) SIGKILLed or SIGSTOPped mid-exec while another worker process takes the job over.

- SIGKILL: the command's own process group outlives its worker. The next attempt ends
  that leftover group (recognised by the exec's marker variable), ends the exec
  ``failed``/``worker_lost`` without running the command again (its file keeps one
  line), emits ``exec.completed`` once and leaves the session ``ready`` for the next exec.
- SIGSTOP past the lease: while the frozen worker's command ends by itself, another
  worker recovers the exec as ``worker_lost``. Continued, the frozen worker is fenced
  off: its late output and its finish are not recorded, and the exec, the session's
  events and its phase stay exactly as the recovery left them.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from domains.forge.environment import EXEC_MARKER
from domains.forge.process import env_marker_matches, group_alive
from rpc.settings import Settings
from sql.database import Database
from tests.domains.forge.children import child_env, children, eventually
from tests.domains.forge.conftest import Api, all_events, rpc, start, wait_exec

pytestmark = pytest.mark.committing

WORKER = ("-m", "tests.domains.forge.forge_worker")
ENV = {"JIDOCODE_FORGE_KILL_GRACE_S": "1"}


async def first_exec(db: Database, session_id: str) -> Any:
    async with db.connection() as c:
        return await c.fetchrow(
            "SELECT * FROM forge_exec_sessions WHERE session_id = $1 AND sequence = 1",
            UUID(session_id),
        )


def lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def group_gone(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return True
    return False


def end_leftover(row: Any) -> None:
    """Kill the exec's group if it is still there (and still the exec's)."""
    if row is None or row["pgid"] is None:
        return
    pgid = row["pgid"]
    if group_alive(pgid) and env_marker_matches(pgid, EXEC_MARKER, str(row["id"])):
        os.killpg(pgid, signal.SIGKILL)


def completions(events: list[dict[str, Any]], sequence: int) -> list[dict[str, Any]]:
    return [e for e in events if e["type"] == "exec.completed" and e["exec_sequence"] == sequence]


async def test_a_killed_workers_exec_ends_lost_with_its_leftover_group(
    api: Api, project_id: UUID, db: Database, settings: Settings, workspace: Path, tmp_path: Path
) -> None:
    sid = (await start(api, project_id, "shell"))["id"]
    runs = workspace / "runs.txt"
    row = None
    with children(child_env(settings, **ENV), tmp_path) as procs:
        try:
            worker = procs.start("a", *WORKER, "a", says_ready=True)
            command = "echo ran >> runs.txt; sleep 300"
            await rpc(api, "forge.exec", {"session_id": sid, "command": command})

            async def running() -> bool:
                nonlocal row
                row = await first_exec(db, sid)
                return row is not None and row["pgid"] is not None and lines(runs) == ["ran"]

            await eventually(running, "the command ran and its process group was recorded")
            assert row is not None
            pgid = row["pgid"]
            os.kill(worker, signal.SIGKILL)  # the worker only: the command's group survives
            procs.procs["a"].wait()
            assert not group_gone(pgid)
            assert env_marker_matches(pgid, EXEC_MARKER, str(row["id"]))

            procs.start("b", *WORKER, "b", says_ready=True)
            lost = await wait_exec(api, sid, 1)
            assert (lost["status"], lost["error_kind"]) == ("failed", "worker_lost")
            assert lost["exit_code"] is None

            async def leftover_gone() -> bool:
                return group_gone(pgid)

            await eventually(leftover_gone, "the leftover process group was ended")
            assert lines(runs) == ["ran"]  # not run again
            detail = await rpc(api, "forge.get_session", {"session_id": sid})
            assert detail["phase"] == "ready"
            assert len(completions(await all_events(api, sid), 1)) == 1
            async with db.connection() as c:
                attempts = await c.fetchval(
                    "SELECT attempts FROM jobs WHERE id = $1", row["job_id"]
                )
            assert attempts == 2

            await rpc(api, "forge.exec", {"session_id": sid, "command": "echo again"})
            again = await wait_exec(api, sid, 2)
            assert (again["status"], again["output"]) == ("completed", "again\n")
            assert lines(runs) == ["ran"]
        finally:
            end_leftover(row)


async def freeze_outside_writes(pid: int, db: Database, row: Any) -> None:
    """SIGSTOP ``pid`` at a moment it holds no lock on the exec's or its job's row."""

    async def stopped() -> bool:
        return _state(pid) == "T"

    async def frozen_unlocked() -> bool:
        os.kill(pid, signal.SIGSTOP)
        await eventually(stopped, "the worker stopped")
        async with db.transaction() as c:
            free = await c.fetchval(
                "SELECT e.id FROM forge_exec_sessions e JOIN jobs j ON j.id = e.job_id "
                "WHERE e.id = $1 FOR UPDATE SKIP LOCKED",
                row["id"],
            )
        if free is not None:
            return True
        os.kill(pid, signal.SIGCONT)
        return False

    await eventually(frozen_unlocked, "the worker frozen outside a transaction")


def _state(pid: int) -> str:
    """The process's state letter (``T``: stopped), from ``/proc/<pid>/stat``."""
    with open(f"/proc/{pid}/stat") as f:
        stat = f.read()
    return stat[stat.rfind(")") + 2]


async def test_a_frozen_worker_commits_nothing_once_its_exec_was_recovered(
    api: Api, project_id: UUID, db: Database, settings: Settings, workspace: Path, tmp_path: Path
) -> None:
    sid = (await start(api, project_id, "shell"))["id"]
    runs = workspace / "runs.txt"
    row = None
    with children(child_env(settings, **ENV), tmp_path) as procs:
        try:
            frozen = procs.start("a", *WORKER, "a", says_ready=True)
            command = "echo ran >> runs.txt; echo started; sleep 2; echo finished"
            await rpc(api, "forge.exec", {"session_id": sid, "command": command})

            async def printed() -> bool:
                nonlocal row
                row = await first_exec(db, sid)
                events = await all_events(api, sid)
                output = any(e["type"] == "exec.output" for e in events)
                return output and row is not None and row["pgid"] is not None

            await eventually(printed, "the command's first output was recorded")
            await freeze_outside_writes(frozen, db, row)
            assert row is not None
            pgid = row["pgid"]

            async def command_ended() -> bool:
                return not group_alive(pgid)  # its leader waits, a zombie, for frozen A

            await eventually(command_ended, "the command ended by itself")
            procs.start("b", *WORKER, "b", says_ready=True)
            lost = await wait_exec(api, sid, 1)
            assert (lost["status"], lost["error_kind"]) == ("failed", "worker_lost")
            events = await all_events(api, sid)
            session = await rpc(api, "forge.get_session", {"session_id": sid})
            assert session["phase"] == "ready"

            os.kill(frozen, signal.SIGCONT)

            async def refused() -> bool:
                return "lease was taken over" in procs.log("a")

            await eventually(refused, "the continued worker gave its attempt up")
            assert await wait_exec(api, sid, 1) == lost
            assert await all_events(api, sid) == events
            assert await rpc(api, "forge.get_session", {"session_id": sid}) == session
            assert len(completions(events, 1)) == 1
            assert lost["output"] == "started\n"  # not the late "finished"
            assert lines(runs) == ["ran"]
        finally:
            end_leftover(row)

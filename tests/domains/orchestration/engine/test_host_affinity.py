"""A run's worktree binds its drive job to the host that made it: the first job (queued
for any host) pins itself there, so a worker killed after making the worktree is
continued on that host only, or, once the host is gone, the run fails with the reason;
a retry whose original's worktree retention removed gets a new one."""

# Reading small worktree files; blocking the loop is fine here.
# ruff: noqa: ASYNC240

from __future__ import annotations

import os
import signal
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from domains.forge import service as forge
from domains.orchestration.engine import drive_run
from domains.orchestration.engine_queue import DRIVE_JOB
from domains.orchestration.service_worktrees import remove_old_worktrees
from rpc.jobs import Workers
from rpc.settings import Settings
from sql.database import Database
from tests.domains.forge.children import child_env, children, eventually
from tests.domains.forge.test_worker_faults import group_gone
from tests.domains.orchestration.engine.conftest import Engine

pytestmark = pytest.mark.committing

WORKER = ("-m", "tests.domains.forge.forge_worker")
DIED = "host-died"
TAKER = "host-taker"
TOKEN = "ghp_" + "Q7mX" * 9


async def one_shell_step(engine: Engine, name: str, command: str) -> None:
    await engine.rpc(
        "orchestration.create_definition",
        {
            "name": name,
            "steps": [{"name": "work", "kind": "shell", "options": {"command": command}}],
        },
    )


async def drive_job(db: Database, run_id: str) -> dict[str, Any]:
    async with db.connection() as conn:
        row = await conn.fetchrow(
            "SELECT id, affinity, status, attempts, lease_expires_at < now() AS expired "
            "FROM jobs WHERE kind = $1 AND dedupe_key = $2 ORDER BY inserted_at DESC LIMIT 1",
            DRIVE_JOB,
            run_id,
        )
    assert row is not None
    return dict(row)


async def worktree_of(db: Database, run_id: str) -> dict[str, Any]:
    async with db.connection() as conn:
        row = await conn.fetchrow(
            "SELECT path, host, removed_at FROM workflow_run_worktrees WHERE run_id = $1",
            UUID(run_id),
        )
    assert row is not None
    return dict(row)


async def host_seen(db: Database, host: str, *, ago_s: float) -> None:
    async with db.connection() as conn:
        await conn.execute(
            "INSERT INTO worker_hosts (host, last_seen_at) "
            "VALUES ($1, now() - make_interval(secs => $2)) "
            "ON CONFLICT (host) DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at",
            host,
            ago_s,
        )


async def test_the_first_drive_job_pins_itself_to_the_worktrees_host(engine: Engine) -> None:
    # Forge refuses a secret in the command itself: the command only prints one.
    await one_shell_step(engine, "echo_token", f"printf 'token ghp_%s\\n' {TOKEN[4:]}")
    run = await engine.start("echo_token", {})
    done = await engine.wait_status(run["id"], "completed", "failed")
    assert done["status"] == "completed", done["error"]

    host = engine.runtime.settings.host_id
    job = await drive_job(engine.runtime.db, run["id"])
    assert (job["affinity"], job["status"]) == (host, "done")
    assert (await worktree_of(engine.runtime.db, run["id"]))["host"] == host

    attempts = await engine.rpc("orchestration.list_step_runs", {"run_id": run["id"]})
    [attempt] = attempts["items"]
    assert (attempt["step_name"], attempt["attempt"], attempt["status"]) == ("work", 1, "completed")
    assert attempt["output"]["passed"] is True
    assert "token [REDACTED]" in attempt["output"]["log_tail"]
    assert TOKEN not in str(attempts)


async def test_a_worker_killed_after_making_the_worktree_is_continued_only_on_its_host(
    engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    await engine.workers.stop(grace_s=5)  # only the workers below run jobs
    await one_shell_step(engine, "slow", "sleep 30")
    rt = engine.runtime
    env = child_env(
        settings,
        JIDOCODE_HOST_ID=DIED,
        JIDOCODE_FORGE_KILL_GRACE_S="1",
        JIDOCODE_GIT_CLONE_BASE_URL=str(rt.settings.git_clone_base_url),
        JIDOCODE_WORKSPACE_ROOT=str(rt.settings.workspace_root),
    )
    with children(env, tmp_path) as procs:
        worker = procs.start("died", *WORKER, "died", "engine", says_ready=True)
        run = await engine.start("slow", {})
        pgid: int | None = None

        async def step_running() -> bool:
            nonlocal pgid
            async with rt.db.connection() as conn:
                pgid = await conn.fetchval(
                    "SELECT e.pgid FROM forge_exec_sessions e JOIN forge_sessions s "
                    "ON s.id = e.session_id WHERE s.run_id = $1 AND e.pgid IS NOT NULL",
                    UUID(run["id"]),
                )
            return pgid is not None

        await eventually(step_running, "the step's command is running on the first host")
        assert (await drive_job(rt.db, run["id"]))["affinity"] == DIED
        assert (await worktree_of(rt.db, run["id"]))["host"] == DIED
        os.kill(worker, signal.SIGKILL)
        procs.procs["died"].wait()

    async def lease_expired() -> bool:
        return bool((await drive_job(rt.db, run["id"]))["expired"])

    await eventually(lease_expired, "the killed worker's lease ran out")
    taker = Workers(rt, {DRIVE_JOB: drive_run}, host_id=TAKER, lease_s=60)
    await host_seen(rt.db, DIED, ago_s=0)
    assert await taker.drain() == 0, "its host is alive: the job waits for it"
    assert (await engine.rpc("orchestration.get_run", {"run_id": run["id"]}))["status"] == "running"

    await host_seen(rt.db, DIED, ago_s=600)
    assert await taker.drain() == 1
    failed = await engine.rpc("orchestration.get_run", {"run_id": run["id"]})
    assert failed["status"] == "failed"
    assert failed["error"]["kind"] == "execution_error"
    assert f"on host {DIED}, which is gone" in failed["error"]["reason"]
    job = await drive_job(rt.db, run["id"])
    assert (job["affinity"], job["status"], job["attempts"]) == (DIED, "done", 2)

    # The killed worker's command is ended by the Forge exec job's recovery.
    recovery = Workers(rt, {forge.EXEC_JOB: forge.run_exec_job}, host_id=TAKER)
    assert pgid is not None
    leftover = pgid

    async def leftover_gone() -> bool:
        await recovery.drain()
        return group_gone(leftover)

    await eventually(leftover_gone, "the killed worker's command was ended")


async def test_a_retry_whose_worktree_retention_removed_gets_a_new_one(engine: Engine) -> None:
    await one_shell_step(engine, "fails", "echo tried >> tried.txt; exit 1")
    run = await engine.start("fails", {})
    assert (await engine.wait_status(run["id"], "completed", "failed"))["status"] == "failed"
    first = await worktree_of(engine.runtime.db, run["id"])
    assert Path(first["path"], "tried.txt").read_text() == "tried\n"

    rt = engine.runtime
    async with rt.db.connection() as conn:
        await conn.execute(
            "UPDATE workflow_runs SET completed_at = now() - interval '8 days' WHERE id = $1",
            UUID(run["id"]),
        )
    cutoff = datetime.now(UTC) - timedelta(days=rt.settings.worktree_retention_days)
    assert await remove_old_worktrees(rt, host=rt.settings.host_id, cutoff=cutoff) == 1
    assert not Path(first["path"]).exists()

    retry = await engine.rpc("orchestration.retry_run", {"run_id": run["id"]})
    assert (await engine.wait_status(retry["id"], "completed", "failed"))["status"] == "failed"
    second = await worktree_of(rt.db, retry["id"])
    assert second["path"] != first["path"]
    assert second["removed_at"] is None
    assert Path(second["path"], "tried.txt").read_text() == "tried\n", "a fresh worktree"
    assert (await drive_job(rt.db, retry["id"]))["affinity"] == rt.settings.host_id
    assert (await worktree_of(rt.db, run["id"]))["removed_at"] is not None

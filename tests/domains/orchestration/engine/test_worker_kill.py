"""A worker process SIGKILLed in the middle of a step: another worker process continues
the run, the step runs again as attempt 2, and the step before it is not re-run."""

# Reading small worktree files; blocking the loop is fine here.

from __future__ import annotations

import os
import signal
from pathlib import Path
from uuid import UUID

import pytest

from rpc.settings import Settings
from tests.domains.forge.children import child_env, children, eventually
from tests.domains.forge.test_worker_faults import group_gone
from tests.domains.orchestration.engine.conftest import Engine, step_runs

pytestmark = pytest.mark.committing

WORKER = ("-m", "tests.domains.forge.forge_worker")


def lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


async def test_a_killed_worker_mid_step_is_continued_as_attempt_two(
    engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    await engine.workers.stop(grace_s=5)  # only the worker processes below run jobs
    await engine.rpc(
        "orchestration.create_definition",
        {
            "name": "two_steps",
            "steps": [
                {"name": "first", "kind": "shell", "options": {"command": "echo ran >> first.txt"}},
                {
                    "name": "second",
                    "kind": "shell",
                    "options": {"command": "echo ran >> second.txt; sleep 3"},
                },
            ],
        },
    )
    rt = engine.runtime.settings
    env = child_env(
        settings,
        JIDOCODE_FORGE_KILL_GRACE_S="1",
        JIDOCODE_GIT_CLONE_BASE_URL=str(rt.git_clone_base_url),
        JIDOCODE_WORKSPACE_ROOT=str(rt.workspace_root),
    )
    with children(env, tmp_path) as procs:
        worker = procs.start("a", *WORKER, "a", "engine", says_ready=True)
        run = await engine.start("two_steps", {})
        worktree = Path(rt.effective_workspace_root) / ".worktrees" / "acme" / "app" / run["id"]
        pgid = None

        async def in_second_step() -> bool:
            nonlocal pgid
            async with engine.runtime.db.connection() as conn:
                pgid = await conn.fetchval(
                    "SELECT e.pgid FROM forge_exec_sessions e JOIN forge_sessions s "
                    "ON s.id = e.session_id WHERE s.run_id = $1 AND e.status = 'started' "
                    "AND e.pgid IS NOT NULL",
                    UUID(run["id"]),
                )
            return pgid is not None and lines(worktree / "second.txt") == ["ran"]

        await eventually(in_second_step, "the second step's command is running")
        os.kill(worker, signal.SIGKILL)
        procs.procs["a"].wait()

        procs.start("b", *WORKER, "b", "engine", says_ready=True)
        done = await engine.wait_status(run["id"], "completed", "failed", timeout_s=60)
        assert done["status"] == "completed", done["error"]
        assert pgid is not None
        leftover = pgid

        async def leftover_gone() -> bool:
            return group_gone(leftover)

        await eventually(leftover_gone, "the killed worker's leftover command was ended")

    assert lines(worktree / "first.txt") == ["ran"]  # never re-run
    assert lines(worktree / "second.txt") == ["ran", "ran"]  # attempt 1, then attempt 2
    rows = await step_runs(engine.runtime.db, run["id"])
    assert [(r["step_name"], r["attempt"], r["status"]) for r in rows] == [
        ("first", 1, "completed"),
        ("second", 1, "failed"),
        ("second", 2, "completed"),
    ]
    assert rows[1]["error"]["kind"] == "worker_lost"

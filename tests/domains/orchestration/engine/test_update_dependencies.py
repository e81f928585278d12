"""The dependency bot's scheduled ``update_dependencies`` runs, for real: the configured
update command and the project's tests run in the run's worktree, and the run parks for
approval. Once in this process with an injected clock, once with two real ``jidocode
serve`` processes sharing the database, where the slot must start exactly one run."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import aiohttp
import pytest

from domains.agents.scheduler import FIRE_JOB
from domains.agents.service_schedule import fire_due
from rpc.settings import Settings
from tests.domains.forge.children import Children, child_env, children, eventually
from tests.domains.orchestration.engine.conftest import Engine, step_runs
from tests.fakes.github_server import FakeGitHub
from tests.server_process import free_port

pytestmark = pytest.mark.committing

UPDATE = "printf 'requests==2.32.3\\n' >> requirements.txt && echo updated"
TESTS = "grep -qx 'requests==2.32.3' requirements.txt"
WEEKLY = "0 6 * * 1"


async def dependency_bot(engine: Engine) -> dict[str, Any]:
    """The project's tests and an enabled dependency bot on a weekly schedule."""
    await engine.settings(test_command=TESTS)
    config: dict[str, Any] = await engine.rpc(
        "agents.upsert_config",
        {
            "project_id": str(engine.project_id),
            "agent_type": "dependency_bot",
            "enabled": True,
            "configuration": {"schedule": WEEKLY, "update_command": UPDATE},
        },
    )
    return config


async def assert_parked_after_update_and_tests(engine: Engine, run_id: str) -> None:
    """The run ran the bot's command, then the tests, and waits for the owner."""
    parked = await engine.wait_status(run_id, "awaiting_approval", "failed")
    assert parked["status"] == "awaiting_approval", parked["error"]
    assert parked["workflow_name"] == "update_dependencies"
    assert parked["trigger"] == "schedule"
    assert parked["current_step"] == "approval"
    update = parked["step_results"]["update"]
    assert (update["command"], update["passed"]) == (UPDATE, True)
    assert "updated" in update["log_tail"]
    tests = parked["step_results"]["run_tests"]
    assert (tests["command"], tests["passed"]) == (TESTS, True)

    rows = await step_runs(engine.runtime.db, run_id)
    assert [(r["step_name"], r["kind"], r["status"]) for r in rows] == [
        ("update", "shell", "completed"),
        ("run_tests", "run_tests", "completed"),
        ("approval", "approval", "completed"),
    ]
    approvals = await engine.rpc(
        "orchestration.list_pending_approvals", {"project_id": str(engine.project_id)}
    )
    [approval] = approvals["items"]
    assert "requirements.txt" in approval["diff_summary"]
    assert "passed" in approval["test_summary"]
    artifacts = await engine.rpc("orchestration.list_artifacts", {"run_id": run_id})
    names = {a["name"] for a in artifacts["items"]}
    assert {"update_log", "run_tests_log", "diff"} <= names


async def test_a_scheduled_dependency_run_updates_tests_and_awaits_approval(
    engine: Engine,
) -> None:
    config = await dependency_bot(engine)
    slot = datetime.fromisoformat(config["schedule_next_at"])

    [fire] = await fire_due(engine.runtime, now=slot)  # the clock reaches the slot
    assert fire.outcome == "started"
    assert fire.run_id is not None
    await assert_parked_after_update_and_tests(engine, str(fire.run_id))

    after = await engine.rpc(
        "agents.get_config",
        {"project_id": str(engine.project_id), "agent_type": "dependency_bot"},
    )
    assert after["last_triggered_at"] is not None
    assert datetime.fromisoformat(after["schedule_next_at"]) > slot


async def healthy(port: int) -> bool:
    """Whether a server answers ``/healthz`` on ``port``."""
    try:
        async with (
            aiohttp.ClientSession() as http,
            http.get(f"http://127.0.0.1:{port}/healthz") as resp,
        ):
            return resp.status == 200
    except aiohttp.ClientError:
        return False


async def start_servers(procs: Children, names: tuple[str, ...]) -> None:
    """``jidocode serve`` (with workers) per name, each in its own process group."""
    for name in names:
        port = free_port()
        procs.start(name, "-m", "rpc.app.cli", "serve", "--port", str(port))

        async def up(port: int = port, name: str = name) -> bool:
            assert procs.procs[name].poll() is None, procs.log(name)
            return await healthy(port)

        await eventually(up, f"server {name} answers /healthz", timeout_s=60)


async def test_two_server_processes_start_a_due_slot_exactly_once(
    engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    await engine.workers.stop(grace_s=5)  # only the two server processes run jobs
    config = await dependency_bot(engine)
    rt = engine.runtime.settings
    env = child_env(
        settings,
        JIDOCODE_HOST="127.0.0.1",
        JIDOCODE_GIT_CLONE_BASE_URL=str(rt.git_clone_base_url),
        JIDOCODE_WORKSPACE_ROOT=str(rt.workspace_root),
        JIDOCODE_FORGE_KILL_GRACE_S="1",
        JIDOCODE_AGENT_SCHEDULE_TICK_S="0.2",
        JIDOCODE_JOB_POLL_INTERVAL_S="0.2",
        JIDOCODE_POOL_MIN_SIZE="1",
        JIDOCODE_POOL_MAX_SIZE="8",
        JIDOCODE_ACCESS_LOG="false",
        JIDOCODE_LOG_LEVEL="INFO",
    )
    db = engine.runtime.db
    with children(env, tmp_path) as procs:
        await start_servers(procs, ("a", "b"))
        # The slot comes due: its time is an hour ago, as if the week had passed.
        async with db.connection() as conn:
            await conn.execute(
                "UPDATE support_agent_configs SET schedule_next_at = now() - interval '1 hour' "
                "WHERE id = $1",
                UUID(config["id"]),
            )

        async def fired() -> bool:
            async with db.connection() as conn:
                return bool(
                    await conn.fetchval(
                        "SELECT count(*) FROM support_agent_schedule_fires WHERE config_id = $1",
                        UUID(config["id"]),
                    )
                )

        await eventually(fired, "a server process fired the due slot", timeout_s=60)
        async with db.connection() as conn:
            [fire] = await conn.fetch(
                "SELECT outcome, run_id, inserted_at FROM support_agent_schedule_fires "
                "WHERE config_id = $1",
                UUID(config["id"]),
            )
        assert fire["outcome"] == "started"
        await assert_parked_after_update_and_tests(engine, str(fire["run_id"]))

        # Both processes keep firing schedules after the slot: still one run.
        async def many_passes_since() -> bool:
            async with db.connection() as conn:
                passes = await conn.fetchval(
                    "SELECT count(*) FROM jobs WHERE kind = $1 AND status = 'done' "
                    "AND finished_at > $2",
                    FIRE_JOB,
                    fire["inserted_at"],
                )
            return int(passes) >= 10

        await eventually(many_passes_since, "ten more schedule passes", timeout_s=60)
        logs = [procs.log(name) for name in ("a", "b")]
        assert all(procs.procs[name].poll() is None for name in ("a", "b")), logs

    async with db.connection() as conn:
        runs = await conn.fetch(
            "SELECT id, trigger FROM workflow_runs WHERE project_id = $1", engine.project_id
        )
        fires = await conn.fetchval(
            "SELECT count(*) FROM support_agent_schedule_fires WHERE config_id = $1",
            UUID(config["id"]),
        )
    assert [(r["id"], r["trigger"]) for r in runs] == [(fire["run_id"], "schedule")]
    assert fires == 1
    # Exactly one of the two processes fired it.
    assert sum("agent schedule fired" in log for log in logs) == 1, logs


async def test_an_approved_dependency_run_ships_a_chore_pull_request(
    shipping: Engine, gh: FakeGitHub
) -> None:
    config = await dependency_bot(shipping)
    [fire] = await fire_due(
        shipping.runtime, now=datetime.fromisoformat(config["schedule_next_at"])
    )
    run_id = str(fire.run_id)
    await assert_parked_after_update_and_tests(shipping, run_id)
    await shipping.rpc("orchestration.approve_run", {"run_id": run_id})
    done = await shipping.wait_status(run_id, "completed", "failed")
    assert done["status"] == "completed", done["error"]
    ship = done["step_results"]["ship"]
    [pull] = gh.pulls.values()
    assert pull["head"]["ref"] == ship["branch"]
    assert ship["branch"].startswith("jidocode/update_dependencies/")
    assert pull["title"] == "chore: Update dependencies"
    assert run_id in pull["body"]
    assert "requirements.txt" in pull["body"]

"""More runs at once than the long-job loops: the server's worker pools keep run drivers
apart from the Forge execs they wait on, so every run completes."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from rpc.app.server import Started, worker_pools
from rpc.registry import Registry
from tests.domains.orchestration.engine.conftest import Engine, step_runs

pytestmark = pytest.mark.committing


async def test_runs_beyond_the_long_loops_all_complete(engine: Engine, registry: Registry) -> None:
    # The fixture's single pool would serve drivers and execs alike: use the server's.
    await engine.workers.stop(grace_s=10)
    settings = engine.runtime.settings.model_copy(
        update={"long_job_concurrency": 1, "driver_job_concurrency": 3, "job_poll_interval_s": 0.05}
    )
    pools = worker_pools(Started(replace(engine.runtime, settings=settings), registry))
    await engine.rpc(
        "orchestration.create_definition",
        {
            "name": "two_commands",
            "steps": [
                {"name": f"s{i}", "kind": "shell", "options": {"command": "true"}} for i in range(2)
            ],
        },
    )
    for pool in pools:
        await pool.start()
    try:
        runs = [await engine.start("two_commands", {}) for _ in range(3)]
        # Before the driver pool, three drivers on one long loop waited forever for execs
        # no loop was left to run.
        ended = await asyncio.gather(
            *(engine.wait_status(r["id"], "completed", "failed", timeout_s=120) for r in runs)
        )
    finally:
        for pool in pools:
            await pool.stop(grace_s=10)
    assert [r["status"] for r in ended] == ["completed"] * 3
    for run in runs:
        attempts = await step_runs(engine.runtime.db, run["id"])
        assert [(a["step_name"], a["status"]) for a in attempts] == [
            ("s0", "completed"),
            ("s1", "completed"),
        ]

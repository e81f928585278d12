"""A worker process SIGKILLed while the shipping step waits for GitHub to answer the pull
request it opened: another worker process takes the run over, reuses the commit and the
pushed branch, finds the pull request instead of opening a second, and records it once."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from uuid import UUID

import pytest

from rpc.settings import Settings
from tests.domains.forge.children import child_env, children, eventually
from tests.domains.orchestration.engine.conftest import Engine, define, step_runs
from tests.domains.orchestration.engine.test_shipping import (
    artifacts,
    audits,
    remote_branches,
    remote_git,
)
from tests.fakes.github_server import FakeGitHub

pytestmark = pytest.mark.committing

WORKER = ("-m", "tests.domains.forge.forge_worker")


async def test_a_worker_killed_after_opening_the_pull_request_ships_it_once(
    shipping: Engine, gh: FakeGitHub, settings: Settings, tmp_path: Path
) -> None:
    await shipping.workers.stop(grace_s=5)  # only the worker processes below run jobs
    await define(
        shipping,
        "notes",
        [
            {"name": "write", "kind": "shell", "options": {"command": "echo notes > NOTES.md"}},
            {"name": "ship", "kind": "commit_and_pr", "options": {"commit_type": "docs"}},
        ],
    )
    gh.pull_answer_delay_s = 30.0  # opened at once, answered long after the kill
    rt = shipping.runtime.settings
    env = child_env(
        settings,
        JIDOCODE_GIT_CLONE_BASE_URL=str(rt.git_clone_base_url),
        JIDOCODE_GITHUB_API_URL=rt.github_api_url,
        JIDOCODE_WORKSPACE_ROOT=str(rt.workspace_root),
    )
    with children(env, tmp_path) as procs:
        worker = procs.start("a", *WORKER, "a", "engine", says_ready=True)
        run = await shipping.start("notes", {})

        async def opened() -> bool:
            return len(gh.pulls) == 1

        await eventually(opened, "the pull request was opened", timeout_s=60)
        os.kill(worker, signal.SIGKILL)
        procs.procs["a"].wait()
        gh.pull_answer_delay_s = 0.0

        procs.start("b", *WORKER, "b", "engine", says_ready=True)
        done = await shipping.wait_status(run["id"], "completed", "failed", timeout_s=90)
    assert done["status"] == "completed", done["error"]

    rows = await step_runs(shipping.runtime.db, run["id"])
    assert [(r["step_name"], r["attempt"], r["status"]) for r in rows] == [
        ("write", 1, "completed"),
        ("ship", 1, "failed"),
        ("ship", 2, "completed"),
    ]
    assert rows[1]["error"]["kind"] == "worker_lost"
    ship = done["step_results"]["ship"]
    branch = ship["branch"]
    # One commit, one branch, one pull request, one record.
    assert remote_branches(shipping) == sorted(["main", branch])
    assert remote_git(shipping, "rev-list", "--count", f"main..{branch}") == "1"
    assert remote_git(shipping, "rev-parse", branch) == ship["commit"]
    [pull] = gh.pulls.values()
    assert ship["pull_request"]["number"] == pull["number"]
    async with shipping.runtime.db.connection() as conn:
        rows_pr = await conn.fetch("SELECT number, run_id FROM pull_requests")
    assert [(r["number"], r["run_id"]) for r in rows_pr] == [(pull["number"], UUID(run["id"]))]
    by_action = audits(await artifacts(shipping, run["id"]))
    assert [c["reused"] for c in by_action["commit"]] == [True]
    assert [p["status"] for p in by_action["push"]] == ["up_to_date"]
    assert [p["reused"] for p in by_action["pull_request"]] == [True]

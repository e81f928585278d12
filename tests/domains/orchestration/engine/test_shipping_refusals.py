"""The shipping step's safety checks: each refusal is a typed ``policy_violation`` with
its reason in the run's error and an audit artifact, and nothing is committed, pushed or
opened. The changes are made for real by the run's own shell steps (or, for the
unexpected change, by someone else while the run waits for its approval)."""

# The assertions read the worktree and the bare remote; blocking the loop is fine here.

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from domains.setup.service import store_secret
from tests.domains.orchestration.engine.conftest import OWNER, Engine, define
from tests.domains.orchestration.engine.test_shipping import (
    approved_run,
    artifacts,
    audits,
    remote_branches,
)
from tests.fakes.github_server import FakeGitHub

pytestmark = pytest.mark.committing

STORED = "correct-horse-battery-staple-42"  # no token shape: only the stored secret knows it


def worktree_of(engine: Engine, run_id: str) -> Path:
    """The run's worktree folder."""
    return engine.checkout.parent.parent / ".worktrees" / "acme" / "app" / run_id


async def shell_then_ship(engine: Engine, name: str, command: str) -> dict[str, Any]:
    """A run of a definition whose shell step runs ``command``, then ships; its end."""
    await define(
        engine,
        name,
        [
            {"name": "write", "kind": "shell", "options": {"command": command}},
            {"name": "ship", "kind": "commit_and_pr", "options": {"commit_type": "chore"}},
        ],
    )
    run = await engine.start(name, {})
    return await engine.wait_status(run["id"], "completed", "failed")


async def assert_refused(
    engine: Engine, gh: FakeGitHub, run: dict[str, Any], check: str
) -> dict[str, Any]:
    """The run failed at ``ship`` by policy, with ``check`` audited, and shipped nothing."""
    assert run["status"] == "failed", run
    assert run["error"]["kind"] == "policy_violation", run["error"]
    error = run["error"]
    assert (error["kind"], error["failed_step"]) == ("policy_violation", "ship")
    assert error["reason"].startswith("shipping refused: ")
    found = await artifacts(engine, run["id"])
    [refusal] = audits(found)["ship_refused"]
    assert check in [v["check"] for v in refusal["violations"]]
    assert "commit" not in audits(found)
    assert remote_branches(engine) == ["main"]
    assert gh.pulls == {}
    async with engine.runtime.db.connection() as conn:
        assert await conn.fetchval("SELECT count(*) FROM pull_requests") == 0
    return refusal


async def test_a_change_the_run_did_not_make_is_refused(shipping: Engine, gh: FakeGitHub) -> None:
    run = await approved_run(shipping, approve=False)
    # While the run waits for its approval, someone edits its worktree.
    (worktree_of(shipping, run["id"]) / "src" / "app.py").write_text("print('sneaky')\n")
    await shipping.rpc("orchestration.approve_run", {"run_id": run["id"]})
    ended = await shipping.wait_status(run["id"], "completed", "failed")
    refusal = await assert_refused(shipping, gh, ended, "unexpected_changes")
    assert "src/app.py" in ended["error"]["reason"]
    assert "since step approval" in ended["error"]["reason"]
    [unexpected] = [v for v in refusal["violations"] if v["check"] == "unexpected_changes"]
    assert unexpected["files"] == ["src/app.py"]


async def test_a_token_in_the_diff_is_refused_and_not_persisted(
    shipping: Engine, gh: FakeGitHub
) -> None:
    # The token is made by the command, so the definition itself holds none.
    command = "python3 -c \"print('deploy: gh' + 'p_' + 'Ab3' * 12)\" > deploy.cfg"
    ended = await shell_then_ship(shipping, "leak_token", command)
    await assert_refused(shipping, gh, ended, "secret_in_diff")
    assert "deploy.cfg" in ended["error"]["reason"]
    token = "ghp_" + "Ab3" * 12
    assert token in (worktree_of(shipping, ended["id"]) / "deploy.cfg").read_text()
    assert token not in json.dumps(ended)
    assert not any(token in a["content"] for a in await artifacts(shipping, ended["id"]))


async def test_a_value_known_only_as_a_stored_secret_is_refused(
    shipping: Engine, gh: FakeGitHub
) -> None:
    rt = shipping.runtime
    async with rt.db.transaction() as conn:
        ref = await store_secret(
            conn, rt, scope="project", name="staging-key", value=STORED, source="api", actor=OWNER
        )
    await shipping.rpc(
        "projects.bind_secret",
        {
            "project_id": str(shipping.project_id),
            "env_var_name": "STAGING_KEY",
            "secret_ref_id": str(ref.id),
        },
    )
    ended = await shell_then_ship(
        shipping, "leak_stored", 'printf "key: %s\\n" "$STAGING_KEY" > app.env'
    )
    await assert_refused(shipping, gh, ended, "secret_in_diff")
    assert STORED in (worktree_of(shipping, ended["id"]) / "app.env").read_text()
    assert STORED not in json.dumps(ended)
    assert not any(STORED in a["content"] for a in await artifacts(shipping, ended["id"]))


async def test_more_changed_lines_than_the_limit_is_refused(
    shipping: Engine, gh: FakeGitHub
) -> None:
    limit = shipping.runtime.settings.shipping_max_changed_lines
    ended = await shell_then_ship(shipping, "too_big", f"seq 1 {limit + 1} > numbers.txt")
    await assert_refused(shipping, gh, ended, "too_many_lines")
    assert f"{limit + 1} lines, more than the limit of {limit}" in ended["error"]["reason"]


async def test_a_binary_file_is_refused(shipping: Engine, gh: FakeGitHub) -> None:
    ended = await shell_then_ship(shipping, "binary", "printf 'x\\000\\001\\002y' > logo.bin")
    await assert_refused(shipping, gh, ended, "binary_files")
    assert "logo.bin" in ended["error"]["reason"]


async def test_every_broken_rule_is_named_at_once(shipping: Engine, gh: FakeGitHub) -> None:
    ended = await shell_then_ship(
        shipping, "both", "printf '\\000\\001' > a.bin && seq 1 2000 > b.txt"
    )
    refusal = await assert_refused(shipping, gh, ended, "binary_files")
    assert {v["check"] for v in refusal["violations"]} == {"binary_files", "too_many_lines"}


async def test_nothing_changed_is_nothing_to_ship(shipping: Engine, gh: FakeGitHub) -> None:
    ended = await shell_then_ship(shipping, "idle", "true")
    assert ended["status"] == "failed"
    assert ended["error"]["kind"] == "execution_error"
    assert "nothing to ship" in ended["error"]["reason"]
    assert remote_branches(shipping) == ["main"]
    assert gh.pulls == {}

"""The builtin workflows driven by the step engine against real parts: git worktrees of a
clone of a local bare remote, Forge sessions running the fake agent and real shell
commands, and a local server speaking Anthropic's Messages API."""

# The assertions read a few small files of the worktree; blocking the loop is fine here.

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.domains.orchestration.engine.conftest import Engine, step_runs
from tests.domains.orchestration.engine.test_shipping import remote_branches

pytestmark = pytest.mark.committing

TASK = "Add a notes file describing the app"


def porcelain(path: Path) -> str:
    """``git status --porcelain`` of a checkout."""
    done = subprocess.run(
        ["git", "status", "--porcelain"], cwd=path, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


async def test_implement_task_reaches_approval_with_a_real_plan_diff_and_tests(
    engine: Engine,
) -> None:
    await engine.settings(test_command="test -f AGENT_NOTES.md && grep -q Add AGENT_NOTES.md")
    engine.llm.add_answers("1. Write AGENT_NOTES.md\n2. Run the tests")
    run = await engine.start("implement_task", {"task_summary": TASK})

    parked = await engine.wait_status(run["id"], "awaiting_approval", "failed")
    assert parked["status"] == "awaiting_approval", parked["error"]
    assert parked["current_step"] == "approval"
    plan = parked["step_results"]["plan"]
    assert plan["text"].startswith("1. Write AGENT_NOTES.md")
    assert (plan["provider"], plan["input_tokens"] > 0) == ("anthropic", True)
    assert parked["step_results"]["run_tests"]["passed"] is True
    assert parked["step_results"]["implement"]["status"] == "completed"

    # The plan was asked for with the task; the agent got the plan in its prompt.
    [asked] = engine.llm.requests
    assert TASK in asked.json["messages"][0]["content"]

    approvals = await engine.rpc(
        "orchestration.list_pending_approvals", {"project_id": str(engine.project_id)}
    )
    [approval] = approvals["items"]
    context = approval["context"]
    assert "AGENT_NOTES.md" in approval["diff_summary"]
    assert "(new, untracked)" in approval["diff_summary"]
    assert "passed" in approval["test_summary"]
    assert context["branch"].startswith("jidocode/implement_task/")

    # The run worked in its own worktree; the project's checkout stayed clean.
    status = await engine.rpc("projects.workspace_status", {"project_id": str(engine.project_id)})
    assert status["changed_files"] == []
    assert porcelain(engine.checkout) == ""
    notes = Path(engine.checkout).parent.parent / ".worktrees" / "acme" / "app" / run["id"]
    assert "1. Write AGENT_NOTES.md" in (notes / "AGENT_NOTES.md").read_text()

    rows = await step_runs(engine.runtime.db, run["id"])
    assert [(r["step_name"], r["attempt"], r["status"]) for r in rows] == [
        ("plan", 1, "completed"),
        ("implement", 1, "completed"),
        ("run_tests", 1, "completed"),
        ("approval", 1, "completed"),
    ]
    artifacts = await engine.rpc("orchestration.list_artifacts", {"run_id": run["id"]})
    kinds = sorted((a["kind"], a["name"]) for a in artifacts["items"])
    assert kinds == [
        ("audit", "audit_branch_created"),
        ("cost_summary", "cost_summary"),
        ("diff", "diff"),
        ("log", "run_tests_log"),
        ("report", "plan"),
        ("transcript", "implement_transcript"),
    ]

    # Approve: with no GitHub credential there can be no pull request, so the ship step
    # fails before committing or pushing anything; the worktree is kept.
    await engine.rpc("orchestration.approve_run", {"run_id": run["id"]})
    failed = await engine.wait_status(run["id"], "failed")
    assert failed["error"]["failed_step"] == "ship"
    assert failed["error"]["kind"] == "secret_unavailable"
    assert "no GitHub credential" in failed["error"]["reason"]
    assert remote_branches(engine) == ["main"]
    assert failed["error"]["last_successful_step"] == "approval"
    assert (notes / "AGENT_NOTES.md").exists()

    # What was spent, stored when the run parked and again when it ended.
    artifacts = await engine.rpc("orchestration.list_artifacts", {"run_id": run["id"]})
    summaries = [a for a in artifacts["items"] if a["kind"] == "cost_summary"]
    assert sorted(a["metadata"]["moment"] for a in summaries) == ["awaiting_approval", "failed"]
    last = next(a for a in summaries if a["metadata"]["moment"] == "failed")
    full = await engine.rpc("orchestration.get_artifact", {"artifact_id": last["id"]})
    summary = json.loads(full["content"])
    assert summary["llm_usd"] > 0
    assert summary["total_usd"] == pytest.approx(summary["llm_usd"] + summary["agent_usd"])
    assert [(a["step"], a["status"]) for a in summary["attempts"]][-1] == ("ship", "failed")


async def test_fix_failing_tests_reproduces_the_failure_then_passes(engine: Engine) -> None:
    # Fails in a fresh worktree (no notes yet), passes once the agent wrote them.
    await engine.settings(test_command="test -f AGENT_NOTES.md")
    engine.llm.add_answers("The notes file is missing; create it.")
    run = await engine.start("fix_failing_tests", {"failure_signal": "test_notes fails"})

    parked = await engine.wait_status(run["id"], "awaiting_approval", "failed")
    assert parked["status"] == "awaiting_approval", parked["error"]
    results = parked["step_results"]
    assert (results["reproduce"]["passed"], results["reproduce"]["exit_code"]) == (False, 1)
    assert results["diagnose"]["text"] == "The notes file is missing; create it."
    assert results["run_tests"]["passed"] is True
    # The diagnosis saw the reproduced failure.
    [asked] = engine.llm.requests
    prompt = asked.json["messages"][0]["content"]
    assert "test_notes fails" in prompt
    assert "Output of step reproduce" in prompt


async def test_a_rate_limited_plan_is_retried_after_the_providers_retry_after(
    engine: Engine,
) -> None:
    await engine.settings(test_command="true")
    engine.llm.fail_next(429, retry_after=1)
    run = await engine.start("implement_task", {"task_summary": TASK})

    parked = await engine.wait_status(run["id"], "awaiting_approval", "failed")
    assert parked["status"] == "awaiting_approval", parked["error"]
    rows = await step_runs(engine.runtime.db, run["id"])
    first, second = rows[0], rows[1]
    assert (first["step_name"], first["attempt"], first["status"]) == ("plan", 1, "failed")
    assert first["error"]["kind"] == "rate_limited"
    assert (second["step_name"], second["attempt"], second["status"]) == ("plan", 2, "completed")
    # The provider said one second: the second attempt did not start before it.
    assert (second["started_at"] - first["finished_at"]).total_seconds() >= 0.95
    assert len(engine.llm.requests) == 2


async def test_a_failing_test_step_fails_the_run_with_the_log(engine: Engine) -> None:
    await engine.settings(test_command="echo broken >&2; exit 3")
    run = await engine.start("implement_task", {"task_summary": TASK})

    failed = await engine.wait_status(run["id"], "failed", "awaiting_approval")
    assert failed["status"] == "failed"
    assert failed["error"]["failed_step"] == "run_tests"
    assert "exit code 3" in failed["error"]["reason"]
    assert failed["error"]["last_successful_step"] == "implement"
    assert failed["step_results"].get("run_tests") is None
    rows = await step_runs(engine.runtime.db, run["id"])
    assert rows[-1]["output"]["log_tail"].strip() == "broken"


async def test_no_active_llm_provider_fails_the_plan_with_what_to_fix(engine: Engine) -> None:
    async with engine.runtime.db.connection() as conn:
        await conn.execute("UPDATE provider_credentials SET status = 'invalid'")
    run = await engine.start("implement_task", {"task_summary": TASK})

    failed = await engine.wait_status(run["id"], "failed")
    assert failed["error"]["kind"] == "provider_error"
    assert failed["error"]["failed_step"] == "plan"
    assert "setup.set_provider_credential" in failed["error"]["remediation"]

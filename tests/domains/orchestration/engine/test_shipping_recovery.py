"""Shipping when things go wrong on the way out: remote branch collisions (never forced),
GitHub refusing the pull request, a refused credential refreshed once, an answer lost
after the pull request was opened, and the dry run that pushes and opens nothing."""

# The assertions read the bare remote with git; blocking the loop is fine here.

from __future__ import annotations

import pytest

from tests.domains.orchestration.engine.conftest import Engine, define
from tests.domains.orchestration.engine.test_shipping import (
    approved_run,
    artifacts,
    audits,
    remote_branches,
    remote_git,
)
from tests.domains.projects.conftest import git
from tests.fakes.github_server import FakeGitHub

pytestmark = pytest.mark.committing


def run_branch(run_id: str) -> str:
    """The branch ``implement_task`` runs get."""
    return f"jidocode/implement_task/{run_id.replace('-', '')[:8]}"


def push_other_history(engine: Engine, branch: str) -> str:
    """Someone else's branch of that name in the remote (not a fast-forward of ours)."""
    work = engine.remote_work
    git("checkout", "-q", "-B", "other", "main", cwd=work)
    (work / "OTHER.md").write_text(f"someone else's {branch}\n")
    git("add", "-A", cwd=work)
    git("commit", "-q", "-m", "someone else's work", cwd=work)
    git("push", "-q", "origin", f"other:refs/heads/{branch}", cwd=work)
    return git("rev-parse", "HEAD", cwd=work).strip()


async def test_a_taken_remote_branch_gets_the_suffix_once(shipping: Engine, gh: FakeGitHub) -> None:
    run = await approved_run(shipping, approve=False)
    branch = run_branch(run["id"])
    theirs = push_other_history(shipping, branch)
    await shipping.rpc("orchestration.approve_run", {"run_id": run["id"]})
    done = await shipping.wait_status(run["id"], "completed", "failed")
    assert done["status"] == "completed", done["error"]
    assert done["step_results"]["ship"]["branch"] == f"{branch}-2"
    # Theirs is untouched; ours went beside it.
    assert remote_git(shipping, "rev-parse", branch) == theirs
    assert (
        remote_git(shipping, "rev-parse", f"{branch}-2") == done["step_results"]["ship"]["commit"]
    )
    [pull] = gh.pulls.values()
    assert pull["head"]["ref"] == f"{branch}-2"
    # Artifacts of one step share their time: the audit says which push came first.
    pushes = sorted(audits(await artifacts(shipping, run["id"]))["push"], key=lambda p: p["tried"])
    assert [(p["branch"], p["status"]) for p in pushes] == [
        (branch, "rejected"),
        (f"{branch}-2", "pushed"),
    ]


async def test_both_names_taken_fails_without_forcing(shipping: Engine, gh: FakeGitHub) -> None:
    run = await approved_run(shipping, approve=False)
    branch = run_branch(run["id"])
    first = push_other_history(shipping, branch)
    second = push_other_history(shipping, f"{branch}-2")
    await shipping.rpc("orchestration.approve_run", {"run_id": run["id"]})
    failed = await shipping.wait_status(run["id"], "completed", "failed")
    assert failed["status"] == "failed"
    assert (failed["error"]["kind"], failed["error"]["failed_step"]) == ("conflict", "ship")
    assert "nothing was forced" in failed["error"]["reason"]
    assert remote_git(shipping, "rev-parse", branch) == first
    assert remote_git(shipping, "rev-parse", f"{branch}-2") == second
    assert sorted(remote_branches(shipping)) == sorted(["main", branch, f"{branch}-2"])
    assert gh.pulls == {}


async def test_a_refused_pull_request_keeps_the_branch_and_a_retry_opens_it(
    shipping: Engine, gh: FakeGitHub
) -> None:
    gh.pull_refusals.append(
        "the base branch is protected from pull requests (token=ghp_" + "x" * 36 + ")"
    )
    run = await approved_run(shipping)
    failed = await shipping.wait_status(run["id"], "completed", "failed")
    assert failed["status"] == "failed"
    error = failed["error"]
    assert (error["kind"], error["failed_step"]) == ("provider_error", "ship")
    assert "GitHub refused the pull request" in error["reason"]
    assert "protected from pull requests" in error["reason"]
    assert "ghp_" + "x" * 36 not in str(failed)  # GitHub's reason arrives redacted
    branch = run_branch(run["id"])
    assert branch in remote_branches(shipping)
    commit = remote_git(shipping, "rev-parse", branch)
    assert gh.pulls == {}
    async with shipping.runtime.db.connection() as conn:
        assert await conn.fetchval("SELECT count(*) FROM pull_requests") == 0

    # A retry from the ship step reuses the commit and the pushed branch, and opens it.
    retry = await shipping.rpc(
        "orchestration.retry_run", {"run_id": run["id"], "from_step": "ship"}
    )
    done = await shipping.wait_status(retry["id"], "completed", "failed")
    assert done["status"] == "completed", done["error"]
    ship = done["step_results"]["ship"]
    assert (ship["commit"], ship["push"], ship["branch"]) == (commit, "up_to_date", branch)
    assert remote_git(shipping, "rev-list", "--count", f"main..{branch}") == "1"
    [pull] = gh.pulls.values()
    assert pull["head"]["ref"] == branch
    [commit_audit] = audits(await artifacts(shipping, retry["id"]))["commit"]
    assert commit_audit["reused"] is True


async def test_an_opened_pull_request_whose_answer_was_lost_is_found_not_opened_twice(
    shipping: Engine, gh: FakeGitHub
) -> None:
    gh.pull_responses_lost = 1
    run = await approved_run(shipping)
    failed = await shipping.wait_status(run["id"], "completed", "failed")
    assert failed["status"] == "failed"
    assert len(gh.pulls) == 1  # GitHub opened it; we never heard
    retry = await shipping.rpc(
        "orchestration.retry_run", {"run_id": run["id"], "from_step": "ship"}
    )
    done = await shipping.wait_status(retry["id"], "completed", "failed")
    assert done["status"] == "completed", done["error"]
    [pull] = gh.pulls.values()
    assert done["step_results"]["ship"]["pull_request"]["number"] == pull["number"]
    [opened] = audits(await artifacts(shipping, retry["id"]))["pull_request"]
    assert opened["reused"] is True
    page = await shipping.rpc(
        "orchestration.list_pull_requests", {"project_id": str(shipping.project_id)}
    )
    assert [p["number"] for p in page["items"]] == [pull["number"]]


async def test_a_refused_installation_token_is_refreshed_once_for_the_push(
    shipping_app: Engine, gh: FakeGitHub
) -> None:
    run = await approved_run(shipping_app, approve=False)
    minted = len(gh.minted)
    # GitHub revokes the installation token the server holds in its cache.
    gh.expire_installation_tokens()
    await shipping_app.rpc("orchestration.approve_run", {"run_id": run["id"]})
    done = await shipping_app.wait_status(run["id"], "completed", "failed")
    assert done["status"] == "completed", done["error"]
    assert len(gh.minted) == minted + 1
    fresh = gh.minted[-1].token
    assert fresh in gh.git_passwords
    [push] = audits(await artifacts(shipping_app, run["id"]))["push"]
    assert (push["status"], push["refreshed"]) == ("pushed", True)
    assert run_branch(run["id"]) in remote_branches(shipping_app)
    assert len(gh.pulls) == 1


async def test_a_credential_refused_even_when_fresh_fails_the_step(
    shipping: Engine, gh: FakeGitHub
) -> None:
    run = await approved_run(shipping, approve=False)
    gh.tokens.clear()  # the PAT was revoked, and the store holds no other
    await shipping.rpc("orchestration.approve_run", {"run_id": run["id"]})
    failed = await shipping.wait_status(run["id"], "completed", "failed")
    assert failed["status"] == "failed"
    assert failed["error"]["failed_step"] == "ship"
    assert "refused the GitHub credential" in failed["error"]["reason"]
    assert remote_branches(shipping) == ["main"]


async def test_a_dry_run_commits_but_pushes_and_opens_nothing(
    shipping: Engine, gh: FakeGitHub
) -> None:
    run = await approved_run(shipping, {"dry_run": True})
    done = await shipping.wait_status(run["id"], "completed", "failed")
    assert done["status"] == "completed", done["error"]
    ship = done["step_results"]["ship"]
    assert ship["dry_run"] is True
    assert "push" not in ship
    assert "pull_request" not in ship
    assert remote_branches(shipping) == ["main"]
    assert gh.pulls == {}
    assert not any(r.path.endswith("/pulls") for r in gh.requests)
    found = await artifacts(shipping, run["id"])
    by_action = audits(found)
    assert [a["commit"] for a in by_action["commit"]] == [ship["commit"]]
    assert by_action["dry_run"][0]["skipped"] == ["push", "pull_request"]
    assert "push" not in by_action
    [preview] = [a for a in found if a["name"] == "pull_request_preview"]
    assert run["id"] in preview["content"]
    # The commit is real, in the run's worktree.
    worktree = shipping.checkout.parent.parent / ".worktrees" / "acme" / "app" / run["id"]
    assert git("rev-parse", "HEAD", cwd=worktree).strip() == ship["commit"]


async def test_a_definition_may_make_its_shipping_a_dry_run(
    shipping: Engine, gh: FakeGitHub
) -> None:
    await define(
        shipping,
        "rehearse",
        [
            {"name": "write", "kind": "shell", "options": {"command": "echo hi > hello.txt"}},
            {"name": "ship", "kind": "commit_and_pr", "options": {"dry_run": True}},
        ],
    )
    run = await shipping.start("rehearse", {})
    done = await shipping.wait_status(run["id"], "completed", "failed")
    assert done["status"] == "completed", done["error"]
    assert done["step_results"]["ship"]["dry_run"] is True
    assert remote_branches(shipping) == ["main"]
    assert gh.pulls == {}
    bad = await shipping.rpc_error(
        "orchestration.start_run",
        {
            "project_id": str(shipping.project_id),
            "definition_name": "rehearse",
            "inputs": {"dry_run": "yes"},
        },
    )
    assert bad["data"]["kind"] == "validation_error"

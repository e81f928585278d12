"""The pull request review bot: a signed ``pull_request`` delivery starts a ``pr_review``
run that reads the diff from the local GitHub-speaking server, reviews it with the local
LLM server, waits for approval (unless the bot auto-posts) and posts the review once."""

from __future__ import annotations

from typing import Any

import pytest

from domains.agents.models import ApprovalPolicy
from domains.github.review_prompts import REVIEW_MARKER
from domains.github_api.client import GitHubClient
from tests.domains.github.factories import REPO, Bot, count
from tests.domains.github.pull_factories import (
    DIFF,
    SHA_1,
    deliveries,
    pull_payload,
    review_bot,
    serve_pull,
)
from tests.fakes.github_server import FakeGitHub
from tests.fakes.llm_server import FakeLlm

pytestmark = pytest.mark.committing

STEPS = ["fetch_pull_request", "review", "approval", "post_review"]
REVIEW = "Looks right. `main` now returns 0; the new test covers it."


async def step_runs(bot: Bot, run_id: str) -> list[tuple[str, str]]:
    async with bot.runtime.db.connection() as conn:
        rows = await conn.fetch(
            "SELECT step_name, status FROM workflow_step_runs WHERE run_id = $1 "
            "ORDER BY step_index, attempt",
            run_id,
        )
    return [(r["step_name"], r["status"]) for r in rows]


async def opened(bot: Bot, number: int = 7, diff: str = DIFF, **pull: Any) -> dict[str, Any]:
    """Serve pull request ``number``, deliver ``opened`` and run what it started."""
    serve_pull(bot, number, diff, **pull)
    await bot.deliver(pull_payload("opened", number, **pull), event="pull_request")
    await bot.workers.drain()
    (run,) = (await bot.rpc("orchestration.list_runs", {}))["items"]
    return dict(await bot.rpc("orchestration.get_run", {"run_id": run["id"]}))


async def artifacts(bot: Bot, run_id: str) -> dict[str, dict[str, Any]]:
    listed = (await bot.rpc("orchestration.list_artifacts", {"run_id": run_id}))["items"]
    return {
        a["name"]: await bot.rpc("orchestration.get_artifact", {"artifact_id": a["id"]})
        for a in listed
    }


@pytest.mark.parametrize(
    ("config", "action", "reason"),
    [
        (None, "opened", "the project has no pr_review_bot"),
        ({"enabled": False}, "opened", "the project's pr_review_bot is disabled"),
        (
            {"webhook_events": ["pull_request.opened"]},
            "synchronize",
            f"no pull request record for {REPO}#5; "
            "the pr_review_bot is not subscribed to pull_request.synchronize",
        ),
        (
            {"webhook_events": ["pull_request.synchronize"]},
            "opened",
            "the pr_review_bot is not subscribed to pull_request.opened",
        ),
    ],
)
async def test_a_bot_that_is_off_or_not_subscribed_ignores_the_delivery(
    bot: Bot, config: dict[str, Any] | None, action: str, reason: str
) -> None:
    if config is not None:
        await review_bot(bot, **config)
    await bot.deliver(pull_payload(action, 5), event="pull_request", delivery="d")
    await bot.workers.drain()
    assert await deliveries(bot) == {"d": ("ignored", reason)}
    assert await count(bot.runtime.db, "workflow_runs") == 0


async def test_a_draft_is_not_reviewed(bot: Bot) -> None:
    await review_bot(bot)
    await bot.deliver(pull_payload("opened", 6, draft=True), event="pull_request", delivery="d")
    await bot.workers.drain()
    assert (await deliveries(bot))["d"] == (
        "ignored",
        "the pull request is a draft (set review_drafts to review drafts)",
    )


async def test_opened_is_reviewed_waits_for_approval_then_posts_once(
    llm_bot: Bot, llm: FakeLlm
) -> None:
    await review_bot(llm_bot)
    llm.add_answers(REVIEW)
    run = await opened(llm_bot, 7)
    assert (run["workflow_name"], run["trigger"], run["status"]) == (
        "pr_review",
        "webhook",
        "awaiting_approval",
    )
    assert run["inputs"] == {"pull_request_reference": f"{REPO}#7"}
    context = run["trigger_context"]
    assert (context["event"], context["approval_mode"]) == ("pull_request.opened", "manual")
    assert context["pull_request"]["number"] == 7
    assert context["pull_request"]["head_sha"] == SHA_1
    assert context["pull_request"]["title"] == "Make main say hello"
    (delivery,) = (await deliveries(llm_bot)).values()
    assert delivery == ("processed", f"pr_review run {run['id']} started")

    # The diff came from GitHub in its media type; the LLM saw it, once.
    assert llm_bot.gh.reviews.diff_requests == 1
    (request,) = llm.requests
    prompt = request.json["messages"][-1]["content"]
    assert "+    print('hello')" in prompt
    assert "Says hello instead of hi" in prompt
    assert llm_bot.gh.comments == []
    async with llm_bot.runtime.db.connection() as conn:
        worktrees = await conn.fetchval(
            "SELECT count(*) FROM workflow_run_worktrees WHERE run_id = $1", run["id"]
        )
    assert worktrees == 0  # the review works on no files

    (pending,) = (await llm_bot.rpc("orchestration.list_pending_approvals"))["items"]
    proposed = pending["context"]["proposed_review"]
    assert proposed.startswith(REVIEW)
    assert REVIEW_MARKER in proposed
    assert SHA_1[:12] in proposed
    assert pending["diff_summary"] == "2 file(s) changed, +4 -1"

    await llm_bot.rpc("orchestration.approve_run", {"run_id": run["id"]})
    await llm_bot.workers.drain()
    await llm_bot.workers.drain()
    (comment,) = llm_bot.gh.comments
    assert (comment.full_name, comment.number, comment.body) == (REPO, 7, proposed)
    done = await llm_bot.rpc("orchestration.get_run", {"run_id": run["id"]})
    assert done["status"] == "completed"
    assert await step_runs(llm_bot, run["id"]) == [(s, "completed") for s in STEPS]
    stored = await artifacts(llm_bot, run["id"])
    assert stored["pull_request_diff"]["kind"] == "diff"
    assert stored["pull_request_diff"]["content"] == DIFF
    assert (stored["pr_review"]["kind"], stored["pr_review"]["content"]) == ("report", proposed)
    assert stored["pr_review_comment"]["content"] == comment.html_url


async def test_auto_post_posts_without_approval(llm_bot: Bot, llm: FakeLlm) -> None:
    await review_bot(llm_bot, approval_policy=ApprovalPolicy(mode="auto_post"))
    llm.add_answers(REVIEW)
    run = await opened(llm_bot, 8)
    assert run["status"] == "completed"
    assert run["step_results"]["approval"] == {"skipped": True, "mode": "auto_post"}
    (comment,) = llm_bot.gh.comments
    assert comment.body.startswith(REVIEW)
    assert (await llm_bot.rpc("orchestration.list_pending_approvals"))["items"] == []


async def test_a_post_whose_answer_was_lost_is_not_posted_again(llm_bot: Bot, llm: FakeLlm) -> None:
    await review_bot(llm_bot, approval_policy=ApprovalPolicy(mode="auto_post"))
    llm.add_answers(REVIEW)
    # GitHub records the first comment but its answer is lost: the step fails, and its
    # next attempt finds the comment by the run's marker instead of posting again.
    llm_bot.gh.reviews.lose_comment_answers(1)
    run = await opened(llm_bot, 9)
    assert run["status"] == "completed"
    (comment,) = llm_bot.gh.comments
    assert run["step_results"]["post_review"]["comment_url"] == comment.html_url
    assert (await step_runs(llm_bot, run["id"]))[-2:] == [
        ("post_review", "failed"),
        ("post_review", "completed"),
    ]


async def test_a_retried_run_finds_the_review_already_posted(llm_bot: Bot, llm: FakeLlm) -> None:
    await review_bot(llm_bot, approval_policy=ApprovalPolicy(mode="auto_post"))
    llm.add_answers(REVIEW)
    llm_bot.gh.fail("forbidden", times=None, path_prefix=f"/repos/{REPO}/issues/10/comments")
    run = await opened(llm_bot, 10)
    assert (run["status"], run["error"]["failed_step"]) == ("failed", "post_review")
    assert run["error"]["kind"] == "provider_error"
    assert "remediation" in run["error"]
    # As if the refused post had gone through after all (GitHub answered late).
    llm_bot.gh.clear_failures()
    proposed = run["step_results"]["review"]["proposed_review"]
    earlier = llm_bot.gh.add_issue_comment(REPO, 10, proposed, author="jidocode")

    retry = await llm_bot.rpc(
        "orchestration.retry_run", {"run_id": run["id"], "from_step": "post_review"}
    )
    await llm_bot.workers.drain()
    retried = await llm_bot.rpc("orchestration.get_run", {"run_id": retry["id"]})
    assert retried["status"] == "completed"
    assert llm_bot.gh.comments == []  # nothing was POSTed
    assert retried["step_results"]["post_review"]["comment_url"] == earlier["html_url"]
    assert len(llm.requests) == 1  # the retry reused the review


async def test_without_an_llm_provider_the_review_fails_typed(bot: Bot) -> None:
    await review_bot(bot)
    run = await opened(bot, 11)
    assert run["status"] == "failed"
    error = run["error"]
    assert (error["kind"], error["failed_step"]) == ("provider_error", "review")
    assert "no LLM provider credential is active" in error["reason"]
    assert "setup.set_provider_credential" in error["remediation"]
    assert await step_runs(bot, run["id"]) == [
        ("fetch_pull_request", "completed"),
        ("review", "failed"),
    ]
    assert bot.gh.comments == []


async def test_a_secret_in_the_diff_reaches_no_stored_record(llm_bot: Bot, llm: FakeLlm) -> None:
    await review_bot(llm_bot)
    token = next(iter(llm_bot.gh.tokens))  # the stored GitHub PAT: the redactor knows it
    shaped = "sk-ant-api03-" + "Zq9" * 12  # a token shape nobody stored
    diff = DIFF + (
        "diff --git a/.env b/.env\nnew file mode 100644\n--- /dev/null\n+++ b/.env\n"
        f"@@ -0,0 +1,2 @@\n+GITHUB_TOKEN={token}\n+ANTHROPIC={shaped}\n"
    )
    # The LLM quotes the secret back: the review is masked before it is stored or posted.
    llm.add_answers(f"Do not commit `{token}` or `{shaped}`.")
    run = await opened(llm_bot, 12, diff=diff)
    assert run["status"] == "awaiting_approval"
    (request,) = llm.requests
    prompt = request.json["messages"][-1]["content"]
    assert "+GITHUB_TOKEN=" in prompt
    assert token not in prompt
    assert shaped not in prompt
    (pending,) = (await llm_bot.rpc("orchestration.list_pending_approvals"))["items"]
    assert any("secret" in note for note in pending["risk_notes"])
    await llm_bot.rpc("orchestration.approve_run", {"run_id": run["id"]})
    await llm_bot.workers.drain()
    (comment,) = llm_bot.gh.comments
    assert comment.body.startswith("Do not commit ")
    assert token not in comment.body
    assert shaped not in comment.body

    async with llm_bot.runtime.db.connection() as conn:
        tables = [
            r["tablename"]
            for r in await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        ]
        for table in tables:
            dump = await conn.fetchval(f"SELECT string_agg(t::text, ' ') FROM \"{table}\" t")
            assert token not in (dump or ""), table
            assert shaped not in (dump or ""), table


async def test_a_diff_too_large_to_render_is_read_from_the_file_list(
    llm_bot: Bot, llm: FakeLlm
) -> None:
    await review_bot(llm_bot, approval_policy=ApprovalPolicy(mode="auto_post"))
    llm.add_answers(REVIEW)
    serve_pull(llm_bot, 13)
    llm_bot.gh.reviews.set_diff(REPO, 13, DIFF, too_large=True)
    await llm_bot.deliver(pull_payload("opened", 13), event="pull_request")
    await llm_bot.workers.drain()
    (run,) = (await llm_bot.rpc("orchestration.list_runs", {}))["items"]
    run = await llm_bot.rpc("orchestration.get_run", {"run_id": run["id"]})
    assert run["status"] == "completed"
    fetched = run["step_results"]["fetch_pull_request"]
    assert (fetched["diff_source"], fetched["files"]) == ("files", 2)
    prompt = llm.requests[0].json["messages"][-1]["content"]
    assert "diff --git a/tests/test_app.py" in prompt
    assert "+    return 0" in prompt


async def test_the_client_reads_a_diff_up_to_its_cap(gh: FakeGitHub) -> None:
    token = gh.add_token()
    gh.add_repo(REPO)
    gh.add_pull(REPO, 3)
    gh.reviews.set_diff(REPO, 3, DIFF)
    client = GitHubClient(base_url=gh.base_url, token=token)
    whole = await client.get_pull_request_diff("acme", "app", 3)
    assert (whole.text, whole.truncated) == (DIFF, False)
    exact = await client.get_pull_request_diff("acme", "app", 3, max_bytes=len(DIFF.encode()))
    assert (exact.text, exact.truncated) == (DIFF, False)
    cut = await client.get_pull_request_diff("acme", "app", 3, max_bytes=100)
    assert cut.truncated
    assert DIFF.startswith(cut.text)
    assert cut.text.endswith("\n")
    assert len(cut.text) <= 100
    files = await client.list_pull_request_files("acme", "app", 3)
    assert [(f["filename"], f["status"]) for f in files] == [
        ("src/app.py", "modified"),
        ("tests/test_app.py", "added"),
    ]

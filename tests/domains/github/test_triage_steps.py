"""The issue_triage steps' promises on the local GitHub server: a GitHub outage is retried,
a reply is posted once (an earlier attempt's or the retried run's comment is found), a
retried run takes the analysis over, a superseded run's writes are fenced out, and a long
thread's newest comments are the ones read."""

from __future__ import annotations

from typing import Any

import pytest

from tests.domains.github.factories import REPO, Bot, issue_payload

pytestmark = pytest.mark.committing


async def attempts(bot: Bot, run_id: str, step: str) -> list[str]:
    async with bot.runtime.db.connection() as conn:
        rows = await conn.fetch(
            "SELECT status FROM workflow_step_runs WHERE run_id = $1 AND step_name = $2 "
            "ORDER BY attempt",
            run_id,
            step,
        )
    return [r["status"] for r in rows]


async def parked(bot: Bot, number: int, title: str = "Crash") -> dict[str, Any]:
    """Deliver issue ``number`` and let its run reach the approval."""
    await bot.deliver(issue_payload(REPO, number=number, title=title))
    await bot.workers.drain()
    pending = (await bot.rpc("orchestration.list_pending_approvals"))["items"]
    (approval,) = [p for p in pending if p["context"]["issue"]["number"] == number]
    return dict(approval)


async def test_a_github_outage_is_retried(bot: Bot) -> None:
    bot.gh.add_issue(REPO, 50, title="Crash")
    bot.gh.fail("server_error", times=1, path_prefix=f"/repos/{REPO}/issues/50")
    approval = await parked(bot, 50)
    assert await attempts(bot, approval["run_id"], "fetch_issue") == ["failed", "completed"]


async def test_a_reply_already_on_the_issue_is_not_posted_again(bot: Bot) -> None:
    bot.gh.add_issue(REPO, 51, title="Crash")
    approval = await parked(bot, 51)
    proposed = approval["context"]["proposed_response"]
    # As if an earlier attempt's POST went through before its worker died.
    earlier = bot.gh.add_issue_comment(REPO, 51, proposed, author="jidocode")
    await bot.rpc("orchestration.approve_run", {"run_id": approval["run_id"]})
    await bot.workers.drain()
    assert bot.gh.comments == []  # nothing was POSTed
    run = await bot.rpc("orchestration.get_run", {"run_id": approval["run_id"]})
    assert run["status"] == "completed"
    assert run["step_results"]["post_comment"]["comment_url"] == earlier["html_url"]


async def test_a_retried_run_takes_the_analysis_over_and_posts_once(bot: Bot) -> None:
    bot.gh.add_issue(REPO, 52, title="Crash")
    approval = await parked(bot, 52)
    bot.gh.fail("forbidden", times=None, path_prefix=f"/repos/{REPO}/issues/52/comments")
    await bot.rpc("orchestration.approve_run", {"run_id": approval["run_id"]})
    await bot.workers.drain()
    (analysis,) = (await bot.rpc("github.list_issue_analyses"))["items"]
    assert analysis["status"] == "failed"

    bot.gh.clear_failures()
    retry = await bot.rpc(
        "orchestration.retry_run", {"run_id": approval["run_id"], "from_step": "post_comment"}
    )
    await bot.workers.drain()
    assert (await bot.rpc("orchestration.get_run", {"run_id": retry["id"]}))["status"] == (
        "completed"
    )
    (comment,) = bot.gh.comments
    analysis = await bot.rpc("github.get_issue_analysis", {"id": analysis["id"]})
    assert (analysis["run_id"], analysis["status"]) == (retry["id"], "analyzed")
    assert (analysis["comment_posted"], analysis["comment_url"]) == (True, comment.html_url)
    assert analysis["error"] is None


async def test_a_superseded_run_no_longer_writes_the_analysis(bot: Bot) -> None:
    bot.gh.add_issue(REPO, 53, title="Crash", body="Traceback.")
    first = await parked(bot, 53)
    # The issue is edited: a new delivery, a new run, the same analysis.
    bot.gh.add_issue(REPO, 53, title="How do I configure it?", body="Is there a way?")
    await bot.deliver(
        issue_payload(REPO, action="edited", number=53, title="How do I configure it?")
    )
    await bot.workers.drain()
    (analysis,) = (await bot.rpc("github.list_issue_analyses"))["items"]
    assert analysis["run_id"] != first["run_id"]
    assert analysis["classification"] == "question"

    # Approving the first run posts its reply, but the analysis is the second run's.
    await bot.rpc("orchestration.approve_run", {"run_id": first["run_id"]})
    await bot.workers.drain()
    assert len(bot.gh.comments) == 1
    after = await bot.rpc("github.get_issue_analysis", {"id": analysis["id"]})
    assert (after["run_id"], after["comment_posted"]) == (analysis["run_id"], False)
    assert after["proposed_response"] == analysis["proposed_response"]


async def test_a_long_thread_gives_the_triage_its_newest_comments(bot: Bot) -> None:
    bot.gh.add_issue(REPO, 54, title="Crash")
    for i in range(250):
        bot.gh.add_issue_comment(REPO, 54, f"comment {i}")
    approval = await parked(bot, 54)
    run = await bot.rpc("orchestration.get_run", {"run_id": approval["run_id"]})
    comments = run["step_results"]["fetch_issue"]["comments"]
    assert [c["body"] for c in comments] == [f"comment {i}" for i in range(230, 250)]

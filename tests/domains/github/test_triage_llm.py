"""The issue bot with an LLM: a signed delivery runs all six ``issue_triage`` steps through
the step engine, calling the local Anthropic-speaking server for triage, research and the
reply, and the local GitHub-speaking server for the issue and the comment."""

from __future__ import annotations

import json
from typing import Any

import pytest

from domains.agents.models import ApprovalPolicy
from domains.github.analyser import BOT_MARKER
from tests.domains.github.factories import REPO, Bot, issue_payload
from tests.fakes.llm_server import FakeLlm

pytestmark = pytest.mark.committing

STEPS = ["fetch_issue", "triage", "research", "compose_response", "approval", "post_comment"]
VERDICT = {
    "classification": "bug",
    "confidence": 0.9,
    "priority": "high",
    "suggested_labels": ["bug", "crash"],
    "summary": "Saving a file with a long name crashes the app.",
}


async def step_runs(bot: Bot, run_id: str) -> list[tuple[str, str]]:
    async with bot.runtime.db.connection() as conn:
        rows = await conn.fetch(
            "SELECT step_name, status FROM workflow_step_runs WHERE run_id = $1 "
            "ORDER BY step_index, attempt",
            run_id,
        )
    return [(r["step_name"], r["status"]) for r in rows]


def script(llm: FakeLlm, reply: str = "Thanks! Could you share the file name you used?") -> None:
    llm.add_answers(
        f"Here is the verdict:\n```json\n{json.dumps(VERDICT)}\n```",
        "It concerns the save path; the report lacks the file name.",
        reply,
    )


async def deliver_issue(bot: Bot) -> dict[str, Any]:
    bot.gh.add_issue(REPO, 40, title="Crash on save", body="Saving crashes with a traceback.")
    bot.gh.add_issue_comment(REPO, 40, "Same here with a 300-character name.")
    await bot.deliver(issue_payload(REPO, number=40, title="Crash on save"))
    await bot.workers.drain()
    (analysis,) = (await bot.rpc("github.list_issue_analyses"))["items"]
    return dict(analysis)


async def test_manual_triage_asks_the_llm_three_times_then_posts_after_approval(
    llm_bot: Bot, llm: FakeLlm
) -> None:
    script(llm)
    analysis = await deliver_issue(llm_bot)
    assert analysis["status"] == "analyzed"
    assert analysis["analyser"].startswith("llm:anthropic/")
    assert (analysis["classification"], analysis["priority"]) == ("bug", "high")
    assert analysis["suggested_labels"] == ["bug", "crash"]
    proposed = analysis["proposed_response"]
    assert proposed.startswith("Thanks! Could you share the file name you used?")
    assert BOT_MARKER in proposed

    # Three real calls: each prompt carries the issue and its comment; later ones carry
    # what the steps before found.
    prompts = [r.json["messages"][-1]["content"] for r in llm.requests]
    assert len(prompts) == 3
    assert all("Crash on save" in p and "300-character name" in p for p in prompts)
    assert "Classification: bug" in prompts[1]
    assert "the report lacks the file name" in prompts[2]

    run = await llm_bot.rpc("orchestration.get_run", {"run_id": analysis["run_id"]})
    assert run["status"] == "awaiting_approval"
    (pending,) = (await llm_bot.rpc("orchestration.list_pending_approvals"))["items"]
    assert pending["context"]["proposed_response"] == proposed
    assert any("classified bug" in n for n in pending["risk_notes"])
    assert llm_bot.gh.comments == []

    await llm_bot.rpc("orchestration.approve_run", {"run_id": run["id"]})
    await llm_bot.workers.drain()
    (comment,) = llm_bot.gh.comments
    assert (comment.number, comment.body) == (40, proposed)
    run = await llm_bot.rpc("orchestration.get_run", {"run_id": run["id"]})
    assert run["status"] == "completed"
    assert [name for name, _ in await step_runs(llm_bot, run["id"])] == STEPS
    assert {status for _, status in await step_runs(llm_bot, run["id"])} == {"completed"}
    analysis = await llm_bot.rpc("github.get_issue_analysis", {"id": analysis["id"]})
    assert (analysis["comment_posted"], analysis["comment_url"]) == (True, comment.html_url)


async def test_auto_post_runs_all_six_steps_without_waiting(llm_bot: Bot, llm: FakeLlm) -> None:
    await llm_bot.configure(approval_policy=ApprovalPolicy(mode="auto_post"))
    script(llm)
    analysis = await deliver_issue(llm_bot)
    run = await llm_bot.rpc("orchestration.get_run", {"run_id": analysis["run_id"]})
    assert run["status"] == "completed"
    assert run["step_results"]["approval"] == {"skipped": True, "mode": "auto_post"}
    assert await step_runs(llm_bot, run["id"]) == [(s, "completed") for s in STEPS]
    (comment,) = llm_bot.gh.comments
    assert comment.body.startswith("Thanks!")
    assert (await llm_bot.rpc("orchestration.list_pending_approvals"))["items"] == []


async def test_an_answer_without_a_verdict_is_needs_triage_not_a_guess(
    llm_bot: Bot, llm: FakeLlm
) -> None:
    llm.add_answers("I think this is probably a bug of some kind.", "Research.", "Thanks!")
    analysis = await deliver_issue(llm_bot)
    assert (analysis["classification"], analysis["confidence"]) == ("needs_triage", 0.0)
    assert analysis["summary"] == "I think this is probably a bug of some kind."


async def test_a_secret_in_the_llm_reply_is_masked_before_it_is_proposed_or_posted(
    llm_bot: Bot, llm: FakeLlm
) -> None:
    await llm_bot.configure(approval_policy=ApprovalPolicy(mode="auto_post"))
    # The GitHub token is a stored secret: the redactor knows it.
    token = next(iter(llm_bot.gh.tokens))
    script(llm, reply=f"Try with the token {token} in your config.")
    analysis = await deliver_issue(llm_bot)
    assert token not in analysis["proposed_response"]
    (comment,) = llm_bot.gh.comments
    assert comment.body.startswith("Try with the token ")
    assert token not in comment.body
    async with llm_bot.runtime.db.connection() as conn:
        stored = await conn.fetchval(
            "SELECT string_agg(output::text, ' ') FROM workflow_step_runs WHERE run_id = $1",
            analysis["run_id"],
        )
    assert token not in stored


async def test_offline_the_keyword_analyser_triages_and_research_says_it_was_skipped(
    bot: Bot,
) -> None:
    await bot.configure(approval_policy=ApprovalPolicy(mode="auto_post"))
    bot.gh.add_issue(REPO, 41, title="How do I configure the port?", body="Is there a way?")
    await bot.deliver(issue_payload(REPO, number=41, title="How do I configure the port?"))
    await bot.workers.drain()
    (analysis,) = (await bot.rpc("github.list_issue_analyses"))["items"]
    assert (analysis["analyser"], analysis["classification"]) == ("heuristic:v1", "question")
    run = await bot.rpc("orchestration.get_run", {"run_id": analysis["run_id"]})
    assert run["status"] == "completed"
    research = run["step_results"]["research"]
    assert research["skipped"] is True
    assert "no LLM provider" in research["reason"]
    assert await step_runs(bot, run["id"]) == [(s, "completed") for s in STEPS]

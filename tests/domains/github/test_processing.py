"""The issue bot end to end: signed delivery → analysis and run → approval → comment.

Runs against the real HTTP app, real workers (drained by hand) and the local
GitHub-speaking server (``tests/fakes/github_server.py``).
"""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from domains.agents.models import ApprovalPolicy
from domains.agents.service import upsert_config
from domains.github.analyser import BOT_MARKER
from rpc.http import build_app
from rpc.jobs import Workers
from rpc.registry import Registry
from rpc.settings import Settings
from sql.database import Database
from tests.domains.github.factories import (
    REPO,
    URL,
    Bot,
    count,
    issue_payload,
    set_secret,
    signed,
    started_runtime,
)
from tests.domains.projects.factories import make_project
from tests.fakes.github_server import FakeGitHub

pytestmark = pytest.mark.committing


async def test_opened_issue_waits_for_approval_then_the_comment_is_posted(bot: Bot) -> None:
    payload = issue_payload(REPO, number=12, title="App crashes on start")
    bot.gh.add_issue(REPO, 12, title="App crashes on start")
    await bot.deliver(payload)
    await bot.workers.drain()

    analyses = (await bot.rpc("github.list_issue_analyses", {"repo": REPO}))["items"]
    assert len(analyses) == 1
    analysis = analyses[0]
    assert (analysis["issue_number"], analysis["status"]) == (12, "analyzed")
    assert analysis["classification"] == "bug"
    assert analysis["suggested_labels"][0] == "bug"
    assert analysis["comment_posted"] is False
    assert analysis["analyser"] == "heuristic:v1"
    run = await bot.rpc("orchestration.get_run", {"run_id": analysis["run_id"]})
    assert (run["status"], run["workflow_name"], run["trigger"]) == (
        "awaiting_approval",
        "issue_triage",
        "webhook",
    )
    assert run["trigger_context"]["issue"]["number"] == 12
    assert run["trigger_context"]["delivery_id"] == analysis["delivery_id"]
    assert run["inputs"] == {"issue_reference": f"{REPO}#12"}
    pending = (await bot.rpc("orchestration.list_pending_approvals"))["items"]
    assert [p["run_id"] for p in pending] == [run["id"]]
    assert bot.gh.comments == []  # nothing posted before approval

    await bot.rpc("orchestration.approve_run", {"run_id": run["id"]})
    await bot.workers.drain()

    assert len(bot.gh.comments) == 1
    comment = bot.gh.comments[0]
    assert (comment.full_name, comment.number) == (REPO, 12)
    assert comment.body == analysis["proposed_response"]
    assert BOT_MARKER in comment.body
    run = await bot.rpc("orchestration.get_run", {"run_id": run["id"]})
    assert run["status"] == "completed"
    artifacts = (await bot.rpc("orchestration.list_artifacts", {"run_id": run["id"]}))["items"]
    report = [a for a in artifacts if a["kind"] == "report"]
    assert len(report) == 1
    full = await bot.rpc("orchestration.get_artifact", {"artifact_id": report[0]["id"]})
    assert full["content"] == comment.html_url
    analysis = await bot.rpc("github.get_issue_analysis", {"id": analysis["id"]})
    assert (analysis["comment_posted"], analysis["comment_url"]) == (True, comment.html_url)
    deliveries = (await bot.rpc("github.list_deliveries"))["items"]
    assert [d["status"] for d in deliveries] == ["processed"]


async def test_auto_post_needs_no_approval(bot: Bot) -> None:
    await bot.configure(approval_policy=ApprovalPolicy(mode="auto_post"))
    bot.gh.add_issue(REPO, 5, title="How do I configure the port?")
    await bot.deliver(
        issue_payload(
            REPO, number=5, title="How do I configure the port?", body="Is there a way to?"
        )
    )
    await bot.workers.drain()
    assert len(bot.gh.comments) == 1
    analysis = (await bot.rpc("github.list_issue_analyses"))["items"][0]
    assert analysis["classification"] == "question"
    run = await bot.rpc("orchestration.get_run", {"run_id": analysis["run_id"]})
    assert run["status"] == "completed"
    assert (await bot.rpc("orchestration.list_pending_approvals"))["items"] == []


async def test_a_failed_post_fails_the_run_with_a_typed_error(bot: Bot) -> None:
    bot.gh.add_issue(REPO, 6, title="Crash")
    await bot.deliver(issue_payload(REPO, number=6, title="Crash"))
    await bot.workers.drain()
    (pending,) = (await bot.rpc("orchestration.list_pending_approvals"))["items"]
    bot.gh.fail("forbidden", times=None, message="Resource not accessible by integration")
    await bot.rpc("orchestration.approve_run", {"run_id": pending["run_id"]})
    await bot.workers.drain()
    assert bot.gh.comments == []
    analysis = (await bot.rpc("github.list_issue_analyses"))["items"][0]
    assert (analysis["comment_posted"], analysis["status"]) == (False, "failed")
    assert analysis["error"]["failed_step"] == "post_comment"
    run = await bot.rpc("orchestration.get_run", {"run_id": analysis["run_id"]})
    assert run["status"] == "failed"
    assert run["error"]["kind"] == "provider_error"
    assert run["error"]["failed_step"] == "post_comment"
    assert "not accessible" in run["error"]["reason"]
    assert "remediation" in run["error"]


async def test_an_unreadable_issue_fails_the_run_at_fetch_issue(bot: Bot) -> None:
    # GitHub does not know issue 8: the run fails at its first step, saying why.
    await bot.deliver(issue_payload(REPO, number=8, title="Gone"))
    await bot.workers.drain()
    analysis = (await bot.rpc("github.list_issue_analyses"))["items"][0]
    run = await bot.rpc("orchestration.get_run", {"run_id": analysis["run_id"]})
    assert (run["status"], run["error"]["failed_step"]) == ("failed", "fetch_issue")
    assert analysis["status"] == "failed"
    assert bot.gh.comments == []


async def test_an_issue_comment_triggers_the_bot_but_its_own_comments_do_not(bot: Bot) -> None:
    bot.gh.add_issue(REPO, 9, title="Question about docs")
    human = issue_payload(
        REPO,
        action="created",
        number=9,
        title="Question about docs",
        comment={"body": "Any update on this?", "user": {"login": "someone", "type": "User"}},
    )
    own = issue_payload(
        REPO,
        action="created",
        number=9,
        comment={"body": f"Thanks!\n{BOT_MARKER}", "user": {"login": "me", "type": "User"}},
    )
    app = issue_payload(
        REPO,
        action="created",
        number=9,
        comment={"body": "beep", "user": {"login": "ci[bot]", "type": "Bot"}},
    )
    for payload in (human, own, app):
        await bot.deliver(payload, event="issue_comment")
    await bot.workers.drain()
    by_status: dict[str, list[str]] = {}
    for d in (await bot.rpc("github.list_deliveries", {"event": "issue_comment"}))["items"]:
        by_status.setdefault(d["status"], []).append(str(d["reason"]))
    assert by_status["processed"] == ["None"]
    assert sorted(by_status["ignored"]) == ["comment by a bot", "comment posted by the issue bot"]
    assert await count(bot.runtime.db, "workflow_runs") == 1


@pytest.mark.parametrize(
    ("setup", "payload", "event", "reason"),
    [
        (None, issue_payload(REPO, action="closed"), "issues", "issues.closed is not handled"),
        (None, {"action": "created", "starred_at": None}, "star", "star.created is not handled"),
        (
            None,
            issue_payload("acme/unknown"),
            "issues",
            "no project imports this repository",
        ),
        (
            {"enabled": False},
            issue_payload(REPO),
            "issues",
            "the project's github_issue_bot is disabled",
        ),
        (
            {"webhook_events": ["issues.opened"]},
            issue_payload(REPO, action="edited"),
            "issues",
            "the github_issue_bot is not subscribed to issues.edited",
        ),
    ],
)
async def test_anything_else_is_ignored_with_the_reason(
    bot: Bot,
    setup: dict[str, Any] | None,
    payload: dict[str, Any],
    event: str,
    reason: str,
) -> None:
    if setup:
        await bot.configure(**setup)
    await bot.deliver(payload, event=event)
    await bot.workers.drain()
    (delivery,) = (await bot.rpc("github.list_deliveries"))["items"]
    assert (delivery["status"], delivery["reason"]) == ("ignored", reason)
    assert await count(bot.runtime.db, "workflow_runs") == 0
    assert await count(bot.runtime.db, "issue_analyses") == 0


async def test_ping_is_processed(bot: Bot) -> None:
    await bot.deliver({"zen": "Design for failure.", "hook_id": 1}, event="ping")
    await bot.workers.drain()
    (delivery,) = (await bot.rpc("github.list_deliveries"))["items"]
    assert (delivery["event"], delivery["status"]) == ("ping", "processed")


async def test_a_delivery_stored_before_a_stop_is_processed_once_after_restart(
    settings: Settings, db: Database, registry: Registry, gh: FakeGitHub, clean: None
) -> None:
    async with started_runtime(settings, db, registry, github_api_url=gh.base_url) as first:
        await set_secret(first)
        async with db.transaction() as conn:
            project = await make_project(conn, name="app", github_full_name=REPO)
        await upsert_config(db, project_id=project.id, agent_type="github_issue_bot", enabled=True)
        app = build_app(first, registry)
        async with TestClient(TestServer(app, host="127.0.0.1")) as client:
            body, headers = signed(issue_payload(REPO, number=3), delivery="before-stop")
            assert (await client.post(URL, data=body, headers=headers)).status == 202
    # The server stopped with no worker having run; nothing was processed.
    assert await count(db, "issue_analyses") == 0
    assert await count(db, "workflow_runs") == 0

    async with started_runtime(settings, db, registry, github_api_url=gh.base_url) as second:
        workers = Workers(second, registry.job_handlers)
        assert await workers.drain() >= 1
        assert await workers.drain() == 0
        # Two workers racing on a duplicate job for the same delivery still do it once.
        async with db.transaction() as conn:
            from rpc.jobs import enqueue

            delivery_row = await conn.fetchval("SELECT id FROM webhook_deliveries")
            await enqueue(conn, "github.process_delivery", {"id": str(delivery_row)})
        await Workers(second, registry.job_handlers).drain()
    assert await count(db, "issue_analyses") == 1
    assert await count(db, "workflow_runs") == 1
    async with db.connection() as conn:
        status = await conn.fetchval("SELECT status FROM webhook_deliveries")
    assert status == "processed"


async def test_the_same_delivery_twice_makes_one_run(bot: Bot) -> None:
    payload = issue_payload(REPO, number=21)
    first = await bot.deliver(payload, delivery="same-guid")
    second = await bot.deliver(payload, delivery="same-guid")
    assert (first["status"], second["status"]) == ("accepted", "duplicate")
    await bot.workers.drain()
    assert await count(bot.runtime.db, "workflow_runs") == 1
    assert await count(bot.runtime.db, "issue_analyses") == 1


async def test_a_rejection_proposes_the_response_again_then_approval_posts(bot: Bot) -> None:
    bot.gh.add_issue(REPO, 31, title="Crash")
    await bot.deliver(issue_payload(REPO, number=31, title="Crash"))
    await bot.workers.drain()
    (pending,) = (await bot.rpc("orchestration.list_pending_approvals"))["items"]
    run_id = pending["run_id"]
    await bot.rpc("orchestration.reject_run", {"run_id": run_id, "comment": "reword it"})
    await bot.workers.drain()
    run = await bot.rpc("orchestration.get_run", {"run_id": run_id})
    assert run["status"] == "awaiting_approval"  # the policy's retry route: compose again
    assert bot.gh.comments == []
    await bot.rpc("orchestration.approve_run", {"run_id": run_id})
    await bot.workers.drain()
    assert len(bot.gh.comments) == 1
    assert (await bot.rpc("orchestration.get_run", {"run_id": run_id}))["status"] == "completed"

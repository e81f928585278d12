"""The methods of group 6 on the wire."""

from __future__ import annotations

import uuid

import pytest

from domains.github.service_secrets import INSTANCE_NAME, PREVIOUS_SUFFIX, repo_secret_name
from tests.conftest import call
from tests.domains.github.factories import REPO, SECRET, Bot, count, issue_payload

pytestmark = pytest.mark.committing

GROUP_6 = [
    "github.list_repos",
    "github.set_webhook_secret",
    "github.list_deliveries",
    "github.get_delivery",
    "github.reprocess_delivery",
    "github.list_issue_analyses",
    "github.get_issue_analysis",
]


@pytest.mark.parametrize("method", GROUP_6)
async def test_every_method_needs_the_owner(bot: Bot, method: str) -> None:
    answer = await call(bot.client, method, {})
    assert answer["error"]["data"]["kind"] == "unauthenticated"


async def test_set_webhook_secret_seals_and_rotates(bot: Bot) -> None:
    first = await bot.rpc(
        "github.set_webhook_secret", {"repo": REPO, "value": "a repository secret"}
    )
    assert (first["target"], first["repo"], first["rotated"]) == ("repository", REPO, False)
    assert first["previous_valid_until"] is None
    second = await bot.rpc("github.set_webhook_secret", {"repo": REPO, "value": "a newer secret!"})
    assert second["rotated"] is True
    assert second["previous_valid_until"] is not None
    assert second["secret_ref_id"] == first["secret_ref_id"]
    instance = await bot.rpc("github.set_webhook_secret", {"value": "an instance secret!!"})
    assert (instance["target"], instance["rotated"]) == ("instance", True)
    # Only sealed references are kept: no plaintext in our tables or the secret store.
    async with bot.runtime.db.connection() as conn:
        names = {r["name"] for r in await conn.fetch("SELECT name FROM secret_refs")}
        dump = await conn.fetchval("SELECT string_agg(t::text, '|') FROM secret_refs AS t")
        repos = await conn.fetchval("SELECT string_agg(t::text, '|') FROM repos AS t")
    assert {
        INSTANCE_NAME,
        INSTANCE_NAME + PREVIOUS_SUFFIX,
        repo_secret_name(REPO),
        repo_secret_name(REPO) + PREVIOUS_SUFFIX,
    } <= names
    for plain in ("a repository secret", "a newer secret!", "an instance secret!!", SECRET):
        assert plain not in dump
        assert plain not in repos
    repos_page = await bot.rpc("github.list_repos")
    (listed,) = repos_page["items"]
    assert listed["full_name"] == REPO
    assert listed["webhook_secret_ref_id"] == first["secret_ref_id"]
    assert listed["previous_webhook_secret_valid_until"] is not None


async def test_set_webhook_secret_refuses_weak_or_ambiguous_input(bot: Bot) -> None:
    short = await bot.rpc_error("github.set_webhook_secret", {"value": "short"})
    assert short["data"]["kind"] == "validation_error"
    assert "short" not in str(short)
    both = await bot.rpc_error(
        "github.set_webhook_secret", {"value": "x" * 20, "sealed_value": "abcd"}
    )
    assert both["data"]["kind"] == "validation_error"
    bad_repo = await bot.rpc_error(
        "github.set_webhook_secret", {"repo": "not a repo", "value": "y" * 20}
    )
    assert bad_repo["data"]["kind"] == "invalid_params"


async def test_deliveries_filter_and_page(bot: Bot) -> None:
    for n in range(3):
        await bot.deliver(issue_payload(REPO, action="closed", number=100 + n))
    await bot.deliver(issue_payload("acme/other", action="closed"))
    await bot.deliver({"zen": "Half measures are as bad as nothing at all."}, event="ping")
    await bot.workers.drain()

    everything = await bot.rpc("github.list_deliveries", {"limit": 2})
    seen = [d["id"] for d in everything["items"]]
    cursor = everything["next_cursor"]
    while cursor:
        page = await bot.rpc("github.list_deliveries", {"limit": 2, "cursor": cursor})
        seen += [d["id"] for d in page["items"]]
        cursor = page["next_cursor"]
    assert len(seen) == len(set(seen)) == 5
    assert "payload" not in everything["items"][0]

    by_repo = await bot.rpc("github.list_deliveries", {"repo": "ACME/App"})
    assert len(by_repo["items"]) == 3
    pings = await bot.rpc("github.list_deliveries", {"event": "ping", "status": "processed"})
    assert [d["event"] for d in pings["items"]] == ["ping"]
    ignored = await bot.rpc("github.list_deliveries", {"status": "ignored"})
    assert len(ignored["items"]) == 4
    assert (await bot.rpc("github.list_deliveries", {"status": "failed"}))["items"] == []

    one = await bot.rpc("github.get_delivery", {"id": pings["items"][0]["id"]})
    assert one["payload"]["zen"].startswith("Half measures")

    bad = await bot.rpc_error("github.list_deliveries", {"cursor": "not-a-cursor"})
    assert bad["data"]["kind"] == "validation_error"
    missing = await bot.rpc_error("github.get_delivery", {"id": str(uuid.uuid4())})
    assert missing["data"]["kind"] == "not_found"


async def test_reprocess_runs_a_finished_delivery_again(bot: Bot) -> None:
    await bot.configure(enabled=False)
    stored = await bot.deliver(issue_payload(REPO, number=44))
    refused = await bot.rpc_error("github.reprocess_delivery", {"id": stored["id"]})
    assert refused["data"]["kind"] == "invalid_transition"  # still waiting for its job
    await bot.workers.drain()
    first = await bot.rpc("github.get_delivery", {"id": stored["id"]})
    assert (first["status"], first["process_count"]) == ("ignored", 1)

    await bot.configure(enabled=True)
    again = await bot.rpc("github.reprocess_delivery", {"id": stored["id"]})
    assert (again["status"], again["reason"]) == ("received", None)
    await bot.workers.drain()
    done = await bot.rpc("github.get_delivery", {"id": stored["id"]})
    assert (done["status"], done["process_count"]) == ("processed", 2)
    assert await count(bot.runtime.db, "workflow_runs") == 1

    # Each move is on the `deliveries` topic, in order, with the delivery's ids.
    topic = await bot.rpc("events.list", {"topic": "deliveries"})
    assert [(e["seq"], e["type"], e["data"]["status"]) for e in topic["items"]] == [
        (1, "delivery.received", "received"),
        (2, "delivery.ignored", "ignored"),
        (3, "delivery.requeued", "received"),
        (4, "delivery.processed", "processed"),
    ]
    assert {e["data"]["id"] for e in topic["items"]} == {stored["id"]}
    assert topic["items"][1]["data"]["reason"] is not None

    missing = await bot.rpc_error("github.reprocess_delivery", {"id": str(uuid.uuid4())})
    assert missing["data"]["kind"] == "not_found"


async def test_issue_analyses_list_filter_and_get(bot: Bot) -> None:
    # The triage run reads each issue from GitHub (its fetch_issue step).
    bot.gh.add_issue(REPO, 1, title="Crash on save", body="Traceback.")
    bot.gh.add_issue(REPO, 2, title="Typo in README", body="The docs say teh.")
    await bot.deliver(issue_payload(REPO, number=1, title="Crash on save", body="Traceback."))
    await bot.deliver(
        issue_payload(REPO, number=2, title="Typo in README", body="The docs say teh.")
    )
    await bot.workers.drain()
    all_ = (await bot.rpc("github.list_issue_analyses"))["items"]
    assert sorted(a["issue_number"] for a in all_) == [1, 2]
    docs = await bot.rpc("github.list_issue_analyses", {"classification": "documentation"})
    assert [a["issue_number"] for a in docs["items"]] == [2]
    one = await bot.rpc("github.get_issue_analysis", {"id": docs["items"][0]["id"]})
    assert one["repo_full_name"] == REPO
    assert one["proposed_response"]
    none = await bot.rpc("github.list_issue_analyses", {"repo": "acme/other"})
    assert none["items"] == []
    missing = await bot.rpc_error("github.get_issue_analysis", {"id": str(uuid.uuid4())})
    assert missing["data"]["kind"] == "not_found"


async def test_an_edit_updates_the_same_analysis_and_starts_a_new_run(bot: Bot) -> None:
    bot.gh.add_issue(REPO, 7, title="Question", body="How do I?")  # as edited
    await bot.deliver(issue_payload(REPO, number=7, title="Crash", body="Traceback."))
    await bot.deliver(
        issue_payload(REPO, action="edited", number=7, title="Question", body="How do I?")
    )
    await bot.workers.drain()
    (analysis,) = (await bot.rpc("github.list_issue_analyses"))["items"]
    assert (analysis["title"], analysis["classification"]) == ("Question", "question")
    assert await count(bot.runtime.db, "workflow_runs") == 2
    # The analysis belongs to the edit's run: the first run's saves were fenced out.
    async with bot.runtime.db.connection() as conn:
        latest = await conn.fetchval(
            "SELECT id FROM workflow_runs ORDER BY inserted_at DESC, id DESC LIMIT 1"
        )
    assert analysis["run_id"] == str(latest)

"""The pull request lifecycle: signed ``pull_request`` deliveries (closed with and without
merge, reopened, synchronize) and ``orchestration.sync_pull_request`` move the record
once, whether a delivery comes twice (under two ids or one), late, or races a sync."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from domains.github.service_processing import process_delivery
from domains.orchestration.service import sync_pull_request
from tests.domains.github.factories import REPO, Bot
from tests.domains.github.pull_factories import (
    SHA_1,
    SHA_2,
    deliveries,
    pull_payload,
    record_pull,
    reread,
)

pytestmark = pytest.mark.committing


def moves(pr: Any) -> list[tuple[str, str, str]]:
    return [(t.from_, t.to, t.source) for t in pr.status_transitions]


async def test_a_merge_delivered_twice_moves_the_record_once(bot: Bot) -> None:
    pr = await record_pull(bot, 7)
    merged = pull_payload(
        "closed", 7, state="closed", merged=True, merged_at="2024-05-06T07:08:09Z"
    )
    first = await bot.deliver(merged, event="pull_request", delivery="merge-1")
    again = await bot.deliver(merged, event="pull_request", delivery="merge-1")
    assert (first["status"], again["status"]) == ("accepted", "duplicate")
    await bot.workers.drain()
    after = await reread(bot, pr.id)
    assert (after.status, after.head_sha) == ("merged", SHA_1)
    assert after.merged_at is not None
    assert after.merged_at.isoformat() == "2024-05-06T07:08:09+00:00"
    assert after.closed_at is not None
    assert moves(after) == [("open", "merged", "webhook:merge-1")]

    # GitHub redelivers under a new id: nothing moves, the delivery says why.
    await bot.deliver(merged, event="pull_request", delivery="merge-2")
    await bot.workers.drain()
    assert await reread(bot, pr.id) == after
    assert await deliveries(bot) == {
        "merge-1": ("processed", "pull request #7 open → merged"),
        "merge-2": ("ignored", f"pull request #7 is already merged at {SHA_1[:12]}"),
    }


async def test_closed_then_reopened_then_closed_again(bot: Bot) -> None:
    pr = await record_pull(bot, 8)
    closed = pull_payload("closed", 8, state="closed", updated_at="2024-05-01T10:00:00Z")
    reopened = pull_payload("reopened", 8, updated_at="2024-05-02T10:00:00Z")
    for delivery_id, payload in (("close", closed), ("reopen", reopened), ("reopen-2", reopened)):
        await bot.deliver(payload, event="pull_request", delivery=delivery_id)
        await bot.workers.drain()
        if delivery_id == "close":
            shut = await reread(bot, pr.id)
            assert (shut.status, shut.merged_at) == ("closed", None)
            assert shut.closed_at is not None
    after = await reread(bot, pr.id)
    assert (after.status, after.closed_at, after.merged_at) == ("open", None, None)
    assert moves(after) == [
        ("open", "closed", "webhook:close"),
        ("closed", "open", "webhook:reopen"),
    ]
    seen = await deliveries(bot)
    assert seen["reopen"] == (
        "processed",
        "pull request #8 closed → open; the project has no pr_review_bot",
    )
    assert seen["reopen-2"][0] == "ignored"

    # A late redelivery of the first close is older than what is recorded: it is ignored.
    await bot.deliver(closed, event="pull_request", delivery="close-late")
    await bot.workers.drain()
    assert (await reread(bot, pr.id)).status == "open"
    assert (await deliveries(bot))["close-late"] == (
        "ignored",
        "pull request #8: a newer state is already recorded",
    )


async def test_synchronize_stamps_the_new_head_once(bot: Bot) -> None:
    pr = await record_pull(bot, 9)
    assert (pr.head_sha, pr.last_synced_at) == (None, None)
    pushed = pull_payload("synchronize", 9, head_sha=SHA_2, updated_at="2024-05-03T10:00:00Z")
    await bot.deliver(pushed, event="pull_request", delivery="push-1")
    await bot.workers.drain()
    stamped = await reread(bot, pr.id)
    assert (stamped.status, stamped.head_sha) == ("open", SHA_2)
    assert stamped.last_synced_at is not None
    assert stamped.status_transitions == []

    await bot.deliver(pushed, event="pull_request", delivery="push-2")
    await bot.workers.drain()
    assert await reread(bot, pr.id) == stamped
    seen = await deliveries(bot)
    assert seen["push-1"] == (
        "processed",
        f"pull request #9 head at {SHA_2[:12]}; the project has no pr_review_bot",
    )
    assert seen["push-2"][0] == "ignored"


async def test_merged_is_final(bot: Bot) -> None:
    pr = await record_pull(bot, 10)
    merged = pull_payload("closed", 10, state="closed", merged=True)
    await bot.deliver(merged, event="pull_request", delivery="merge")
    await bot.workers.drain()
    # A newer "closed without merge" cannot undo a merge.
    closed = pull_payload("closed", 10, state="closed", updated_at="2024-06-01T00:00:00Z")
    await bot.deliver(closed, event="pull_request", delivery="close")
    await bot.workers.drain()
    after = await reread(bot, pr.id)
    assert after.status == "merged"
    assert len(after.status_transitions) == 1
    assert (await deliveries(bot))["close"] == (
        "ignored",
        "pull request #10 is merged, which is final",
    )


async def test_a_pull_request_without_a_record_is_ignored(bot: Bot) -> None:
    await bot.deliver(
        pull_payload("closed", 99, state="closed", merged=True),
        event="pull_request",
        delivery="unknown",
    )
    await bot.deliver(pull_payload("labeled", 99), event="pull_request", delivery="labeled")
    await bot.workers.drain()
    assert await deliveries(bot) == {
        "unknown": ("ignored", f"no pull request record for {REPO}#99"),
        "labeled": ("ignored", "pull_request.labeled is not handled"),
    }


async def test_sync_reads_a_reopened_pull_request(bot: Bot) -> None:
    pr = await record_pull(bot, 11)
    await bot.deliver(pull_payload("closed", 11, state="closed"), event="pull_request")
    await bot.workers.drain()
    bot.gh.add_pull(REPO, 11, state="open", updated_at="2024-05-09T00:00:00Z", head={"sha": SHA_2})
    synced = await bot.rpc("orchestration.sync_pull_request", {"pull_request_id": str(pr.id)})
    assert (synced["status"], synced["closed_at"], synced["head_sha"]) == ("open", None, SHA_2)
    assert [(t["from"], t["to"], t["source"]) for t in synced["status_transitions"]][-1] == (
        "closed",
        "open",
        "sync",
    )


async def _waiting_on_locks(bot: Bot, n: int) -> None:
    """Until ``n`` sessions wait on a row lock."""
    for _ in range(400):
        async with bot.runtime.db.connection() as conn:
            waiting = await conn.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND datname = current_database()"
            )
        if waiting >= n:
            return
        await asyncio.sleep(0.025)
    raise AssertionError(f"{n} sessions never waited on the lock")


async def test_a_delivery_racing_a_sync_moves_the_record_once(bot: Bot) -> None:
    runtime = bot.runtime
    pr = await record_pull(bot, 12)
    bot.gh.add_pull(REPO, 12, state="closed", merged=True, merged_at="2024-05-06T07:08:09Z")
    await bot.deliver(
        pull_payload("closed", 12, state="closed", merged=True, merged_at="2024-05-06T07:08:09Z"),
        event="pull_request",
        delivery="race",
    )
    async with runtime.db.connection() as conn:
        stored = await conn.fetchval("SELECT id FROM webhook_deliveries WHERE delivery_id = 'race'")
    # Hold the record's row lock so both writers reach their conditional update, then let
    # them go at once: one moves the record, the other finds it moved.
    async with runtime.db.transaction() as holder:
        await holder.execute("SELECT 1 FROM pull_requests WHERE id = $1 FOR UPDATE", pr.id)
        webhook = asyncio.create_task(process_delivery(runtime, id=stored, final_attempt=True))
        sync = asyncio.create_task(sync_pull_request(runtime.db, runtime, pull_request_id=pr.id))
        await _waiting_on_locks(bot, 2)
    status, synced = await asyncio.gather(webhook, sync)
    await bot.workers.drain()  # the delivery's own job: nothing left to do

    after = await reread(bot, pr.id)
    assert synced.status == after.status == "merged"
    ((from_, to, source),) = moves(after)  # moved exactly once
    assert (from_, to) == ("open", "merged")
    # The delivery says it moved the record exactly when the history says it did.
    assert (status == "processed") == (source == "webhook:race")
    assert (await deliveries(bot))["race"][0] == status

"""``events.list`` and the topics the domains write: a run's own topic and ``runs``, the
checks on a topic, an expired cursor, and the aggregate topics' retention."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aiohttp.test_utils import TestClient

from domains.orchestration import service
from rpc.context import Runtime
from rpc.events.methods import prune_aggregates
from rpc.retention import PruneWindow
from sql.database import Database
from tests.conftest import call
from tests.domains.accounts.factories import bearer, error_kind, owner_token
from tests.domains.orchestration.factories import ACTOR, run_in


async def _list(client: TestClient[Any, Any], token: str, **params: Any) -> dict[str, Any]:
    return await call(client, "events.list", params, headers=bearer(token))


async def test_a_run_topic_and_runs_carry_its_events_in_order(
    client: TestClient[Any, Any], db: Database, runtime: Runtime
) -> None:
    token = await owner_token(client)
    async with db.transaction() as conn:
        run = await run_in(conn, runtime, "running")
        await service.advance_run(conn, runtime, run_id=run.id, to="cancelled", actor=ACTOR)
    own = (await _list(client, token, topic=f"run:{run.id}"))["result"]
    assert [(e["seq"], e["data"]["from"], e["data"]["to"]) for e in own["items"]] == [
        (1, None, "pending"),
        (2, "pending", "running"),
        (3, "running", "cancelled"),
    ]
    assert own["next_after"] == own["last_seq"] == 3
    assert {e["topic"] for e in own["items"]} == {f"run:{run.id}"}
    assert {e["data"]["run_id"] for e in own["items"]} == {str(run.id)}
    # The same events orchestration.list_run_events shows, with the same seqs.
    legacy = await call(
        client, "orchestration.list_run_events", {"run_id": str(run.id)}, headers=bearer(token)
    )
    assert [(e["seq"], e["type"]) for e in legacy["result"]["items"]] == [
        (e["seq"], e["type"]) for e in own["items"]
    ]
    # A subject id in any case or spelling names the same topic.
    shouted = (await _list(client, token, topic=f"run:{str(run.id).upper()}"))["result"]
    assert shouted == own
    later = (await _list(client, token, topic=f"run:{run.id}", after=1, limit=1))["result"]
    assert [e["seq"] for e in later["items"]] == [2]
    assert (later["next_after"], later["last_seq"]) == (2, 3)

    runs = (await _list(client, token, topic="runs"))["result"]
    assert [e["type"] for e in runs["items"]] == [e["type"] for e in own["items"]]
    assert [e["seq"] for e in runs["items"]] == [1, 2, 3]


async def test_a_topic_is_checked(client: TestClient[Any, Any]) -> None:
    token = await owner_token(client)
    for topic in ("nope", "run:", "run:not-a-uuid", "runs:x", "forge:session:1"):
        assert error_kind(await _list(client, token, topic=topic)) == "validation_error", topic
    missing = await _list(client, token, topic="run:00000000-0000-4000-8000-000000000000")
    assert error_kind(missing) == "not_found"
    assert missing["error"]["code"] == 1004
    empty = (await _list(client, token, topic="deliveries"))["result"]
    assert empty == {"items": [], "next_after": 0, "last_seq": 0}
    assert error_kind(await call(client, "events.list", {"topic": "runs"})) == "unauthenticated"
    too_many = await _list(client, token, topic="runs", limit=501)
    assert too_many["error"]["code"] == -32602


async def test_a_cursor_behind_retention_is_expired(
    client: TestClient[Any, Any], db: Database, runtime: Runtime
) -> None:
    token = await owner_token(client)
    async with db.transaction() as conn:
        old = await run_in(conn, runtime, "running")
    async with db.connection() as conn:
        await conn.execute("UPDATE events SET at = now() - interval '40 days' WHERE topic = 'runs'")
    async with db.transaction() as conn:
        await service.advance_run(conn, runtime, run_id=old.id, to="cancelled", actor=ACTOR)
    now = datetime.now(UTC)
    assert await prune_aggregates(db, runtime.settings, PruneWindow(now=now, dry_run=True)) == 2
    assert await prune_aggregates(db, runtime.settings, PruneWindow(now=now)) == 2

    expired = await _list(client, token, topic="runs", after=1)
    assert error_kind(expired) == "cursor_expired"
    assert expired["error"]["code"] == 1095
    assert expired["error"]["data"]["earliest"] == 2
    resumed = (await _list(client, token, topic="runs", after=2))["result"]
    assert [(e["seq"], e["type"]) for e in resumed["items"]] == [(3, "run_cancelled")]
    # A run's own topic is its history: never pruned with the aggregates.
    own = (await _list(client, token, topic=f"run:{old.id}"))["result"]
    assert [e["seq"] for e in own["items"]] == [1, 2, 3]
    assert runtime.settings.event_retention_days == 30

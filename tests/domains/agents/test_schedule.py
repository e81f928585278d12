"""Support-agent cron schedules: checked on upsert, due computation, and each due slot
starting one ``update_dependencies`` run (trigger ``schedule``) with an injected clock."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from aiohttp.test_utils import TestClient

from domains.agents import cron, service
from domains.agents.models import AgentConfigView
from domains.agents.service_schedule import fire_due
from domains.projects.models import ProjectView
from rpc.context import Runtime
from rpc.errors import ValidationFailed
from sql.database import Database
from tests.conftest import call
from tests.domains.accounts.factories import bearer, owner_token
from tests.domains.projects.factories import make_project

# The services own their transactions, so every test here commits and cleans up.
pytestmark = pytest.mark.committing

WEEKLY = "0 6 * * 1"  # Mondays at 06:00 UTC
COMMAND = "pip-compile --upgrade"
BOT: dict[str, Any] = {"schedule": WEEKLY, "update_command": COMMAND}


@pytest.fixture
async def project(runtime: Runtime, clean: None) -> ProjectView:
    """A committed project (no clone: the runs started here are never driven)."""
    async with runtime.db.transaction() as conn:
        return await make_project(conn)


async def bot(db: Database, project: ProjectView, **fields: Any) -> AgentConfigView:
    """An enabled dependency bot on the weekly schedule, unless ``fields`` say otherwise."""
    given: dict[str, Any] = {"enabled": True, "configuration": BOT, **fields}
    return await service.upsert_config(
        db, project_id=project.id, agent_type="dependency_bot", **given
    )


async def fires(db: Database, config_id: UUID) -> list[dict[str, Any]]:
    async with db.connection() as conn:
        rows = await conn.fetch(
            "SELECT slot_at, outcome, run_id, reason FROM support_agent_schedule_fires "
            "WHERE config_id = $1 ORDER BY slot_at",
            config_id,
        )
    return [dict(r) for r in rows]


async def scheduled_runs(db: Database, project_id: UUID) -> list[dict[str, Any]]:
    async with db.connection() as conn:
        rows = await conn.fetch(
            "SELECT id, workflow_name, trigger, trigger_context, inputs, status "
            "FROM workflow_runs WHERE project_id = $1 AND trigger = 'schedule' "
            "ORDER BY inserted_at",
            project_id,
        )
    return [dict(r) for r in rows]


async def reread(db: Database, config: AgentConfigView) -> AgentConfigView:
    return await service.get_config(db, project_id=config.project_id, agent_type=config.agent_type)


# -- parsing and due computation ---------------------------------------------------------


def test_due_computation_fires_the_latest_missed_slot_and_moves_past_now() -> None:
    weekly = cron.parse(WEEKLY)
    wednesday = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
    monday = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
    assert weekly.next_after(wednesday) == monday + timedelta(weeks=1)
    assert weekly.latest_at_or_before(wednesday) == monday
    assert weekly.latest_at_or_before(monday) == monday  # a slot at exactly now counts
    assert weekly.next_after(monday) == monday + timedelta(weeks=1)  # strictly after

    # Due at a slot three weeks ago: one slot fires (the latest), next is after now.
    slot, next_at = cron.due_slot(weekly, next_due=monday - timedelta(weeks=3), now=wednesday)
    assert (slot, next_at) == (monday, monday + timedelta(weeks=1))
    # Due exactly now.
    assert cron.due_slot(weekly, next_due=monday, now=monday) == (
        monday,
        monday + timedelta(weeks=1),
    )
    assert cron.parse("@daily").next_after(wednesday) == datetime(2026, 3, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("expression", "reason"),
    [
        ("0 6 * *", "has 4 fields; a schedule has five"),
        ("0 0 6 * * 1", "has 6 fields"),
        ("61 * * * *", "not a valid cron expression: bad minute"),
        ("0 25 * * *", "bad hour"),
        ("0 6 * * funday", "bad day-of-week"),
        ("0 0 31 2 *", "bad day-of-month"),
        ("", "must not be empty"),
        (6, "must be a cron expression (a string)"),
    ],
)
def test_bad_expressions_are_refused_with_the_reason(expression: object, reason: str) -> None:
    with pytest.raises(cron.ScheduleError) as info:
        cron.parse(expression)
    assert reason in info.value.reason


# -- validation on upsert ----------------------------------------------------------------


@pytest.mark.parametrize("schedule", [WEEKLY, "*/15 * * * *", "30 2 1 * *", "@weekly"])
async def test_a_good_schedule_is_stored_with_its_next_slot(
    runtime: Runtime, project: ProjectView, schedule: str
) -> None:
    parsed = cron.parse(schedule)
    before = datetime.now(UTC)
    config = await bot(runtime.db, project, configuration={**BOT, "schedule": schedule})
    after = datetime.now(UTC)
    assert config.configuration["schedule"] == schedule
    assert config.schedule_next_at is not None
    # The first slot after the moment it was saved.
    assert parsed.next_after(before) <= config.schedule_next_at <= parsed.next_after(after)


@pytest.mark.parametrize(
    ("agent_type", "configuration", "field", "message"),
    [
        ("dependency_bot", {**BOT, "schedule": "0 6 * *"}, "schedule", "has 4 fields"),
        ("dependency_bot", {**BOT, "schedule": "0 6 * * 8"}, "schedule", "bad day-of-week"),
        ("dependency_bot", {"schedule": WEEKLY}, "update_command", "is required"),
        ("dependency_bot", {**BOT, "update_command": " "}, "update_command", "non-empty"),
        ("github_issue_bot", {"schedule": WEEKLY}, "schedule", "does not run on a schedule"),
    ],
)
async def test_a_bad_schedule_is_a_typed_validation_error(
    runtime: Runtime,
    project: ProjectView,
    agent_type: str,
    configuration: dict[str, Any],
    field: str,
    message: str,
) -> None:
    with pytest.raises(ValidationFailed) as info:
        await service.upsert_config(
            runtime.db,
            project_id=project.id,
            agent_type=agent_type,  # type: ignore[arg-type]
            configuration=configuration,
        )
    [error] = info.value.data()["field_errors"]
    assert error["field"] == f"configuration.{field}"
    assert message in error["message"]
    async with runtime.db.connection() as conn:
        assert await service.find_config(conn, project_id=project.id, agent_type=agent_type) is None


async def test_a_bad_schedule_over_rpc_is_error_1022_naming_the_field(
    client: TestClient[Any, Any], runtime: Runtime
) -> None:
    headers = bearer(await owner_token(client))
    async with runtime.db.transaction() as conn:
        project = await make_project(conn)
    answer = await call(
        client,
        "agents.upsert_config",
        {
            "project_id": str(project.id),
            "agent_type": "dependency_bot",
            "configuration": {"schedule": "every monday", "update_command": COMMAND},
        },
        headers=headers,
    )
    assert answer["error"]["code"] == 1022
    assert answer["error"]["data"]["field_errors"] == [
        {
            "field": "configuration.schedule",
            "message": "'every monday' has 2 fields; a schedule has five (minute hour "
            "day-of-month month day-of-week), e.g. '0 6 * * 1' (Mondays at 06:00 UTC)",
        }
    ]
    good = await call(
        client,
        "agents.upsert_config",
        {
            "project_id": str(project.id),
            "agent_type": "dependency_bot",
            "enabled": True,
            "configuration": BOT,
        },
        headers=headers,
    )
    assert good["result"]["schedule_next_at"] is not None


async def test_saving_other_fields_keeps_the_due_slot(
    runtime: Runtime, project: ProjectView
) -> None:
    config = await bot(runtime.db, project)
    again = await bot(runtime.db, project, approval_policy=None, webhook_events=["push"])
    assert again.schedule_next_at == config.schedule_next_at
    moved = await bot(runtime.db, project, configuration={**BOT, "schedule": "0 7 * * 2"})
    assert moved.schedule_next_at != config.schedule_next_at


# -- firing ------------------------------------------------------------------------------


async def test_a_due_slot_starts_one_scheduled_run(runtime: Runtime, project: ProjectView) -> None:
    config = await bot(runtime.db, project)
    slot = config.schedule_next_at
    assert slot is not None
    assert await fire_due(runtime, now=slot - timedelta(seconds=1)) == []

    [fire] = await fire_due(runtime, now=slot)
    assert (fire.slot_at, fire.outcome, fire.reason) == (slot, "started", None)
    [run] = await scheduled_runs(runtime.db, project.id)
    assert run["id"] == fire.run_id
    assert run["workflow_name"] == "update_dependencies"
    assert run["inputs"] == {"update_command": COMMAND}
    assert run["trigger_context"]["slot"] == slot.isoformat()
    assert run["trigger_context"]["config_id"] == str(config.id)
    assert run["trigger_context"]["approval_mode"] == "manual"

    after = await reread(runtime.db, config)
    assert after.last_triggered_at is not None
    assert after.schedule_next_at == slot + timedelta(weeks=1)
    assert await fire_due(runtime, now=slot) == []  # the same slot never fires again
    assert len(await scheduled_runs(runtime.db, project.id)) == 1


async def test_concurrent_firers_start_each_slot_once(runtime: Runtime, clean: None) -> None:
    projects: list[ProjectView] = []
    async with runtime.db.transaction() as conn:
        for _ in range(12):
            projects.append(await make_project(conn))
    configs = [await bot(runtime.db, p) for p in projects]
    now = max(c.schedule_next_at for c in configs if c.schedule_next_at is not None)

    batches = await asyncio.gather(*(fire_due(runtime, now=now) for _ in range(4)))
    fired = sorted(str(f.config_id) for batch in batches for f in batch)
    assert fired == sorted(str(c.id) for c in configs)
    for p in projects:
        assert len(await scheduled_runs(runtime.db, p.id)) == 1


async def test_missed_slots_fire_once_on_recovery(runtime: Runtime, project: ProjectView) -> None:
    config = await bot(runtime.db, project)
    first = config.schedule_next_at
    assert first is not None
    back = first + timedelta(weeks=3, hours=2)  # down over four slots

    [fire] = await fire_due(runtime, now=back)
    assert fire.slot_at == first + timedelta(weeks=3)  # the latest missed slot only
    assert await fire_due(runtime, now=back) == []
    assert len(await fires(runtime.db, config.id)) == 1
    assert len(await scheduled_runs(runtime.db, project.id)) == 1
    assert (await reread(runtime.db, config)).schedule_next_at == first + timedelta(weeks=4)


async def test_a_slot_finding_a_shipping_run_in_flight_is_skipped(
    runtime: Runtime, project: ProjectView
) -> None:
    config = await bot(runtime.db, project)
    first = config.schedule_next_at
    assert first is not None
    [started] = await fire_due(runtime, now=first)  # its run stays pending: no workers

    [skipped] = await fire_due(runtime, now=first + timedelta(weeks=1))
    assert skipped.outcome == "skipped"
    assert skipped.run_id is None
    assert skipped.reason is not None
    assert skipped.reason.startswith("conflict: this project already has a shipping run")
    assert [f["outcome"] for f in await fires(runtime.db, config.id)] == ["started", "skipped"]
    assert [r["id"] for r in await scheduled_runs(runtime.db, project.id)] == [started.run_id]
    # The schedule goes on: the next slot is due as usual.
    after = await reread(runtime.db, config)
    assert after.schedule_next_at == first + timedelta(weeks=2)


async def test_a_disabled_config_never_fires(runtime: Runtime, project: ProjectView) -> None:
    far = datetime.now(UTC) + timedelta(days=400)
    off = await bot(runtime.db, project, enabled=False)
    assert off.schedule_next_at is None
    assert await fire_due(runtime, now=far) == []

    on = await service.set_enabled(
        runtime.db, project_id=project.id, agent_type="dependency_bot", enabled=True
    )
    assert on.schedule_next_at is not None
    # Disabled in the database behind the service's back: the claim refuses it too.
    async with runtime.db.connection() as conn:
        await conn.execute("UPDATE support_agent_configs SET enabled = false WHERE id = $1", on.id)
    assert await fire_due(runtime, now=far) == []
    assert await scheduled_runs(runtime.db, project.id) == []


async def test_re_enabling_does_not_fire_slots_missed_while_off(
    runtime: Runtime, project: ProjectView
) -> None:
    config = await bot(runtime.db, project)
    await service.set_enabled(
        runtime.db, project_id=project.id, agent_type="dependency_bot", enabled=False
    )
    assert (await reread(runtime.db, config)).schedule_next_at is None
    on = await service.set_enabled(
        runtime.db, project_id=project.id, agent_type="dependency_bot", enabled=True
    )
    assert on.schedule_next_at is not None
    assert on.schedule_next_at > datetime.now(UTC)
    assert await fire_due(runtime, now=datetime.now(UTC)) == []


async def test_a_config_without_schedule_never_fires(
    runtime: Runtime, project: ProjectView
) -> None:
    config = await bot(runtime.db, project, configuration={"update_command": COMMAND})
    assert config.schedule_next_at is None
    assert await fire_due(runtime, now=datetime.now(UTC) + timedelta(days=400)) == []
    assert await scheduled_runs(runtime.db, project.id) == []

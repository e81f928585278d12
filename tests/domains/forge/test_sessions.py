"""Session rules over RPC: starting (limits, environments, workspace), every phase move
allowed or refused, two concurrent callers, workflows, lists and event cursors."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest

from domains.forge import machine, repo
from domains.forge.machine import ALLOWED_FROM
from domains.forge.models import Phase
from domains.forge.service_retention import FORGE_EVENTS
from rpc.context import Runtime
from rpc.jobs import Workers
from rpc.retention import PruneWindow
from sql.database import Database
from tests.conftest import call
from tests.domains.forge.conftest import (
    Api,
    all_events,
    ready_project,
    rpc,
    rpc_error,
    start,
    wait_exec,
)

PHASES: list[Phase] = [
    "created",
    "provisioning",
    "ready",
    "running",
    "needs_input",
    "completed",
    "failed",
    "cancelled",
]


async def test_start_refuses_what_it_cannot_run(
    api: Api, project_id: UUID, db: Database, tmp_path: Path
) -> None:
    sprite = await rpc_error(
        api,
        "forge.start_session",
        {"project_id": str(project_id), "runner": "shell", "spec": {"environment": "sprite"}},
    )
    assert sprite["data"]["kind"] == "secret_unavailable"
    assert "setup.set_provider_credential" in sprite["data"]["reason"]

    missing = await rpc_error(
        api, "forge.start_session", {"project_id": str(uuid4()), "runner": "shell"}
    )
    assert missing["data"]["kind"] == "not_found"

    reserved = await rpc_error(
        api,
        "forge.start_session",
        {"project_id": str(project_id), "runner": "shell", "spec": {"env": {"PATH": "/x"}}},
    )
    assert reserved["data"]["kind"] == "validation_error"

    async with db.connection() as conn:
        await conn.execute("UPDATE projects SET clone_status = 'cloning' WHERE id = $1", project_id)
    cloning = await rpc_error(
        api, "forge.start_session", {"project_id": str(project_id), "runner": "shell"}
    )
    assert cloning["data"]["kind"] == "conflict"
    assert "cloning" in cloning["data"]["reason"]
    async with db.connection() as conn:
        await conn.execute(
            "UPDATE projects SET clone_status = 'ready', workspace_path = $2 WHERE id = $1",
            project_id,
            str(tmp_path / "gone"),
        )
    gone = await rpc_error(
        api, "forge.start_session", {"project_id": str(project_id), "runner": "shell"}
    )
    assert gone["data"]["kind"] == "conflict"
    assert "does not exist" in gone["data"]["reason"]
    page = await rpc(api, "forge.list_sessions", {})
    assert page["items"] == []  # nothing refused was recorded


async def test_limits_per_runner_and_in_total(
    api: Api, project_id: UUID, forge_runtime: Runtime
) -> None:
    settings = forge_runtime.settings
    assert (settings.forge_max_shell_sessions, settings.forge_max_agent_sessions) == (5, 3)
    shells = [await start(api, project_id, "shell") for _ in range(5)]
    over = await rpc_error(
        api, "forge.start_session", {"project_id": str(project_id), "runner": "shell"}
    )
    assert over["data"]["kind"] == "conflict"
    assert "JIDOCODE_FORGE_MAX_SHELL_SESSIONS" in over["data"]["reason"]
    for _ in range(3):
        await start(api, project_id, "agent_cli")
    agents_over = await rpc_error(
        api, "forge.start_session", {"project_id": str(project_id), "runner": "agent_cli"}
    )
    assert "JIDOCODE_FORGE_MAX_AGENT_SESSIONS" in agents_over["data"]["reason"]
    await start(api, project_id, "workflow")
    await start(api, project_id, "workflow")
    total = await rpc_error(
        api, "forge.start_session", {"project_id": str(project_id), "runner": "workflow"}
    )
    assert "JIDOCODE_FORGE_MAX_SESSIONS" in total["data"]["reason"]
    # An ended session frees its place.
    await rpc(api, "forge.complete_session", {"session_id": shells[0]["id"]})
    await start(api, project_id, "workflow")


async def test_concurrent_starts_never_pass_the_limit(api: Api, project_id: UUID) -> None:
    client, headers = api
    params = {"project_id": str(project_id), "runner": "shell"}
    answers = await asyncio.gather(
        *(call(client, "forge.start_session", params, headers=headers) for _ in range(12))
    )
    assert sum("result" in a for a in answers) == 5
    assert all(a["error"]["data"]["kind"] == "conflict" for a in answers if "error" in a)


@pytest.mark.parametrize("to", [p for p in PHASES if p != "created"])
async def test_every_phase_move_allowed_or_refused(
    db: Database, runtime: Runtime, clean: None, workspace: Path, to: Phase
) -> None:
    project_id = await ready_project(db, workspace)
    for start_phase in PHASES:
        async with db.transaction() as conn:
            session = await repo.insert_session(
                conn,
                name="s",
                runner="shell",
                environment="local",
                project_id=project_id,
                run_id=None,
                workspace_path=str(workspace),
                spec={},
            )
            await conn.execute(
                "UPDATE forge_sessions SET phase = $2 WHERE id = $1", session.id, start_phase
            )
            moved = await machine.move(
                conn, runtime.redactor, session_id=session.id, to=to, event="session.ready"
            )
            events = await repo.list_events(
                conn, session_id=session.id, after=0, limit=10, types=None
            )
            if start_phase in ALLOWED_FROM[to]:
                assert moved is not None
                assert moved.phase == to
                assert [e.type for e in events] == ["session.ready"]
            else:
                assert moved is None, f"{start_phase} -> {to} must be refused"
                assert events == []
                current = await repo.get_session(conn, session_id=session.id)
                assert current is not None
                assert current.phase == start_phase


async def test_two_concurrent_callers_one_move(api: Api, project_id: UUID) -> None:
    session = await start(api, project_id, "shell")
    client, headers = api
    params = {"session_id": session["id"]}
    # Each of these ends a ready session (an exec would not: a running one may still be
    # cancelled, so exec then cancel both succeeding is a correct order, not a race).
    answers = await asyncio.gather(
        call(client, "forge.complete_session", params, headers=headers),
        call(client, "forge.cancel_session", params, headers=headers),
        call(client, "forge.complete_session", params, headers=headers),
    )
    assert sum("result" in a for a in answers) == 1
    refused = [a["error"]["data"]["kind"] for a in answers if "error" in a]
    assert refused == ["invalid_transition", "invalid_transition"]
    events = await all_events(api, session["id"])
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))


async def test_exec_refuses_a_shape_the_runner_cannot_take(api: Api, project_id: UUID) -> None:
    shell = await start(api, project_id, "shell")
    agent = await start(api, project_id, "agent_cli")
    flow = await start(api, project_id, "workflow")
    cases: list[tuple[str, Any]] = [
        (shell["id"], [{"command": "true"}]),
        (agent["id"], ["echo", "argv"]),
        (flow["id"], "echo text"),
        (shell["id"], "   "),
        (shell["id"], []),
        (flow["id"], [{"command": []}]),
        (flow["id"], [{"command": "  "}]),
    ]
    for session_id, command in cases:
        error = await rpc_error(api, "forge.exec", {"session_id": session_id, "command": command})
        # Refused by the params model (invalid_params) or by the runner (validation_error).
        assert error["data"]["kind"] in ("invalid_params", "validation_error"), command
    missing = await rpc_error(api, "forge.exec", {"session_id": str(uuid4()), "command": "true"})
    assert missing["data"]["kind"] == "not_found"
    no_input = await rpc_error(api, "forge.apply_input", {"session_id": shell["id"], "input": "x"})
    assert no_input["data"]["kind"] == "invalid_transition"


async def test_workflow_runs_steps_in_order_and_halts_on_error(
    api: Api, project_id: UUID, workers: Workers, workspace: Path
) -> None:
    ok = await start(api, project_id, "workflow")
    steps = [
        {"name": "one", "command": "echo one > flow.txt"},
        {"name": "two", "command": ["sh", "-c", "echo two >> flow.txt"]},
    ]
    await rpc(api, "forge.exec", {"session_id": ok["id"], "command": steps})
    done = await wait_exec(api, ok["id"], 1)
    assert done["status"] == "completed"
    assert done["result"]["steps_run"] == 2
    assert (workspace / "flow.txt").read_text() == "one\ntwo\n"
    assert (await rpc(api, "forge.get_session", {"session_id": ok["id"]}))["phase"] == "completed"

    bad = await start(api, project_id, "workflow")
    steps = [
        {"command": "echo first"},
        {"name": "boom", "command": "exit 4"},
        {"command": "echo never > never.txt"},
    ]
    await rpc(api, "forge.exec", {"session_id": bad["id"], "command": steps})
    failed = await wait_exec(api, bad["id"], 1)
    assert failed["status"] == "failed"
    assert failed["exit_code"] == 4
    assert failed["error"].startswith("boom of 3")
    assert failed["result"]["steps_run"] == 2
    assert not (workspace / "never.txt").exists()
    detail = await rpc(api, "forge.get_session", {"session_id": bad["id"]})
    assert detail["phase"] == "failed"
    assert detail["last_error"].startswith("boom")
    outputs = [e for e in await all_events(api, bad["id"]) if e["type"] == "exec.output"]
    assert [e["data"]["step"] for e in outputs] == [1]


async def test_lists_and_event_cursors(api: Api, project_id: UUID, workers: Workers) -> None:
    sessions = [await start(api, project_id, "shell") for _ in range(3)]
    page = await rpc(api, "forge.list_sessions", {"limit": 2})
    assert [s["id"] for s in page["items"]] == [sessions[2]["id"], sessions[1]["id"]]
    rest = await rpc(api, "forge.list_sessions", {"limit": 2, "cursor": page["next_cursor"]})
    assert [s["id"] for s in rest["items"]] == [sessions[0]["id"]]
    assert rest["next_cursor"] is None
    await rpc(api, "forge.cancel_session", {"session_id": sessions[0]["id"]})
    cancelled = await rpc(api, "forge.list_sessions", {"phase": "cancelled"})
    assert [s["id"] for s in cancelled["items"]] == [sessions[0]["id"]]
    other = await rpc(api, "forge.list_sessions", {"project_id": str(uuid4())})
    assert other["items"] == []

    sid = sessions[1]["id"]
    await rpc(
        api,
        "forge.exec",
        {"session_id": sid, "command": "for i in 1 2 3; do echo $i; sleep 0.06; done"},
    )
    await wait_exec(api, sid, 1)
    first = await rpc(api, "forge.list_events", {"session_id": sid, "limit": 2})
    assert [e["seq"] for e in first["items"]] == [1, 2]
    assert first["next_cursor"] == "2"
    after = await rpc(api, "forge.list_events", {"session_id": sid, "cursor": "2"})
    assert after["items"][0]["seq"] == 3
    done = await rpc(api, "forge.list_events", {"session_id": sid, "cursor": after["next_cursor"]})
    assert done["items"] == []
    assert done["next_cursor"] == after["next_cursor"]
    outputs = await rpc(api, "forge.list_events", {"session_id": sid, "types": ["exec.output"]})
    text = "".join(e["data"]["text"] for e in outputs["items"])
    assert text == "1\n2\n3\n"
    bad = await rpc_error(api, "forge.list_events", {"session_id": sid, "cursor": "x"})
    assert bad["data"]["kind"] == "validation_error"


async def test_events_older_than_retention_are_pruned_once_the_session_ended(
    api: Api, project_id: UUID, forge_runtime: Runtime, db: Database
) -> None:
    ended = await start(api, project_id, "shell")
    active = await start(api, project_id, "shell")
    recent = await start(api, project_id, "shell")
    await rpc(api, "forge.complete_session", {"session_id": ended["id"]})
    await rpc(api, "forge.complete_session", {"session_id": recent["id"]})
    async with db.connection() as conn:
        await conn.execute(
            "UPDATE events SET at = now() - interval '8 days' WHERE topic = ANY($1)",
            [f"forge:session:{ended['id']}", f"forge:session:{active['id']}"],
        )
    settings = forge_runtime.settings
    assert settings.forge_event_retention_days == 7
    now = datetime.now(UTC)
    assert await FORGE_EVENTS.prune(db, settings, PruneWindow(now=now, dry_run=True)) == 3
    pruned = await FORGE_EVENTS.prune(db, settings, PruneWindow(now=now, batch_size=1))
    assert pruned == 3
    assert await all_events(api, ended["id"]) == []
    assert len(await all_events(api, active["id"])) == 2  # unfinished work stays
    assert len(await all_events(api, recent["id"])) == 3
    detail = await rpc(api, "forge.get_session", {"session_id": ended["id"]})
    assert detail["phase"] == "completed"


async def test_a_sessions_events_are_its_topic_and_its_moves_are_on_forge_sessions(
    api: Api, project_id: UUID, workers: Workers
) -> None:
    session = await start(api, project_id, "shell")
    sid = session["id"]
    await rpc(api, "forge.exec", {"session_id": sid, "command": "echo one"})
    await wait_exec(api, sid, 1)
    await rpc(api, "forge.complete_session", {"session_id": sid})
    own = await all_events(api, sid)
    topic = await rpc(api, "events.list", {"topic": f"forge:session:{sid}", "limit": 500})
    # One log: forge.list_events reads the session's topic, same seqs, types and data.
    assert [(e["seq"], e["type"], e["data"]) for e in own] == [
        (e["seq"], e["type"], e["data"]["data"]) for e in topic["items"]
    ]
    assert [e["seq"] for e in topic["items"]] == list(range(1, len(own) + 1))
    assert {e["data"]["session_id"] for e in topic["items"]} == {sid}
    outputs = [e for e in topic["items"] if e["type"] == "exec.output"]
    assert outputs
    assert {e["data"]["exec_sequence"] for e in outputs} == {1}
    moves = await rpc(api, "events.list", {"topic": "forge:sessions"})
    mine = [
        (e["type"], e["data"]["phase"]) for e in moves["items"] if e["data"]["session_id"] == sid
    ]
    assert mine == [
        ("session.started", "provisioning"),
        ("session.ready", "ready"),
        ("exec.started", "running"),
        ("exec.completed", "ready"),
        ("session.completed", "completed"),
    ]
    assert {e["data"]["project_id"] for e in moves["items"]} == {str(project_id)}

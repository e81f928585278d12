"""What an execution sees and what it leaves behind: the environment allowlist, bound
secrets injected for the exec and redacted from every stored event, the 1 MB stored
tail, and timeouts and cancel (of a session, or of a workflow run's sessions) ending the
whole process group (no orphan)."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from uuid import UUID

import pytest

from domains.forge import service
from domains.forge.models import Session, SessionSpec
from rpc.context import Runtime
from rpc.jobs import Workers
from sql.database import Database
from tests.domains.forge.conftest import Api, all_events, rpc, rpc_error, start, wait_exec
from tests.domains.orchestration.factories import make_run

SECRET = "s3cr3t-value-for-forge-tests-0123456789"


async def group_gone(pgid: int, timeout_s: float = 10.0) -> bool:
    """Whether process group ``pgid`` has no member left (polled until ``timeout_s``)."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    while asyncio.get_running_loop().time() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        await asyncio.sleep(0.05)
    return False


async def bind(api: Api, project_id: UUID, name: str, value: str) -> None:
    """Store ``value`` as a project secret and bind it to ``name`` in the workspace."""
    stored = await rpc(
        api, "setup.put_secret", {"scope": "project", "name": name.lower(), "value": value}
    )
    await rpc(
        api,
        "projects.bind_secret",
        {"project_id": str(project_id), "env_var_name": name, "secret_ref_id": stored["id"]},
    )


async def test_the_environment_is_the_allowlist_plus_bindings(
    api: Api, project_id: UUID, workers: Workers, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://server-only@localhost/db")
    monkeypatch.setenv("JIDOCODE_KEY_RING", "server-only-key-ring")
    monkeypatch.setenv("SOME_SERVER_VARIABLE", "server-only")
    await bind(api, project_id, "API_TOKEN", SECRET)
    session = await start(api, project_id, "shell", env={"EXTRA": "visible"})
    await rpc(
        api,
        "forge.exec",
        {
            "session_id": session["id"],
            "command": ["python3", "-c", "import json, os; print(json.dumps(sorted(os.environ)))"],
        },
    )
    done = await wait_exec(api, session["id"], 1)
    names = set(json.loads(done["output"]))
    assert {"PATH", "EXTRA", "API_TOKEN", "JIDOCODE_FORGE_EXEC_ID"} <= names
    assert not names & {"DATABASE_URL", "JIDOCODE_KEY_RING", "SOME_SERVER_VARIABLE"}
    assert names <= {
        "PATH",
        "HOME",
        "LANG",
        "LANGUAGE",
        "LC_ALL",
        "LC_CTYPE",
        "LC_MESSAGES",
        "TZ",
        "TERM",
        "USER",
        "LOGNAME",
        "SHELL",
        "TMPDIR",
        "EXTRA",
        "API_TOKEN",
        "JIDOCODE_FORGE_EXEC_ID",
        "PWD",
        "SHLVL",
        "_",
    }


async def test_a_bound_secret_is_redacted_from_every_stored_record(
    api: Api, project_id: UUID, workers: Workers, db: Database
) -> None:
    await bind(api, project_id, "API_TOKEN", SECRET)
    shell = await start(api, project_id, "shell")
    await rpc(
        api, "forge.exec", {"session_id": shell["id"], "command": 'echo "token is $API_TOKEN"'}
    )
    done = await wait_exec(api, shell["id"], 1)
    assert done["status"] == "completed"
    assert SECRET not in done["output"]
    assert "[REDACTED]" in done["output"]

    agent = await start(
        api,
        project_id,
        "agent_cli",
        env={"FAKE_AGENT_SCENARIO": "secret", "FAKE_AGENT_PRINT_VAR": "API_TOKEN"},
    )
    await rpc(api, "forge.exec", {"session_id": agent["id"], "command": "leak it"})
    assert (await wait_exec(api, agent["id"], 1))["status"] == "completed"
    async with db.connection() as conn:
        for table in ("events", "forge_exec_sessions", "forge_sessions", "jobs"):
            dump = await conn.fetchval(
                f"SELECT coalesce(string_agg(t::text, ''), '') FROM {table} t"
            )
            assert SECRET not in dump, table
    messages = [e for e in await all_events(api, agent["id"]) if e["type"] == "agent.message"]
    assert messages
    assert any("[REDACTED]" in json.dumps(e["data"]) for e in messages)


async def test_a_secret_value_in_a_command_or_the_spec_is_refused(
    api: Api, project_id: UUID, workers: Workers
) -> None:
    await bind(api, project_id, "API_TOKEN", SECRET)
    session = await start(api, project_id, "shell")
    sid = session["id"]
    for command in (f"echo {SECRET}", ["curl", "-u", f"x:{SECRET}"], "echo password=hunter2"):
        error = await rpc_error(api, "forge.exec", {"session_id": sid, "command": command})
        assert error["data"]["kind"] == "validation_error", command
        assert SECRET not in json.dumps(error)
    spec_error = await rpc_error(
        api,
        "forge.start_session",
        {"project_id": str(project_id), "runner": "shell", "spec": {"env": {"X": SECRET}}},
    )
    assert spec_error["data"]["kind"] == "validation_error"
    named = await rpc_error(
        api,
        "forge.start_session",
        {"project_id": str(project_id), "runner": "shell", "spec": {"env": {"MY_TOKEN": "abc"}}},
    )
    assert named["data"]["kind"] == "validation_error"
    # Naming the bound variable is how a command uses a secret: that is accepted.
    await rpc(
        api,
        "forge.exec",
        {"session_id": sid, "command": 'export TOKEN=$API_TOKEN; test -n "$TOKEN"'},
    )
    done = await wait_exec(api, sid, 1)
    assert done["status"] == "completed"


async def test_binary_output_is_stored_not_fatal(
    api: Api, project_id: UUID, workers: Workers
) -> None:
    session = await start(api, project_id, "shell")
    await rpc(
        api,
        "forge.exec",
        {"session_id": session["id"], "command": "printf 'a\\000b\\377c\\n'; echo after"},
    )
    done = await wait_exec(api, session["id"], 1)
    assert done["status"] == "completed"
    assert done["output"] == "a\ufffdb\ufffdc\nafter\n"
    assert done["output_size_bytes"] == 12  # a NUL b 0xff c newline, "after" newline


async def test_stored_output_keeps_the_last_megabyte(
    api: Api, project_id: UUID, workers: Workers
) -> None:
    session = await start(api, project_id, "shell")
    # 2 MB of numbered lines: the tail must survive, the head must not.
    command = (
        "i=0; while [ $i -lt 40000 ]; do printf 'line %08d %s\\n' $i "
        + "x" * 30
        + "; i=$((i+1)); done"
    )
    await rpc(api, "forge.exec", {"session_id": session["id"], "command": command})
    done = await wait_exec(api, session["id"], 1, timeout_s=120)
    assert done["status"] == "completed"
    assert done["output_size_bytes"] == 40000 * 45  # "line %08d " + 30 x + newline
    assert 900_000 <= done["stored_bytes"] <= 1_000_000
    assert done["truncated_bytes"] == done["output_size_bytes"] - done["stored_bytes"]
    marker, _, rest = done["output"].partition("\n")
    assert "truncated" in marker
    assert str(done["truncated_bytes"]) in marker
    assert rest.rstrip("\n").endswith("line 00039999 " + "x" * 30)
    assert "line 00000000 " not in rest
    events = await all_events(api, session["id"])
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    dropped = [e for e in events if e["type"] == "exec.output" and e["data"].get("dropped")]
    assert dropped
    assert all("text" not in e["data"] for e in dropped)


async def test_idle_and_wall_timeouts_end_the_whole_group(
    api: Api, project_id: UUID, workers: Workers
) -> None:
    idle = await start(api, project_id, "shell", idle_timeout_s=0.5)
    await rpc(
        api, "forge.exec", {"session_id": idle["id"], "command": "echo $$; sleep 300 & sleep 300"}
    )
    done = await wait_exec(api, idle["id"], 1)
    assert done["status"] == "timeout"
    assert done["error_kind"] == "idle_timeout"
    assert await group_gone(int(done["output"].split()[0]))

    wall = await start(api, project_id, "shell", wall_timeout_s=1.0)
    await rpc(
        api,
        "forge.exec",
        {"session_id": wall["id"], "command": "echo $$; while true; do echo tick; sleep 0.1; done"},
    )
    done = await wait_exec(api, wall["id"], 1)
    assert done["status"] == "timeout"
    assert done["error_kind"] == "wall_timeout"
    assert "tick" in done["output"]
    assert await group_gone(int(done["output"].split()[0]))
    assert (await rpc(api, "forge.get_session", {"session_id": wall["id"]}))["phase"] == "ready"


async def test_cancel_ends_the_process_group_and_keeps_the_output(
    api: Api, project_id: UUID, workers: Workers
) -> None:
    session = await start(api, project_id, "shell")
    sid = session["id"]
    await rpc(
        api,
        "forge.exec",
        {
            "session_id": sid,
            "command": "echo $$; echo partial; trap '' TERM; sleep 300 & sleep 300",
        },
    )
    deadline = asyncio.get_running_loop().time() + 10
    while (
        "partial"
        not in (await rpc(api, "forge.get_exec", {"session_id": sid, "sequence": 1}))["output"]
    ):
        assert asyncio.get_running_loop().time() < deadline
        await asyncio.sleep(0.05)
    cancelled = await rpc(api, "forge.cancel_session", {"session_id": sid})
    assert cancelled["phase"] == "cancelled"
    done = await wait_exec(api, sid, 1)
    assert done["status"] == "failed"
    assert done["error_kind"] == "cancelled"
    assert "partial" in done["output"]
    assert await group_gone(int(done["output"].split()[0]))
    types = [e["type"] for e in await all_events(api, sid)]
    assert types.index("session.cancelled") < types.index("exec.completed")
    again = await rpc_error(api, "forge.cancel_session", {"session_id": sid})
    assert again["data"]["kind"] == "invalid_transition"


async def test_an_agent_hang_is_cancelled_with_its_children(
    api: Api, project_id: UUID, workers: Workers, db: Database
) -> None:
    session = await start(api, project_id, "agent_cli", env={"FAKE_AGENT_SCENARIO": "hang"})
    sid = session["id"]
    await rpc(api, "forge.exec", {"session_id": sid, "command": "hang"})
    pgid = None
    deadline = asyncio.get_running_loop().time() + 10
    while pgid is None:
        assert asyncio.get_running_loop().time() < deadline
        await asyncio.sleep(0.05)
        async with db.connection() as conn:
            pgid = await conn.fetchval(
                "SELECT pgid FROM forge_exec_sessions WHERE session_id = $1", UUID(sid)
            )
    await rpc(api, "forge.cancel_session", {"session_id": sid})
    done = await wait_exec(api, sid, 1)
    assert done["status"] == "failed"
    assert done["error_kind"] == "cancelled"
    assert await group_gone(pgid)


async def test_an_exec_cancelled_before_its_job_starts_never_runs(
    api: Api, project_id: UUID, forge_runtime: Runtime, workspace: Path
) -> None:
    session = await start(api, project_id, "shell")
    await rpc(api, "forge.exec", {"session_id": session["id"], "command": "touch ran.txt"})
    await rpc(api, "forge.cancel_session", {"session_id": session["id"]})
    pool = Workers(forge_runtime, {service.EXEC_JOB: service.run_exec_job}, concurrency=1)
    assert await pool.drain() == 1
    done = await wait_exec(api, session["id"], 1)
    assert done["status"] == "failed"
    assert done["error_kind"] == "cancelled"
    assert not (workspace / "ran.txt").exists()
    detail = await rpc(api, "forge.get_session", {"session_id": session["id"]})
    assert detail["phase"] == "cancelled"


async def test_cancelling_a_runs_sessions_ends_their_process_groups(
    api: Api, project_id: UUID, workers: Workers, forge_runtime: Runtime, db: Database
) -> None:
    async with db.transaction() as conn:
        run = await make_run(conn, forge_runtime, project_id=project_id)
        other = await make_run(conn, forge_runtime, project_id=project_id)

    async def session_of(run_id: UUID) -> Session:
        return await service.start_session(
            db,
            forge_runtime,
            project_id=project_id,
            runner="shell",
            spec=SessionSpec(),
            run_id=run_id,
        )

    busy, idle, done, elsewhere = [await session_of(r) for r in (run.id, run.id, run.id, other.id)]
    await service.complete_session(db, forge_runtime, session_id=done.id)
    await rpc(
        api,
        "forge.exec",
        {
            "session_id": str(busy.id),
            "command": "echo $$; echo up; trap '' TERM; sleep 300 & sleep 300",
        },
    )
    deadline = asyncio.get_running_loop().time() + 10
    while "up" not in (out := (await service.get_exec(db, session_id=busy.id, sequence=1)).output):
        assert asyncio.get_running_loop().time() < deadline
        await asyncio.sleep(0.05)
    pgid = int(out.split()[0])

    cancelled = await service.cancel_run_sessions(db, forge_runtime, run_id=run.id)
    assert [s.id for s in cancelled] == [busy.id, idle.id]
    assert {s.phase for s in cancelled} == {"cancelled"}
    ended = await wait_exec(api, str(busy.id), 1)
    assert (ended["status"], ended["error_kind"]) == ("failed", "cancelled")
    assert await group_gone(pgid)
    phases = {
        s: (await rpc(api, "forge.get_session", {"session_id": str(s)}))["phase"]
        for s in (done.id, elsewhere.id)
    }
    assert phases == {done.id: "completed", elsewhere.id: "ready"}
    [event] = [e for e in await all_events(api, str(idle.id)) if e["type"] == "session.cancelled"]
    assert event["data"] == {
        "phase": "cancelled",
        "from": "ready",
        "reason": "its workflow run was cancelled",
    }
    assert await service.cancel_run_sessions(db, forge_runtime, run_id=run.id) == []

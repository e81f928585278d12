"""A shell session end to end over RPC: real commands in a real workspace, run by
workers, their events read back in order."""

from __future__ import annotations

from uuid import UUID

from rpc.jobs import Workers
from tests.domains.forge.conftest import Api, all_events, rpc, start, wait_exec


async def test_shell_session_runs_commands_and_records_events(
    api: Api, project_id: UUID, workers: Workers
) -> None:
    session = await start(api, project_id, "shell")
    sid = session["id"]
    first = await rpc(
        api, "forge.exec", {"session_id": sid, "command": "echo one; echo two >&2; pwd"}
    )
    assert first["status"] == "started"
    assert first["sequence"] == 1
    done = await wait_exec(api, sid, 1)
    assert done["status"] == "completed"
    assert done["exit_code"] == 0
    assert done["output"].splitlines()[:2] == ["one", "two"]
    assert done["output"].splitlines()[2].endswith("workspace")

    await rpc(api, "forge.exec", {"session_id": sid, "command": ["sh", "-c", "exit 7"]})
    failed = await wait_exec(api, sid, 2)
    assert failed["status"] == "failed"
    assert failed["exit_code"] == 7
    assert failed["error_kind"] == "exit_code"

    events = await all_events(api, sid)
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    types = [e["type"] for e in events]
    assert types[:2] == ["session.started", "session.ready"]
    assert types.count("exec.started") == 2
    assert types.count("exec.completed") == 2
    detail = await rpc(api, "forge.get_session", {"session_id": sid})
    assert detail["phase"] == "ready"
    assert detail["execution_count"] == 2

"""Checkpoints over RPC on a real repository: the workspace is kept as a commit on a
hidden ref without touching the working tree or the branch, and put back on restore."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from rpc.jobs import Workers
from tests.domains.forge.conftest import Api, all_events, rpc, rpc_error, start, wait_exec
from tests.domains.projects.conftest import git


async def test_checkpoint_and_restore_a_workspace(
    api: Api, project_id: UUID, workers: Workers, workspace: Path
) -> None:
    session = await start(api, project_id, "shell")
    sid = session["id"]
    await rpc(
        api,
        "forge.exec",
        {
            "session_id": sid,
            "command": "echo changed > README.md; echo new > added.txt; echo x > debug.log",
        },
    )
    assert (await wait_exec(api, sid, 1))["status"] == "completed"
    status_before = git("status", "--porcelain", cwd=workspace)
    head_before = git("rev-parse", "HEAD", cwd=workspace)

    checkpoint = await rpc(
        api, "forge.create_checkpoint", {"session_id": sid, "name": "after edit"}
    )
    assert checkpoint["number"] == 1
    assert checkpoint["exec_sequence"] == 1
    assert checkpoint["ref"] == f"refs/jidocode/checkpoints/{sid}/1"
    assert git("rev-parse", checkpoint["ref"], cwd=workspace) == checkpoint["commit_sha"]
    assert git("status", "--porcelain", cwd=workspace) == status_before
    assert git("rev-parse", "HEAD", cwd=workspace) == head_before
    assert git("show", f"{checkpoint['commit_sha']}:added.txt", cwd=workspace) == "new"
    assert "debug.log" not in git("ls-tree", "--name-only", checkpoint["commit_sha"], cwd=workspace)

    taken = await rpc_error(
        api, "forge.create_checkpoint", {"session_id": sid, "name": "after edit"}
    )
    assert taken["data"]["kind"] == "conflict"

    await rpc(
        api,
        "forge.exec",
        {
            "session_id": sid,
            "command": "rm added.txt; echo later > README.md; echo extra > extra.txt",
        },
    )
    await wait_exec(api, sid, 2)
    second = await rpc(api, "forge.create_checkpoint", {"session_id": sid})
    assert second["name"] == "cp-2"
    assert second["exec_sequence"] == 2

    restored = await rpc(api, "forge.restore_checkpoint", {"session_id": sid, "name": "after edit"})
    assert restored["id"] == checkpoint["id"]
    assert (workspace / "README.md").read_text() == "changed\n"
    assert (workspace / "added.txt").read_text() == "new\n"
    assert not (workspace / "extra.txt").exists()
    assert (workspace / "debug.log").exists()  # ignored files are left alone
    assert git("rev-parse", "HEAD", cwd=workspace) == head_before
    assert git("status", "--porcelain", cwd=workspace) == status_before

    types = [e["type"] for e in await all_events(api, sid)]
    assert types.count("checkpoint.created") == 2
    assert types[-1] == "checkpoint.restored"
    detail = await rpc(api, "forge.get_session", {"session_id": sid})
    assert [c["name"] for c in detail["checkpoints"]] == ["after edit", "cp-2"]

    missing = await rpc_error(api, "forge.restore_checkpoint", {"session_id": sid, "number": 9})
    assert missing["data"]["kind"] == "not_found"
    both = await rpc_error(
        api, "forge.restore_checkpoint", {"session_id": sid, "number": 1, "name": "cp-2"}
    )
    assert both["data"]["kind"] == "validation_error"


async def test_checkpoints_are_refused_while_an_exec_runs(
    api: Api, project_id: UUID, workers: Workers
) -> None:
    session = await start(api, project_id, "shell")
    sid = session["id"]
    await rpc(api, "forge.create_checkpoint", {"session_id": sid})
    await rpc(api, "forge.exec", {"session_id": sid, "command": "sleep 30"})
    refused = await rpc_error(api, "forge.create_checkpoint", {"session_id": sid})
    assert refused["data"]["kind"] == "invalid_transition"
    running = await rpc_error(api, "forge.restore_checkpoint", {"session_id": sid, "number": 1})
    assert running["data"]["kind"] == "invalid_transition"
    await rpc(api, "forge.cancel_session", {"session_id": sid})
    await wait_exec(api, sid, 1)
    cancelled = await rpc_error(api, "forge.restore_checkpoint", {"session_id": sid, "number": 1})
    assert cancelled["data"]["kind"] == "invalid_transition"
    missing = await rpc_error(api, "forge.restore_checkpoint", {"session_id": sid, "number": 2})
    assert missing["data"]["kind"] == "not_found"

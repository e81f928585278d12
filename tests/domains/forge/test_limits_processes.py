"""The Forge session limits hold across server processes: two real ``jidocode serve``
processes on one database (``JIDOCODE_FORGE_MAX_SESSIONS=4``,
``JIDOCODE_FORGE_MAX_SHELL_SESSIONS=2``) take concurrent ``forge.start_session`` calls
split between them. Exactly as many starts succeed as the limit leaves room for; every
other one is a conflict naming the limit's variable; a cancelled session frees its place.
The total limit counts every runner (agent and workflow sessions with the shells).
"""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path
from typing import Any
from uuid import UUID

import aiohttp
import pytest

from rpc.settings import Settings
from sql.database import Database
from tests.domains.accounts.factories import EMAIL, PASSWORD
from tests.domains.forge.children import child_env, children, eventually
from tests.domains.forge.conftest import ready_project

pytestmark = pytest.mark.committing

LIMITS = {"JIDOCODE_FORGE_MAX_SESSIONS": "4", "JIDOCODE_FORGE_MAX_SHELL_SESSIONS": "2"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


class Server:
    """One server process, called over HTTP as the owner."""

    def __init__(self, http: aiohttp.ClientSession, port: int) -> None:
        self.http = http
        self.url = f"http://127.0.0.1:{port}"
        self.headers: dict[str, str] = {}

    async def ready(self) -> bool:
        try:
            async with self.http.get(f"{self.url}/readyz") as resp:
                return resp.status == 200
        except aiohttp.ClientConnectionError:
            return False

    async def call(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        body = {"jsonrpc": "2.0", "method": method, "params": params, "id": 1}
        async with self.http.post(f"{self.url}/rpc", json=body, headers=self.headers) as resp:
            answer: dict[str, Any] = await resp.json()
        return answer

    async def result(self, method: str, params: dict[str, Any]) -> Any:
        answer = await self.call(method, params)
        assert "result" in answer, answer
        return answer["result"]


async def start_all(
    servers: list[Server], project_id: UUID, runners: list[str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Start one session per runner at once, alternating servers; (started, refused)."""
    answers = await asyncio.gather(
        *(
            servers[n % len(servers)].call(
                "forge.start_session", {"project_id": str(project_id), "runner": runner}
            )
            for n, runner in enumerate(runners)
        )
    )
    started = [a["result"] for a in answers if "result" in a]
    refused = [a["error"] for a in answers if "error" in a]
    assert len(started) + len(refused) == len(runners), answers
    return started, refused


def names_limit(error: dict[str, Any], setting: str) -> bool:
    return error["data"]["kind"] == "conflict" and setting in error["data"]["reason"]


async def test_limits_hold_across_two_server_processes(
    db: Database, settings: Settings, clean: None, workspace: Path, tmp_path: Path
) -> None:
    ports = [free_port(), free_port()]
    with children(child_env(settings, **LIMITS), tmp_path) as procs:
        for n, port in enumerate(ports):
            procs.start(
                f"serve{n}", "-m", "rpc.app.cli", "serve", "--no-workers", "--port", str(port)
            )
        async with aiohttp.ClientSession() as http:
            servers = [Server(http, port) for port in ports]

            async def both_ready() -> bool:
                return all([await s.ready() for s in servers])

            await eventually(both_ready, "both servers answer", timeout_s=30)
            owner = {"email": EMAIL, "password": PASSWORD}
            await servers[0].result("accounts.bootstrap_owner", owner)
            token = (await servers[1].result("accounts.sign_in", owner))["token"]
            for server in servers:
                server.headers = {"Authorization": f"Bearer {token}"}
            project_id = await ready_project(db, workspace)

            started, refused = await start_all(servers, project_id, ["shell"] * 6)
            assert [s["phase"] for s in started] == ["ready", "ready"]
            assert len(refused) == 4
            assert all(names_limit(e, "JIDOCODE_FORGE_MAX_SHELL_SESSIONS") for e in refused)

            await servers[1].result("forge.cancel_session", {"session_id": started[0]["id"]})
            again, _ = await start_all(servers[:1], project_id, ["shell"])
            assert len(again) == 1  # the cancelled session's place is free

            # Two shells are active: two places are left of the total, whatever the runner.
            mixed, refused = await start_all(servers, project_id, ["agent_cli", "workflow"] * 3)
            assert len(mixed) == 2
            assert len(refused) == 4
            assert all(names_limit(e, "JIDOCODE_FORGE_MAX_SESSIONS") for e in refused)
            _, (shell,) = await start_all(servers[1:], project_id, ["shell"])
            assert names_limit(shell, "JIDOCODE_FORGE_MAX_SESSIONS")

    async with db.connection() as c:
        active = await c.fetchval(
            "SELECT count(*) FROM forge_sessions WHERE phase NOT IN ('cancelled', 'failed')"
        )
    assert active == 4

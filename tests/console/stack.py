"""The live stack the browser stories run against: a real ``jidocode serve`` process (with
its job workers) on the test database, pointed at the local fakes — the LLM providers'
server, the GitHub REST server with git's smart HTTP in front of a bare repository on
disk (``acme/app``), and the fake agent as the coding CLI.

The server runs in its own process group; ``stop`` ends the whole group (SIGTERM, then
SIGKILL for anything left), so no process a story starts outlives it. ``restart`` stops
it and starts it again on the same port, database and data directory (the same key
ring), as an operator's restart would.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

from rpc.settings import Settings
from tests.domains.forge.conftest import FAKE_AGENT
from tests.domains.projects.conftest import git, make_bare_repo
from tests.fakes.github_server import FakeGitHub
from tests.fakes.llm_server import FakeLlm, llm_server
from tests.server_process import ROOT, free_port

REPO = "acme/app"
FILES = {"README.md": "# app\n", ".gitignore": "*.log\n", "src/app.py": "print('hi')\n"}
EMAIL = "owner@example.com"
PASSWORD = "correct horse battery staple"


class RpcFailed(AssertionError):
    """A JSON-RPC call the test made answered an error."""


@dataclass
class Server:
    """One ``jidocode serve`` process group on a fixed port."""

    env: dict[str, str]
    port: int
    logs: Path
    proc: asyncio.subprocess.Process | None = None
    starts: int = 0

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``: the console's origin."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        """The newest process's output (for a failing test's message)."""
        return self.logs / f"server-{self.starts}.log"

    def log_tail(self, lines: int = 60) -> str:
        """The end of the newest process's output."""
        try:
            return "\n".join(self.log_path.read_text().splitlines()[-lines:])
        except FileNotFoundError:
            return ""

    async def start(self) -> None:
        """Start the process and wait until ``/healthz`` answers."""
        assert self.proc is None, "already running"
        self.starts += 1
        with self.log_path.open("wb") as log:
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "rpc.app.cli",
                "serve",
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=asyncio.subprocess.STDOUT,
                start_new_session=True,  # its own process group, ended whole by stop()
            )
        async with aiohttp.ClientSession() as http:
            for _ in range(600):
                if self.proc.returncode is not None:
                    break
                with contextlib.suppress(aiohttp.ClientError):
                    async with http.get(f"{self.base_url}/healthz") as resp:
                        if resp.status == 200:
                            return
                await asyncio.sleep(0.1)
        await self.stop()
        raise AssertionError(f"jidocode serve did not become healthy:\n{self.log_tail()}")

    async def stop(self) -> None:
        """SIGTERM to the process group, SIGKILL after 30 s; then SIGKILL any leftover."""
        proc, self.proc = self.proc, None
        if proc is None:
            return
        group = proc.pid  # the group's id: the process was started as its leader
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGTERM)
        try:
            await asyncio.wait_for(proc.wait(), 30)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(group, signal.SIGKILL)
            await proc.wait()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGKILL)

    async def restart(self) -> None:
        """Stop, then start again on the same port, database and data directory."""
        await self.stop()
        await self.start()


@dataclass
class Stack:
    """The server and the fakes it talks to, and a Python-side caller of its API."""

    server: Server
    llm: FakeLlm
    gh: FakeGitHub
    remotes: Path
    pat: str
    tmp: Path
    http: aiohttp.ClientSession
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        """The console's origin."""
        return self.server.base_url

    async def rpc(self, method: str, params: dict[str, Any] | None = None, **kw: Any) -> Any:
        """``method``'s result as the owner (a bearer token), or ``RpcFailed``."""
        answer = await self.call(method, params, **kw)
        if "error" in answer:
            raise RpcFailed(f"{method}: {answer['error']}")
        return answer["result"]

    async def call(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        *,
        anonymous: bool = False,
    ) -> dict[str, Any]:
        """The raw JSON-RPC answer of one call (as the owner unless ``anonymous``)."""
        headers = {}
        if not anonymous:
            headers["Authorization"] = f"Bearer {await self.owner_token()}"
        body = {"jsonrpc": "2.0", "id": 1, "method": method, "params": params or {}}
        async with self.http.post(f"{self.base_url}/rpc", json=body, headers=headers) as resp:
            answer: dict[str, Any] = await resp.json()
        return answer

    async def owner_token(self) -> str:
        """A bearer token of the owner (signed in once, kept)."""
        if "owner" not in self.tokens:
            params = {"email": EMAIL, "password": PASSWORD, "mode": "bearer"}
            answer = await self.call("accounts.sign_in", params, anonymous=True)
            assert "result" in answer, answer
            self.tokens["owner"] = answer["result"]["token"]
        return self.tokens["owner"]

    async def bootstrap_owner(self) -> None:
        """Create the owner by API (for stories that do not tell the first run)."""
        params = {"email": EMAIL, "password": PASSWORD}
        answer = await self.call("accounts.bootstrap_owner", params, anonymous=True)
        assert "result" in answer, answer

    async def wait_run(self, run_id: str, *statuses: str, timeout_s: float = 120) -> Any:
        """Poll ``get_run`` until the run is in one of ``statuses``; the run."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        while True:
            run = await self.rpc("orchestration.get_run", {"run_id": run_id})
            if run["status"] in statuses:
                return run
            if loop.time() > deadline:
                raise AssertionError(f"run {run_id} is {run['status']}, not {statuses}: {run}")
            await asyncio.sleep(0.1)


def server_env(
    settings: Settings, tmp: Path, port: int, llm: FakeLlm, gh: FakeGitHub
) -> dict[str, str]:
    """The server's environment: the test database, the fakes, quick job polling."""
    assert settings.database_url
    return {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "JIDOCODE_DATA_DIR": str(tmp / "data"),
        "JIDOCODE_HOST": "127.0.0.1",
        "JIDOCODE_PORT": str(port),
        "JIDOCODE_POOL_MIN_SIZE": "1",
        "JIDOCODE_POOL_MAX_SIZE": "8",
        "JIDOCODE_LOG_LEVEL": "WARNING",
        "JIDOCODE_RUN_WORKERS": "true",
        "JIDOCODE_JOB_POLL_INTERVAL_S": "0.1",
        "JIDOCODE_ANTHROPIC_BASE_URL": llm.base_url,
        "JIDOCODE_OPENAI_BASE_URL": llm.base_url,
        "JIDOCODE_GOOGLE_BASE_URL": llm.base_url,
        "JIDOCODE_GITHUB_API_URL": gh.base_url,
        "JIDOCODE_GIT_CLONE_BASE_URL": gh.git_url,
        "JIDOCODE_WORKSPACE_ROOT": str(tmp / "workspaces"),
        "JIDOCODE_CLAUDE_BINARY": str(FAKE_AGENT),
        "JIDOCODE_CODEX_BINARY": str(FAKE_AGENT),
        "JIDOCODE_FORGE_KILL_GRACE_S": "1",
    }


@asynccontextmanager
async def live_stack(settings: Settings, tmp: Path) -> AsyncIterator[Stack]:
    """The fakes, a bare ``acme/app`` behind the fake GitHub, and the server; all stopped
    at the end (the server's whole process group)."""
    remotes = tmp / "remotes"
    remotes.mkdir()
    (tmp / "workspaces").mkdir()
    make_bare_repo(remotes, REPO, FILES)
    git("config", "receive.denyNonFastForwards", "true", cwd=remotes / f"{REPO}.git")
    async with llm_server() as llm, FakeGitHub() as gh, aiohttp.ClientSession() as http:
        gh.git_root = remotes
        gh.add_repo(REPO, description="The app the stories work on")
        pat = gh.add_token()
        port = free_port()
        server = Server(server_env(settings, tmp, port, llm, gh), port, tmp)
        await server.start()
        try:
            yield Stack(server, llm, gh, remotes, pat, tmp, http)
        finally:
            await server.stop()

"""A live server on 127.0.0.1 for clients that run in another process (node, the CLI).

Import ``live_url`` into a conftest or test module to use it.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from rpc.context import Runtime
from rpc.http import build_app
from rpc.registry import Registry


@pytest.fixture
async def live_url(runtime: Runtime, registry: Registry, clean: None) -> AsyncIterator[str]:
    """The ``/rpc`` URL of the real app, served in this event loop (tables cleaned)."""
    runner = web.AppRunner(build_app(runtime, registry), access_log=None)
    await runner.setup()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    site = web.TCPSite(runner, "127.0.0.1", port)
    await site.start()
    try:
        yield f"http://127.0.0.1:{port}/rpc"
    finally:
        await runner.cleanup()


async def post(url: str, method: str, params: dict[str, Any], token: str | None = None) -> Any:
    """One raw JSON-RPC call; returns the result (asserts there is one)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            url,
            json={"jsonrpc": "2.0", "id": 1, "method": method, "params": params},
            headers=headers,
        ) as resp,
    ):
        body = await resp.json()
    assert "result" in body, body
    return body["result"]


OWNER_EMAIL = "o@example.com"


async def owner_api_key(url: str) -> str:
    """Bootstrap the owner, sign in for a bearer token, and mint an API key named ``cli``."""
    password = "pw-" * 6
    await post(url, "accounts.bootstrap_owner", {"email": OWNER_EMAIL, "password": password})
    signed = await post(url, "accounts.sign_in", {"email": OWNER_EMAIL, "password": password})
    created = await post(url, "accounts.create_api_key", {"name": "cli"}, signed["token"])
    key: str = created["key"]
    return key

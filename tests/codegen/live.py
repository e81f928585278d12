"""A live server on 127.0.0.1 for clients that run in another process (node, the CLI).

Import ``live_url`` into a conftest or test module to use it.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

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

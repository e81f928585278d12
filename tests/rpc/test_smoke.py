"""The server answers over real HTTP on a real database."""

from __future__ import annotations

from typing import Any

from aiohttp.test_utils import TestClient

from rpc.inventory import INVENTORY_VERSION
from tests.conftest import call


async def test_ping_and_version(client: TestClient[Any, Any]) -> None:
    assert (await call(client, "system.ping"))["result"] == {"pong": True}
    version = (await call(client, "system.version"))["result"]
    assert version["inventory_version"] == INVENTORY_VERSION
    assert version["postgres_version"][0].isdigit()

"""``X-Request-Id`` on every response: health, readiness, the schema, webhooks, 404s."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp.test_utils import TestClient

Client = TestClient[Any, Any]

ROUTES = [
    ("GET", "/healthz"),
    ("GET", "/readyz"),
    ("GET", "/openrpc.json"),
    ("GET", "/no/such/route"),
    ("GET", "/rpc"),  # 405: the route takes POST only
    ("POST", "/webhooks/github"),  # unsigned: refused, still with an id
    ("POST", "/rpc"),
]


@pytest.mark.parametrize(("verb", "path"), ROUTES)
async def test_every_response_carries_the_request_id(client: Client, verb: str, path: str) -> None:
    given = await client.request(verb, path, headers={"X-Request-Id": "trace-42"}, data=b"{}")
    assert given.headers["X-Request-Id"] == "trace-42"
    made = await client.request(verb, path, data=b"{}")
    assert len(made.headers["X-Request-Id"]) == 32

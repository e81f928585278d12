"""``jidocode serve`` with ``JIDOCODE_METRICS_LISTEN``: ``GET /metrics`` on its own
address without auth, and not on the main address at all."""

from __future__ import annotations

from pathlib import Path

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from rpc.settings import Settings
from tests.server_process import free_port, server_process

pytestmark = pytest.mark.committing


async def test_metrics_move_to_their_own_address(
    settings: Settings, tmp_path: Path, clean: None
) -> None:
    # (clean: the server stores what its start-up seals with its own key ring.)
    side = f"127.0.0.1:{free_port()}"
    async with (
        server_process(settings, tmp_path, JIDOCODE_METRICS_LISTEN=side) as base,
        aiohttp.ClientSession() as http,
    ):
        async with http.post(
            f"{base}/rpc", json={"jsonrpc": "2.0", "method": "system.ping", "id": 1}
        ) as resp:
            assert resp.status == 200
        async with http.get(f"{base}/metrics") as resp:
            assert resp.status == 404
        async with http.get(f"http://{side}/metrics") as resp:
            assert resp.status == 200
            text = await resp.text()
        async with http.post(f"http://{side}/rpc", json={}) as resp:
            assert resp.status in (404, 405)  # only metrics there
    names = {f.name for f in text_string_to_metric_families(text)}
    assert {"jidocode_rpc_calls", "jidocode_jobs", "jidocode_db_pool_size"} <= names
    assert 'jidocode_rpc_calls_total{method="system.ping",outcome="ok"} 1.0' in text

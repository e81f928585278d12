"""The generated Python client (models + typed namespaces) against a live server."""

from __future__ import annotations

import pytest

from codegen.python import models
from codegen.python.client import INVENTORY_VERSION, PARAMS, RESULTS, Client
from codegen.python.runtime import RpcError, Transport, TransportError
from rpc.registry import Registry
from tests.codegen.live import OWNER_EMAIL, owner_api_key


def test_every_method_has_a_params_model_and_a_result_type(registry: Registry) -> None:
    assert set(PARAMS) == set(registry.methods)
    assert set(RESULTS) == set(registry.methods)


async def test_typed_calls(live_url: str) -> None:
    async with Client.connect(live_url) as client:
        pong = await client.system.ping()
        assert isinstance(pong, models.Pong)
        assert pong.pong is True
        version = await client.system.version()
        assert version.inventory_version == INVENTORY_VERSION
        discovered = await client.rpc.discover()
        assert discovered["info"]["version"] == str(INVENTORY_VERSION)


async def test_errors_carry_kind_code_and_typed_data(live_url: str) -> None:
    async with Client.connect(live_url) as client:
        with pytest.raises(RpcError) as caught:
            await client.accounts.me()
    assert caught.value.kind == "unauthenticated"
    assert caught.value.code == 1001
    assert caught.value.data["request_id"]

    transport = Transport(live_url, inventory_version=INVENTORY_VERSION + 1)
    async with Client(transport) as stale:
        with pytest.raises(RpcError) as mismatch:
            await stale.system.ping()
    data = models.InventoryMismatchErrorData.model_validate(mismatch.value.data)
    assert data.server_version == INVENTORY_VERSION


async def test_api_key_auth_and_params_models(live_url: str) -> None:
    key = await owner_api_key(live_url)
    async with Client.connect(live_url, api_key=key) as client:
        me = await client.accounts.me()
        assert me.owner.email == OWNER_EMAIL
        page = await client.accounts.list_api_keys(models.ListCredentialsParams(limit=5))
        assert [k.name for k in page.items] == ["cli"]


async def test_transport_failure() -> None:
    async with Client.connect("http://127.0.0.1:9/rpc", timeout_s=5) as client:
        with pytest.raises(TransportError):
            await client.system.ping()

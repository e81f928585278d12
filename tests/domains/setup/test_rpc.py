"""The setup methods over real HTTP: auth, params, errors and results on the wire."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from rpc.context import Runtime
from rpc.http import build_app
from rpc.registry import Registry
from tests.conftest import call
from tests.domains.accounts.factories import bearer, error_kind, owner_token
from tests.domains.setup.factories import runtime_with, seal_to
from tests.domains.setup.providers import VALID_ANTHROPIC, provider_server

OWNER_METHODS = {
    "setup.run_checks": {},
    "setup.save_step": {"payload": {"step": "welcome"}},
    "setup.complete_onboarding": {},
    "setup.get_config": {},
    "setup.update_config": {},
    "setup.list_provider_credentials": {},
    "setup.set_provider_credential": {"provider": "openai", "value": "sk-x-123456"},
    "setup.verify_provider_credential": {"provider": "openai"},
    "setup.remove_provider_credential": {"provider": "openai"},
    "setup.get_sealing_key": {},
    "setup.put_secret": {"scope": "instance", "name": "n", "value": "v-123456"},
    "setup.list_secrets": {},
    "setup.rotate_secret": {"secret_ref_id": str(uuid.uuid4()), "value": "v-123456"},
    "setup.revoke_secret": {"secret_ref_id": str(uuid.uuid4())},
    "setup.list_secret_audits": {},
    "setup.rewrap_secrets": {},
}


@pytest.fixture
async def headers(client: TestClient[Any, Any]) -> dict[str, str]:
    return bearer(await owner_token(client))


async def test_status_is_anonymous(client: TestClient[Any, Any]) -> None:
    status = (await call(client, "setup.status"))["result"]
    assert status["next_action"] == "bootstrap_owner"
    assert status["current_step"] == "welcome"


@pytest.mark.parametrize(("method", "params"), sorted(OWNER_METHODS.items()))
async def test_owner_methods_refuse_anonymous_calls(
    client: TestClient[Any, Any], method: str, params: dict[str, Any]
) -> None:
    response = await call(client, method, params)
    assert error_kind(response) == "unauthenticated"
    assert response["error"]["code"] == 1001


async def test_secrets_over_http(client: TestClient[Any, Any], headers: dict[str, str]) -> None:
    key = (await call(client, "setup.get_sealing_key", headers=headers))["result"]
    assert key["algorithm"] == "x25519-xsalsa20-poly1305-sealedbox"

    plain = await call(
        client,
        "setup.put_secret",
        {"scope": "integration", "name": "plain", "value": "http-plain-value"},
        headers=headers,
    )
    assert plain["result"]["status"] == "active"
    assert "http-plain-value" not in str(plain)
    sealed = await call(
        client,
        "setup.put_secret",
        {
            "scope": "integration",
            "name": "sealed",
            "sealed_value": seal_to(key["public_key"], "http-sealed-value"),
        },
        headers=headers,
    )
    secret_id = sealed["result"]["id"]

    dup = await call(
        client,
        "setup.put_secret",
        {"scope": "integration", "name": "plain", "value": "again-123"},
        headers=headers,
    )
    assert error_kind(dup) == "conflict"
    both = await call(
        client,
        "setup.put_secret",
        {"scope": "instance", "name": "x", "value": "v-123456", "sealed_value": "abc"},
        headers=headers,
    )
    assert error_kind(both) == "validation_error"
    bad = await call(
        client,
        "setup.put_secret",
        {"scope": "galaxy", "name": "x", "value": "do-not-echo-me"},
        headers=headers,
    )
    assert error_kind(bad) == "invalid_params"
    assert "do-not-echo-me" not in str(bad)
    reserved = await call(
        client,
        "setup.put_secret",
        {"scope": "instance", "name": "sealing_key", "value": "v-123456"},
        headers=headers,
    )
    assert error_kind(reserved) == "conflict"

    rotated = await call(
        client,
        "setup.rotate_secret",
        {"secret_ref_id": secret_id, "value": "http-rotated-value"},
        headers=headers,
    )
    assert rotated["result"]["last_rotated_at"] is not None
    missing = await call(
        client,
        "setup.rotate_secret",
        {"secret_ref_id": str(uuid.uuid4()), "value": "v-123456"},
        headers=headers,
    )
    assert error_kind(missing) == "not_found"
    listed = await call(client, "setup.list_secrets", {"limit": 1}, headers=headers)
    assert len(listed["result"]["items"]) == 1
    assert listed["result"]["next_cursor"]
    revoked = await call(
        client, "setup.revoke_secret", {"secret_ref_id": secret_id}, headers=headers
    )
    assert revoked["result"]["status"] == "revoked"
    twice = await call(client, "setup.revoke_secret", {"secret_ref_id": secret_id}, headers=headers)
    assert error_kind(twice) == "conflict"
    audits = await call(
        client, "setup.list_secret_audits", {"secret_ref_id": secret_id}, headers=headers
    )
    assert [a["action"] for a in audits["result"]["items"]] == ["revoke", "rotate", "create"]
    assert audits["result"]["items"][0]["actor"].startswith("owner:")
    bad_cursor = await call(client, "setup.list_secret_audits", {"cursor": "zz"}, headers=headers)
    assert error_kind(bad_cursor) == "validation_error"
    rewrap = await call(client, "setup.rewrap_secrets", {"batch_size": 10}, headers=headers)
    assert rewrap["result"]["rewrapped"] == 0
    assert rewrap["result"]["remaining"] == 0


async def test_onboarding_and_config_over_http(
    client: TestClient[Any, Any], headers: dict[str, str]
) -> None:
    checks = (await call(client, "setup.run_checks", headers=headers))["result"]
    assert checks["all_passed"] is True
    saved = await call(client, "setup.save_step", {"payload": {"step": "welcome"}}, headers=headers)
    assert saved["result"]["config"]["onboarding_step"] == 2
    skipped = await call(
        client, "setup.save_step", {"payload": {"step": "github_setup"}}, headers=headers
    )
    assert error_kind(skipped) == "invalid_transition"
    assert skipped["error"]["data"]["to"] == "github_setup"
    unknown = await call(client, "setup.save_step", {"payload": {"step": "dance"}}, headers=headers)
    assert error_kind(unknown) == "invalid_params"
    owner = await call(
        client, "setup.save_step", {"payload": {"step": "owner_bootstrap"}}, headers=headers
    )
    assert owner["result"]["config"]["onboarding_step"] == 3
    failing = await call(
        client, "setup.save_step", {"payload": {"step": "provider_setup"}}, headers=headers
    )
    assert error_kind(failing) == "validation_error"
    assert failing["error"]["data"]["field_errors"][0]["field"] == "providers"
    early = await call(client, "setup.complete_onboarding", headers=headers)
    assert error_kind(early) == "invalid_transition"

    config = await call(
        client, "setup.update_config", {"deployment_mode": "local"}, headers=headers
    )
    assert error_kind(config) == "validation_error"
    config = await call(
        client,
        "setup.update_config",
        {"deployment_mode": "cloud_vm", "default_environment": "sprite"},
        headers=headers,
    )
    assert config["result"]["deployment_mode"] == "cloud_vm"
    got = (await call(client, "setup.get_config", headers=headers))["result"]
    assert got["default_environment"] == "sprite"
    status = (await call(client, "setup.status"))["result"]
    assert status["owner_exists"] is True
    assert status["next_action"] == "onboarding"
    assert status["current_step"] == "provider_setup"


@pytest.fixture
async def provider_client(
    runtime: Runtime, registry: Registry, clean: None
) -> AsyncIterator[TestClient[Any, Any]]:
    """A client for an app whose provider base URLs point at a local fake provider."""
    async with provider_server() as base:
        settings = runtime.settings.model_copy(
            update={"anthropic_base_url": base, "openai_base_url": base, "github_api_url": base}
        )
        app = build_app(runtime_with(runtime, settings=settings), registry)
        async with TestClient(TestServer(app, host="127.0.0.1")) as c:
            yield c


async def test_provider_credentials_over_http(provider_client: TestClient[Any, Any]) -> None:
    client = provider_client
    headers = bearer(await owner_token(client))
    key = (await call(client, "setup.get_sealing_key", headers=headers))["result"]
    stored = await call(
        client,
        "setup.set_provider_credential",
        {"provider": "anthropic", "sealed_value": seal_to(key["public_key"], VALID_ANTHROPIC)},
        headers=headers,
    )
    assert stored["result"]["status"] == "unverified"
    verified = await call(
        client, "setup.verify_provider_credential", {"provider": "anthropic"}, headers=headers
    )
    assert verified["result"]["status"] == "active"
    wrong = await call(
        client,
        "setup.set_provider_credential",
        {"provider": "openai", "value": "sk-proj-not-the-right-key-0000000000"},
        headers=headers,
    )
    assert wrong["result"]["status"] == "unverified"
    invalid = await call(
        client, "setup.verify_provider_credential", {"provider": "openai"}, headers=headers
    )
    assert invalid["result"]["status"] == "invalid"
    assert "sk-proj-not-the-right-key" not in str(invalid)
    listed = await call(client, "setup.list_provider_credentials", headers=headers)
    statuses = {c["provider"]: c["status"] for c in listed["result"]["items"]}
    assert statuses["anthropic"] == "active"
    assert statuses["openai"] == "invalid"
    assert statuses["google"] == "not_set"
    removed = await call(
        client, "setup.remove_provider_credential", {"provider": "openai"}, headers=headers
    )
    assert removed["result"]["status"] == "not_set"
    gone = await call(
        client, "setup.remove_provider_credential", {"provider": "openai"}, headers=headers
    )
    assert error_kind(gone) == "not_found"
    nothing = await call(
        client, "setup.verify_provider_credential", {"provider": "google"}, headers=headers
    )
    assert error_kind(nothing) == "not_found"
    bad = await call(
        client, "setup.set_provider_credential", {"provider": "myspace"}, headers=headers
    )
    assert error_kind(bad) == "invalid_params"

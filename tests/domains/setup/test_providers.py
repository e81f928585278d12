"""Provider credentials: set, list, verify against local provider servers, remove."""

from __future__ import annotations

import socket
import uuid
from collections.abc import AsyncIterator

import orjson
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from domains.setup import service_providers as providers
from domains.setup.errors import CredentialNotFound, ProviderUnreachable
from domains.setup.service import provider_secret
from rpc.context import Runtime
from rpc.errors import ValidationFailed
from rpc.redaction import Redactor
from sql.database import Database
from tests.domains.setup.factories import runtime_with
from tests.domains.setup.providers import (
    VALID_ANTHROPIC,
    VALID_GITHUB,
    VALID_GOOGLE,
    VALID_OPENAI,
    provider_server,
)

ACTOR = "owner:" + str(uuid.UUID(int=1))
APP_KEY = (
    "-----BEGIN RSA PRIVATE KEY-----\n"
    "MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n"
    "-----END RSA PRIVATE KEY-----\n"
)

pytestmark = pytest.mark.usefixtures("clean")


def with_base(runtime: Runtime, base: str) -> Runtime:
    settings = runtime.settings.model_copy(
        update={
            "anthropic_base_url": base,
            "openai_base_url": base,
            "google_base_url": base,
            "github_api_url": base,
            "provider_timeout_s": 5.0,
        }
    )
    return runtime_with(runtime, settings=settings)


@pytest.fixture
async def rt(runtime: Runtime) -> AsyncIterator[Runtime]:
    async with provider_server() as base:
        yield with_base(runtime, base)


@pytest.mark.parametrize(
    ("provider", "secret", "metadata"),
    [
        ("anthropic", VALID_ANTHROPIC, {"models_available": 2}),
        ("openai", VALID_OPENAI, {"models_available": 1}),
        ("google", VALID_GOOGLE, {"models_available": 1}),
        ("github_pat", VALID_GITHUB, {"login": "octocat"}),
    ],
)
async def test_a_valid_credential_verifies_active(
    db: Database, rt: Runtime, provider: str, secret: str, metadata: dict[str, object]
) -> None:
    stored = await providers.set_provider_credential(
        db, rt, provider=provider, value=secret, actor=ACTOR
    )
    assert stored.status == "unverified"
    assert stored.verified_at is None
    verified = await providers.verify_provider_credential(db, rt, provider=provider)
    assert verified.status == "active"
    assert verified.verified_at is not None
    assert verified.metadata == metadata
    assert verified.status_reason is None
    async with db.connection() as conn:
        assert await provider_secret(conn, rt, provider=provider) == secret


@pytest.mark.parametrize(
    ("provider", "secret", "reason"),
    [
        ("anthropic", "sk-ant-api03-wrong-key-0000000000000000", "HTTP 401: invalid x-api-key"),
        ("openai", "sk-proj-wrong-key-000000000000000000000", "HTTP 401: Incorrect API key"),
        ("google", "AIzaWrongGoogleKey00000000000", "HTTP 400: API key not valid."),
        ("github_pat", "ghp_wrongwrongwrongwrongwrongwrong000000", "HTTP 401: Bad credentials"),
    ],
)
async def test_a_wrong_credential_verifies_invalid_with_a_redacted_reason(
    db: Database, rt: Runtime, provider: str, secret: str, reason: str
) -> None:
    await providers.set_provider_credential(db, rt, provider=provider, value=secret, actor=ACTOR)
    verified = await providers.verify_provider_credential(db, rt, provider=provider)
    assert verified.status == "invalid"
    assert verified.status_reason is not None
    assert verified.status_reason.startswith(reason)
    assert secret not in verified.model_dump_json()
    async with db.connection() as conn:
        row = await conn.fetchrow(
            "SELECT status_reason, metadata::text AS m FROM provider_credentials "
            "WHERE provider = $1",
            provider,
        )
    assert row is not None
    assert secret not in (row["status_reason"] or "")
    assert secret not in row["m"]


async def test_a_provider_outage_leaves_the_status_alone(db: Database, runtime: Runtime) -> None:
    async with provider_server() as base:
        rt = with_base(runtime, f"{base}/down")
        await providers.set_provider_credential(
            db, rt, provider="anthropic", value=VALID_ANTHROPIC, actor=ACTOR
        )
        with pytest.raises(ProviderUnreachable) as info:
            await providers.verify_provider_credential(db, rt, provider="anthropic")
    assert "HTTP 503" in info.value.data()["reason"]
    listed = {c.provider: c for c in (await providers.list_provider_credentials(db)).items}
    assert listed["anthropic"].status == "unverified"

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    rt_closed = with_base(runtime, f"http://127.0.0.1:{closed}")
    with pytest.raises(ProviderUnreachable) as info2:
        await providers.verify_provider_credential(db, rt_closed, provider="anthropic")
    assert VALID_ANTHROPIC not in str(info2.value.data())


async def test_github_app_credentials_are_shape_checked(db: Database, rt: Runtime) -> None:
    for bad in ("not json", "[]", orjson.dumps({"app_id": "x", "installation_id": 0}).decode()):
        with pytest.raises(ValidationFailed):
            await providers.set_provider_credential(
                db, rt, provider="github_app", value=bad, actor=ACTOR
            )
    good = orjson.dumps({"app_id": 12, "installation_id": "34", "private_key": APP_KEY}).decode()
    stored = await providers.set_provider_credential(
        db, rt, provider="github_app", value=good, actor=ACTOR
    )
    assert stored.metadata == {"app_id": 12, "installation_id": 34}
    verified = await providers.verify_provider_credential(db, rt, provider="github_app")
    assert verified.status == "active"
    assert verified.metadata["verified_by"] == "shape"
    assert "BEGIN RSA" not in verified.model_dump_json()


async def test_list_replace_and_remove(db: Database, rt: Runtime) -> None:
    listed = await providers.list_provider_credentials(db)
    assert [c.provider for c in listed.items] == [
        "anthropic",
        "openai",
        "google",
        "github_pat",
        "github_app",
        "sprites",
    ]
    assert {c.status for c in listed.items} == {"not_set"}
    await providers.set_provider_credential(
        db, rt, provider="openai", value=VALID_OPENAI, actor=ACTOR
    )
    await providers.verify_provider_credential(db, rt, provider="openai")
    # Replacing a credential restarts verification.
    again = await providers.set_provider_credential(
        db, rt, provider="openai", value="sk-proj-second-key-00000000000000000", actor=ACTOR
    )
    assert again.status == "unverified"
    removed = await providers.remove_provider_credential(db, rt, provider="openai", actor=ACTOR)
    assert removed.status == "not_set"
    assert removed.secret_ref_id is None
    async with db.connection() as conn:
        assert await provider_secret(conn, rt, provider="openai") is None
        status = await conn.fetchval(
            "SELECT status FROM secret_refs "
            "WHERE scope = 'integration' AND name = 'provider:openai'"
        )
        actions = [
            r["action"]
            for r in await conn.fetch(
                "SELECT action FROM secret_audits "
                "WHERE name = 'provider:openai' ORDER BY occurred_at"
            )
        ]
    assert status == "revoked"
    assert actions == ["create", "rotate", "revoke"]
    with pytest.raises(CredentialNotFound):
        await providers.remove_provider_credential(db, rt, provider="openai", actor=ACTOR)
    with pytest.raises(CredentialNotFound):
        await providers.verify_provider_credential(db, rt, provider="openai")
    await providers.set_provider_credential(
        db, rt, provider="sprites", value="sprites-token-123", actor=ACTOR
    )
    with pytest.raises(ValidationFailed):
        await providers.verify_provider_credential(db, rt, provider="sprites")


@pytest.mark.parametrize("as_json", [True, False], ids=["json", "text"])
async def test_a_secret_echoed_across_the_reason_cut_is_masked_whole(
    runtime: Runtime, as_json: bool
) -> None:
    """The reason is cut to MAX_REASON after redaction: a cut through an echoed secret
    would leave its start, which neither the known value nor a token shape matches."""
    secret = "AIzaEchoedGoogleKey0123456789abcdef"  # no token shape: only its value masks it
    lead = "x" * (providers.MAX_REASON - len("HTTP 400: ") - 12)
    message = f"{lead}{secret} is not valid"

    async def echo(request: web.Request) -> web.Response:
        if as_json:
            return web.json_response({"error": {"message": message}}, status=400)
        return web.Response(status=400, text=message)

    app = web.Application()
    app.router.add_get("/v1beta/models", echo)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        base = str(server.make_url("")).rstrip("/")
        settings = runtime.settings.model_copy(update={"google_base_url": base})
        outcome = await providers.check_with_provider(
            settings, "google", secret, Redactor([secret])
        )
    finally:
        await server.close()
    assert not outcome.active
    assert outcome.reason is not None
    assert len(outcome.reason) <= providers.MAX_REASON
    assert outcome.reason.startswith("HTTP 400: " + lead)
    assert secret[:8] not in outcome.reason

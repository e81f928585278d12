"""Issue 3's full secrets scenario: after bootstrap, sign-in, API keys, provider
credentials through ``value`` and ``sealed_value``, rotation and rewrap, no plaintext
secret is in any text, json, jsonb or bytea column of any table, nor in the server log."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from rpc.context import Runtime
from rpc.http import build_app
from rpc.logs import JsonFormatter
from rpc.registry import Registry
from sql.database import Database
from tests.conftest import call
from tests.domains.accounts.factories import bearer, make_api_key, make_owner, sign_in_bearer
from tests.domains.setup.factories import runtime_with, seal_to
from tests.domains.setup.providers import VALID_ANTHROPIC, VALID_GITHUB, provider_server

PASSWORD = "correct horse battery staple 42"
NEW_PASSWORD = "an even longer passphrase 43"
PLAIN_SECRET = "plain-secret-value-0001"
SEALED_SECRET = "sealed-secret-value-0002"
ROTATED_SECRET = "rotated-secret-value-0003"
WEBHOOK_SECRET = "whsec-webhook-value-0004"
WRONG_OPENAI = "sk-proj-wrong-openai-key-000000000005"

TEXT_TYPES = ("text", "character varying", "json", "jsonb", "bytea", "ARRAY", "character")


def ok(response: dict[str, Any]) -> Any:
    assert "result" in response, response
    return response["result"]


async def every_stored_value(db: Database) -> list[tuple[str, str, bytes]]:
    """(table, column, value as bytes) for every text-like column of every table."""
    out: list[tuple[str, str, bytes]] = []
    async with db.connection() as conn:
        columns = await conn.fetch(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'public' AND data_type = ANY($1::text[])",
            list(TEXT_TYPES),
        )
        for col in columns:
            table, column = col["table_name"], col["column_name"]
            if col["data_type"] == "bytea":
                query = f'SELECT "{column}" AS v FROM "{table}" WHERE "{column}" IS NOT NULL'
                rows = await conn.fetch(query)
                out.extend((table, column, bytes(r["v"])) for r in rows)
            else:
                query = f'SELECT "{column}"::text AS v FROM "{table}" WHERE "{column}" IS NOT NULL'
                rows = await conn.fetch(query)
                out.extend((table, column, r["v"].encode()) for r in rows)
    return out


@pytest.mark.usefixtures("clean")
async def test_no_plaintext_secret_anywhere(
    runtime: Runtime, registry: Registry, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secrets: list[str] = [
        PASSWORD,
        NEW_PASSWORD,
        PLAIN_SECRET,
        SEALED_SECRET,
        ROTATED_SECRET,
        WEBHOOK_SECRET,
        WRONG_OPENAI,
        VALID_ANTHROPIC,
        VALID_GITHUB,
    ]
    async with provider_server() as base:
        settings = runtime.settings.model_copy(
            update={"anthropic_base_url": base, "openai_base_url": base, "github_api_url": base}
        )
        rt1 = runtime_with(runtime, settings=settings)
        async with TestClient(TestServer(build_app(rt1, registry), host="127.0.0.1")) as client:
            # Bootstrap, sign in with a bearer token, create an API key.
            await make_owner(client, password=PASSWORD)
            token = (await sign_in_bearer(client, password=PASSWORD))["token"]
            secrets.append(token)
            api_key = (await make_api_key(client, token, name="ci"))["key"]
            secrets.append(api_key)
            auth = bearer(api_key)

            # Secrets through value and sealed_value; provider credentials both ways.
            public = ok(await call(client, "setup.get_sealing_key", headers=auth))["public_key"]
            ok(
                await call(
                    client,
                    "setup.put_secret",
                    {"scope": "instance", "name": "plain", "value": PLAIN_SECRET},
                    headers=auth,
                )
            )
            sealed_ref = ok(
                await call(
                    client,
                    "setup.put_secret",
                    {
                        "scope": "project",
                        "name": "sealed",
                        "sealed_value": seal_to(public, SEALED_SECRET),
                    },
                    headers=auth,
                )
            )
            ok(
                await call(
                    client,
                    "setup.put_secret",
                    {
                        "scope": "integration",
                        "name": "github_webhook_secret",
                        "sealed_value": seal_to(public, WEBHOOK_SECRET),
                    },
                    headers=auth,
                )
            )
            ok(
                await call(
                    client,
                    "setup.set_provider_credential",
                    {"provider": "anthropic", "value": VALID_ANTHROPIC},
                    headers=auth,
                )
            )
            ok(
                await call(
                    client,
                    "setup.set_provider_credential",
                    {"provider": "github_pat", "sealed_value": seal_to(public, VALID_GITHUB)},
                    headers=auth,
                )
            )
            ok(
                await call(
                    client,
                    "setup.set_provider_credential",
                    {"provider": "openai", "value": WRONG_OPENAI},
                    headers=auth,
                )
            )
            for provider, expected in (
                ("anthropic", "active"),
                ("github_pat", "active"),
                ("openai", "invalid"),  # the fake provider echoes the key in its error
            ):
                verified = ok(
                    await call(
                        client,
                        "setup.verify_provider_credential",
                        {"provider": provider},
                        headers=auth,
                    )
                )
                assert verified["status"] == expected
                # The fake OpenAI echoes the key in its error; the answer must not.
                for secret in secrets:
                    assert secret not in str(verified), f"{provider} answer echoes a secret"
            # Rotation, and a password change (the bearer token is the current one).
            ok(
                await call(
                    client,
                    "setup.rotate_secret",
                    {
                        "secret_ref_id": sealed_ref["id"],
                        "sealed_value": seal_to(public, ROTATED_SECRET),
                    },
                    headers=auth,
                )
            )
            ok(
                await call(
                    client,
                    "accounts.change_password",
                    {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
                    headers=bearer(token),
                )
            )
            # A bad call whose params carry a secret must not echo it.
            refused = await call(
                client,
                "setup.put_secret",
                {"scope": "nowhere", "value": PLAIN_SECRET},
                headers=auth,
            )
            assert refused["error"]["code"] == -32602
            assert PLAIN_SECRET not in str(refused), "invalid params echoed the secret"

        # The operator adds key version 2 and rewraps everything.
        rt2 = runtime_with(rt1, key_ring=runtime.key_ring.with_key(2, b"\x07" * 32))
        async with TestClient(TestServer(build_app(rt2, registry), host="127.0.0.1")) as client2:
            report = ok(await call(client2, "setup.rewrap_secrets", {}, headers=auth))
            assert report["rewrapped"] >= 6
            assert report["remaining"] == 0
            again = ok(await call(client2, "setup.rewrap_secrets", {}, headers=auth))
            assert again["rewrapped"] == 0
            listed = ok(await call(client2, "setup.list_secrets", {}, headers=auth))
            assert {s["key_version"] for s in listed["items"] if s["status"] == "active"} == {2}

    stored = await every_stored_value(db)
    assert any(table == "secret_refs" for table, _, _ in stored)  # the scan saw the secrets
    for table, column, value in stored:
        for secret in secrets:
            assert secret.encode() not in value, f"plaintext secret in {table}.{column}"

    formatter = JsonFormatter()
    log_text = "\n".join(formatter.format(r) for r in caplog.records)
    assert caplog.records  # the server did log during the scenario
    for secret in secrets:
        assert secret not in log_text, "plaintext secret in the server log"

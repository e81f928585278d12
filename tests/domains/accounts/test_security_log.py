"""Accounts' security events on ``jidocode.security`` over real HTTP: failed and
throttled sign-ins, credentials created and revoked; never a password, token or key."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from rpc.logs import JsonFormatter
from tests.conftest import call
from tests.domains.accounts.factories import (
    EMAIL,
    PASSWORD,
    bearer,
    make_api_key,
    make_owner,
    owner_token,
    sign_in_bearer,
    sign_in_session,
)

pytestmark = pytest.mark.committing

Client = TestClient[Any, Any]


def events(caplog: pytest.LogCaptureFixture, name: str) -> list[dict[str, Any]]:
    return [
        r.__dict__
        for r in caplog.records
        if r.name == "jidocode.security" and r.__dict__.get("security") == name
    ]


def logged(caplog: pytest.LogCaptureFixture) -> str:
    fmt = JsonFormatter()
    return "\n".join(f"{fmt.format(r)} {r.__dict__!r}" for r in caplog.records)


async def test_failed_sign_ins_and_the_throttle_are_events(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    await make_owner(client)
    wrong = "not the password, but close"
    with caplog.at_level(logging.INFO, logger="jidocode.security"):
        # The throttle counts per email: one unknown, then the owner's five.
        for n in range(6):
            answer = await call(
                client,
                "accounts.sign_in",
                {"email": EMAIL if n else "typo@example.com", "password": wrong},
                headers={"X-Request-Id": f"signin-{n}"},
            )
            assert answer["error"]["data"]["kind"] == "unauthenticated"
        throttled = await call(client, "accounts.sign_in", {"email": EMAIL, "password": wrong})
        assert throttled["error"]["data"]["kind"] == "rate_limited"
    failed = events(caplog, "signin_failed")
    assert [e["reason"] for e in failed] == ["unknown_email"] + ["wrong_password"] * 5
    assert [e["request_id"] for e in failed] == [f"signin-{n}" for n in range(6)]
    assert {e["client"] for e in failed} == {"127.0.0.1"}
    assert all(r.levelno == logging.WARNING for r in caplog.records if r.name.endswith("security"))
    (limited,) = events(caplog, "signin_throttled")
    assert limited["retry_after_s"] >= 1
    text = logged(caplog)
    for secret in (wrong, EMAIL, "typo@example.com"):
        assert secret not in text


async def test_tokens_and_keys_created_and_revoked_are_events(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    await make_owner(client)
    with caplog.at_level(logging.INFO, logger="jidocode.security"):
        signed = await sign_in_bearer(client)
        token = signed["token"]
        cookie = await sign_in_session(client)
        created = await make_api_key(client, token)
        key = created["key"]
        revoked_key = await call(
            client,
            "accounts.revoke_api_key",
            {"api_key_id": created["api_key"]["id"]},
            headers=bearer(token),
        )
        assert "result" in revoked_key, revoked_key
        other = (await sign_in_bearer(client))["token"]
        revoked_token = await call(
            client,
            "accounts.revoke_token",
            {"token_id": (await sign_in_bearer(client))["token_id"]},
            headers=bearer(other),
        )
        assert "result" in revoked_token, revoked_token
        assert (await call(client, "accounts.sign_out", headers=bearer(other)))["result"] == {
            "revoked": True
        }
    made = events(caplog, "credential_created")
    assert [e["credential"] for e in made] == ["bearer", "session", "api_key", "bearer", "bearer"]
    assert made[0]["credential_id"] == signed["token_id"]
    assert made[2]["credential_id"] == created["api_key"]["id"]
    assert made[2]["by"] == "token"
    gone = events(caplog, "credential_revoked")
    assert [(e["credential"], e["reason"]) for e in gone] == [
        ("api_key", "revoked"),
        ("bearer", "revoked"),
        ("bearer", "sign_out"),
    ]
    assert gone[0]["credential_id"] == created["api_key"]["id"]
    text = logged(caplog)
    for secret in (PASSWORD, token, cookie, key, other):
        assert secret not in text


async def test_a_password_change_is_an_event_with_what_it_revoked(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    token = await owner_token(client)
    await sign_in_bearer(client)
    await sign_in_bearer(client)
    new = "an entirely new passphrase"
    with caplog.at_level(logging.INFO, logger="jidocode.security"):
        bad = await call(
            client,
            "accounts.change_password",
            {"current_password": "wrong guess here", "new_password": new},
            headers=bearer(token),
        )
        assert bad["error"]["data"]["kind"] == "validation_error"
        good = await call(
            client,
            "accounts.change_password",
            {"current_password": PASSWORD, "new_password": new},
            headers=bearer(token),
        )
        assert good["result"] == {"revoked_tokens": 2}
    (failed,) = events(caplog, "signin_failed")
    assert failed["reason"] == "wrong_current_password"
    assert len(events(caplog, "password_changed")) == 1
    (revoked,) = events(caplog, "credential_revoked")
    assert revoked["count"] == 2
    assert revoked["reason"] == "password_change"
    text = logged(caplog)
    for secret in (PASSWORD, new, "wrong guess here", token):
        assert secret not in text

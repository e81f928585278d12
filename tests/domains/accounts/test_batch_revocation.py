"""A call that revokes the request's own credential ends it for the rest of the batch
(DESIGN §8): the caller is resolved again after every call that may revoke credentials."""

from __future__ import annotations

from typing import Any

from aiohttp.test_utils import TestClient

from tests.domains.accounts.factories import (
    bearer,
    error_kind,
    make_api_key,
    origin_of,
    owner_token,
    session_headers,
    sign_in_bearer,
    sign_in_session,
)

Client = TestClient[Any, Any]


async def batch(
    client: Client, calls: list[tuple[str, dict[str, Any]]], headers: dict[str, str]
) -> list[dict[str, Any]]:
    body = [{"jsonrpc": "2.0", "method": m, "params": p, "id": i} for i, (m, p) in enumerate(calls)]
    resp = await client.post("/rpc", json=body, headers=headers)
    answers: list[dict[str, Any]] = await resp.json()
    return sorted(answers, key=lambda r: r["id"])


async def test_sign_out_then_create_api_key_in_one_batch(client: Client) -> None:
    token = await owner_token(client)
    answers = await batch(
        client,
        [
            ("accounts.me", {}),
            ("accounts.sign_out", {}),
            ("accounts.create_api_key", {"name": "after sign-out"}),
            ("accounts.me", {}),
        ],
        bearer(token),
    )
    assert answers[0]["result"]["auth_mode"] == "token"
    assert answers[1]["result"] == {"revoked": True}
    assert error_kind(answers[2]) == "unauthenticated"
    assert error_kind(answers[3]) == "unauthenticated"
    # No key was minted after the sign-out.
    other = (await sign_in_bearer(client))["token"]
    keys = await batch(client, [("accounts.list_api_keys", {})], bearer(other))
    assert keys[0]["result"]["items"] == []


async def test_an_api_key_revoking_itself_is_refused_for_the_rest_of_the_batch(
    client: Client,
) -> None:
    token = await owner_token(client)
    key = await make_api_key(client, token)
    key_id = key["api_key"]["id"]
    answers = await batch(
        client,
        [
            ("accounts.revoke_api_key", {"api_key_id": key_id}),
            ("accounts.list_api_keys", {}),
        ],
        bearer(key["key"]),
    )
    assert answers[0]["result"]["revoked_at"] is not None
    assert error_kind(answers[1]) == "unauthenticated"


async def test_revoking_another_credential_keeps_the_batch_going(client: Client) -> None:
    token = await owner_token(client)
    other = await make_api_key(client, token, name="other")
    answers = await batch(
        client,
        [
            ("accounts.revoke_api_key", {"api_key_id": other["api_key"]["id"]}),
            ("accounts.me", {}),
        ],
        bearer(token),
    )
    assert "result" in answers[0]
    assert answers[1]["result"]["auth_mode"] == "token"


async def test_a_session_signed_out_in_a_batch(client: Client) -> None:
    await owner_token(client)
    cookie = await sign_in_session(client)
    headers = session_headers(client, cookie, Origin=origin_of(client))
    answers = await batch(
        client, [("accounts.sign_out", {}), ("accounts.list_tokens", {})], headers
    )
    assert answers[0]["result"] == {"revoked": True}
    assert error_kind(answers[1]) == "unauthenticated"

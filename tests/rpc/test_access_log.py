"""The access log (``jidocode.access``) over real HTTP: one line per request and per call,
naming method, outcome, duration and request id, never a param or a credential."""

from __future__ import annotations

import logging
from typing import Any

import orjson
import pytest

from rpc.logs import JsonFormatter, TextFormatter
from tests.conftest import call
from tests.domains.accounts.factories import PASSWORD, bearer, make_owner, sign_in_bearer
from tests.rpc.conftest import AppFactory, Client, post, req

pytestmark = pytest.mark.committing

SECRET_VALUE = "sk-live-do-not-log-0123456789abcdef"


def lines(caplog: pytest.LogCaptureFixture, access: str) -> list[logging.LogRecord]:
    return [
        r
        for r in caplog.records
        if r.name == "jidocode.access" and r.__dict__.get("access") == access
    ]


def everything_logged(caplog: pytest.LogCaptureFixture) -> str:
    """Every captured record as both formatters write it, and its raw fields."""
    json_fmt, text_fmt = JsonFormatter(), TextFormatter()
    return "\n".join(
        f"{json_fmt.format(r)}\n{text_fmt.format(r)}\n{r.__dict__!r}" for r in caplog.records
    )


async def test_a_call_has_one_line_and_its_request_one(
    rpc_client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="jidocode.access"):
        status, _, body = await post(
            rpc_client,
            req("test.echo", {"value": {"token": SECRET_VALUE}}),
            headers={"X-Request-Id": "req-access-1"},
        )
    assert status == 200
    assert body["result"] == {"token": SECRET_VALUE}
    (line,) = lines(caplog, "call")
    fields = line.__dict__
    assert fields["method"] == "test.echo"
    assert fields["outcome"] == "ok"
    assert fields["code"] == 0
    assert fields["request_id"] == "req-access-1"
    assert isinstance(fields["duration_ms"], float)
    assert fields["duration_ms"] >= 0
    (http,) = lines(caplog, "http")
    assert http.__dict__["route"] == "/rpc"
    assert http.__dict__["http_method"] == "POST"
    assert http.__dict__["status"] == 200
    assert http.__dict__["request_id"] == "req-access-1"
    assert http.__dict__["client"] == "127.0.0.1"
    assert SECRET_VALUE not in everything_logged(caplog)


async def test_each_call_of_a_batch_has_its_outcome_and_code(
    rpc_client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    batch = [
        req("test.subtract", {"minuend": 5, "subtrahend": 3}, id=1),
        req("test.count", {"count": SECRET_VALUE}, id=2),  # invalid params
        req("test.no_such_method_sk-live-abc", {"x": 1}, id=3),
        req("test.boom", id=4),
        req("test.whoami", id=5),  # no credentials
    ]
    with caplog.at_level(logging.INFO, logger="jidocode.access"):
        status, _, _ = await post(rpc_client, batch)
    assert status == 200
    seen = {
        (r.__dict__["method"], r.__dict__["outcome"], r.__dict__["code"])
        for r in lines(caplog, "call")
    }
    assert seen == {
        ("test.subtract", "ok", 0),
        ("test.count", "invalid_params", -32602),
        ("unknown", "method_not_found", -32601),
        ("test.boom", "internal", -32603),
        ("test.whoami", "unauthenticated", 1001),
    }
    request_ids = {r.__dict__["request_id"] for r in lines(caplog, "call") + lines(caplog, "http")}
    assert len(request_ids) == 1
    logged = everything_logged(caplog)
    assert SECRET_VALUE not in logged
    assert "no_such_method" not in logged  # a caller's made-up name is not echoed


async def test_json_mode_writes_the_fields_as_members(
    rpc_client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="jidocode.access"):
        await post(rpc_client, req("system.ping"), headers={"X-Request-Id": "req-json-1"})
    (line,) = lines(caplog, "call")
    out = orjson.loads(JsonFormatter().format(line))
    assert out["logger"] == "jidocode.access"
    assert out["level"] == "info"
    assert {k: out[k] for k in ("access", "method", "outcome", "code", "request_id")} == {
        "access": "call",
        "method": "system.ping",
        "outcome": "ok",
        "code": 0,
        "request_id": "req-json-1",
    }
    assert isinstance(out["duration_ms"], float)


async def test_other_routes_and_unmatched_paths_have_a_line(
    rpc_client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="jidocode.access"):
        assert (await rpc_client.get("/healthz")).status == 200
        assert (await rpc_client.get("/no/such/path?token=sk-live-abc")).status == 404
    by_route = {r.__dict__["route"]: r.__dict__ for r in lines(caplog, "http")}
    assert by_route["/healthz"]["status"] == 200
    assert "path" not in by_route["/healthz"]
    assert by_route["unmatched"]["status"] == 404
    assert by_route["unmatched"]["path"] == "/no/such/path"  # never the query string
    assert not lines(caplog, "call")


async def test_the_setting_turns_it_off(
    serve: AppFactory, caplog: pytest.LogCaptureFixture
) -> None:
    async with serve(access_log=False) as client:
        with caplog.at_level(logging.INFO, logger="jidocode.access"):
            await post(client, [req("system.ping", id=1), req("system.ping", id=2)])
            await client.get("/healthz")
    assert not [r for r in caplog.records if r.name == "jidocode.access"]


async def test_credentials_and_passwords_never_reach_it(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    await make_owner(client)
    with caplog.at_level(logging.INFO, logger="jidocode.access"):
        token = (await sign_in_bearer(client))["token"]
        created = await call(
            client, "accounts.create_api_key", {"name": "ci"}, headers=bearer(token)
        )
        key = created["result"]["key"]
        me: dict[str, Any] = await call(client, "accounts.me", headers=bearer(key))
        assert me["result"]["auth_mode"] == "api_key"
    methods = [r.__dict__["method"] for r in lines(caplog, "call")]
    assert methods == ["accounts.sign_in", "accounts.create_api_key", "accounts.me"]
    logged = everything_logged(caplog)
    for secret in (PASSWORD, token, key):
        assert secret not in logged


async def test_behind_a_trusted_proxy_the_forwarded_client_is_logged(
    serve: AppFactory, caplog: pytest.LogCaptureFixture
) -> None:
    headers = {"X-Forwarded-For": "6.6.6.6, 198.51.100.7"}
    async with serve(trusted_proxies="127.0.0.1") as trusting, serve() as plain:
        with caplog.at_level(logging.INFO, logger="jidocode.access"):
            await post(trusting, req("system.ping"), headers=headers)
            await post(plain, req("system.ping"), headers=headers)
    assert [r.__dict__["client"] for r in lines(caplog, "http")] == ["198.51.100.7", "127.0.0.1"]

"""Limits and hardening (DESIGN §4, §9): every bad request gets a JSON-RPC error.

Body size (declared and chunked), batch size, nesting depth, the per-call deadline, the
statement timeout, params validation that never echoes input, auth before the handler,
unexpected exceptions, the inventory header, request ids, and the health routes.
"""

from __future__ import annotations

import io
import logging
import uuid
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import orjson
import pytest

from rpc import wire_errors as errors
from rpc.inventory import HEADER as INVENTORY_HEADER
from rpc.inventory import INVENTORY_VERSION
from rpc.settings import Settings
from sql.database import Database
from tests.conftest import _with_database
from tests.rpc.conftest import AUTH_HEADER, AppFactory, Client, assert_error_data, post, req

MIB = 1024 * 1024


def nested(depth: int) -> Any:
    """A request whose JSON nests exactly ``depth`` levels (the request object is level 1)."""
    value: Any = 0
    for _ in range(depth - 2):  # the object and its params object are two levels
        value = [value]
    return req("test.echo", {"value": value}, 1)


def padded_ping(size: int) -> io.BytesIO:
    """A valid ``system.ping`` request of exactly ``size`` bytes (whitespace padding).

    A file object, because aiohttp's client warns about large raw ``bytes`` bodies.
    """
    body = orjson.dumps(req("system.ping"))
    assert len(body) <= size
    return io.BytesIO(body + b" " * (size - len(body)))


# --- body size ---------------------------------------------------------------------------


async def test_body_at_the_limit_is_served(rpc_client: Client) -> None:
    resp = await rpc_client.post(
        "/rpc", data=padded_ping(MIB), headers={"Content-Type": "application/json"}
    )
    assert resp.status == 200
    assert (await resp.json())["result"] == {"pong": True}


async def test_body_over_the_limit_is_a_json_rpc_error(rpc_client: Client) -> None:
    resp = await rpc_client.post(
        "/rpc", data=padded_ping(MIB + 1), headers={"Content-Type": "application/json"}
    )
    assert resp.status == 413
    assert resp.content_type == "application/json"
    body = await resp.json()
    assert body["id"] is None
    data = assert_error_data(body, errors.INVALID_REQUEST, "invalid_request")
    assert "exceeds" in data["reason"]
    # The server still answers.
    _, _, body = await post(rpc_client, req("system.ping"))
    assert body["result"] == {"pong": True}


async def test_chunked_body_over_the_limit_is_a_json_rpc_error(rpc_client: Client) -> None:
    chunk = b" " * (64 * 1024)

    async def chunks() -> AsyncIterator[bytes]:
        yield orjson.dumps(req("system.ping"))
        for _ in range(MIB // len(chunk) + 1):
            yield chunk

    resp = await rpc_client.post(
        "/rpc", data=chunks(), headers={"Content-Type": "application/json"}
    )
    assert resp.request_info.headers.get("Transfer-Encoding") == "chunked"
    assert "Content-Length" not in resp.request_info.headers
    assert resp.status == 413
    assert resp.content_type == "application/json"
    assert_error_data(await resp.json(), errors.INVALID_REQUEST, "invalid_request")


async def test_chunked_body_under_the_limit_is_served(rpc_client: Client) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"jsonrpc": "2.0", '
        yield b'"method": "system.ping", "id": 7}'

    resp = await rpc_client.post("/rpc", data=chunks())
    assert resp.request_info.headers.get("Transfer-Encoding") == "chunked"
    assert await resp.json() == {"jsonrpc": "2.0", "result": {"pong": True}, "id": 7}


# --- batch size --------------------------------------------------------------------------


async def test_batch_of_100_is_accepted(rpc_client: Client) -> None:
    _, _, body = await post(rpc_client, [req("system.ping", id=n) for n in range(100)])
    assert isinstance(body, list)
    assert sorted(r["id"] for r in body) == list(range(100))
    assert all(r["result"] == {"pong": True} for r in body)


async def test_batch_of_101_is_refused(rpc_client: Client) -> None:
    status, _, body = await post(rpc_client, [req("system.ping", id=n) for n in range(101)])
    assert status == 200
    assert isinstance(body, dict), "the whole batch is refused with one error"
    assert body["id"] is None
    data = assert_error_data(body, errors.INVALID_REQUEST, "invalid_request")
    assert "100" in data["reason"]


# --- nesting depth -----------------------------------------------------------------------


async def test_100000_deep_array_is_an_error_and_the_server_stays_up(rpc_client: Client) -> None:
    for text in ("[" * 100_000 + "]" * 100_000, "[" * 100_000):
        status, _, body = await post(rpc_client, text)
        assert status == 200
        assert body["id"] is None
        assert body["error"]["code"] in (errors.PARSE_ERROR, errors.INVALID_REQUEST)
        assert set(body["error"]["data"]) >= {"kind", "request_id"}
    _, _, body = await post(rpc_client, req("system.ping"))
    assert body["result"] == {"pong": True}


async def test_depth_at_the_limit_is_served(rpc_client: Client, settings: Settings) -> None:
    limit = settings.max_json_depth
    request = nested(limit)
    _, _, body = await post(rpc_client, request)
    assert body["result"] == request["params"]["value"]


async def test_depth_over_the_limit_is_refused(rpc_client: Client, settings: Settings) -> None:
    _, _, body = await post(rpc_client, nested(settings.max_json_depth + 1))
    assert body["id"] is None
    data = assert_error_data(body, errors.INVALID_REQUEST, "invalid_request")
    assert str(settings.max_json_depth) in data["reason"]
    # In a batch the array is one more level.
    _, _, body = await post(rpc_client, [nested(settings.max_json_depth)])
    assert_error_data(body, errors.INVALID_REQUEST, "invalid_request")


# --- deadlines ---------------------------------------------------------------------------


async def test_call_deadline_is_error_1080(serve: AppFactory) -> None:
    async with serve(call_deadline_s=0.2) as client:
        _, _, body = await post(client, req("test.sleep", {"seconds": 30}, "slow"))
        assert body["id"] == "slow"
        data = assert_error_data(body, errors.CODES["timeout"], "timeout")
        assert "deadline" in data["reason"]
        _, _, body = await post(client, req("test.sleep", {"seconds": 0}))
        assert body["result"] is True


@pytest.fixture
async def impatient_db(settings: Settings) -> AsyncIterator[Database]:
    """A second pool on the test database with a 100 ms statement timeout."""
    assert settings.database_url
    database = await Database.open(
        settings.database_url, min_size=1, max_size=2, statement_timeout_ms=100
    )
    yield database
    await database.close()


async def test_statement_timeout_is_error_1080(serve: AppFactory, impatient_db: Database) -> None:
    async with serve(database=impatient_db) as client:
        _, _, body = await post(client, req("test.pg_sleep", {"seconds": 30}))
        data = assert_error_data(body, errors.CODES["timeout"], "timeout")
        assert "SELECT" not in orjson.dumps(body).decode()
        assert "statement" in data["reason"]
        _, _, body = await post(client, req("test.pg_sleep", {"seconds": 0}))
        assert body["result"] is True


# --- params ------------------------------------------------------------------------------


async def test_params_validation_never_echoes_input(rpc_client: Client) -> None:
    secret = "ghp_s3cr3tT0kenValue0123456789abcdefXYZ"
    status, text, body = await post(
        rpc_client, req("test.count", {"count": secret, "extra": secret})
    )
    assert status == 200
    data = assert_error_data(body, errors.INVALID_PARAMS, "invalid_params")
    assert secret not in text
    assert "s3cr3t" not in text
    locs = sorted(tuple(e["loc"]) for e in data["errors"])
    assert locs == [("count",), ("extra",)]
    for e in data["errors"]:
        assert set(e) == {"loc", "type", "msg"}


async def test_missing_params_field_is_invalid_params(rpc_client: Client) -> None:
    _, _, body = await post(rpc_client, req("test.subtract", {"minuend": 1}))
    data = assert_error_data(body, errors.INVALID_PARAMS, "invalid_params")
    assert data["errors"] == [{"loc": ["subtrahend"], "type": "missing", "msg": "Field required"}]


async def test_positional_params_for_a_by_name_method(rpc_client: Client) -> None:
    _, _, body = await post(rpc_client, req("test.count", [3], "p"))
    assert body["id"] == "p"
    assert_error_data(body, errors.INVALID_PARAMS, "invalid_params")


@pytest.mark.parametrize("params", [None, [], {}], ids=["absent", "array", "object"])
async def test_no_params_methods_accept_absent_empty_array_and_object(
    rpc_client: Client, params: Any
) -> None:
    _, _, body = await post(rpc_client, req("system.ping", params))
    assert body == {"jsonrpc": "2.0", "result": {"pong": True}, "id": 1}


@pytest.mark.parametrize("params", [[1], {"x": 1}], ids=["array", "object"])
async def test_no_params_methods_refuse_values(rpc_client: Client, params: Any) -> None:
    _, _, body = await post(rpc_client, req("system.ping", params))
    assert_error_data(body, errors.INVALID_PARAMS, "invalid_params")


@pytest.mark.parametrize("name", ["state", "m", "args", "kwargs", "self", "context"])
async def test_param_names_that_collide_with_internals(rpc_client: Client, name: str) -> None:
    # A params member named like the dispatcher's own arguments must be an ordinary
    # unknown field (-32602), not a TypeError surfacing as an internal error.
    _, _, body = await post(rpc_client, req("system.ping", {name: 1}))
    data = assert_error_data(body, errors.INVALID_PARAMS, "invalid_params")
    assert data["errors"][0]["loc"] == [name]


# --- unexpected failures -----------------------------------------------------------------


async def test_unexpected_exception_is_internal_error_with_log(
    rpc_client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    request_id = f"boom-{uuid.uuid4().hex}"
    with caplog.at_level(logging.ERROR):
        _, text, body = await post(
            rpc_client, req("test.boom", id=9), headers={"X-Request-Id": request_id}
        )
    assert body["id"] == 9
    assert body["error"] == {
        "code": errors.INTERNAL_ERROR,
        "message": "Internal error",
        "data": {"kind": "internal", "request_id": request_id},
    }
    assert "hunter2" not in text
    assert "Traceback" not in text
    records = [r for r in caplog.records if getattr(r, "request_id", None) == request_id]
    assert records, "the failure is logged under the request id"
    assert records[0].exc_info is not None
    assert "hunter2" in caplog.text, "the log keeps the details the caller does not see"


# --- auth --------------------------------------------------------------------------------


async def test_owner_method_without_credentials_is_1001(rpc_client: Client) -> None:
    _, _, body = await post(rpc_client, req("test.whoami"))
    assert_error_data(body, errors.CODES["unauthenticated"], "unauthenticated")


async def test_owner_method_with_bad_credentials_is_1001(rpc_client: Client) -> None:
    _, _, body = await post(rpc_client, req("test.whoami"), headers={AUTH_HEADER: "forged"})
    assert_error_data(body, errors.CODES["unauthenticated"], "unauthenticated")


async def test_owner_method_through_a_refused_mode_is_1003(rpc_client: Client) -> None:
    _, _, body = await post(rpc_client, req("test.whoami"), headers={AUTH_HEADER: "token"})
    data = assert_error_data(body, errors.CODES["forbidden"], "forbidden")
    assert "token" in data["reason"]


async def test_owner_method_through_an_allowed_mode(rpc_client: Client) -> None:
    _, _, body = await post(rpc_client, req("test.whoami"), headers={AUTH_HEADER: "session"})
    assert body["result"]["auth_mode"] == "session"
    assert body["result"]["actor"].startswith("owner:")


async def test_auth_is_checked_before_params(rpc_client: Client) -> None:
    _, _, body = await post(rpc_client, req("test.whoami", {"junk": 1}))
    assert_error_data(body, errors.CODES["unauthenticated"], "unauthenticated")


async def test_anonymous_methods_ignore_bad_credentials(rpc_client: Client) -> None:
    # Credentials are resolved lazily, only for a method that needs them.
    _, _, body = await post(rpc_client, req("system.ping"), headers={AUTH_HEADER: "forged"})
    assert body["result"] == {"pong": True}


# --- inventory ---------------------------------------------------------------------------


async def test_inventory_mismatch_is_1090(rpc_client: Client) -> None:
    _, _, body = await post(
        rpc_client,
        [req("system.ping", id=1), req("system.ping", id=2)],
        headers={INVENTORY_HEADER: str(INVENTORY_VERSION + 1)},
    )
    assert len(body) == 2
    for response in body:
        data = assert_error_data(response, errors.CODES["inventory_mismatch"], "inventory_mismatch")
        assert data["server_version"] == INVENTORY_VERSION
        assert data["client_version"] == str(INVENTORY_VERSION + 1)


async def test_inventory_match_is_served(rpc_client: Client) -> None:
    _, _, body = await post(
        rpc_client, req("system.ping"), headers={INVENTORY_HEADER: str(INVENTORY_VERSION)}
    )
    assert body["result"] == {"pong": True}


# --- request ids -------------------------------------------------------------------------


async def test_request_id_is_echoed(rpc_client: Client) -> None:
    resp = await rpc_client.post(
        "/rpc", json=req("nope.nothing"), headers={"X-Request-Id": "abc-123"}
    )
    assert resp.headers["X-Request-Id"] == "abc-123"
    assert (await resp.json())["error"]["data"]["request_id"] == "abc-123"


async def test_request_id_is_generated(rpc_client: Client) -> None:
    first = await rpc_client.post("/rpc", json=req("nope.nothing"))
    second = await rpc_client.post("/rpc", json=req("nope.nothing"))
    ids = {first.headers["X-Request-Id"], second.headers["X-Request-Id"]}
    assert len(ids) == 2
    assert (await first.json())["error"]["data"]["request_id"] == first.headers["X-Request-Id"]


async def test_unsafe_request_id_is_replaced(rpc_client: Client) -> None:
    resp = await rpc_client.post(
        "/rpc", json=req("system.ping"), headers={"X-Request-Id": "x" * 500}
    )
    assert resp.headers["X-Request-Id"] != "x" * 500
    assert resp.headers["X-Request-Id"]


async def test_notification_response_carries_request_id(rpc_client: Client) -> None:
    resp = await rpc_client.post(
        "/rpc", json=req("system.ping", notification=True), headers={"X-Request-Id": "n-1"}
    )
    assert resp.status == 204
    assert resp.headers["X-Request-Id"] == "n-1"


# --- health ------------------------------------------------------------------------------


async def test_healthz(rpc_client: Client) -> None:
    resp = await rpc_client.get("/healthz")
    assert resp.status == 200
    assert (await resp.json())["status"] == "ok"


async def test_readyz_on_the_migrated_database(rpc_client: Client) -> None:
    resp = await rpc_client.get("/readyz")
    assert resp.status == 200
    assert await resp.json() == {"status": "ready", "database": True}


async def test_readyz_on_an_empty_database_is_503(serve: AppFactory, admin_dsn: str) -> None:
    name = f"jidocode_empty_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(admin_dsn)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        empty = await Database.open(
            _with_database(admin_dsn, name), min_size=1, max_size=2, statement_timeout_ms=1000
        )
        try:
            async with serve(database=empty) as client:
                resp = await client.get("/readyz")
                assert resp.status == 503
                assert await resp.json() == {"status": "migrations_pending", "database": True}
                health = await client.get("/healthz")
                assert health.status == 200
        finally:
            await empty.close()
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def test_openrpc_document_is_served(rpc_client: Client) -> None:
    resp = await rpc_client.get("/openrpc.json")
    assert resp.status == 200
    document = await resp.json()
    names = {m["name"] for m in document["methods"]}
    assert {"system.ping", "test.subtract"} <= names
    _, _, body = await post(rpc_client, req("rpc.discover"))
    assert body["result"] == document

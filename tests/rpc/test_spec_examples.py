"""The examples of the JSON-RPC 2.0 specification, section 7, against the real app.

https://www.jsonrpc.org/specification#examples

Adaptation: our methods take params by name only (DESIGN §3), so the specification's
positional calls (``subtract [42, 23]``, ``sum [1, 2, 4]``, ``notify_hello [7]``,
``update [1, 2, 3, 4, 5]``) are sent with the same values by name; example 1 also checks
that the positional form gets a well-formed -32602 with the id echoed. Methods live under
``test.*`` because every method name is ``<domain>.<action>``.
"""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from rpc import wire_errors as errors
from tests.rpc.conftest import Client, assert_error_data, post, req


def by_id(responses: list[dict[str, Any]]) -> dict[Any, dict[str, Any]]:
    """Batch responses keyed by id (the spec lets a server answer in any order)."""
    keyed = {r["id"]: r for r in responses if r["id"] is not None}
    assert len(keyed) == len([r for r in responses if r["id"] is not None])
    return keyed


# Example 1: rpc call with positional parameters.
async def test_positional_parameters_adapted(rpc_client: Client) -> None:
    status, _, body = await post(
        rpc_client, req("test.subtract", {"minuend": 42, "subtrahend": 23}, 1)
    )
    assert status == 200
    assert body == {"jsonrpc": "2.0", "result": 19, "id": 1}
    _, _, body = await post(rpc_client, req("test.subtract", {"minuend": 23, "subtrahend": 42}, 2))
    assert body == {"jsonrpc": "2.0", "result": -19, "id": 2}

    # The literal positional form: by-name methods refuse it with a proper error.
    _, _, body = await post(rpc_client, req("test.subtract", [42, 23], 1))
    assert body["id"] == 1
    data = assert_error_data(body, errors.INVALID_PARAMS, "invalid_params")
    assert data["errors"] == [{"loc": [], "type": "by_name", "msg": "params must be an object"}]


# Example 2: rpc call with named parameters.
async def test_named_parameters(rpc_client: Client) -> None:
    _, _, body = await post(rpc_client, req("test.subtract", {"subtrahend": 23, "minuend": 42}, 3))
    assert body == {"jsonrpc": "2.0", "result": 19, "id": 3}
    _, _, body = await post(rpc_client, req("test.subtract", {"minuend": 42, "subtrahend": 23}, 4))
    assert body == {"jsonrpc": "2.0", "result": 19, "id": 4}


# Example 3: a notification (also one for a method that does not exist).
@pytest.mark.parametrize(
    "request_object",
    [
        req("test.update", {"values": [1, 2, 3, 4, 5]}, notification=True),
        req("foobar", notification=True),
        req("system.ping", notification=True),
        # Even a notification whose call fails gets no answer.
        req("test.subtract", {"minuend": "x"}, notification=True),
    ],
    ids=["update", "foobar", "ping", "failing"],
)
async def test_notification_gets_no_response(rpc_client: Client, request_object: Any) -> None:
    status, text, _ = await post(rpc_client, request_object)
    assert status == 204
    assert text == ""


# Example 4: rpc call of a non-existent method.
async def test_method_not_found(rpc_client: Client) -> None:
    status, _, body = await post(rpc_client, req("foobar", id="1"))
    assert status == 200
    assert body["id"] == "1"
    assert body["error"]["message"] == "Method not found"
    assert_error_data(body, errors.METHOD_NOT_FOUND, "method_not_found")


# Example 5: rpc call with invalid JSON.
async def test_invalid_json(rpc_client: Client) -> None:
    status, _, body = await post(
        rpc_client, '{"jsonrpc": "2.0", "method": "foobar, "params": "bar", "baz]'
    )
    assert status == 200
    assert body["id"] is None
    assert body["error"]["message"] == "Parse error"
    assert_error_data(body, errors.PARSE_ERROR, "parse_error")


# Example 6: rpc call with an invalid Request object.
async def test_invalid_request_object(rpc_client: Client) -> None:
    _, _, body = await post(rpc_client, '{"jsonrpc": "2.0", "method": 1, "params": "bar"}')
    assert body["id"] is None
    assert_error_data(body, errors.INVALID_REQUEST, "invalid_request")


# Example 7: rpc call Batch, invalid JSON.
async def test_batch_with_invalid_json(rpc_client: Client) -> None:
    _, _, body = await post(
        rpc_client,
        '[{"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"},'
        '{"jsonrpc": "2.0", "method"]',
    )
    assert isinstance(body, dict), "a parse error is one response, not an array"
    assert body["id"] is None
    assert_error_data(body, errors.PARSE_ERROR, "parse_error")


# Example 8: rpc call with an empty Array.
async def test_empty_array(rpc_client: Client) -> None:
    _, _, body = await post(rpc_client, "[]")
    assert isinstance(body, dict), "an empty batch gets one response, not an array"
    assert body["id"] is None
    assert_error_data(body, errors.INVALID_REQUEST, "invalid_request")


# Example 9: rpc call with an invalid Batch (but not empty).
async def test_batch_of_one_invalid(rpc_client: Client) -> None:
    _, _, body = await post(rpc_client, "[1]")
    assert isinstance(body, list)
    assert len(body) == 1
    assert body[0]["id"] is None
    assert_error_data(body[0], errors.INVALID_REQUEST, "invalid_request")


# Example 10: rpc call with an invalid Batch.
async def test_batch_of_three_invalid(rpc_client: Client) -> None:
    _, _, body = await post(rpc_client, "[1,2,3]")
    assert isinstance(body, list)
    assert len(body) == 3
    for response in body:
        assert response["id"] is None
        assert_error_data(response, errors.INVALID_REQUEST, "invalid_request")


# Example 11: rpc call Batch (mixed).
async def test_mixed_batch(rpc_client: Client) -> None:
    batch = [
        req("test.sum", {"values": [1, 2, 4]}, "1"),
        req("test.notify_hello", {"value": 7}, notification=True),
        req("test.subtract", {"minuend": 42, "subtrahend": 23}, "2"),
        {"foo": "boo"},
        req("foo.get", {"name": "myself"}, "5"),
        req("test.get_data", id="9"),
        req("system.ping", id="ping"),
    ]
    status, _, body = await post(rpc_client, batch)
    assert status == 200
    assert isinstance(body, list)
    assert len(body) == 6, "one response per call that is not a notification"
    keyed = by_id(body)
    assert keyed["1"] == {"jsonrpc": "2.0", "result": 7, "id": "1"}
    assert keyed["2"] == {"jsonrpc": "2.0", "result": 19, "id": "2"}
    assert_error_data(keyed["5"], errors.METHOD_NOT_FOUND, "method_not_found")
    assert keyed["9"] == {"jsonrpc": "2.0", "result": ["hello", 5], "id": "9"}
    assert keyed["ping"] == {"jsonrpc": "2.0", "result": {"pong": True}, "id": "ping"}
    invalid = [r for r in body if r["id"] is None]
    assert len(invalid) == 1
    assert_error_data(invalid[0], errors.INVALID_REQUEST, "invalid_request")


# Example 12: rpc call Batch (all notifications).
async def test_batch_of_notifications(rpc_client: Client) -> None:
    status, text, _ = await post(
        rpc_client,
        [
            req("test.notify_hello", {"value": 7}, notification=True),
            req("test.update", {"values": [1, 2, 3, 4, 5]}, notification=True),
        ],
    )
    assert status == 204
    assert text == ""


@pytest.mark.parametrize(
    "ident",
    [
        "1",
        "",
        'a string with ünïcode and "quotes"',
        0,
        -7,
        2**53,
        2**63 - 1,
        1.5,
        -0.25,
        None,
    ],
    ids=repr,
)
async def test_ids_are_echoed_exactly(rpc_client: Client, ident: Any) -> None:
    _, _, body = await post(rpc_client, req("system.ping", id=ident))
    assert body == {"jsonrpc": "2.0", "result": {"pong": True}, "id": ident}
    assert type(body["id"]) is type(ident)
    # Errors echo the id too.
    _, _, body = await post(rpc_client, req("nope.nothing", id=ident))
    assert body["id"] == ident
    assert type(body["id"]) is type(ident)


@pytest.mark.parametrize(
    "bad",
    [
        {"jsonrpc": "1.0", "method": "system.ping", "id": 1},
        {"method": "system.ping", "id": 1},
        {"jsonrpc": "2.0", "id": 1},
        {"jsonrpc": "2.0", "method": "system.ping", "params": 3, "id": 1},
        {"jsonrpc": "2.0", "method": "system.ping", "id": True},
        {"jsonrpc": "2.0", "method": "system.ping", "id": [1]},
        {"jsonrpc": "2.0", "method": "system.ping", "id": 1, "extra": 1},
        "just a string",
        42,
        None,
    ],
    ids=repr,
)
async def test_invalid_request_objects(rpc_client: Client, bad: Any) -> None:
    status, _, body = await post(rpc_client, orjson.dumps(bad))
    assert status == 200
    assert body["id"] is None
    assert_error_data(body, errors.INVALID_REQUEST, "invalid_request")


async def test_batch_answers_valid_calls_next_to_invalid_ones(rpc_client: Client) -> None:
    _, _, body = await post(rpc_client, [req("system.ping", id=1), 5, req("system.ping", id=2)])
    assert len(body) == 3
    assert by_id(body)[1]["result"] == {"pong": True}
    assert by_id(body)[2]["result"] == {"pong": True}


async def test_every_error_response_carries_kind_and_request_id(rpc_client: Client) -> None:
    given = "spec-check-1"
    _, _, body = await post(
        rpc_client,
        [req("nope.nothing", id=1), 7, req("test.subtract", {"x": 1}, id=2)],
        headers={"X-Request-Id": given},
    )
    assert len(body) == 3
    for response in body:
        assert response["error"]["data"]["request_id"] == given
        assert isinstance(response["error"]["data"]["kind"], str)

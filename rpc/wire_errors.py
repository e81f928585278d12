"""The one place errors become JSON-RPC error objects (DESIGN §4).

Standard codes keep their JSON-RPC meaning; application errors use 1000–1999, chosen by
the error's ``kind``. Every ``data`` is an object with ``kind`` and ``request_id``.

Two kinds of builders live here, so that every error shape on the wire is in one file:
error members for one call (``from_app_error``, ``internal``, ``invalid_params``,
``positional_params``, ``method_not_found``), and whole response objects for what
is refused before any call runs (``request_error``, ``invalid_request``,
``invalid_element``), which carry ``"id": null`` as the specification requires when the
id could not be read.
"""

from __future__ import annotations

from typing import Any

import orjson
from pydantic import ValidationError

from rpc.errors import AppError

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
INTERNAL_ERROR = -32603

# kind → wire code. A kind missing here is a programming error caught by a test.
CODES: dict[str, int] = {
    "unauthenticated": 1001,
    "forbidden": 1003,
    "not_found": 1004,
    "conflict": 1009,
    "validation_error": 1022,
    "invalid_transition": 1023,
    "rate_limited": 1029,
    "policy_violation": 1040,
    "secret_unavailable": 1050,
    "provider_error": 1060,
    "execution_error": 1070,
    "timeout": 1080,
    "inventory_mismatch": 1090,
    "cursor_expired": 1095,
}


def error_object(code: int, message: str, data: dict[str, Any]) -> dict[str, Any]:
    """A JSON-RPC error member."""
    return {"code": code, "message": message, "data": data}


def from_app_error(exc: AppError, request_id: str) -> dict[str, Any]:
    """Map a typed domain error to its wire form."""
    data = exc.data()
    data["kind"] = exc.kind
    data["request_id"] = request_id
    return error_object(CODES[exc.kind], exc.message, data)


def internal(request_id: str) -> dict[str, Any]:
    """The generic answer to anything unexpected; details go to the log only."""
    return error_object(
        INTERNAL_ERROR, "Internal error", {"kind": "internal", "request_id": request_id}
    )


def standard(code: int, message: str, kind: str, request_id: str, **extra: Any) -> dict[str, Any]:
    """A protocol-level error (parse, invalid request, method not found, params)."""
    return error_object(code, message, {"kind": kind, "request_id": request_id, **extra})


def invalid_params(request_id: str, errors: list[dict[str, Any]]) -> dict[str, Any]:
    """A -32602 member: ``errors`` says which params were wrong, never with their values."""
    return standard(INVALID_PARAMS, "Invalid params", "invalid_params", request_id, errors=errors)


def params_errors(exc: ValidationError) -> list[dict[str, Any]]:
    """The ``errors`` of an invalid-params answer: location, type and message of each."""
    # include_input=False: params may hold a secret, and an error must never echo it.
    return [
        {"loc": list(e["loc"]), "type": e["type"], "msg": e["msg"]}
        for e in exc.errors(include_input=False, include_url=False, include_context=False)
    ]


def nul_params(request_id: str, locations: list[list[str | int]]) -> dict[str, Any]:
    """The -32602 member for params holding NUL characters, which no stored text may."""
    return invalid_params(
        request_id,
        [
            {"loc": loc, "type": "string_nul", "msg": "must not contain NUL characters (\\u0000)"}
            for loc in locations
        ],
    )


def positional_params(request_id: str) -> dict[str, Any]:
    """The -32602 member for params given as an array: every method takes them by name."""
    return invalid_params(
        request_id, [{"loc": [], "type": "by_name", "msg": "params must be an object"}]
    )


def method_not_found(request_id: str) -> dict[str, Any]:
    """The -32601 member for a method name the registry does not have."""
    return standard(METHOD_NOT_FOUND, "Method not found", "method_not_found", request_id)


def request_error(code: int, message: str, kind: str, request_id: str, **extra: Any) -> bytes:
    """A whole response body for a request refused before any call ran (``"id": null``)."""
    return orjson.dumps(
        {"jsonrpc": "2.0", "error": standard(code, message, kind, request_id, **extra), "id": None}
    )


def invalid_request(request_id: str, reason: str) -> bytes:
    """A whole-request -32600 answer (too large, too deep, batch too big, empty batch)."""
    return request_error(
        INVALID_REQUEST, "Invalid request", "invalid_request", request_id, reason=reason
    )


def invalid_element(request_id: str, reason: str) -> dict[str, Any]:
    """The -32600 response object for one element that is not a valid request object."""
    return {
        "jsonrpc": "2.0",
        "error": standard(
            INVALID_REQUEST, "Invalid request", "invalid_request", request_id, reason=reason
        ),
        "id": None,
    }

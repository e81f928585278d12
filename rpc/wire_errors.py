"""The one place typed errors become JSON-RPC error objects (DESIGN §4).

Standard codes keep their JSON-RPC meaning; application errors use 1000–1999, chosen by
the error's ``kind``. Every ``data`` is an object with ``kind`` and ``request_id``.
"""

from __future__ import annotations

from typing import Any

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

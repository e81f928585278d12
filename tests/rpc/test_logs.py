"""Both log formats mask secret shapes in messages, fields and tracebacks."""

from __future__ import annotations

import logging
import sys

import orjson
import pytest

from rpc.logs import JsonFormatter, TextFormatter

TOKEN = "ghp_" + "Zq9" * 12


def record_with_secrets() -> logging.LogRecord:
    try:
        raise ValueError(f"upstream refused https://x-access-token:{TOKEN}@github.com/a/b")
    except ValueError:
        exc_info = sys.exc_info()
    record = logging.LogRecord(
        "jidocode.test", logging.ERROR, __file__, 1, "calling with %s", (TOKEN,), exc_info
    )
    record.header = f"Bearer {TOKEN}"
    record.request_id = "req-1"
    return record


@pytest.mark.parametrize("formatter", [JsonFormatter(), TextFormatter()])
def test_no_token_survives_formatting(formatter: logging.Formatter) -> None:
    line = formatter.format(record_with_secrets())
    assert TOKEN not in line
    assert "[REDACTED]" in line
    # What is not secret is still there to search for.
    assert "req-1" in line
    assert "ValueError" in line


def test_json_lines_are_objects_with_the_fields() -> None:
    out = orjson.loads(JsonFormatter().format(record_with_secrets()))
    assert out["level"] == "error"
    assert out["request_id"] == "req-1"
    assert out["header"] == "Bearer [REDACTED]"
    assert TOKEN not in out["exc"]

"""Start-up and configuration errors are one line naming the variable, never a traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from rpc.settings import Settings

# Nothing listens on port 1 of the loopback: a connection is refused at once.
UNREACHABLE = "postgresql://jidocode:s3cret-pw@127.0.0.1:1/jidocode"


def serve(env: dict[str, str], tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("JIDOCODE_")}
    clean.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "rpc.app.cli", "serve", "--no-workers", *args],
        env={
            **clean,
            "PYTHONPATH": os.getcwd(),
            "JIDOCODE_DATA_DIR": str(tmp_path),
            "DATABASE_URL": UNREACHABLE,
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def assert_one_line(done: subprocess.CompletedProcess[str], variable: str, *words: str) -> str:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    # Log lines of what started before may precede it; the error is one line, the last.
    errors = [ln for ln in done.stderr.splitlines() if ln.startswith("jidocode:")]
    assert len(errors) == 1, done.stderr
    line = errors[0]
    assert done.stderr.strip().endswith(line)
    assert line.startswith(f"jidocode: {variable}"), line
    for word in words:
        assert word in line, line
    return line


@pytest.mark.parametrize(
    ("env", "variable", "words"),
    [
        ({"JIDOCODE_PORT": "abc"}, "JIDOCODE_PORT", ["'abc'", "TCP port"]),
        ({"JIDOCODE_LOG_LEVEL": "info"}, "JIDOCODE_LOG_LEVEL", ["'info'", "upper case"]),
        ({"JIDOCODE_POOL_MAX_SIZE": "0"}, "JIDOCODE_POOL_MAX_SIZE", ["greater than"]),
        ({"JIDOCODE_ACCESS_LOG": "maybe"}, "JIDOCODE_ACCESS_LOG", ["'maybe'", "on or off"]),
        ({"JIDOCODE_METRICS_LISTEN": "9420"}, "JIDOCODE_METRICS_LISTEN", ["'9420'", "host:port"]),
        (
            {"JIDOCODE_TRUSTED_PROXIES": "10.0.0.0/33"},
            "JIDOCODE_TRUSTED_PROXIES",
            ["'10.0.0.0/33'", "CIDR"],
        ),
        ({"JIDOCODE_PRODUCTION": "true"}, "JIDOCODE_SECRET_KEYS", ["production"]),
        ({}, "DATABASE_URL", ["127.0.0.1:1/jidocode", "refused"]),
    ],
)
def test_bad_configuration_is_one_line(
    env: dict[str, str], variable: str, words: list[str], tmp_path: Path
) -> None:
    line = assert_one_line(serve(env, tmp_path), variable, *words)
    assert "s3cret-pw" not in line


def test_a_port_in_use_is_one_line(settings: Settings, tmp_path: Path, clean: None) -> None:
    # (clean: the server's start-up stores what it seals with its own key ring.)
    assert settings.database_url
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = serve({"DATABASE_URL": settings.database_url}, tmp_path, "--port", str(port))
    assert_one_line(done, "JIDOCODE_PORT", f"127.0.0.1:{port} is already in use")


def test_a_metrics_address_in_use_is_one_line(
    settings: Settings, tmp_path: Path, clean: None
) -> None:
    assert settings.database_url
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = serve(
            {"DATABASE_URL": settings.database_url, "JIDOCODE_METRICS_LISTEN": f"127.0.0.1:{port}"},
            tmp_path,
            "--port",
            "0",
        )
    assert_one_line(done, "JIDOCODE_METRICS_LISTEN", f"127.0.0.1:{port} is already in use")

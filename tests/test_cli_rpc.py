"""``jidocode rpc``: schema-driven help and params, validation before sending, exit codes,
and real calls against a live server with an API key."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from rpc.app.cli import main
from rpc.app.cli_rpc import EXIT_FAMILIES, exit_code_for
from rpc.app.cli_rpc_schema import coerce
from tests.codegen.live import live_url, owner_api_key

__all__ = ["live_url"]

CLOSED = "http://127.0.0.1:9/rpc"  # nothing listens: a call that is sent fails with exit 4


def run(*args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(main, ["rpc", *args], env=env, catch_exceptions=False)


async def run_live(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """The CLI in a subprocess, so this event loop keeps serving the live server."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "rpc.app.cli",
        "rpc",
        *args,
        env={**os.environ, **(env or {})},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), timeout=120)
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


def test_list_and_help_come_from_the_schema() -> None:
    listed = run("--list")
    assert listed.exit_code == 0
    assert "system.ping" in listed.output
    assert "rpc.discover" in listed.output
    helped = run("system.version", "--help")
    assert helped.exit_code == 0
    assert "The package version, the inventory version" in helped.output
    assert "Result: VersionInfo" in helped.output
    assert "inventory_mismatch" in helped.output
    general = run("--help")
    assert general.exit_code == 0
    for family in EXIT_FAMILIES:
        assert f"{family.code:>2}  {family.name}" in general.output


def test_every_error_kind_has_its_exit_code() -> None:
    codes = {f.code for f in EXIT_FAMILIES}
    assert len(codes) == len(EXIT_FAMILIES), "one distinct exit code per family"
    assert exit_code_for("not_found") == 8
    assert exit_code_for("unauthenticated") == exit_code_for("forbidden") == 7
    assert exit_code_for("something_new") == 15
    from rpc.wire_errors import CODES

    for kind in CODES:
        assert exit_code_for(kind) != 15 or kind == "internal", kind


def test_params_are_typed_by_the_schema() -> None:
    assert coerce("3", {"type": "integer"}) == 3
    assert coerce("yes", {"type": "boolean"}) is True
    assert coerce("123", {"type": "string"}) == "123"
    assert coerce("null", {"anyOf": [{"type": "integer"}, {"type": "null"}]}) is None
    assert coerce('{"a": 1}', {"type": "object"}) == {"a": 1}
    assert coerce("plain", {"anyOf": [{"type": "string"}, {"type": "integer"}]}) == "plain"


def test_bad_params_are_refused_before_sending(tmp_path: Path) -> None:
    # CLOSED would give exit 4 if anything were sent.
    unknown = run("system.ping", "--param", "bogus=1", "--url", CLOSED)
    assert unknown.exit_code == 3
    assert "bogus" in unknown.output
    not_an_int = run("accounts.list_api_keys", "-p", "limit=many", "--url", CLOSED)
    assert not_an_int.exit_code == 2
    too_short = run("accounts.create_api_key", "-p", "name=", "--url", CLOSED)
    assert too_short.exit_code == 3
    file = tmp_path / "params.json"
    file.write_text(json.dumps({"name": ""}))
    from_file = run("accounts.create_api_key", "--params", f"@{file}", "--url", CLOSED)
    assert from_file.exit_code == 3
    secret = run(
        "accounts.sign_in", "--params", '{"email": "a@b.c", "password": 5}', "--url", CLOSED
    )
    assert secret.exit_code == 3
    assert "5" not in secret.output.replace("problem", "")  # input is not echoed
    assert run("no.such_method").exit_code == 2
    assert run("system.ping", "--url", CLOSED).exit_code == 4


async def test_calls_a_live_server_with_an_api_key(live_url: str) -> None:
    key = await owner_api_key(live_url)
    env = {"JIDOCODE_URL": live_url}

    code, out, err = await run_live("system.ping", env=env)
    assert (code, out.strip()) == (0, '{"pong":true}'), err  # compact: not a terminal

    code, out, err = await run_live("accounts.me", "--api-key", key, env=env)
    assert code == 0, err
    me = json.loads(out)
    assert me["owner"]["email"] == "o@example.com"
    assert me["auth_mode"] == "api_key"

    code, out, err = await run_live(
        "accounts.list_api_keys", "-p", "limit=1", "--pretty", env={**env, "JIDOCODE_API_KEY": key}
    )
    assert code == 0, err
    assert out.startswith("{\n  ")
    assert [item["name"] for item in json.loads(out)["items"]] == ["cli"]

    code, out, err = await run_live("accounts.me", env=env)
    assert code == 7
    assert json.loads(err)["data"]["kind"] == "unauthenticated"

    code, out, err = await run_live("accounts.me", "--api-key", "jck_wrong", env=env)
    assert code == 7


@pytest.mark.parametrize("flag", ["--list", "system.ping --help"])
def test_schema_commands_need_no_server(flag: str) -> None:
    assert run(*flag.split(), "--url", CLOSED).exit_code == 0

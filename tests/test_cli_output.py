"""What ``jidocode rpc`` shows: tables and one-line errors on a terminal, JSON otherwise,
``--json``, ``--columns``, ``--field``; and authentication failures told apart by what
the CLI sent."""

from __future__ import annotations

import asyncio
import json
import os
import uuid

import pytest

from rpc.context import Runtime
from sql.database import Database
from tests.cli_driver import run_cli, run_on_terminal
from tests.codegen.live import live_url, owner_api_key
from tests.domains.orchestration.factories import make_run

__all__ = ["live_url"]

terminal = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")


async def _on_terminal(*args: str, env: dict[str, str]) -> tuple[int, str]:
    return await asyncio.to_thread(run_on_terminal, list(args), env)


@terminal
async def test_a_terminal_gets_tables_key_values_and_one_line_errors(
    live_url: str, db: Database, runtime: Runtime
) -> None:
    key = await owner_api_key(live_url)
    env = {"JIDOCODE_URL": live_url, "JIDOCODE_API_KEY": key}

    code, shown = await _on_terminal("rpc", "accounts.list_api_keys", env=env)
    assert code == 0, shown
    header = shown.splitlines()[0].split()
    assert header[:3] == ["ID", "NAME", "STATUS"], shown
    assert "cli" in shown
    assert "active" in shown
    assert "{" not in shown

    code, shown = await _on_terminal(
        "rpc", "accounts.list_api_keys", "--columns", "name,status", env=env
    )
    assert code == 0, shown
    assert [line.split() for line in shown.strip().splitlines()] == [
        ["NAME", "STATUS"],
        ["cli", "active"],
    ]

    code, shown = await _on_terminal("rpc", "accounts.me", env=env)
    assert code == 0, shown
    assert "auth_mode:" in shown
    assert "api_key" in shown
    assert "owner:\n" in shown
    assert "  email:" in shown

    code, shown = await _on_terminal("rpc", "accounts.me", "--json", env=env)
    assert code == 0, shown
    assert json.loads(shown)["auth_mode"] == "api_key"

    missing = uuid.uuid4()
    code, shown = await _on_terminal(
        "rpc", "orchestration.get_run", "-p", f"run_id={missing}", env=env
    )
    assert code == 8
    assert shown.strip() == f"error: no workflow run {missing} (not_found)"

    async with db.transaction() as conn:
        run = await make_run(conn, runtime)  # pending
    code, shown = await _on_terminal(
        "rpc", "orchestration.approve_run", "-p", f"run_id={run.id}", env=env
    )
    assert code == 9
    assert shown.startswith("error: the workflow run is pending, it cannot move to ")
    assert shown.rstrip().endswith("(invalid_transition)")
    assert len(shown.strip().splitlines()) == 1


async def test_scripts_get_json_and_picked_fields(live_url: str) -> None:
    key = await owner_api_key(live_url)
    env = {"JIDOCODE_URL": live_url, "JIDOCODE_API_KEY": key}
    code, out, err = await run_cli("rpc", "accounts.list_api_keys", env=env)
    assert code == 0, err
    page = json.loads(out)  # not a terminal: JSON, compact
    assert "\n" not in out.strip()
    code, out, err = await run_cli(
        "rpc",
        "accounts.list_api_keys",
        "--field",
        "items.0.name",
        "--field",
        "next_cursor",
        env=env,
    )
    assert (code, out.splitlines()) == (0, ["cli", "null"]), err
    code, out, err = await run_cli(
        "rpc", "accounts.list_api_keys", "--field", "items.0.id", env=env
    )
    assert out.strip() == page["items"][0]["id"]
    code, out, err = await run_cli("rpc", "accounts.list_api_keys", "--field", "items.3", env=env)
    assert code == 2
    assert "items is a list of 1" in err
    code, out, err = await run_cli("rpc", "accounts.me", "--field", "ownr", env=env)
    assert code == 2
    assert "no field 'ownr'" in err
    assert "owner" in err
    # --columns asks for a table, terminal or not.
    code, out, err = await run_cli("rpc", "accounts.list_api_keys", "--columns", "name", env=env)
    assert (code, out.split()) == (0, ["NAME", "cli"]), err
    # Errors stay JSON for programs.
    code, out, err = await run_cli("rpc", "accounts.me", env={"JIDOCODE_URL": live_url})
    assert code == 7
    assert json.loads(err)["data"]["kind"] == "unauthenticated"


@terminal
async def test_authentication_failures_say_what_was_sent(live_url: str) -> None:
    key = await owner_api_key(live_url)
    url = {"JIDOCODE_URL": live_url}

    code, shown = await _on_terminal("rpc", "accounts.me", env=url)
    assert code == 7
    assert "accounts.me needs the owner's credential, and none was sent (unauthenticated)" in shown
    assert "jidocode login" in shown

    code, shown = await _on_terminal("rpc", "accounts.me", "--api-key", "hunter2", env=url)
    assert code == 7
    assert "the credential from --api-key (hunter2…) is not a JidoCode key or token" in shown

    unknown = "jck_" + "x" * 40
    code, shown = await _on_terminal("rpc", "accounts.me", env={**url, "JIDOCODE_API_KEY": unknown})
    assert code == 7
    assert "refused the API key from JIDOCODE_API_KEY (jck_xxxx…)" in shown
    assert "revoked or expired" in shown
    assert unknown not in shown  # only its start

    code, shown = await _on_terminal(
        "rpc", "accounts.sign_in", "-p", "email=o@example.com", "-p", "password=wrong", env=url
    )
    assert code == 7
    assert "error: wrong email or password (unauthenticated)" in shown

    code, shown = await _on_terminal(
        "rpc", "accounts.create_api_key", "-p", "name=x", "--api-key", key, env=url
    )
    assert code == 7
    assert "(forbidden)" in shown
    assert "not an API key" in shown
    assert "accounts.sign_in" in shown

"""``jidocode login``/``logout``/``profiles`` and where ``jidocode rpc`` sends its calls:
a 0600 profile in the user's config directory, ``--profile``/``JIDOCODE_PROFILE``, the
default URL from ``JIDOCODE_HOST``/``JIDOCODE_PORT``, ``/rpc`` added to a bare URL, and a
connection failure that says the server is not running and how to start it."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import stat
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.cli_driver import run_cli, run_on_terminal
from tests.codegen.live import OWNER_EMAIL, live_url, post

__all__ = ["live_url"]

PASSWORD = "a long enough password"


def _port(url: str) -> str:
    return str(urlsplit(url).port)


async def _owner(url: str) -> None:
    await post(url, "accounts.bootstrap_owner", {"email": OWNER_EMAIL, "password": PASSWORD})


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
async def test_login_saves_a_private_profile_that_rpc_uses_and_logout_revokes(
    live_url: str, tmp_path: Path
) -> None:
    await _owner(live_url)
    env = {"XDG_CONFIG_HOME": str(tmp_path / "config")}
    base = live_url.removesuffix("/rpc")  # /rpc is added by the CLI
    code, shown = await asyncio.to_thread(
        run_on_terminal,
        ["login", "--url", base],
        env,
        [("email", OWNER_EMAIL), ("password", PASSWORD)],
    )
    assert code == 0, shown
    assert PASSWORD not in shown  # the password is not echoed
    assert f"Logged in to {live_url} as {OWNER_EMAIL}" in shown
    path = tmp_path / "config" / "jidocode" / "profiles.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    saved = json.loads(path.read_text())["profiles"]["default"]
    assert saved["url"] == live_url
    assert saved["api_key"].startswith("jck_")
    assert PASSWORD not in path.read_text()

    # The profile supplies URL and key: no --url, no --api-key.
    code, out, err = await run_cli("rpc", "accounts.me", env=env)
    assert code == 0, err
    assert json.loads(out)["auth_mode"] == "api_key"
    # The bearer token login used to create the key was signed out again.
    code, out, err = await run_cli("rpc", "accounts.list_tokens", "--field", "items", env=env)
    assert code == 0, err
    assert all(t["status"] != "active" for t in json.loads(out)), out

    # A second profile, from stdin; --profile and JIDOCODE_PROFILE choose it.
    code, out, err = await run_cli(
        "login",
        "--profile",
        "second",
        "--url",
        live_url,
        "--email",
        OWNER_EMAIL,
        "--password-stdin",
        "--key-name",
        "second key",
        env=env,
        stdin=PASSWORD + "\n",
    )
    assert code == 0, err
    second = json.loads(path.read_text())["profiles"]["second"]
    assert second["api_key_name"] == "second key"
    for chooser in (["--profile", "second"], []):
        chosen = {**env, "JIDOCODE_PROFILE": "second"} if not chooser else env
        code, out, err = await run_cli(
            "rpc", "accounts.me", *chooser, "--field", "credential_id", env=chosen
        )
        assert (code, out.strip()) == (0, second["api_key_id"]), err
    code, out, err = await run_cli("profiles", env=env)
    assert code == 0, err
    assert "default" in out
    assert "second" in out
    assert "jck_" not in out

    key = saved["api_key"]
    code, out, err = await run_cli("logout", env=env)
    assert code == 0, err
    assert "Revoked API key" in out
    assert "default" not in json.loads(path.read_text())["profiles"]
    code, out, err = await run_cli(
        "rpc", "accounts.me", "--api-key", key, "--url", live_url, env=env
    )
    assert code == 7  # revoked on the server, not only forgotten here
    code, out, err = await run_cli("logout", env=env)
    assert code == 2
    assert "no profile 'default'" in err


async def test_a_wrong_password_at_login_saves_nothing(live_url: str, tmp_path: Path) -> None:
    await _owner(live_url)
    env = {"XDG_CONFIG_HOME": str(tmp_path)}
    code, _out, err = await run_cli(
        "login", "--url", live_url, "--email", OWNER_EMAIL, "--password-stdin",
        env=env, stdin="not it\n",
    )  # fmt: skip
    assert code == 7
    assert "wrong email or password (unauthenticated)" in err
    assert not (tmp_path / "jidocode" / "profiles.json").exists()


async def test_the_default_url_follows_host_and_port(live_url: str) -> None:
    port = _port(live_url)
    code, out, err = await run_cli("rpc", "system.ping", env={"JIDOCODE_PORT": port})
    assert (code, out.strip()) == (0, '{"pong":true}'), err
    code, out, err = await run_cli(
        "rpc", "system.ping", env={"JIDOCODE_HOST": "127.0.0.1", "JIDOCODE_PORT": port}
    )
    assert code == 0, err
    # A URL without /rpc reaches the endpoint instead of a 404 page.
    code, out, err = await run_cli("rpc", "system.ping", "--url", f"127.0.0.1:{port}", env={})
    assert code == 0, err


async def test_a_server_that_is_down_is_named_with_how_to_start_it(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free = str(probe.getsockname()[1])  # closed again: nothing listens there
    code, _out, err = await run_cli(
        "rpc", "system.ping", env={"JIDOCODE_PORT": free, "XDG_CONFIG_HOME": str(tmp_path)}
    )
    assert code == 4
    assert f"nothing is listening at http://127.0.0.1:{free}/rpc" in err
    assert "from JIDOCODE_HOST/JIDOCODE_PORT" in err
    assert "`jidocode serve`" in err

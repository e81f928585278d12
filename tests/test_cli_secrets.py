"""``jidocode rpc`` sends secrets exactly as given: on the command line, from stdin with
``-``, or typed at a prompt without echo; a live server stores what was given."""

from __future__ import annotations

import asyncio
import os
from typing import Any

import pytest

from domains.setup.service import reveal_secret_by_name
from rpc.app.cli_rpc import wire_params
from rpc.app.cli_rpc_schema import methods, missing_secrets
from rpc.context import Runtime
from sql.database import Database
from tests.cli_driver import run_cli, run_on_terminal
from tests.codegen.live import OWNER_EMAIL, live_url, post
from tests.test_cli_rpc import run_live

__all__ = ["live_url"]

PASSWORD = "correct horse battery staple"


def test_secret_fields_are_dumped_in_clear() -> None:
    from codegen.python.client import PARAMS

    checked = PARAMS["setup.put_secret"].model_validate(
        {"scope": "instance", "name": "demo", "value": "s3cr3t", "expires_at": None}
    )
    assert wire_params(checked) == {
        "scope": "instance",
        "name": "demo",
        "value": "s3cr3t",
        "expires_at": None,
    }
    changed = PARAMS["accounts.change_password"].model_validate(
        {"current_password": "old-one", "new_password": "new-one"}
    )
    assert wire_params(changed) == {"current_password": "old-one", "new_password": "new-one"}


def test_which_secret_params_are_prompted_for() -> None:
    sign_in = methods()["accounts.sign_in"]
    assert missing_secrets(sign_in, {"email": "a@b.c"}) == ["password"]
    assert missing_secrets(sign_in, {"email": "a@b.c", "password": "x"}) == []
    put = methods()["setup.put_secret"]
    assert missing_secrets(put, {"scope": "instance", "name": "n"}) == ["value"]
    assert missing_secrets(put, {"scope": "instance", "name": "n", "sealed_value": "b"}) == []
    assert missing_secrets(methods()["system.ping"], {}) == []


async def test_secrets_reach_the_server_as_given(
    live_url: str, db: Database, runtime: Runtime
) -> None:
    env = {"JIDOCODE_URL": live_url}
    # From stdin: the owner's password; a server that got the mask would refuse sign-in.
    code, out, err = await run_cli(
        "rpc",
        "accounts.bootstrap_owner",
        "-p",
        f"email={OWNER_EMAIL}",
        "-p",
        "password=-",
        env=env,
        stdin=PASSWORD + "\n",
    )
    assert code == 0, err
    assert PASSWORD not in out + err
    signed = await post(live_url, "accounts.sign_in", {"email": OWNER_EMAIL, "password": PASSWORD})

    # On the command line: sign-in with the real password works through the CLI too.
    code, out, err = await run_live(
        "accounts.sign_in", "-p", f"email={OWNER_EMAIL}", "-p", f"password={PASSWORD}", env=env
    )
    assert code == 0, err

    auth = {**env, "JIDOCODE_API_KEY": signed["token"]}
    code, out, err = await run_live(
        "setup.put_secret",
        "-p",
        "scope=instance",
        "-p",
        "name=cli_value",
        "-p",
        "value=sk-ant-from-the-command-line",
        env=auth,
    )
    assert code == 0, err
    code, out, err = await run_cli(
        "rpc",
        "setup.put_secret",
        "-p",
        "scope=instance",
        "-p",
        "name=cli_stdin",
        "-p",
        "value=-",
        env=auth,
        stdin="piped value\n",
    )
    assert code == 0, err
    code, out, err = await run_live(
        "setup.set_provider_credential",
        "--params",
        '{"provider": "anthropic", "value": "sk-ant-api03-given-as-json"}',
        env=auth,
    )
    assert code == 0, err

    async with db.connection() as conn:
        stored: dict[str, Any] = {
            name: await reveal_secret_by_name(conn, runtime, scope="instance", name=name)
            for name in ("cli_value", "cli_stdin")
        }
        provider = await conn.fetchval(
            "SELECT secret_ref_id FROM provider_credentials WHERE provider = 'anthropic'"
        )
    assert stored == {"cli_value": "sk-ant-from-the-command-line", "cli_stdin": "piped value"}
    assert provider is not None
    from domains.setup.service import reveal_secret

    async with db.connection() as conn:
        assert (
            await reveal_secret(conn, runtime, secret_ref_id=provider)
        ) == "sk-ant-api03-given-as-json"


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
async def test_a_secret_left_out_on_a_terminal_is_prompted_without_echo(
    live_url: str, db: Database, runtime: Runtime
) -> None:
    await post(live_url, "accounts.bootstrap_owner", {"email": OWNER_EMAIL, "password": PASSWORD})
    signed = await post(live_url, "accounts.sign_in", {"email": OWNER_EMAIL, "password": PASSWORD})
    env = {"JIDOCODE_URL": live_url, "JIDOCODE_API_KEY": signed["token"]}
    typed = "typed-at-the-prompt"
    code, shown = await asyncio.to_thread(
        run_on_terminal,
        ["rpc", "setup.put_secret", "-p", "scope=instance", "-p", "name=prompted"],
        env,
        [("value:", typed)],
    )
    assert code == 0, shown
    assert "value:" in shown
    assert typed not in shown  # not echoed
    async with db.connection() as conn:
        stored = await reveal_secret_by_name(conn, runtime, scope="instance", name="prompted")
    assert stored == typed

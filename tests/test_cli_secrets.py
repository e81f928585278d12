"""``jidocode rpc`` sends secrets exactly as given: on the command line, from stdin with
``-``, or typed at a prompt without echo; a live server stores what was given."""

from __future__ import annotations

import asyncio
import os
import select
import subprocess
import sys
import time
from typing import Any

import pytest

from domains.setup.service import reveal_secret_by_name
from rpc.app.cli_rpc import wire_params
from rpc.app.cli_rpc_schema import methods, missing_secrets
from rpc.context import Runtime
from sql.database import Database
from tests.codegen.live import OWNER_EMAIL, live_url, post
from tests.test_cli_rpc import run_live

__all__ = ["live_url"]

PASSWORD = "correct horse battery staple"


async def run_with_stdin(stdin: str, *args: str, env: dict[str, str]) -> tuple[int, str, str]:
    """The CLI in a subprocess with ``stdin`` piped in."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "rpc.app.cli",
        "rpc",
        *args,
        env={**os.environ, **env},
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(stdin.encode()), timeout=120)
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


def run_on_a_terminal(answer: str, *args: str, env: dict[str, str]) -> tuple[int, str]:
    """The CLI with a pseudo-terminal as stdin and stderr; types ``answer`` at the prompt.

    Returns the exit status and everything the terminal showed.
    """
    master, slave = os.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "rpc.app.cli", "rpc", *args],
        stdin=slave,
        stdout=subprocess.PIPE,
        stderr=slave,
        env={**os.environ, **env},
        start_new_session=True,  # no controlling terminal but the pty: getpass uses stdin
    )
    os.close(slave)
    shown = b""
    try:
        deadline = time.monotonic() + 60
        answered = False
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 4096)
                except OSError:  # the child closed the terminal
                    break
                shown += chunk
            if not answered and b":" in shown:
                os.write(master, answer.encode() + b"\n")
                answered = True
            if proc.poll() is not None and not ready:
                break
        code = proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, 9)
            proc.wait()
        os.close(master)
    assert proc.stdout is not None
    proc.stdout.close()
    return code, shown.decode(errors="replace")


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
    code, out, err = await run_with_stdin(
        PASSWORD + "\n",
        "accounts.bootstrap_owner",
        "-p",
        f"email={OWNER_EMAIL}",
        "-p",
        "password=-",
        env=env,
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
    code, out, err = await run_with_stdin(
        "piped value\n",
        "setup.put_secret",
        "-p",
        "scope=instance",
        "-p",
        "name=cli_stdin",
        "-p",
        "value=-",
        env=auth,
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
        run_on_a_terminal,
        typed,
        "setup.put_secret",
        "-p",
        "scope=instance",
        "-p",
        "name=prompted",
        env=env,
    )
    assert code == 0, shown
    assert "value:" in shown
    assert typed not in shown  # not echoed
    async with db.connection() as conn:
        stored = await reveal_secret_by_name(conn, runtime, scope="instance", name="prompted")
    assert stored == typed

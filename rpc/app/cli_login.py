"""``jidocode login``, ``logout`` and ``profiles``: saved credentials for the command line.

``login`` signs in with email and password (prompted; the password without echo, or
piped with ``--password-stdin``), creates an API key named for this machine, signs the
short-lived bearer token out again, and saves the URL and the key as a profile
(``rpc.app.cli_profiles``). ``logout`` revokes that key on the server and forgets the
profile. The password is never stored.
"""

from __future__ import annotations

import socket
import sys
from typing import Any

import click

from rpc.app.cli_explain import explain_rpc_error, explain_transport, stderr_is_terminal
from rpc.app.cli_profiles import (
    PROFILE_ENV,
    URL_ENV,
    Profile,
    ProfileError,
    Target,
    forget,
    load,
    load_all,
    normalize_url,
    profile_name,
    profiles_path,
    resolve_target,
    save,
)
from rpc.app.cli_rpc import (
    EXIT_TRANSPORT,
    EXIT_USAGE,
    call_or_exit,
    exit_code_for,
    send,
    validate,
)
from rpc.app.cli_rpc_schema import methods

_PROFILE_OPTION = click.option(
    "--profile",
    envvar=PROFILE_ENV,
    help=f"The profile's name ({PROFILE_ENV}; default: default).",
)


def _call(target: Target, name: str, params: dict[str, Any] | None) -> Any:
    method = methods()[name]
    checked = validate(name, params or {}) if method["params"] else None
    return call_or_exit(target, 30.0, method, checked, human_errors=True)


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_USAGE)


@click.command("login")
@click.option("--url", envvar=URL_ENV, help="The server (default: http://JIDOCODE_HOST:PORT).")
@click.option("--email", help="The owner's email (prompted for when left out).")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from stdin instead of a prompt."
)
@click.option("--key-name", help="Name of the API key to create (default: cli@<hostname>).")
@_PROFILE_OPTION
def login(
    url: str | None,
    email: str | None,
    password_stdin: bool,
    key_name: str | None,
    profile: str | None,
) -> None:
    """Sign in and save an API key for this machine as a profile.

    The profile file (mode 0600) is in the user's config directory
    ($XDG_CONFIG_HOME/jidocode/profiles.json); `jidocode rpc`, `doctor` and `logout`
    use it. Logging in again under the same profile replaces its key (revoke the old one
    with `jidocode logout` first to leave nothing behind).
    """
    name = profile_name(profile)
    try:
        previous = load(name)
    except ProfileError as exc:
        _fail(str(exc))
    base = resolve_target(url=url, api_key=None, profile=profile, from_env=set())
    anonymous = Target(base.url, None, name, None, base.url_from)
    if email is None:
        default_email = previous.email if previous else None
        email = click.prompt("email", default=default_email, err=True)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        password = click.prompt("password", hide_input=True, err=True)
    else:
        _fail("no terminal to ask for the password on: pipe it in with --password-stdin")
    signed = _call(anonymous, "accounts.sign_in", {"email": email, "password": password})
    token = Target(base.url, signed["token"], name, "accounts.sign_in", base.url_from)
    label = key_name or f"cli@{socket.gethostname()}"[:100]
    created = _call(token, "accounts.create_api_key", {"name": label})
    _call(token, "accounts.sign_out", None)  # the key is what we keep; the token goes
    saved = Profile(
        url=base.url,
        api_key=created["key"],
        api_key_id=created["api_key"]["id"],
        api_key_name=created["api_key"]["name"],
        email=signed["owner"]["email"],
    )
    path = save(name, saved)
    click.echo(f"Logged in to {saved.url} as {saved.email}.")
    click.echo(
        f"Profile {name!r} saved in {path} with API key {saved.api_key_name!r} "
        f"({created['api_key']['prefix']}…)."
    )
    if previous is not None and previous.api_key_id != saved.api_key_id:
        click.echo(
            f"The profile's previous key ({previous.api_key_name!r}) is still valid; revoke it "
            f"with `jidocode rpc accounts.revoke_api_key -p api_key_id={previous.api_key_id}`."
        )


@click.command("logout")
@_PROFILE_OPTION
@click.option("--forget-only", is_flag=True, help="Forget the profile without revoking its key.")
def logout(profile: str | None, forget_only: bool) -> None:
    """Revoke the profile's API key on its server and forget the profile."""
    name = profile_name(profile)
    try:
        saved = load(name)
    except ProfileError as exc:
        _fail(str(exc))
    if saved is None:
        _fail(f"no profile {name!r} in {profiles_path()}; nothing to log out of")
    assert saved is not None
    if not forget_only:
        target = Target(saved.url, saved.api_key, name, f"profile {name!r}", f"profile {name!r}")
        _revoke(target, saved)
    forget(name)
    click.echo(f"Forgot profile {name!r}.")


def _revoke(target: Target, saved: Profile) -> None:
    """Revoke the key; one already revoked (or unknown there) is fine to forget."""
    from codegen.python.runtime import RpcError, TransportError

    kept = "  (the profile is kept; `jidocode logout --forget-only` drops it)"
    try:
        send(target, 30.0, "accounts.revoke_api_key", {"api_key_id": saved.api_key_id})
    except RpcError as exc:
        if exc.kind in ("unauthenticated", "conflict", "not_found"):
            click.echo(f"The key {saved.api_key_name!r} was already revoked or unknown there.")
            return
        method = methods()["accounts.revoke_api_key"]
        explained = explain_rpc_error(exc.kind, exc.message, exc.data, target=target, method=method)
        click.echo(explained.render() + "\n" + kept, err=True)
        sys.exit(exit_code_for(exc.kind))
    except TransportError as exc:
        click.echo(explain_transport(exc, target=target, timeout=30.0).render(), err=True)
        click.echo(kept, err=True)
        sys.exit(EXIT_TRANSPORT)
    click.echo(f"Revoked API key {saved.api_key_name!r} on {saved.url}.")


@click.command("profiles")
def profiles() -> None:
    """List the saved profiles (never their keys)."""
    try:
        saved = load_all()
    except ProfileError as exc:
        _fail(str(exc))
    if not saved:
        click.echo(f"no profiles yet ({profiles_path()}); create one with `jidocode login`")
        return
    current = profile_name(None)
    for name, p in sorted(saved.items()):
        mark = "*" if name == current else " "
        click.echo(f"{mark} {name:<16} {normalize_url(p.url):<40} {p.email}  ({p.api_key_name})")
    if stderr_is_terminal():
        click.echo(f"(* = the one used; file {profiles_path()})", err=True)

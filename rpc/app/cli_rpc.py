"""``jidocode rpc METHOD``: call a method of a running server from the command line.

Everything here is driven by the committed schema (``codegen/openrpc.json``) and the
Python models generated from it: ``--list``, per-method ``--help``, typing of
``--param key=value`` and validation of the params before anything is sent. The call goes
through the generated client's transport (``codegen.python.runtime``) to the target
``rpc.app.cli_profiles`` resolves. Reading the schema is ``cli_rpc_schema``'s part, help
``cli_help``'s, showing results ``cli_output``'s and explaining failures ``cli_explain``'s;
this module holds the exit statuses and the command.
"""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass
from typing import Any, NoReturn

import click
from pydantic import BaseModel, SecretBytes, SecretStr, ValidationError
from pydantic_core import to_jsonable_python

from rpc.app import cli_output
from rpc.app.cli_completion import complete_method, complete_param
from rpc.app.cli_explain import explain_rpc_error, explain_transport, stderr_is_terminal
from rpc.app.cli_help import did_you_mean, method_help, method_list
from rpc.app.cli_profiles import (
    API_KEY_ENV,
    PROFILE_ENV,
    URL_ENV,
    ProfileError,
    Target,
    resolve_target,
)
from rpc.app.cli_rpc_schema import build_params, methods, prompt_secrets


@dataclass(frozen=True)
class ExitFamily:
    """One family of failures and the exit status it gets."""

    code: int
    name: str
    kinds: tuple[str, ...]
    meaning: str


EXIT_FAMILIES: tuple[ExitFamily, ...] = (
    ExitFamily(0, "ok", (), "the call succeeded; its result is on stdout"),
    ExitFamily(2, "usage", (), "bad command line or unknown method (nothing sent)"),
    ExitFamily(3, "params", (), "params refused by the schema before sending (nothing sent)"),
    ExitFamily(4, "transport", (), "no usable answer: connection refused, timeout, not JSON"),
    ExitFamily(
        5,
        "protocol",
        ("parse_error", "invalid_request", "method_not_found"),
        "the server did not accept the request",
    ),
    ExitFamily(6, "invalid_params", ("invalid_params",), "the server refused the params"),
    ExitFamily(7, "auth", ("unauthenticated", "forbidden"), "missing, bad or insufficient auth"),
    ExitFamily(8, "not_found", ("not_found",), "the named record does not exist"),
    ExitFamily(9, "state", ("conflict", "invalid_transition"), "conflict or refused state change"),
    ExitFamily(10, "validation", ("validation_error",), "params break a domain rule"),
    ExitFamily(11, "rate_limited", ("rate_limited",), "too many attempts; retry later"),
    ExitFamily(
        12,
        "policy",
        ("policy_violation", "secret_unavailable"),
        "blocked by a policy or a missing secret",
    ),
    ExitFamily(
        13,
        "upstream",
        ("provider_error", "execution_error", "timeout"),
        "a provider, command or deadline failed",
    ),
    ExitFamily(14, "inventory", ("inventory_mismatch",), "client and server schemas differ"),
    ExitFamily(15, "internal", ("internal",), "the server failed unexpectedly (or unknown kind)"),
    ExitFamily(16, "expired", ("cursor_expired",), "an event cursor behind retention; reload"),
)
_EXIT_BY_KIND = {kind: f.code for f in EXIT_FAMILIES for kind in f.kinds}
EXIT_USAGE, EXIT_PARAMS, EXIT_TRANSPORT, EXIT_INTERNAL = 2, 3, 4, 15


def exit_code_for(kind: str) -> int:
    """The exit status for a server error of ``kind``."""
    return _EXIT_BY_KIND.get(kind, EXIT_INTERNAL)


def _exit_codes_help() -> str:
    lines = ["\b", "Exit status:"]
    for family in EXIT_FAMILIES:
        shown = family.kinds != (family.name,) and family.kinds
        kinds = f" ({', '.join(family.kinds)})" if shown else ""
        lines.append(f"  {family.code:>2}  {family.name}: {family.meaning}{kinds}")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------
# Params checked before sending.


def validate(method_name: str, params: dict[str, Any]) -> dict[str, Any]:
    """The params checked with the generated model and dumped as they will be sent."""
    from codegen.python.client import PARAMS

    model = PARAMS[method_name]
    try:
        checked = model.model_validate(params)
    except ValidationError as exc:
        lines = [f"params refused before sending ({exc.error_count()} problem(s)):"]
        # include_input=False: a param may be a secret, and it must not be echoed.
        for error in exc.errors(include_input=False, include_url=False):
            where = ".".join(str(part) for part in error["loc"]) or "(params)"
            lines.append(f"  {where}: {error['msg']}")
        click.echo("\n".join(lines), err=True)
        sys.exit(EXIT_PARAMS)
    return wire_params(checked)


def wire_params(checked: BaseModel) -> dict[str, Any]:
    """The validated params as JSON for the wire, secrets in clear.

    The generated models type secret fields as ``SecretStr``, and pydantic's JSON dump
    masks those as ``**********``; so the model is dumped in Python mode (secrets stay
    ``SecretStr`` objects), each secret is opened, and only then is the rest made JSON.
    """
    dumped = checked.model_dump(mode="python", by_alias=True, exclude_unset=True)
    opened: dict[str, Any] = to_jsonable_python(_open_secrets(dumped))
    return opened


def _open_secrets(value: Any) -> Any:
    if isinstance(value, SecretStr | SecretBytes):
        secret = value.get_secret_value()
        return secret.decode() if isinstance(secret, bytes) else secret
    if isinstance(value, dict):
        return {key: _open_secrets(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_open_secrets(item) for item in value]
    return value


# --------------------------------------------------------------------------------------
# The command.


def _fail(message: str, code: int, hint: str | None = None) -> NoReturn:
    click.echo(f"error: {message}" + (f"\n  hint: {hint}" if hint else ""), err=True)
    sys.exit(code)


def check_param_names(method: dict[str, Any], params: dict[str, Any]) -> None:
    """Refuse an unknown param by name before validation, with the likely one."""
    known = [p["name"] for p in method["params"]]
    for key in params:
        if key not in known:
            listed = ", ".join(known) or "none"
            _fail(
                f"{method['name']} has no param {key!r}{did_you_mean(key, known)} "
                f"(params: {listed})",
                EXIT_PARAMS,
            )


def target_option_sources(ctx: click.Context) -> set[str]:
    """Which of ``--url``/``--api-key`` came from the environment."""
    return {
        name
        for name in ("url", "api_key")
        if ctx.get_parameter_source(name) == click.core.ParameterSource.ENVIRONMENT
    }


@click.command(
    "rpc",
    add_help_option=False,
    epilog=_exit_codes_help(),
    context_settings={"max_content_width": 100},
)
@click.argument("method_name", metavar="METHOD", required=False, shell_complete=complete_method)
@click.option(
    "--param",
    "-p",
    "pairs",
    multiple=True,
    metavar="KEY=VALUE",
    shell_complete=complete_param,
    help=(
        "One param, typed by the schema (strings as is, other types as JSON). A secret "
        "param given as `-` is read from stdin; left out on a terminal, it is prompted for."
    ),
)
@click.option("--params", "params_json", metavar="JSON|@FILE", help="All params as a JSON object.")
@click.option(
    "--url",
    envvar=URL_ENV,
    help=(
        f"The server ({URL_ENV}; else the profile's; else http://JIDOCODE_HOST:JIDOCODE_PORT). "
        "/rpc is added to a URL without a path."
    ),
)
@click.option("--api-key", envvar=API_KEY_ENV, help=f"An API key or bearer token ({API_KEY_ENV}).")
@click.option(
    "--profile",
    envvar=PROFILE_ENV,
    help=f"The saved login to use ({PROFILE_ENV}; default: default). See `jidocode login`.",
)
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds to wait.")
@click.option("--json", "force_json", is_flag=True, help="Print JSON even on a terminal.")
@click.option(
    "--pretty/--compact",
    default=None,
    help="Indent the JSON (default: indented on a terminal, compact otherwise).",
)
@click.option(
    "--columns",
    metavar="A,B,…",
    help="Show a list result as a table of these fields (dotted paths allowed).",
)
@click.option(
    "--field",
    "fields",
    multiple=True,
    metavar="PATH",
    help="Print only this part of the result (`items.0.id`); repeatable.",
)
@click.option("--list", "list_methods", is_flag=True, help="List every method and exit.")
@click.option("--help", "-h", "show_help", is_flag=True, help="Show help (for METHOD if given).")
@click.pass_context
def rpc(
    ctx: click.Context,
    method_name: str | None,
    pairs: tuple[str, ...],
    params_json: str | None,
    url: str | None,
    api_key: str | None,
    profile: str | None,
    timeout: float,
    force_json: bool,
    pretty: bool | None,
    columns: str | None,
    fields: tuple[str, ...],
    list_methods: bool,
    show_help: bool,
) -> None:
    """Call METHOD on a running server and print its result.

    On a terminal the result is a table or `key: value` lines and an error is one line
    with what to do; otherwise (or with --json) both are JSON. Params are checked against
    the schema before anything is sent. `jidocode rpc --list` lists the methods;
    `jidocode rpc METHOD --help` describes one.
    """
    if list_methods:
        click.echo(method_list(), nl=False)
        return
    if method_name is None:
        click.echo(ctx.get_help())
        if not show_help:
            sys.exit(EXIT_USAGE)
        return
    method = methods().get(method_name)
    if method is None:
        _fail(
            f"unknown method {method_name!r}{did_you_mean(method_name, methods())}",
            EXIT_USAGE,
            "see `jidocode rpc --list`",
        )
    if show_help:
        click.echo(method_help(method, exit_code_for), nl=False)
        return
    try:
        raw = build_params(method, params_json, pairs)
        check_param_names(method, raw)
        prompt_secrets(method, raw)
    except click.BadParameter as exc:
        _fail(exc.format_message(), EXIT_USAGE)
    except click.Abort:
        _fail("aborted", EXIT_USAGE)
    params = validate(method_name, raw)
    try:
        target = resolve_target(
            url=url, api_key=api_key, profile=profile, from_env=target_option_sources(ctx)
        )
    except ProfileError as exc:
        _fail(str(exc), EXIT_USAGE)
    result = call_or_exit(
        target,
        timeout,
        method,
        params if method["params"] else None,
        human_errors=not force_json and stderr_is_terminal(),
        pretty=pretty,
    )
    try:
        cli_output.emit_result(
            result,
            method_name=method_name,
            fields=fields,
            columns=columns,
            force_json=force_json,
            pretty=pretty,
        )
    except cli_output.FieldError as exc:
        _fail(f"--field: {exc}", EXIT_USAGE)


def send(target: Target, timeout: float, method_name: str, params: dict[str, Any] | None) -> Any:
    """One call to the target; raises the generated client's ``RpcError``/``TransportError``."""
    from codegen.python.client import INVENTORY_VERSION
    from codegen.python.runtime import Transport

    async def go() -> Any:
        transport = Transport(
            target.url,
            api_key=target.api_key,
            timeout_s=timeout,
            inventory_version=INVENTORY_VERSION,
        )
        try:
            return await transport.raw_call(method_name, params)
        finally:
            await transport.close()

    return asyncio.run(go())


def call_or_exit(
    target: Target,
    timeout: float,
    method: dict[str, Any],
    params: dict[str, Any] | None,
    *,
    human_errors: bool,
    pretty: bool | None = None,
) -> Any:
    """The call's result; on failure, the error is printed and the process exits."""
    from codegen.python.runtime import RpcError, TransportError

    try:
        return send(target, timeout, method["name"], params)
    except TransportError as exc:
        click.echo(explain_transport(exc, target=target, timeout=timeout).render(), err=True)
        sys.exit(EXIT_TRANSPORT)
    except RpcError as exc:
        if human_errors:
            explained = explain_rpc_error(
                exc.kind, exc.message, exc.data, target=target, method=method
            )
            click.echo(explained.render(), err=True)
        else:
            error = {"code": exc.code, "message": exc.message, "data": exc.data}
            indent = stderr_is_terminal() if pretty is None else pretty
            click.echo(cli_output.as_json(error, pretty=indent), err=True)
        sys.exit(exit_code_for(exc.kind))

"""``jidocode rpc METHOD``: call a method of a running server from the command line.

Everything here is driven by the committed schema (``codegen/openrpc.json``) and the
Python models generated from it: ``--list``, per-method ``--help``, typing of
``--param key=value`` and validation of the params before anything is sent. The call goes
through the generated client's transport (``codegen.python.runtime``). Reading the schema
and typing params from it is ``rpc.app.cli_rpc_schema``'s part; this module holds the exit
statuses, the help text and the command.
"""

from __future__ import annotations

import asyncio
import json
import sys
from dataclasses import dataclass
from typing import Any, NoReturn

import click
from pydantic import BaseModel, SecretBytes, SecretStr, ValidationError
from pydantic_core import to_jsonable_python

from rpc.app.cli_rpc_schema import (
    build_params,
    describe,
    document,
    methods,
    prompt_secrets,
    resolve,
)

DEFAULT_URL = "http://127.0.0.1:8420/rpc"
URL_ENV = "JIDOCODE_URL"
API_KEY_ENV = "JIDOCODE_API_KEY"
_ERRORS = "#/components/errors/"


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
# Help generated from the schema.


def _group_title(group: int) -> str:
    from rpc.contract import Group
    from rpc.inventory_required import GROUP_TITLES

    try:
        return GROUP_TITLES[Group(group)]
    except ValueError:
        return "?"


def method_help(method: dict[str, Any]) -> str:
    """``jidocode rpc METHOD --help``."""
    name = method["name"]
    out = [
        f"Usage: jidocode rpc {name} [--param KEY=VALUE]... [--params JSON|@FILE]",
        "",
    ]
    out += [f"  {line}" if line else "" for line in method.get("description", "").splitlines()]
    out += [
        "",
        f"  auth: {method['x-auth']}    group: {method['x-group']} "
        f"({_group_title(method['x-group'])})    "
        f"idempotent: {'yes' if method['x-idempotent'] else 'no'}",
        "",
        "Params:" if method["params"] else "Params: none",
    ]
    for p in method["params"]:
        schema = p.get("schema", {})
        flags = "required" if p.get("required") else "optional"
        if "default" in schema:
            flags += f", default {json.dumps(schema['default'])}"
        out.append(f"  {p['name']:<24} {describe(schema):<28} {flags}")
        if p.get("description"):
            out.append(f"  {'':<24} {p['description']}")
    out += ["", f"Result: {describe(method['result']['schema'])}", "", "Errors:"]
    errors = document()["components"]["errors"]
    for ref in method.get("errors", []):
        error = errors[ref["$ref"].removeprefix(_ERRORS)]
        data = resolve(error["data"])
        kind = data.get("properties", {}).get("kind", {}).get("const", "?")
        fields = [f for f in data.get("properties", {}) if f not in ("kind", "request_id")]
        extra = f"  data: {', '.join(fields)}" if fields else ""
        line = f"  {kind:<20} {error['code']:>6}  exit {exit_code_for(kind):<3}{extra}"
        out.append(line.rstrip())
    return "\n".join(out) + "\n"


def method_list() -> str:
    """``jidocode rpc --list``: every method with its auth and summary."""
    width = max((len(name) for name in methods()), default=0)
    lines = []
    for name, method in sorted(methods().items()):
        auth = "anon" if method["x-auth"] == "anonymous" else "owner"
        lines.append(f"{name:<{width}}  {auth:<5}  {method.get('summary', '')}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------
# The command.


def _emit(value: Any, *, err: bool, pretty: bool | None) -> None:
    stream = sys.stderr if err else sys.stdout
    if pretty is None:
        pretty = stream.isatty()
    text = (
        json.dumps(value, indent=2, ensure_ascii=False)
        if pretty
        else json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    )
    click.echo(text, err=err)


def _fail(message: str, code: int) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


@click.command(
    "rpc",
    add_help_option=False,
    epilog=_exit_codes_help(),
    context_settings={"max_content_width": 100},
)
@click.argument("method_name", metavar="METHOD", required=False)
@click.option(
    "--param",
    "-p",
    "pairs",
    multiple=True,
    metavar="KEY=VALUE",
    help=(
        "One param, typed by the schema (strings as is, other types as JSON). A secret "
        "param given as `-` is read from stdin; left out on a terminal, it is prompted for."
    ),
)
@click.option("--params", "params_json", metavar="JSON|@FILE", help="All params as a JSON object.")
@click.option(
    "--url",
    envvar=URL_ENV,
    default=DEFAULT_URL,
    show_default=True,
    help=f"The server's JSON-RPC endpoint ({URL_ENV}).",
)
@click.option("--api-key", envvar=API_KEY_ENV, help=f"An API key or bearer token ({API_KEY_ENV}).")
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds to wait.")
@click.option(
    "--pretty/--compact",
    default=None,
    help="Indent the JSON (default: indented on a terminal, compact otherwise).",
)
@click.option("--list", "list_methods", is_flag=True, help="List every method and exit.")
@click.option("--help", "-h", "show_help", is_flag=True, help="Show help (for METHOD if given).")
@click.pass_context
def rpc(
    ctx: click.Context,
    method_name: str | None,
    pairs: tuple[str, ...],
    params_json: str | None,
    url: str,
    api_key: str | None,
    timeout: float,
    pretty: bool | None,
    list_methods: bool,
    show_help: bool,
) -> None:
    """Call METHOD on a running server and print its result as JSON.

    Params are checked against the schema before anything is sent. `jidocode rpc --list`
    lists the methods; `jidocode rpc METHOD --help` describes one.
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
        _fail(f"unknown method {method_name!r}; see `jidocode rpc --list`", EXIT_USAGE)
    if show_help:
        click.echo(method_help(method), nl=False)
        return
    try:
        raw = build_params(method, params_json, pairs)
        prompt_secrets(method, raw)
    except click.BadParameter as exc:
        _fail(exc.format_message(), EXIT_USAGE)
    except click.Abort:
        _fail("aborted", EXIT_USAGE)
    params = validate(method_name, raw)
    _call(url, api_key or None, timeout, method_name, params if method["params"] else None, pretty)


def _call(
    url: str,
    api_key: str | None,
    timeout: float,
    method_name: str,
    params: dict[str, Any] | None,
    pretty: bool | None,
) -> None:
    from codegen.python.client import INVENTORY_VERSION
    from codegen.python.runtime import RpcError, Transport, TransportError

    async def go() -> Any:
        transport = Transport(
            url, api_key=api_key, timeout_s=timeout, inventory_version=INVENTORY_VERSION
        )
        try:
            return await transport.raw_call(method_name, params)
        finally:
            await transport.close()

    try:
        result = asyncio.run(go())
    except TransportError as exc:
        _fail(str(exc), EXIT_TRANSPORT)
    except RpcError as exc:
        _emit({"code": exc.code, "message": exc.message, "data": exc.data}, err=True, pretty=pretty)
        sys.exit(exit_code_for(exc.kind))
    _emit(result, err=False, pretty=pretty)

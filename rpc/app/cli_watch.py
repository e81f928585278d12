"""``jidocode watch run RUN_ID`` and ``jidocode forge tail SESSION_ID``: live timelines.

Both stream the server's event topics (``GET /events``) from the start, so what already
happened is shown first, then follow live (``rpc.app.cli_watch_run``). The target and
credential are ``jidocode rpc``'s (``--url``, ``--api-key``, ``--profile``), and so are
the error lines and exit statuses; ``--json`` prints each event as one JSON line. The
client and its models are imported only when a command runs: ``jidocode`` starts fast.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar
from uuid import UUID

import click

from rpc.app.cli_explain import explain_rpc_error, explain_transport, stderr_is_terminal
from rpc.app.cli_profiles import (
    API_KEY_ENV,
    PROFILE_ENV,
    URL_ENV,
    ProfileError,
    Target,
    resolve_target,
)
from rpc.app.cli_rpc import EXIT_TRANSPORT, EXIT_USAGE, exit_code_for, target_option_sources
from rpc.app.cli_watch_format import EXIT_FAILED

if TYPE_CHECKING:
    from rpc.app.cli_watch_follow import Subscriber

F = TypeVar("F", bound=Callable[..., Any])

EXIT_INTERRUPTED = 130

_EXIT_HELP = (
    "\b\nExit status:\n"
    "   0  the run (session) completed or was cancelled, or the run awaits an approval\n"
    f"  {EXIT_FAILED}  the run (session) failed\n"
    "  other  as `jidocode rpc` (4 transport, 7 auth, 8 not found, ...)"
)


def _target_options(command: F) -> F:
    """The connection options and ``--json``, as ``jidocode rpc`` has them."""
    options = [
        click.option("--json", "as_json", is_flag=True, help="Print each event as one JSON line."),
        click.option(
            "--profile",
            envvar=PROFILE_ENV,
            help=f"The saved login to use ({PROFILE_ENV}; default: default).",
        ),
        click.option(
            "--api-key", envvar=API_KEY_ENV, help=f"An API key or bearer token ({API_KEY_ENV})."
        ),
        click.option(
            "--url",
            envvar=URL_ENV,
            help=f"The server ({URL_ENV}; else the profile's; else JIDOCODE_HOST:JIDOCODE_PORT).",
        ),
    ]
    for option in options:
        command = option(command)
    return command


def _fail(message: str, code: int) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def _resolve(
    ctx: click.Context, url: str | None, api_key: str | None, profile: str | None
) -> Target:
    try:
        return resolve_target(
            url=url, api_key=api_key, profile=profile, from_env=target_option_sources(ctx)
        )
    except ProfileError as exc:
        _fail(str(exc), EXIT_USAGE)


def _run_async(
    target: Target, as_json: bool, main: Callable[[Subscriber], Awaitable[int]]
) -> NoReturn:
    """Run ``main`` with a subscriber for ``target``; failures become ``jidocode rpc``'s
    error lines and exit statuses."""
    from codegen.python.runtime import RpcError, TransportError
    from rpc.app.cli_watch_follow import CallFailed, Subscriber

    async def go() -> int:
        async with Subscriber(target) as subscriber:
            return await main(subscriber)

    try:
        code = asyncio.run(go())
    except KeyboardInterrupt:
        sys.exit(EXIT_INTERRUPTED)
    except TransportError as exc:
        click.echo(explain_transport(exc, target=target, timeout=30.0).render(), err=True)
        sys.exit(EXIT_TRANSPORT)
    except (CallFailed, RpcError) as exc:
        error, method = (exc.error, exc.method) if isinstance(exc, CallFailed) else (exc, None)
        if not as_json and stderr_is_terminal():
            explained = explain_rpc_error(
                error.kind,
                error.message,
                error.data,
                target=target,
                method=method or {"name": "GET /events"},
            )
            click.echo(explained.render(), err=True)
        else:
            failure = {"code": error.code, "message": error.message, "data": error.data}
            click.echo(json.dumps(failure), err=True)
        sys.exit(exit_code_for(error.kind))
    sys.exit(code)


# --------------------------------------------------------------------------------------
# watch run


@click.group()
def watch() -> None:
    """Follow what the server does, live."""


@watch.command("run", epilog=_EXIT_HELP)
@click.argument("run_id", type=click.UUID)
@_target_options
@click.pass_context
def watch_run(
    ctx: click.Context,
    run_id: UUID,
    url: str | None,
    api_key: str | None,
    profile: str | None,
    as_json: bool,
) -> None:
    """Show a run's timeline from its start, then live, with its steps' agent output.

    Each run event is a line (time, type, step, status move); the Forge sessions its
    steps open are followed too, their agent messages, tool calls and command output
    interleaved as they arrive. Ends when the run completes, fails or is cancelled, or
    when it waits for an approval (printing how to approve or reject it).
    """
    from rpc.app.cli_watch_run import Printer, follow_run

    target = _resolve(ctx, url, api_key, profile)
    printer = Printer(as_json=as_json)
    _run_async(target, as_json, lambda s: follow_run(s, printer, str(run_id)))


# --------------------------------------------------------------------------------------
# forge tail


@click.group("forge")
def forge() -> None:
    """Forge sessions."""


@forge.command("tail", epilog=_EXIT_HELP)
@click.argument("session_id", type=click.UUID)
@_target_options
@click.pass_context
def forge_tail(
    ctx: click.Context,
    session_id: UUID,
    url: str | None,
    api_key: str | None,
    profile: str | None,
    as_json: bool,
) -> None:
    """Print a Forge session's output from its start, then live, until the session ends.

    Command output is printed as it came; an agent's session shows its messages, tool
    calls and result instead of its raw JSON stream.
    """
    from rpc.app.cli_watch_run import Printer, tail_session

    target = _resolve(ctx, url, api_key, profile)
    printer = Printer(as_json=as_json)
    _run_async(target, as_json, lambda s: tail_session(s, printer, str(session_id)))

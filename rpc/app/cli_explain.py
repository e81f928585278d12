"""Failures told to a person: one ``error:`` line with the kind, then what to do.

The server keeps some answers uniform on purpose (a wrong password and an unknown email
read the same; so do an unknown and a revoked key), so where that leaves a person
guessing, the explanation says what the CLI sent and where it came from.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rpc.app.cli_profiles import Target

KEY_PREFIXES = ("jck_", "jct_")


@dataclass(frozen=True)
class Explained:
    """The one-line error and, where there is something to do, a hint."""

    line: str
    hint: str | None = None

    def render(self) -> str:
        """``error: … (kind)`` and an indented ``hint:`` line."""
        return f"error: {self.line}" + (f"\n  hint: {self.hint}" if self.hint else "")


def _words(value: Any) -> str:
    return str(value).replace("_", " ") if value is not None else "(none)"


def _login_hint(target: Target) -> str:
    flag = "" if target.profile == "default" else f" --profile {target.profile}"
    return f"run `jidocode login{flag}` (or pass --api-key / JIDOCODE_API_KEY)"


def _auth(
    kind: str, data: Mapping[str, Any], target: Target, method: Mapping[str, Any]
) -> Explained:
    name = method.get("name", "")
    modes = str(method.get("x-auth", ""))
    if kind == "forbidden":
        reason = data.get("reason") or "this credential may not call this method"
        hint = None
        if target.api_key and target.api_key.startswith("jck_") and "api_key" not in modes:
            hint = (
                f"{name} accepts {modes.replace('|', ' or ')} auth, not an API key: sign in "
                "for a bearer token (`jidocode rpc accounts.sign_in -p email=…`) and pass it "
                "as --api-key"
            )
        return Explained(f"{reason} (forbidden)", hint)
    if name == "accounts.sign_in":
        return Explained(
            "wrong email or password (unauthenticated)",
            "the server does not say which; after 5 failures in 15 minutes it is rate limited",
        )
    if not target.api_key:
        return Explained(
            f"{name} needs the owner's credential, and none was sent (unauthenticated)",
            _login_hint(target),
        )
    shown = target.api_key[:8] + "…"
    source = target.credential_from or "the command line"
    if not target.api_key.startswith(KEY_PREFIXES):
        return Explained(
            f"the credential from {source} ({shown}) is not a JidoCode key or token: those "
            "start with jck_ (API key) or jct_ (bearer token) (unauthenticated)",
            _login_hint(target),
        )
    what = "API key" if target.api_key.startswith("jck_") else "bearer token"
    return Explained(
        f"the server refused the {what} from {source} ({shown}): it is unknown to this server, "
        "revoked or expired (unauthenticated)",
        _login_hint(target),
    )


def explain_rpc_error(
    kind: str,
    message: str,
    data: Mapping[str, Any],
    *,
    target: Target,
    method: Mapping[str, Any],
) -> Explained:
    """A server error as one line and a hint."""
    if kind in ("unauthenticated", "forbidden"):
        return _auth(kind, data, target, method)
    hint: str | None = None
    if kind == "invalid_transition":
        resource = _words(data.get("resource", "record"))
        line = f"the {resource} is {_words(data.get('from'))}, it cannot move to " + _words(
            data.get("to")
        )
    elif kind == "not_found":
        line = f"no {_words(data.get('resource', 'record'))} {data.get('id', '')}".rstrip()
    elif kind == "conflict":
        line = f"{_words(data.get('resource', 'record'))}: {data.get('reason', message)}"
    elif kind == "validation_error":
        problems = [f"{e.get('field')}: {e.get('message')}" for e in data.get("field_errors", [])]
        line = "; ".join(problems) or message
    elif kind == "invalid_params":
        problems = [
            f"{'.'.join(str(p) for p in e.get('loc', [])) or '(params)'}: {e.get('msg')}"
            for e in data.get("errors", [])
        ]
        line = "; ".join(problems) or message
        hint = f"see `jidocode rpc {method.get('name', 'METHOD')} --help`"
    elif kind == "rate_limited":
        line = message.rstrip(".").lower()
        hint = f"try again in {data.get('retry_after_s', '?')} s"
    elif kind == "inventory_mismatch":
        line = (
            f"this CLI speaks inventory {data.get('client_version')}, the server "
            f"{data.get('server_version')}"
        )
        hint = "install the same jidocode version as the server"
    elif kind == "internal":
        line = "the server failed unexpectedly"
        hint = f"the server log has the details under request_id {data.get('request_id', '?')}"
    elif "reason" in data:
        line = str(data["reason"])
        if kind == "provider_error":
            hint = provider_hint()
    else:
        line = message
    return Explained(f"{line} ({kind})", hint)


def provider_hint() -> str:
    """Where providers are reached, for errors and help of methods that call them."""
    return (
        "providers are called at JIDOCODE_ANTHROPIC_BASE_URL, JIDOCODE_OPENAI_BASE_URL, "
        "JIDOCODE_GOOGLE_BASE_URL and JIDOCODE_GITHUB_API_URL (server settings; point them "
        "at local servers to work offline)"
    )


def _serve_hint(target: Target) -> str:
    return (
        "is the server running? start it with `jidocode serve` (it listens on "
        "JIDOCODE_HOST:JIDOCODE_PORT, by default 127.0.0.1:8420), or point the CLI at it "
        "with --url, JIDOCODE_URL or a profile (`jidocode login --url …`)"
    )


def explain_transport(exc: BaseException, *, target: Target, timeout: float) -> Explained:
    """Why no usable answer came: refused, unresolvable, timed out, or not our server."""
    cause = exc.__cause__
    where = f"{target.url} (from {target.url_from})"
    if isinstance(cause, TimeoutError):
        return Explained(
            f"no answer from {where} within {timeout:g} s (transport)",
            "the server may be overloaded or stuck; raise --timeout or check its log",
        )
    os_error = _os_error(cause)
    if os_error is not None and os_error.errno in (errno.ECONNREFUSED, errno.ENOENT):
        return Explained(
            f"nothing is listening at {where}: the server is not running there (transport)",
            _serve_hint(target),
        )
    if (cause is not None and "Name or service not known" in str(cause)) or (
        os_error is not None and os_error.errno is None and "resolve" in str(cause).lower()
    ):
        return Explained(f"cannot resolve the host of {where} (transport)", _serve_hint(target))
    text = str(exc)
    if "not JSON" in text or "not a JSON-RPC" in text or "no result" in text:
        return Explained(
            f"{text}: this is not a JidoCode endpoint (transport)",
            "the endpoint is the server's address followed by /rpc, e.g. http://127.0.0.1:8420/rpc",
        )
    return Explained(f"{text} (transport)", _serve_hint(target))


def _os_error(cause: BaseException | None) -> OSError | None:
    seen = 0
    while cause is not None and seen < 8:
        if isinstance(cause, OSError) and cause.errno is not None:
            return cause
        inner = getattr(cause, "os_error", None)
        if isinstance(inner, OSError):
            return inner
        cause = cause.__cause__ or cause.__context__
        seen += 1
    return None


def stderr_is_terminal() -> bool:
    """Whether errors go to a person."""
    try:
        return os.isatty(2)
    except OSError:
        return False

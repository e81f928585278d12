"""Help for ``jidocode rpc``, all of it read from the committed schema.

``METHOD --help`` shows every param with its nested fields (types, defaults, enum
values), each variant of a discriminated union (the onboarding steps of
``setup.save_step``), the result's fields, the errors with their exit statuses, and where
a provider is called, the settings that say where. ``--list`` gives each method's first
sentence. Unknown names get ``did you mean``.
"""

from __future__ import annotations

import difflib
import json
import textwrap
from collections.abc import Iterable
from typing import Any

from rpc.app.cli_explain import provider_hint
from rpc.app.cli_rpc_schema import describe, document, methods, resolve
from rpc.openrpc import summary_of

_ERRORS = "#/components/errors/"
_SCHEMAS = "#/components/schemas/"
MAX_DEPTH = 8  # indentation levels; a union's variant fields sit three deeper


def first_sentence(text: str) -> str:
    """The first sentence of a docstring's first paragraph, whole."""
    return summary_of(text)


def auth_label(x_auth: str) -> str:
    """``anon``, ``owner`` (any mode) or ``owner, no API key``."""
    if x_auth == "anonymous":
        return "anon"
    modes = set(x_auth.split("|"))
    return "owner" if "api_key" in modes else "owner, no API key"


def suggest(name: str, candidates: Iterable[str]) -> list[str]:
    """Close matches, including a bare action matching ``domain.action``."""
    pool = list(candidates)
    by_suffix = [c for c in pool if c.rsplit(".", 1)[-1] == name]
    close = difflib.get_close_matches(name, pool, n=3, cutoff=0.6)
    tails = {c.rsplit(".", 1)[-1]: c for c in pool}
    close += [tails[t] for t in difflib.get_close_matches(name, list(tails), n=2, cutoff=0.75)]
    out: list[str] = []
    for c in [*by_suffix, *close]:
        if c not in out:
            out.append(c)
    return out[:3]


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """``; did you mean 'x'?`` or nothing."""
    found = suggest(name, candidates)
    if not found:
        return ""
    return "; did you mean " + " or ".join(repr(f) for f in found) + "?"


def _group_title(group: int) -> str:
    from rpc.contract import Group
    from rpc.inventory_required import GROUP_TITLES

    try:
        return GROUP_TITLES[Group(group)]
    except ValueError:
        return "?"


def _flags(schema: dict[str, Any], required: bool) -> str:
    flags = "required" if required else "optional"
    if "default" in schema:
        flags += f", default {json.dumps(schema['default'])}"
    return flags


def _object_of(schema: Any) -> dict[str, Any] | None:
    """The object schema a field holds (directly, nullable, or as list items)."""
    target = resolve(schema)
    if not isinstance(target, dict):
        return None
    if "properties" in target:
        return target
    if target.get("type") == "array":
        return _object_of(target.get("items", {}))
    for option in target.get("anyOf", []):
        inner = _object_of(option)
        if inner is not None:
            return inner
    return None


def _union_of(schema: Any) -> tuple[str, list[Any]] | None:
    """``(discriminator property, variants)`` of a discriminated union."""
    target = resolve(schema)
    if isinstance(target, dict) and "oneOf" in target and "discriminator" in target:
        return str(target["discriminator"].get("propertyName", "?")), list(target["oneOf"])
    return None


def _short_type(schema: Any) -> str:
    union = _union_of(schema)
    if union is not None:
        return f"one of {len(union[1])} (by {union[0]})"
    return describe(schema)


def field_lines(
    schema: Any, indent: int, seen: frozenset[str] = frozenset(), *, flags: bool = True
) -> list[str]:
    """Every field of an object schema, nested ones indented under their parent."""
    if indent > MAX_DEPTH:
        return []
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    if isinstance(ref, str):
        if ref in seen:
            return []
        seen = seen | {ref}
    union = _union_of(schema)
    if union is not None:
        return _union_lines(union, indent, seen, flags)
    target = _object_of(schema)
    if target is None:
        return []
    pad = "  " * indent
    required = set(target.get("required", []))
    out: list[str] = []
    for name, prop in target.get("properties", {}).items():
        out.append(
            (
                f"{pad + name:<26} {_short_type(prop):<30} "
                + (
                    _flags(resolve(prop) if "$ref" in prop else prop, name in required)
                    if flags
                    else ""
                )
            ).rstrip()
        )
        described = prop.get("description") or resolve(prop).get("description")
        if described and "properties" not in resolve(prop) and not prop.get("$ref"):
            out.append(f"{pad}  {first_sentence(described)}")
        out += field_lines(prop, indent + 1, seen, flags=flags)
    return out


def _union_lines(
    union: tuple[str, list[Any]], indent: int, seen: frozenset[str], flags: bool
) -> list[str]:
    prop, variants = union
    pad = "  " * indent
    out = [f"{pad}one of these, chosen by {prop!r}:"]
    for variant in variants:
        target = resolve(variant)
        tag = target.get("properties", {}).get(prop, {}).get("const", "?")
        out.append(f"{pad}  {prop}={tag}")
        about = " ".join(target.get("description", "").split())
        deeper = pad + "      "
        out += textwrap.wrap(about, 96, initial_indent=deeper, subsequent_indent=deeper)
        others = {k: v for k, v in target.get("properties", {}).items() if k != prop}
        if not others:
            out.append(f"{pad}      (no other fields)")
            continue
        rest = {**target, "properties": others}
        out += field_lines(rest, indent + 3, seen, flags=flags)
    return out


def error_kinds(method: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """``(kind, error object)`` for each error the method declares."""
    errors = document()["components"]["errors"]
    out = []
    for ref in method.get("errors", []):
        error = errors[ref["$ref"].removeprefix(_ERRORS)]
        data = resolve(error["data"])
        out.append((data.get("properties", {}).get("kind", {}).get("const", "?"), error))
    return out


def calls_providers(method: dict[str, Any]) -> bool:
    """Whether the method may call an upstream provider (it declares ``provider_error``)."""
    return any(kind == "provider_error" for kind, _ in error_kinds(method))


def method_help(method: dict[str, Any], exit_code_for: Any) -> str:
    """``jidocode rpc METHOD --help``."""
    name = method["name"]
    out = [f"Usage: jidocode rpc {name} [--param KEY=VALUE]... [--params JSON|@FILE]", ""]
    out += [f"  {line}" if line else "" for line in method.get("description", "").splitlines()]
    out += [
        "",
        f"  auth: {method['x-auth']} ({auth_label(method['x-auth'])})    group: "
        f"{method['x-group']} ({_group_title(method['x-group'])})    "
        f"idempotent: {'yes' if method['x-idempotent'] else 'no'}",
        "",
        "Params:" if method["params"] else "Params: none",
    ]
    for p in method["params"]:
        schema = p.get("schema", {})
        out.append(
            f"  {p['name']:<24} {_short_type(schema):<30} {_flags(schema, bool(p.get('required')))}"
        )
        if p.get("description"):
            out.append(f"    {p['description']}")
        out += field_lines(schema, 2)
    result = method["result"]["schema"]
    target = resolve(result)
    about = first_sentence(target.get("description", "")) if isinstance(target, dict) else ""
    out += ["", f"Result: {describe(result)}" + (f" — {about}" if about else "")]
    out += field_lines(result, 1, flags=False)
    if calls_providers(method):
        out += [
            "",
            "Providers:",
            *textwrap.wrap(provider_hint(), 94, initial_indent="  ", subsequent_indent="  "),
        ]
    out += ["", "Errors:"]
    for kind, error in error_kinds(method):
        data = resolve(error["data"])
        fields = [f for f in data.get("properties", {}) if f not in ("kind", "request_id")]
        extra = f"  data: {', '.join(fields)}" if fields else ""
        line = f"  {kind:<20} {error['code']:>6}  exit {exit_code_for(kind):<3}{extra}"
        out.append(line.rstrip())
    out += ["", "Output: a table or key: value lines on a terminal, JSON otherwise (--json)."]
    return "\n".join(out) + "\n"


def method_list() -> str:
    """``jidocode rpc --list``: every method, who may call it, and its first sentence."""
    width = max((len(name) for name in methods()), default=0)
    lines = []
    for name, method in sorted(methods().items()):
        auth = auth_label(method["x-auth"])
        summary = first_sentence(method.get("description", "") or method.get("summary", ""))
        lines.append(f"{name:<{width}}  {auth:<17}  {summary}")
    legend = "auth: anon = no credential; owner = any owner credential; "
    legend += "owner, no API key = a session or bearer token (accounts.sign_in)"
    return "\n".join([*lines, "", legend]) + "\n"

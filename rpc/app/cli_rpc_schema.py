"""How ``jidocode rpc`` reads the committed schema: methods, types, and typed params.

``--param key=value`` is typed by the param's schema (strings as is, other types as
JSON); ``--params`` takes a whole JSON object or ``@file``.
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path
from typing import Any

import click

_SCHEMAS = "#/components/schemas/"


@cache
def document() -> dict[str, Any]:
    """The committed OpenRPC document the generated models were made from."""
    from codegen.generate import DOCUMENT

    text = DOCUMENT.read_text()
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def methods() -> dict[str, dict[str, Any]]:
    """Method objects by name."""
    return {m["name"]: m for m in document()["methods"]}


def resolve(schema: Any) -> Any:
    """Follow ``$ref`` into ``components/schemas``."""
    schemas = document()["components"]["schemas"]
    for _ in range(32):
        if not (isinstance(schema, dict) and isinstance(schema.get("$ref"), str)):
            break
        schema = schemas.get(schema["$ref"].removeprefix(_SCHEMAS), {})
    return schema


def json_types(schema: Any) -> set[str]:
    """The JSON types a value of ``schema`` may have."""
    schema = resolve(schema)
    if not isinstance(schema, dict):
        return set()
    out: set[str] = set()
    for key in ("anyOf", "oneOf"):
        for option in schema.get(key, []):
            out |= json_types(option)
    for option in schema.get("allOf", []):
        out |= json_types(option)
    kind = schema.get("type")
    if isinstance(kind, str):
        out.add(kind)
    elif isinstance(kind, list):
        out.update(str(k) for k in kind)
    for value in [*schema.get("enum", []), *([schema["const"]] if "const" in schema else [])]:
        out.add(_json_type_of(value))
    if "properties" in schema:
        out.add("object")
    return out or {"any"}


def _json_type_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def describe(schema: Any) -> str:
    """A short type for people: ``string (uuid) | null``, ``list[Widget]``, ``a|b``."""
    if not isinstance(schema, dict):
        return "any"
    ref = schema.get("$ref")
    if isinstance(ref, str):
        target = resolve(schema)
        if isinstance(target, dict) and "enum" in target:
            return "|".join(map(str, target["enum"]))
        return str(ref.removeprefix(_SCHEMAS))
    if "anyOf" in schema:
        return " | ".join(describe(o) for o in schema["anyOf"])
    if "enum" in schema:
        return "|".join(map(str, schema["enum"]))
    if "const" in schema:
        return json.dumps(schema["const"])
    kind = schema.get("type", "any")
    if kind == "array":
        return f"list[{describe(schema.get('items', {}))}]"
    if kind == "object" and "properties" not in schema:
        extra = schema.get("additionalProperties", True)
        return "object" if extra is True else f"dict[str, {describe(extra)}]"
    fmt = schema.get("format")
    return f"{kind} ({fmt})" if fmt else str(kind)


def coerce(raw: str, schema: Any) -> Any:
    """A ``--param`` value typed by its schema.

    Strings stay as typed. Anything else is read as JSON (``3``, ``true``, ``null``,
    ``{"a": 1}``, ``["x"]``); booleans also take yes/no/on/off. A value that is not valid
    JSON stays a string when the schema allows a string.
    """
    types = json_types(schema)
    if types <= {"string", "null"} and "string" in types:
        return raw
    if "boolean" in types:
        lowered = raw.strip().lower()
        if lowered in ("yes", "on", "true", "1"):
            return True
        if lowered in ("no", "off", "false", "0"):
            return False
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        if "string" in types or "any" in types:
            return raw
        raise click.BadParameter(
            f"{raw!r} is not JSON, and this param is {describe(schema)}", param_hint="--param"
        ) from None


def build_params(
    method: dict[str, Any], params_json: str | None, pairs: tuple[str, ...]
) -> dict[str, Any]:
    """Params from ``--params`` (JSON or @file) overlaid with each ``--param key=value``."""
    params: dict[str, Any] = {}
    if params_json is not None:
        text = params_json
        if params_json.startswith("@"):
            path = Path(params_json[1:])
            try:
                text = path.read_text()
            except OSError as exc:
                raise click.BadParameter(
                    f"cannot read {path}: {exc.strerror}", param_hint="--params"
                ) from exc
        try:
            loaded = json.loads(text)
        except json.JSONDecodeError as exc:
            raise click.BadParameter(f"not JSON: {exc.msg}", param_hint="--params") from exc
        if not isinstance(loaded, dict):
            raise click.BadParameter(
                "must be a JSON object (params are by name)", param_hint="--params"
            )
        params.update(loaded)
    schemas = {p["name"]: p.get("schema", {}) for p in method["params"]}
    read_stdin = False
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{pair!r} is not KEY=VALUE", param_hint="--param")
        if raw == STDIN and is_secret(schemas.get(key, {})):
            if read_stdin:
                raise click.BadParameter(
                    "only one param can be read from standard input", param_hint="--param"
                )
            read_stdin = True
            params[key] = _read_stdin_secret()
            continue
        params[key] = coerce(raw, schemas.get(key, {}))
    return params


STDIN = "-"


def is_secret(schema: Any) -> bool:
    """Whether a param holds a secret (``format: password``, possibly nullable)."""
    schema = resolve(schema)
    if not isinstance(schema, dict):
        return False
    if schema.get("format") == "password" or schema.get("writeOnly") is True:
        return True
    return any(is_secret(option) for option in schema.get("anyOf", []))


def _read_stdin_secret() -> str:
    """A secret piped in (``-p password=-``): all of stdin, less one trailing newline."""
    text = sys.stdin.read()
    if text.endswith("\n"):
        text = text[:-1]
        text = text.removesuffix("\r")
    return text


def missing_secrets(method: dict[str, Any], params: dict[str, Any]) -> list[str]:
    """Secret params to prompt for: those left out that are required, or whose sealed
    alternative (``sealed_<name>``) was left out too."""
    names = {p["name"] for p in method["params"]}
    wanted = []
    for p in method["params"]:
        name = p["name"]
        if name in params or not is_secret(p.get("schema", {})):
            continue
        sealed = f"sealed_{name}"
        if p.get("required") or (sealed in names and sealed not in params):
            wanted.append(name)
    return wanted


def prompt_secrets(method: dict[str, Any], params: dict[str, Any]) -> None:
    """On a terminal, ask for each missing secret param without echoing it."""
    if not sys.stdin.isatty():
        return
    for name in missing_secrets(method, params):
        params[name] = click.prompt(name, hide_input=True, err=True)

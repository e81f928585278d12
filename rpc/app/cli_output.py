"""How ``jidocode rpc`` shows a result: for people on a terminal, JSON for programs.

On a terminal (unless ``--json``) an object is shown as indented ``key: value`` lines and
a list of records (``{items: [...]}`` pages, or a bare list) as a table whose columns
``--columns`` chooses; anywhere else the result is JSON. ``--field items.0.id`` picks
values out of the result for scripts: a string is printed bare, anything else as JSON.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from typing import Any

import click

MAX_DEFAULT_COLUMNS = 7
_PREFERRED = ("id", "name", "status", "kind", "provider", "github_full_name", "step")
_TIMESTAMP = re.compile(r"^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)?$")


class FieldError(ValueError):
    """A ``--field`` path that does not lead anywhere in the result."""


def select(value: Any, path: str) -> Any:
    """The part of ``value`` at a dotted path (``items.0.id``; list indices are numbers)."""
    current = value
    walked: list[str] = []
    for part in path.split(".") if path else []:
        if isinstance(current, dict):
            if part not in current:
                known = ", ".join(sorted(current)) or "none"
                where = ".".join(walked) or "the result"
                raise FieldError(f"{where} has no field {part!r} (fields: {known})")
            current = current[part]
        elif isinstance(current, list):
            try:
                index = int(part)
                current = current[index]
            except (ValueError, IndexError):
                where = ".".join(walked) or "the result"
                raise FieldError(
                    f"{where} is a list of {len(current)}; {part!r} is not an index in it"
                ) from None
        else:
            where = ".".join(walked) or "the result"
            raise FieldError(f"{where} is {json.dumps(current)}, it has no {part!r}")
        walked.append(part)
    return current


def as_json(value: Any, *, pretty: bool) -> str:
    """JSON text, indented or compact."""
    if pretty:
        return json.dumps(value, indent=2, ensure_ascii=False)
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def scalar_text(value: Any) -> str:
    """A scalar as a person reads it (timestamps to the second, null as ``-``)."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        match = _TIMESTAMP.match(value)
        if match:
            return f"{match.group(1)} {match.group(2)}"
        return value
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def records_of(value: Any) -> tuple[list[dict[str, Any]], dict[str, Any]] | None:
    """The records a result lists and its other fields, or ``None`` if it lists none."""
    if isinstance(value, list) and all(isinstance(item, dict) for item in value):
        return value, {}
    if isinstance(value, dict) and isinstance(value.get("items"), list):
        items = value["items"]
        if all(isinstance(item, dict) for item in items):
            return items, {k: v for k, v in value.items() if k != "items"}
    return None


def default_columns(records: list[dict[str, Any]]) -> list[str]:
    """Scalar fields the records share, the usual identifying ones first."""
    if not records:
        return []
    keys = list(records[0])
    scalar = [k for k in keys if all(_is_scalar(r.get(k)) for r in records)]
    ordered = [k for k in _PREFERRED if k in scalar] + [k for k in scalar if k not in _PREFERRED]
    return ordered[:MAX_DEFAULT_COLUMNS]


def table(records: list[dict[str, Any]], columns: list[str]) -> str:
    """A plain aligned table with a header row; over-wide cells are cut with ``…``."""
    width = shutil.get_terminal_size((120, 24)).columns
    cap = max(12, width // max(1, len(columns)) * 2)
    rows = [[c.upper() for c in columns]]
    for record in records:
        row = []
        for column in columns:
            cell = scalar_text(select(record, column)) if _has(record, column) else ""
            cell = cell.replace("\n", " ")
            row.append(cell if len(cell) <= cap else cell[: cap - 1] + "…")
        rows.append(row)
    widths = [max(len(row[i]) for row in rows) for i in range(len(columns))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(line.rstrip() for line in lines)


def _has(record: dict[str, Any], path: str) -> bool:
    try:
        select(record, path)
    except FieldError:
        return False
    return True


def key_values(value: Any, indent: int = 0) -> list[str]:
    """An object as indented ``key: value`` lines (nested objects and lists indented)."""
    pad = "  " * indent
    if not isinstance(value, dict):
        return [pad + scalar_text(value)]
    if not value:
        return [pad + "(empty)"]
    width = max(len(str(k)) for k in value) + 1
    out: list[str] = []
    for key, item in value.items():
        label = f"{key}:"
        if isinstance(item, dict) and item:
            out.append(pad + label)
            out += key_values(item, indent + 1)
        elif isinstance(item, list) and item and not all(_is_scalar(x) for x in item):
            out.append(pad + label)
            for element in item:
                lines = key_values(element, indent + 2)
                lines[0] = pad + "  - " + lines[0].lstrip()
                out += lines
        elif isinstance(item, list):
            shown = ", ".join(scalar_text(x) for x in item) if item else "(none)"
            out.append(f"{pad}{label:<{width}} {shown}")
        else:
            out.append(f"{pad}{label:<{width}} {scalar_text(item)}")
    return out


def human(value: Any, columns: list[str] | None, method_name: str) -> str:
    """The result for a person: a table for listed records, else ``key: value`` lines."""
    listed = records_of(value)
    if listed is not None:
        records, rest = listed
        text = table(records, columns or default_columns(records)) if records else "(no items)"
        cursor = rest.pop("next_cursor", None)
        extra = key_values(rest) if rest else []
        if cursor:
            extra.append(f"more: jidocode rpc {method_name} -p cursor={cursor} ...")
        return "\n".join([text, *extra])
    if _is_scalar(value):
        return scalar_text(value)
    if isinstance(value, list):
        return "\n".join(scalar_text(x) for x in value) or "(none)"
    return "\n".join(key_values(value))


def emit_result(
    value: Any,
    *,
    method_name: str,
    fields: tuple[str, ...],
    columns: str | None,
    force_json: bool,
    pretty: bool | None,
) -> None:
    """Print a call's result the way this invocation asked for (module docstring)."""
    on_terminal = sys.stdout.isatty()
    indent = on_terminal if pretty is None else pretty
    if fields:
        for path in fields:
            picked = select(value, path)
            click.echo(picked if isinstance(picked, str) else as_json(picked, pretty=indent))
        return
    chosen = [c.strip() for c in columns.split(",") if c.strip()] if columns else None
    if force_json or (not on_terminal and chosen is None):
        click.echo(as_json(value, pretty=indent))
        return
    click.echo(human(value, chosen, method_name))

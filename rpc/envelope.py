"""The fast envelope check that replaces jsonrpcserver's per-request jsonschema pass.

Parsing is orjson; on top we bound the nesting depth and check each request object's
members by hand, which costs a few hundred nanoseconds instead of a schema validation.
"""

from __future__ import annotations

from typing import Any

_ID_TYPES = (str, int, float)
_MEMBERS = frozenset({"jsonrpc", "method", "params", "id"})


def depth_exceeds(value: Any, limit: int) -> bool:
    """True when arrays and objects nest deeper than ``limit`` (iterative, no recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > limit:
            return True
        for child in children:
            if isinstance(child, (dict, list)):
                stack.append((child, depth + 1))
    return False


# How a NUL character appears in JSON text: orjson refuses a raw control character inside a
# string, so ``\u0000`` is the only spelling (the hex digits are all zeros, so no case).
NUL_ESCAPE = b"\\u0000"


def nul_locations(value: Any) -> list[list[str | int]]:
    """Where ``value`` holds a string (or object key) with a NUL character.

    PostgreSQL's ``text`` and ``jsonb`` refuse NUL, so a params value carrying one could
    only fail at the database. The dispatcher calls this only when the body contains
    ``NUL_ESCAPE`` (a C-speed search), so a clean request never walks its params.
    """
    found: list[list[str | int]] = []
    stack: list[tuple[Any, list[str | int]]] = [(value, [])]
    while stack:
        node, loc = stack.pop()
        if isinstance(node, str):
            if "\x00" in node:
                found.append(loc)
        elif isinstance(node, dict):
            for key, child in node.items():
                if "\x00" in key:
                    found.append([*loc, key.replace("\x00", "\\u0000")])
                stack.append((child, [*loc, key]))
        elif isinstance(node, list):
            stack.extend((child, [*loc, i]) for i, child in enumerate(node))
    return sorted(found, key=str)


def envelope_problem(obj: Any) -> str | None:
    """Why ``obj`` is not a valid request object, or ``None`` when it is."""
    if not isinstance(obj, dict):
        return "a request must be an object"
    if obj.get("jsonrpc") != "2.0":
        return 'member "jsonrpc" must be exactly "2.0"'
    method = obj.get("method")
    if not isinstance(method, str):
        return 'member "method" must be a string'
    if "params" in obj and not isinstance(obj["params"], (dict, list)):
        return 'member "params" must be an object or an array'
    if "id" in obj:
        ident = obj["id"]
        if ident is not None and (isinstance(ident, bool) or not isinstance(ident, _ID_TYPES)):
            return 'member "id" must be a string, a number or null'
    if not _MEMBERS.issuperset(obj):
        return "a request has only the members jsonrpc, method, params and id"
    return None

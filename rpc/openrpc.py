"""Builds the OpenRPC 1.3 document from the registry (DESIGN §7).

Every method with by-name params, its result, its description (the handler docstring),
its errors with their ``data`` schemas, and ``x-group``/``x-auth``/``x-idempotent``
extensions; models under ``#/components/schemas``. Output is deterministic: methods and
keys sorted, no timestamps.
"""

from __future__ import annotations

from typing import Any

import orjson
from pydantic import TypeAdapter

from domains.shared.errors import (
    AppError,
    DeadlineExceeded,
    Forbidden,
    InventoryMismatch,
    Unauthenticated,
)
from rpc import errors as wire
from rpc.contract import Method
from rpc.inventory import INVENTORY_VERSION
from rpc.registry import Registry

REF = "#/components/schemas/{model}"

# Errors any call may get besides the ones it declares.
_ALWAYS: tuple[type[AppError], ...] = (DeadlineExceeded, InventoryMismatch)
_OWNER_ONLY: tuple[type[AppError], ...] = (Unauthenticated, Forbidden)

_INVALID_PARAMS_DATA = {
    "type": "object",
    "required": ["kind", "request_id", "errors"],
    "properties": {
        "kind": {"const": "invalid_params"},
        "request_id": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["loc", "type", "msg"],
                "properties": {
                    "loc": {"type": "array", "items": {"type": ["string", "integer"]}},
                    "type": {"type": "string"},
                    "msg": {"type": "string"},
                },
            },
        },
    },
}


def method_errors(m: Method) -> list[type[AppError]]:
    """Declared errors plus those implied by the method's auth, without duplicates."""
    implied = _ALWAYS if m.auth.anonymous else _OWNER_ONLY + _ALWAYS
    seen: dict[str, type[AppError]] = {}
    for cls in (*m.errors, *implied):
        seen.setdefault(cls.__name__, cls)
    return sorted(seen.values(), key=lambda c: (wire.CODES[c.kind], c.__name__))


def _error_object(cls: type[AppError], data_ref: dict[str, Any]) -> dict[str, Any]:
    envelope = {
        "type": "object",
        "required": ["kind", "request_id"],
        "properties": {"kind": {"const": cls.kind}, "request_id": {"type": "string"}},
    }
    return {
        "code": wire.CODES[cls.kind],
        "message": cls.message,
        "data": {"title": cls.__name__, "allOf": [envelope, data_ref]},
    }


def build_document(registry: Registry, *, version: int = INVENTORY_VERSION) -> dict[str, Any]:
    """The whole OpenRPC document as a plain dict."""
    inputs: list[tuple[tuple[str, str], Any, TypeAdapter[Any]]] = []
    error_classes: dict[str, type[AppError]] = {}
    for m in registry:
        inputs.append((("params", m.name), "validation", TypeAdapter(m.params)))
        inputs.append((("result", m.name), "serialization", m.result_adapter))
        for cls in method_errors(m):
            error_classes[cls.__name__] = cls
    for name, cls in sorted(error_classes.items()):
        inputs.append((("error", name), "serialization", TypeAdapter(cls.Data)))
    key_map, defs = TypeAdapter.json_schemas(inputs, ref_template=REF, by_alias=True)
    schemas: dict[str, Any] = dict(defs.get("$defs", {}))

    methods = []
    for m in registry:
        params_schema = key_map[(("params", m.name), "validation")]
        params_def = schemas[params_schema["$ref"].rsplit("/", 1)[-1]]
        required = set(params_def.get("required", []))
        params = [
            {"name": name, "required": name in required, "schema": schema}
            for name, schema in params_def.get("properties", {}).items()
        ]
        methods.append(
            {
                "name": m.name,
                "summary": m.description.split("\n", 1)[0],
                "description": m.description,
                "paramStructure": "by-name",
                "params": params,
                "result": {
                    "name": "result",
                    "schema": key_map[(("result", m.name), "serialization")],
                },
                "errors": [
                    {
                        "code": wire.INVALID_PARAMS,
                        "message": "Invalid params",
                        "data": _INVALID_PARAMS_DATA,
                    },
                    *(
                        _error_object(cls, key_map[(("error", cls.__name__), "serialization")])
                        for cls in method_errors(m)
                    ),
                ],
                "x-group": int(m.group),
                "x-auth": m.auth.describe(),
                "x-idempotent": m.idempotent,
            }
        )
    return {
        "openrpc": "1.3.2",
        "info": {
            "title": "JidoCode RPC",
            "version": str(version),
            "description": "The control plane of a single-owner AI coding workbench.",
        },
        "methods": methods,
        "components": {"schemas": schemas},
    }


def render(document: dict[str, Any]) -> bytes:
    """Deterministic bytes: sorted keys, two-space indent, trailing newline."""
    return orjson.dumps(document, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2) + b"\n"

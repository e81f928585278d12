"""Builds the OpenRPC 1.3 document from the registry (DESIGN §7).

The document holds every method with by-name params (one content descriptor per field),
its result, its description (the handler docstring), the errors it may return and the
``x-group``/``x-auth``/``x-idempotent`` extensions. Every model lives under
``#/components/schemas``; the whole params model of a method is also referenced from the
method's ``x-params-schema`` extension so generators can name it.

Errors: OpenRPC's error object allows only ``code``, ``message`` and a free-form ``data``
(no extensions). Each distinct error is declared once under ``#/components/errors`` and
methods refer to it with ``$ref``; its ``data`` member holds a ``$ref`` to the JSON Schema
of the error's wire ``data`` under ``#/components/schemas`` (``NotFoundErrorData`` …):
an object with the ``kind`` constant, ``request_id`` and the typed fields. Clients build
their discriminated unions on ``kind`` from those schemas.

Output is deterministic: methods sorted by name, errors by code then name, keys sorted by
``render``, no timestamps.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from typing import Any

import orjson
from pydantic import TypeAdapter
from pydantic.json_schema import GenerateJsonSchema
from pydantic_core import core_schema

from rpc import errors as shared_errors
from rpc import wire_errors as wire
from rpc.contract import Method
from rpc.errors import (
    AppError,
    DeadlineExceeded,
    ErrorData,
    Forbidden,
    InventoryMismatch,
    Unauthenticated,
)
from rpc.inventory import INVENTORY_VERSION
from rpc.registry import Registry

OPENRPC_VERSION = "1.3.2"
SCHEMAS = "#/components/schemas/"
ERRORS = "#/components/errors/"

# Errors any call may get besides the ones it declares, and those every owner-only
# method may get. ``invalid_params`` and ``internal`` are added to every method too.
_ALWAYS: tuple[type[AppError], ...] = (DeadlineExceeded, InventoryMismatch)
_OWNER_ONLY: tuple[type[AppError], ...] = (Unauthenticated, Forbidden)

_KIND = {"type": "string"}
_REQUEST_ID = {"type": "string", "description": "The request id; the server logs under it."}

# Protocol-level errors every method may return, as (component name, code, message, data).
_INVALID_PARAMS_DATA: dict[str, Any] = {
    "type": "object",
    "title": "InvalidParamsErrorData",
    "description": "The params do not match the method's params model.",
    "additionalProperties": False,
    "required": ["kind", "request_id", "errors"],
    "properties": {
        "kind": {**_KIND, "const": "invalid_params"},
        "request_id": _REQUEST_ID,
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
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
_INTERNAL_DATA: dict[str, Any] = {
    "type": "object",
    "title": "InternalErrorData",
    "description": "Anything unexpected; details are in the server log under request_id.",
    "additionalProperties": False,
    "required": ["kind", "request_id"],
    "properties": {"kind": {**_KIND, "const": "internal"}, "request_id": _REQUEST_ID},
}


class SchemaGenerator(GenerateJsonSchema):
    """Pydantic's generator, tuned for clients.

    - No per-field titles: they only add noise and make generators invent type names.
    - In serialization mode (results and error data) every field is required, because the
      server always writes every field (it dumps without ``exclude_*``); a client may rely
      on a field with a default being present.
    """

    def field_title_should_be_set(self, schema: Any) -> bool:
        """Never title a field (models keep their titles)."""
        return False

    def field_is_required(
        self,
        field: core_schema.ModelField | core_schema.DataclassField | core_schema.TypedDictField,
        total: bool,
    ) -> bool:
        """Required when Pydantic says so, and always for a serialized model field."""
        if self.mode == "serialization" and field["type"] != "typed-dict-field":
            return field.get("serialization_exclude_if") is None
        return super().field_is_required(field, total)


def _camel(kind: str) -> str:
    return "".join(part.capitalize() for part in kind.split("_"))


def _standard_data() -> dict[str, type[ErrorData]]:
    """kind → the Data model of the shared base error of that kind."""
    out: dict[str, type[ErrorData]] = {}
    for value in vars(shared_errors).values():
        if isinstance(value, type) and issubclass(value, AppError) and value is not AppError:
            out.setdefault(value.kind, value.Data)
    return out


def method_errors(m: Method) -> list[type[AppError]]:
    """Declared errors plus those implied by the method's auth, without duplicates."""
    implied = _ALWAYS if m.auth.anonymous else _OWNER_ONLY + _ALWAYS
    seen: dict[tuple[str, str], type[AppError]] = {}
    for cls in (*m.errors, *implied):
        seen.setdefault((cls.__module__, cls.__qualname__), cls)
    return sorted(seen.values(), key=lambda c: (wire.CODES[c.kind], c.__name__, c.__module__))


def _data_schema_name(cls: type[AppError], standard: dict[str, type[ErrorData]]) -> str:
    if standard.get(cls.kind) is cls.Data:
        return f"{_camel(cls.kind)}ErrorData"
    return f"{cls.__name__}ErrorData"


def _error_names(classes: list[type[AppError]]) -> dict[type[AppError], str]:
    """Component names for error classes: the class name, qualified when two collide."""
    by_name: dict[str, list[type[AppError]]] = {}
    for cls in classes:
        by_name.setdefault(cls.__name__, []).append(cls)
    names: dict[type[AppError], str] = {}
    for name, group in by_name.items():
        for cls in group:
            if len(group) == 1:
                names[cls] = name
            else:
                parts = cls.__module__.split(".")
                domain = parts[1] if len(parts) > 1 and parts[0] == "domains" else parts[0]
                names[cls] = f"{domain}_{name}"
    return names


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield ref
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _prune(schemas: dict[str, Any], roots: Any) -> dict[str, Any]:
    """Only the schemas reachable from ``roots`` (the error Data models are inlined)."""
    keep: set[str] = set()
    todo = [r for r in _refs(roots) if r.startswith(SCHEMAS)]
    while todo:
        name = todo.pop()[len(SCHEMAS) :]
        if name in keep or name not in schemas:
            continue
        keep.add(name)
        todo.extend(r for r in _refs(schemas[name]) if r.startswith(SCHEMAS))
    return {name: schemas[name] for name in sorted(keep)}


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z`(\"'])")


def summary_of(description: str) -> str:
    """The description's first sentence, whole (not its first line, which may stop
    mid-sentence)."""
    paragraph = " ".join(description.strip().split("\n\n", 1)[0].split())
    return _SENTENCE_END.split(paragraph, 1)[0]


def build_document(registry: Registry, *, version: int = INVENTORY_VERSION) -> dict[str, Any]:
    """The whole OpenRPC document as a plain dict."""
    standard = _standard_data()
    inputs: list[tuple[tuple[str, str], Any, TypeAdapter[Any]]] = []
    error_classes: dict[tuple[str, str], type[AppError]] = {}
    for m in registry:
        inputs.append((("params", m.name), "validation", TypeAdapter(m.params)))
        inputs.append((("result", m.name), "serialization", m.result_adapter))
        for cls in method_errors(m):
            error_classes[(cls.__module__, cls.__qualname__)] = cls
    classes = [error_classes[key] for key in sorted(error_classes)]
    for family in registry.event_families:
        inputs.append((("event", family.topic), "serialization", TypeAdapter(family.payload)))
    for cls in classes:
        key = (cls.__module__, cls.__qualname__)
        inputs.append((("error", ".".join(key)), "serialization", TypeAdapter(cls.Data)))
    key_map, defs = TypeAdapter.json_schemas(
        inputs, ref_template=SCHEMAS + "{model}", by_alias=True, schema_generator=SchemaGenerator
    )
    schemas: dict[str, Any] = dict(defs.get("$defs", {}))

    # One data schema per (kind, Data) under components/schemas; one error per class.
    error_names = _error_names(classes)
    component_errors: dict[str, Any] = {
        "InvalidParams": {
            "code": wire.INVALID_PARAMS,
            "message": "Invalid params",
            "data": {"$ref": SCHEMAS + "InvalidParamsErrorData"},
        },
        "Internal": {
            "code": wire.INTERNAL_ERROR,
            "message": "Internal error",
            "data": {"$ref": SCHEMAS + "InternalErrorData"},
        },
    }
    data_schemas: dict[str, Any] = {
        "InvalidParamsErrorData": _INVALID_PARAMS_DATA,
        "InternalErrorData": _INTERNAL_DATA,
    }
    for cls in classes:
        data_name = _data_schema_name(cls, standard)
        ref = key_map[(("error", f"{cls.__module__}.{cls.__qualname__}"), "serialization")]
        data_def = schemas[ref["$ref"][len(SCHEMAS) :]]
        data_schemas.setdefault(
            data_name,
            {
                "type": "object",
                "title": data_name,
                "description": f"The data of an error of kind {cls.kind}.",
                "additionalProperties": False,
                "required": ["kind", "request_id", *data_def.get("required", [])],
                "properties": {
                    "kind": {**_KIND, "const": cls.kind},
                    "request_id": _REQUEST_ID,
                    **copy.deepcopy(data_def.get("properties", {})),
                },
            },
        )
        component_errors[error_names[cls]] = {
            "code": wire.CODES[cls.kind],
            "message": cls.message,
            "data": {"$ref": SCHEMAS + data_name},
        }

    methods = []
    for m in registry:
        params_ref = key_map[(("params", m.name), "validation")]
        params_def = schemas[params_ref["$ref"][len(SCHEMAS) :]]
        required = set(params_def.get("required", []))
        params = []
        for name, schema in params_def.get("properties", {}).items():
            descriptor: dict[str, Any] = {"name": name, "required": name in required}
            if "description" in schema:
                descriptor["description"] = schema["description"]
            descriptor["schema"] = schema
            params.append(descriptor)
        description = m.description
        methods.append(
            {
                "name": m.name,
                "summary": summary_of(description),
                "description": description,
                "paramStructure": "by-name",
                "params": params,
                "result": {
                    "name": "result",
                    "required": True,
                    "schema": key_map[(("result", m.name), "serialization")],
                },
                "errors": [
                    {"$ref": ERRORS + "InvalidParams"},
                    {"$ref": ERRORS + "Internal"},
                    *({"$ref": ERRORS + error_names[cls]} for cls in method_errors(m)),
                ],
                "x-group": int(m.group),
                "x-auth": m.auth.describe(),
                "x-idempotent": m.idempotent,
                "x-params-schema": params_ref,
            }
        )
    events = _events_extension(registry, key_map)
    schemas = _prune(schemas, [methods, data_schemas, events])
    clash = sorted(set(schemas) & set(data_schemas))
    if clash:
        raise ValueError(f"error data schema names clash with models: {clash}")
    schemas.update(data_schemas)
    return {
        "openrpc": OPENRPC_VERSION,
        "info": {
            "title": "JidoCode RPC",
            "version": str(version),
            "description": (
                "The control plane of a single-owner AI coding workbench. info.version is "
                "the inventory version: clients send it as X-JidoCode-Inventory. Each "
                "error's data member is a $ref to the JSON Schema of that error's data."
            ),
        },
        "methods": methods,
        "x-events": events,
        "components": {
            "errors": dict(sorted(component_errors.items())),
            "schemas": dict(sorted(schemas.items())),
        },
    }


def _events_extension(registry: Registry, key_map: dict[Any, Any]) -> dict[str, Any]:
    """``x-events``: the event log's topics, each with its event types and the schema of
    their ``data``, so the clients' event types are generated from the document."""
    return {
        "description": (
            "GET /events?topic=<topic>&after=<seq> streams a topic as Server-Sent Events "
            "(id <topic>@<seq>, event <type>, data {topic, seq, type, data, at}; resume "
            "with Last-Event-ID); events.list pages the same events. Control events: "
            "reset (reconnect from your cursor) and cursor_expired (reload, then continue "
            "from data.earliest)."
        ),
        "topics": [
            {
                "topic": family.pattern,
                "description": family.description,
                "types": sorted(family.types),
                "payload": key_map[(("event", family.topic), "serialization")],
            }
            for family in sorted(registry.event_families, key=lambda f: f.topic)
        ],
    }


def render(document: dict[str, Any]) -> bytes:
    """Deterministic bytes: sorted keys, two-space indent, trailing newline."""
    return orjson.dumps(document, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2) + b"\n"

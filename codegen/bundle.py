"""Reads the OpenRPC document into what the client generators need.

Two things come out of one document:

- ``bundle(spec)``: one JSON Schema whose ``definitions`` hold every component schema
  under a language-safe type name (``Limits-Input`` → ``LimitsInput``), plus a synthetic
  ``<Method>Result`` definition for each result that is not a simple shape. Both the
  TypeScript types (json-schema-to-typescript) and the Python models
  (datamodel-code-generator) are generated from this same bundle.
- ``Spec``: the methods as plain records (name, domain, params type, result shape,
  errors, auth, group, idempotency, docs) for the hand-rolled client emitters.

This module works from the document only, never from the registry or domain modules.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

SCHEMAS = "#/components/schemas/"
ERRORS = "#/components/errors/"
DEFINITIONS = "#/definitions/"
BUNDLE_TITLE = "Components"

_UNSAFE = re.compile(r"[^0-9A-Za-z_]")


def type_name(component: str) -> str:
    """A component key as an identifier both languages accept."""
    return _UNSAFE.sub("", component)


def pascal(method_name: str) -> str:
    """``orchestration.approve_run`` → ``OrchestrationApproveRun``."""
    return "".join(part.capitalize() for part in re.split(r"[._]", method_name) if part)


@dataclass(frozen=True)
class ParamSpec:
    """One by-name param."""

    name: str
    required: bool
    schema: dict[str, Any]
    description: str


@dataclass(frozen=True)
class ErrorSpec:
    """One error a method may return."""

    component: str  # key under components/errors
    code: int
    message: str
    data_type: str  # type name of its data schema
    kind: str  # the constant data.kind


@dataclass(frozen=True)
class MethodSpec:
    """One method, as the emitters see it."""

    name: str
    domain: str
    action: str
    summary: str
    description: str
    params_type: str
    params: tuple[ParamSpec, ...]
    result: dict[str, Any]  # a simple shape with refs rewritten to #/definitions/
    errors: tuple[ErrorSpec, ...]
    auth: str
    group: int
    idempotent: bool

    @property
    def has_params(self) -> bool:
        """Whether the method takes any param at all."""
        return bool(self.params)

    @property
    def params_required(self) -> bool:
        """Whether a caller must pass params (some param is required)."""
        return any(p.required for p in self.params)


@dataclass(frozen=True)
class TopicSpec:
    """One family of event topics (``x-events``): ``run:{id}`` or ``runs``."""

    pattern: str
    description: str
    types: tuple[str, ...]
    payload_type: str  # type name of its events' data

    @property
    def prefix(self) -> str:
        """The topic's text before its subject id (the whole topic when it has none)."""
        return self.pattern.removesuffix("{id}")

    @property
    def per_subject(self) -> bool:
        """Whether there is one such topic per subject (``run:<id>``)."""
        return self.pattern.endswith("{id}")

    @property
    def type_name(self) -> str:
        """``forge:session:{id}`` → ``ForgeSessionTopicEvent``."""
        words = re.split(r"[^A-Za-z0-9]+", self.prefix)
        return "".join(w.capitalize() for w in words if w) + "TopicEvent"


@dataclass(frozen=True)
class Spec:
    """The whole document, read."""

    version: int
    methods: tuple[MethodSpec, ...]
    type_names: tuple[str, ...]
    topics: tuple[TopicSpec, ...] = ()

    def domains(self) -> list[str]:
        """Domain names in order."""
        return sorted({m.domain for m in self.methods})


def _rewrite(node: Any, names: dict[str, str]) -> Any:
    """A deep copy with component refs pointing into ``definitions``."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith(SCHEMAS):
                # Siblings of a $ref (default, description) would make the generators
                # invent a second, numbered type; the referenced type is what matters.
                return {"$ref": DEFINITIONS + names[value[len(SCHEMAS) :]]}
            out[key] = _rewrite(value, names)
        return out
    if isinstance(node, list):
        return [_rewrite(v, names) for v in node]
    return node


def is_simple(schema: dict[str, Any]) -> bool:
    """Shapes every emitter writes inline: a ref, a primitive, a list or map of those."""
    keys = set(schema) - {"title", "description", "default"}
    if keys == {"$ref"}:
        return True
    kind = schema.get("type")
    if kind in ("string", "integer", "number", "boolean", "null"):
        return keys <= {"type", "format"}
    if kind == "array":
        items = schema.get("items")
        return keys <= {"type", "items"} and isinstance(items, dict) and is_simple(items)
    if kind == "object":
        extra = schema.get("additionalProperties", True)
        if keys - {"type", "additionalProperties"}:
            return False
        return extra is True or (isinstance(extra, dict) and is_simple(extra))
    if keys == {"anyOf"}:
        options = schema["anyOf"]
        return (
            len(options) == 2 and {"type": "null"} in options and all(is_simple(o) for o in options)
        )
    return False


def _resolve_component(document: dict[str, Any], ref: str) -> dict[str, Any]:
    if not ref.startswith(ERRORS):
        raise ValueError(f"unexpected error reference {ref}")
    found: dict[str, Any] = document["components"]["errors"][ref[len(ERRORS) :]]
    return found


def read(document: dict[str, Any]) -> tuple[Spec, dict[str, Any]]:
    """The method records and the JSON Schema bundle of one OpenRPC document."""
    schemas: dict[str, Any] = document.get("components", {}).get("schemas", {})
    names = {key: type_name(key) for key in schemas}
    if len(set(names.values())) != len(names):
        raise ValueError("two component schemas map to the same type name")
    definitions: dict[str, Any] = {}
    for key, schema in sorted(schemas.items()):
        body = _rewrite(schema, names)
        body["title"] = names[key]
        definitions[names[key]] = body

    methods: list[MethodSpec] = []
    for m in document["methods"]:
        domain, action = m["name"].split(".", 1)
        result = _rewrite(m["result"]["schema"], names)
        if not is_simple(result):
            synthetic = f"{pascal(m['name'])}Result"
            if synthetic in definitions:
                raise ValueError(f"synthetic type {synthetic} collides with a component")
            definitions[synthetic] = {**copy.deepcopy(result), "title": synthetic}
            result = {"$ref": DEFINITIONS + synthetic}
        params_ref = m["x-params-schema"]["$ref"]
        errors = []
        for ref in m.get("errors", []):
            component = _resolve_component(document, ref["$ref"])
            data_ref = component["data"]["$ref"]
            data_schema = schemas[data_ref[len(SCHEMAS) :]]
            errors.append(
                ErrorSpec(
                    component=ref["$ref"][len(ERRORS) :],
                    code=component["code"],
                    message=component["message"],
                    data_type=names[data_ref[len(SCHEMAS) :]],
                    kind=str(data_schema["properties"]["kind"]["const"]),
                )
            )
        methods.append(
            MethodSpec(
                name=m["name"],
                domain=domain,
                action=action,
                summary=m.get("summary", ""),
                description=m.get("description", ""),
                params_type=names[params_ref[len(SCHEMAS) :]],
                params=tuple(
                    ParamSpec(
                        name=p["name"],
                        required=bool(p.get("required", False)),
                        schema=_rewrite(p["schema"], names),
                        description=p.get("description", ""),
                    )
                    for p in m["params"]
                ),
                result=result,
                errors=tuple(errors),
                auth=m["x-auth"],
                group=m["x-group"],
                idempotent=m["x-idempotent"],
            )
        )
    bundle = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": BUNDLE_TITLE,
        "description": "Every type of the JidoCode RPC schema, by name.",
        "type": "object",
        "additionalProperties": False,
        "required": sorted(definitions),
        "properties": {name: {"$ref": DEFINITIONS + name} for name in sorted(definitions)},
        "definitions": definitions,
    }
    topics = tuple(
        TopicSpec(
            pattern=t["topic"],
            description=t.get("description", ""),
            types=tuple(t["types"]),
            payload_type=names[t["payload"]["$ref"][len(SCHEMAS) :]],
        )
        for t in document.get("x-events", {}).get("topics", [])
    )
    spec = Spec(
        version=int(document["info"]["version"]),
        methods=tuple(sorted(methods, key=lambda s: s.name)),
        type_names=tuple(sorted(definitions)),
        topics=topics,
    )
    return spec, bundle

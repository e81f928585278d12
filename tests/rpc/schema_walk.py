"""Params built from the OpenRPC document, for tests that walk every method.

``example`` makes a small value a JSON schema accepts (required members only), and
``slots`` lists every place in a method's params where a string can go, with the schema
there; ``place`` puts a value at one such place in an otherwise valid params object. A
test that walks ``methods(document)`` therefore covers a method added tomorrow without
naming it.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

Schema = dict[str, Any]
# One step into params: the member name or list index, and the schema of what is there.
Step = tuple[str | int, Schema]

_UUID = "00000000-0000-4000-8000-00000000abcd"
_CANDIDATES = ["acme/app", "main", "example", "a", "Owner@Example.com"]


@dataclass(frozen=True)
class Slot:
    """A place a string can go in one method's params."""

    method: str
    steps: tuple[Step, ...]

    @property
    def loc(self) -> list[str | int]:
        return [key for key, _ in self.steps]

    @property
    def schema(self) -> Schema:
        return self.steps[-1][1]

    def schema_format(self, walker: Walker) -> str | None:
        """The ``format`` of the string that goes here (``date-time``, ``uuid``…)."""
        for alt in walker.alternatives(self.schema):
            if alt.get("type") == "string" and "format" in alt:
                return str(alt["format"])
        return None


class Walker:
    """Schemas of one OpenRPC document, with their ``$ref`` resolved."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.components: dict[str, Schema] = document["components"]["schemas"]

    def resolve(self, schema: Schema) -> Schema:
        while "$ref" in schema:
            schema = self.components[schema["$ref"].rsplit("/", 1)[-1]]
        return schema

    def alternatives(self, schema: Schema) -> list[Schema]:
        """The non-null shapes a schema allows (``anyOf``/``oneOf`` members)."""
        schema = self.resolve(schema)
        members = schema.get("anyOf") or schema.get("oneOf")
        if not members:
            return [schema]
        out: list[Schema] = []
        for member in members:
            out += [m for m in self.alternatives(member) if m.get("type") != "null"]
        return out

    def example(self, schema: Schema) -> Any:
        """A small value ``schema`` accepts: required members only, first alternative."""
        schema = self.alternatives(schema)[0]
        if "const" in schema:
            return schema["const"]
        if "enum" in schema:
            return schema["enum"][0]
        kind = schema.get("type")
        if kind == "object" or "properties" in schema:
            props = schema.get("properties", {})
            return {name: self.example(props[name]) for name in schema.get("required", [])}
        if kind == "array":
            return [self.example(schema.get("items", {})) for _ in range(schema.get("minItems", 0))]
        if kind == "integer" or kind == "number":
            low = schema.get("minimum", schema.get("exclusiveMinimum", 0) + 1)
            return int(low) if kind == "integer" else float(low)
        if kind == "boolean":
            return False
        if kind == "string":
            return self._string(schema)
        return None

    def _string(self, schema: Schema) -> str:
        fmt = schema.get("format")
        if fmt == "uuid":
            return _UUID
        if fmt == "date-time":
            return "2030-01-01T00:00:00Z"
        low: int = schema.get("minLength", 1)
        high: int = schema.get("maxLength", 10_000)
        pattern: str | None = schema.get("pattern")
        for text in [*_CANDIDATES, "x" * low]:
            if low <= len(text) <= high and (pattern is None or re.search(pattern, text)):
                return text
        return "x" * low

    def slots(self, method: dict[str, Any]) -> Iterator[Slot]:
        """Every place a string can go in ``method``'s params (optional members too)."""
        root = self.resolve(method["x-params-schema"])
        for steps in self._walk(root, (), depth=0):
            yield Slot(method["name"], steps)

    def _walk(
        self, schema: Schema, steps: tuple[Step, ...], depth: int
    ) -> Iterator[tuple[Step, ...]]:
        if depth > 6:
            return
        for alt in self.alternatives(schema):
            kind = alt.get("type")
            if kind == "string" and "const" not in alt:
                yield steps
            elif kind == "object" or "properties" in alt:
                for name, sub in alt.get("properties", {}).items():
                    yield from self._walk(sub, (*steps, (name, sub)), depth + 1)
            elif kind == "array":
                item = alt.get("items", {})
                yield from self._walk(item, (*steps, (0, item)), depth + 1)

    def place(self, method: dict[str, Any], steps: tuple[Step, ...], value: Any) -> dict[str, Any]:
        """Valid params for ``method`` (required members) with ``value`` at ``steps``."""
        params: dict[str, Any] = self.example(self.resolve(method["x-params-schema"]))
        node: Any = params
        for i, (key, schema) in enumerate(steps):
            if i == len(steps) - 1:
                if isinstance(node, list):
                    node.append(value)
                else:
                    node[key] = value
                break
            child = copy.deepcopy(self._container(steps[i + 1 :], schema))
            if isinstance(node, list):
                node.append(child)
            else:
                node[key] = child
            node = child
        return params

    def _container(self, rest: tuple[Step, ...], schema: Schema) -> Any:
        """The example of the alternative of ``schema`` that holds the next step."""
        key = rest[0][0]
        for alt in self.alternatives(schema):
            if isinstance(key, int) and alt.get("type") == "array":
                return []
            if isinstance(key, str) and key in alt.get("properties", {}):
                return self.example(alt)
        return self.example(schema)


def methods(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Every method of the document."""
    return list(document["methods"])

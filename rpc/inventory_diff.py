"""Compatibility between two OpenRPC documents: every change, classified.

``compare`` lists every change from one document to the next and classifies it::

    method_added            compatible     method_removed          breaking
    param_added_optional    compatible     param_added_required    breaking
    param_became_optional   compatible     param_became_required   breaking
    result_field_added      compatible     param_removed           breaking
    error_added             compatible     result_field_removed    breaking
    error_removed           compatible     type_changed            breaking, unless it
    auth_widened            compatible                             only widens a param or
    metadata_changed        compatible                             narrows a result
    document_changed        compatible     auth_narrowed           breaking

(``document_changed`` comes from ``rpc.inventory.check``: only text differs.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

_SCHEMAS = "#/components/schemas/"
_ERRORS = "#/components/errors/"
_ANNOTATIONS = frozenset({"title", "description", "default", "examples"})

BREAKING_KINDS = frozenset(
    {
        "method_removed",
        "param_added_required",
        "param_became_required",
        "param_removed",
        "result_field_removed",
        "auth_narrowed",
    }
)


@dataclass(frozen=True, order=True)
class Change:
    """One difference between the committed document and the registry."""

    method: str
    where: str
    kind: str
    breaking: bool
    detail: str = ""

    def describe(self) -> str:
        """One line for people."""
        verdict = "BREAKING  " if self.breaking else "compatible"
        place = f"{self.method} {self.where}".strip()
        detail = f" ({self.detail})" if self.detail else ""
        return f"{verdict} {self.kind:<22} {place}{detail}"


class _Doc:
    """A document with its components, for resolving references."""

    def __init__(self, document: dict[str, Any]) -> None:
        components = document.get("components", {})
        self.schemas: dict[str, Any] = components.get("schemas", {})
        self.errors: dict[str, Any] = components.get("errors", {})
        self.methods: dict[str, Any] = {m["name"]: m for m in document.get("methods", [])}

    def resolve(self, schema: Any) -> Any:
        seen = 0
        while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            ref = schema["$ref"]
            if not ref.startswith(_SCHEMAS) or seen > 32:
                break
            schema = self.schemas.get(ref[len(_SCHEMAS) :], {})
            seen += 1
        return schema

    def error_kinds(self, method: dict[str, Any]) -> dict[str, int]:
        out: dict[str, int] = {}
        for ref in method.get("errors", []):
            error = self.errors.get(ref.get("$ref", "")[len(_ERRORS) :], ref)
            data = self.resolve(error.get("data", {}))
            kind = data.get("properties", {}).get("kind", {}).get("const") if data else None
            out[str(kind or error.get("message"))] = int(error.get("code", 0))
        return out


def _strip(schema: Any) -> Any:
    if isinstance(schema, dict):
        return {k: _strip(v) for k, v in schema.items() if k not in _ANNOTATIONS}
    if isinstance(schema, list):
        return [_strip(v) for v in schema]
    return schema


def _nullable_split(schema: dict[str, Any]) -> tuple[Any, bool]:
    options = schema.get("anyOf")
    if isinstance(options, list) and {"type": "null"} in options:
        rest = [o for o in options if o != {"type": "null"}]
        return (rest[0] if len(rest) == 1 else {"anyOf": rest}), True
    return schema, False


@dataclass
class _Comparer:
    old: _Doc
    new: _Doc
    method: str
    changes: list[Change] = field(default_factory=list)
    seen: set[tuple[str, str, str]] = field(default_factory=set)

    def add(self, where: str, kind: str, detail: str = "", breaking: bool | None = None) -> None:
        if breaking is None:
            breaking = kind in BREAKING_KINDS
        self.changes.append(Change(self.method, where, kind, breaking, detail))

    def compare(self, old: Any, new: Any, where: str, output: bool) -> None:
        """Compare two schemas; ``output`` for results (readers), else params (writers)."""
        old_ref, new_ref = _ref_of(old), _ref_of(new)
        if old_ref and new_ref:
            # A model met again (recursion, or shared by two fields) is compared once.
            key = (old_ref, new_ref, str(output))
            if key in self.seen:
                return
            self.seen.add(key)
        old_s, new_s = self.old.resolve(old), self.new.resolve(new)
        if not isinstance(old_s, dict) or not isinstance(new_s, dict):
            if _strip(old_s) != _strip(new_s):
                self.add(where, "type_changed", breaking=True)
            return
        old_inner, old_null = _nullable_split(old_s)
        new_inner, new_null = _nullable_split(new_s)
        if old_null != new_null:
            widened = new_null  # null now accepted (param) or now possible (result)
            self.add(
                where,
                "type_changed",
                "null now allowed" if widened else "null no longer allowed",
                breaking=(widened == output),
            )
            self.compare(old_inner, new_inner, where, output)
            return
        if old_null:
            self.compare(old_inner, new_inner, where, output)
            return
        if "properties" in old_s and "properties" in new_s:
            self._objects(old_s, new_s, where, output)
            return
        wider, narrower = (old_s, new_s) if output else (new_s, old_s)
        if "anyOf" in wider and "anyOf" not in narrower:
            options = [
                _strip(self._inline(o, self.new if not output else self.old))
                for o in wider["anyOf"]
            ]
            doc = self.old if not output else self.new
            if _strip(self._inline(narrower, doc)) in options:
                # A param that accepts more, or a result that promises less: compatible.
                self.add(
                    where, "type_changed", "widened" if not output else "narrowed", breaking=False
                )
                return
        if old_s.get("type") == "array" and new_s.get("type") == "array":
            self.compare(old_s.get("items", {}), new_s.get("items", {}), f"{where}[]", output)
            return
        if "enum" in old_s and "enum" in new_s:
            before, after = set(map(str, old_s["enum"])), set(map(str, new_s["enum"]))
            if before == after:
                return
            widened = after >= before
            narrowed = after <= before
            ok = (widened and not output) or (narrowed and output)
            added, removed = sorted(after - before), sorted(before - after)
            detail = ", ".join(
                part
                for part in (
                    f"added {added}" if added else "",
                    f"removed {removed}" if removed else "",
                )
                if part
            )
            self.add(where, "type_changed", detail, breaking=not ok)
            return
        if _strip(self._inline(old_s, self.old)) != _strip(self._inline(new_s, self.new)):
            self.add(where, "type_changed", breaking=True)

    def _inline(self, schema: Any, doc: _Doc, depth: int = 0) -> Any:
        """The schema with references replaced by what they name (bounded depth)."""
        if depth > 8:
            return schema
        if isinstance(schema, dict):
            if isinstance(schema.get("$ref"), str):
                return self._inline(doc.resolve(schema), doc, depth + 1)
            return {k: self._inline(v, doc, depth) for k, v in schema.items()}
        if isinstance(schema, list):
            return [self._inline(v, doc, depth) for v in schema]
        return schema

    def _objects(self, old: dict[str, Any], new: dict[str, Any], where: str, output: bool) -> None:
        old_props, new_props = old["properties"], new["properties"]
        old_req, new_req = set(old.get("required", [])), set(new.get("required", []))
        prefix = f"{where}." if where else ""
        for name in sorted(set(old_props) | set(new_props)):
            path = f"{prefix}{name}"
            if name not in old_props:
                if output:
                    self.add(path, "result_field_added")
                elif name in new_req:
                    self.add(path, "param_added_required")
                else:
                    self.add(path, "param_added_optional")
            elif name not in new_props:
                self.add(path, "result_field_removed" if output else "param_removed")
            else:
                was, now = name in old_req, name in new_req
                if was != now:
                    if output:
                        # A result field that may now be absent is a narrowing for readers.
                        self.add(
                            path,
                            "type_changed",
                            "may now be absent" if was else "now always present",
                            breaking=was,
                        )
                    else:
                        self.add(path, "param_became_required" if now else "param_became_optional")
                self.compare(old_props[name], new_props[name], path, output)


def _ref_of(schema: Any) -> str | None:
    if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        return str(schema["$ref"])
    return None


def _params_object(method: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {p["name"]: p.get("schema", {}) for p in method.get("params", [])},
        "required": [p["name"] for p in method.get("params", []) if p.get("required")],
    }


def _auth_modes(auth: str) -> set[str] | None:
    """``None`` for anonymous (everyone), else the modes."""
    return None if auth == "anonymous" else set(auth.split("|"))


def compare(old_document: dict[str, Any], new_document: dict[str, Any]) -> list[Change]:
    """Every change from ``old_document`` to ``new_document``, classified, sorted."""
    old, new = _Doc(old_document), _Doc(new_document)
    changes: list[Change] = []
    for name in sorted(set(old.methods) | set(new.methods)):
        if name not in new.methods:
            changes.append(Change(name, "", "method_removed", True))
            continue
        if name not in old.methods:
            changes.append(Change(name, "", "method_added", False))
            continue
        om, nm = old.methods[name], new.methods[name]
        comparer = _Comparer(old, new, name)
        comparer.compare(_params_object(om), _params_object(nm), "params", output=False)
        comparer.compare(om["result"]["schema"], nm["result"]["schema"], "result", output=True)
        changes.extend(comparer.changes)
        old_errors, new_errors = old.error_kinds(om), new.error_kinds(nm)
        for kind in sorted(set(new_errors) - set(old_errors)):
            changes.append(Change(name, "errors", "error_added", False, kind))
        for kind in sorted(set(old_errors) - set(new_errors)):
            changes.append(Change(name, "errors", "error_removed", False, kind))
        old_auth, new_auth = _auth_modes(om.get("x-auth", "")), _auth_modes(nm.get("x-auth", ""))
        if old_auth != new_auth:
            widened = new_auth is None or (old_auth is not None and new_auth >= old_auth)
            changes.append(
                Change(
                    name,
                    "x-auth",
                    "auth_widened" if widened else "auth_narrowed",
                    not widened,
                    f"{om.get('x-auth')} -> {nm.get('x-auth')}",
                )
            )
        for key in ("x-group", "x-idempotent"):
            if om.get(key) != nm.get(key):
                changes.append(
                    Change(name, key, "metadata_changed", False, f"{om.get(key)} -> {nm.get(key)}")
                )
    return sorted(changes)

"""The OpenRPC document: valid for the OpenRPC project's validator, complete, deterministic."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from codegen.generate import DOCUMENT, TS_PACKAGE
from rpc import openrpc
from rpc.app.domains import REGISTRATIONS
from rpc.registry import Registry, compose
from tests.codegen import sample_domain


@pytest.fixture(scope="module")
def sample_registry() -> Registry:
    """The shipped registry plus a made-up domain with every shape generators meet."""
    return compose([*REGISTRATIONS, sample_domain.REGISTRATION])


@pytest.fixture(scope="module")
def sample_document(sample_registry: Registry) -> dict[str, Any]:
    return openrpc.build_document(sample_registry)


def _method(document: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(m for m in document["methods"] if m["name"] == name)
    return found


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def validate_with_openrpc_tools(path: Path) -> subprocess.CompletedProcess[str]:
    """Run @open-rpc/schema-utils-js (validate + dereference) on a document file."""
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    assert (TS_PACKAGE / "node_modules" / "@open-rpc" / "schema-utils-js").is_dir(), (
        "run `npm ci` in codegen/typescript (scripts/test does)"
    )
    return subprocess.run(
        ["node", "scripts/validate-openrpc.mjs", str(path)],
        cwd=TS_PACKAGE,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_the_openrpc_validator_accepts_the_document(
    registry: Registry, sample_document: dict[str, Any], tmp_path: Path
) -> None:
    for name, document in (
        ("shipped", openrpc.build_document(registry)),
        ("sample", sample_document),
    ):
        path = tmp_path / f"{name}.json"
        path.write_bytes(openrpc.render(document))
        done = validate_with_openrpc_tools(path)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == f"valid: {len(document['methods'])} methods"


def test_the_openrpc_validator_refuses_a_broken_document(tmp_path: Path) -> None:
    broken = json.loads(DOCUMENT.read_text())
    broken["methods"][0]["params"] = "nope"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken))
    assert validate_with_openrpc_tools(path).returncode == 1


def test_every_reference_resolves(sample_document: dict[str, Any]) -> None:
    # The OpenRPC dereferencer does not follow refs inside an error's free-form data.
    components = sample_document["components"]
    refs = _refs(sample_document)
    assert refs
    for ref in refs:
        section, name = ref.removeprefix("#/components/").split("/", 1)
        assert name in components[section], ref


def test_output_is_deterministic(sample_registry: Registry) -> None:
    first = openrpc.render(openrpc.build_document(sample_registry))
    again = openrpc.render(openrpc.build_document(sample_registry))
    assert first == again
    assert re.search(rb"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", first) is None  # no timestamps


def test_methods_carry_docs_extensions_and_by_name_params(
    sample_registry: Registry, sample_document: dict[str, Any]
) -> None:
    assert [m["name"] for m in sample_document["methods"]] == sorted(sample_registry.methods)
    create = _method(sample_document, "sample.create_widget")
    assert create["paramStructure"] == "by-name"
    assert create["summary"] == "Create a widget."
    assert "a second one with the same name is a conflict" in create["description"]
    assert create["x-group"] == 2
    assert create["x-auth"] == "api_key|session|token"
    assert create["x-idempotent"] is False
    assert create["x-params-schema"] == {"$ref": "#/components/schemas/CreateWidgetParams"}
    assert create["result"]["schema"] == {"$ref": "#/components/schemas/Widget"}
    anonymous = _method(sample_document, "sample.all_names")
    assert anonymous["x-auth"] == "anonymous"
    assert anonymous["params"] == []
    assert anonymous["result"]["schema"] == {"type": "array", "items": {"type": "string"}}


def test_optional_and_nullable_stay_distinct(sample_document: dict[str, Any]) -> None:
    params = {p["name"]: p for p in _method(sample_document, "sample.create_widget")["params"]}
    # required but nullable
    assert params["parent_id"]["required"] is True
    assert {"type": "null"} in params["parent_id"]["schema"]["anyOf"]
    assert params["parent_id"]["description"] == "Required, but may be null."
    # optional and nullable
    assert params["note"]["required"] is False
    assert {"type": "null"} in params["note"]["schema"]["anyOf"]
    # optional, not nullable
    assert params["count"]["required"] is False
    assert params["count"]["schema"] == {"type": "integer", "default": 1}
    # results: every field is present on the wire, so every field is required
    widget = sample_document["components"]["schemas"]["Widget"]
    assert set(widget["required"]) == set(widget["properties"])
    assert widget["properties"]["weight"] == {"type": "number", "default": 1.0}


def test_errors_are_components_with_data_schemas(sample_document: dict[str, Any]) -> None:
    components = sample_document["components"]
    get = _method(sample_document, "sample.get_widget")
    names = [ref["$ref"].rsplit("/", 1)[-1] for ref in get["errors"]]
    assert names == [
        "InvalidParams",
        "Internal",
        "Unauthenticated",
        "Forbidden",
        "WidgetNotFound",
        "DeadlineExceeded",
        "InventoryMismatch",
    ]
    not_found = components["errors"]["WidgetNotFound"]
    assert not_found["code"] == 1004
    assert not_found["message"] == "Widget not found"
    data = components["schemas"][not_found["data"]["$ref"].rsplit("/", 1)[-1]]
    assert data["properties"]["kind"] == {"type": "string", "const": "not_found"}
    assert data["required"] == ["kind", "request_id", "resource", "id"]
    # an error with its own data model, and one with an aliased field
    quota = components["schemas"]["QuotaExceededErrorData"]
    assert quota["properties"]["kind"]["const"] == "policy_violation"
    assert set(quota["required"]) == {"kind", "request_id", "reason", "used", "limit"}
    transition = components["schemas"]["InvalidTransitionErrorData"]
    assert "from" in transition["properties"]
    invalid = components["schemas"]["InvalidParamsErrorData"]
    assert invalid["properties"]["kind"]["const"] == "invalid_params"
    # anonymous methods cannot fail authentication
    anonymous = _method(sample_document, "sample.all_names")
    assert {"$ref": "#/components/errors/Unauthenticated"} not in anonymous["errors"]


def test_the_committed_document_is_what_the_registry_builds(registry: Registry) -> None:
    assert DOCUMENT.read_bytes() == openrpc.render(openrpc.build_document(registry)), (
        "run `jidocode codegen`"
    )

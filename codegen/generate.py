"""Regenerates everything derived from the OpenRPC document, or checks it is current.

The targets, all committed::

    codegen/openrpc.json                          the document itself
    codegen/typescript/src/generated/types.ts     json-schema-to-typescript (node)
    codegen/typescript/src/generated/client.ts    codegen/typescript_gen.py
    codegen/python/models.py                      datamodel-code-generator
    codegen/python/client.py                      codegen/python_gen.py

The two external generators run side by side (each is a subprocess).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from codegen import bundle, python_gen, typescript_gen

CODEGEN_DIR = Path(__file__).resolve().parent
DOCUMENT = CODEGEN_DIR / "openrpc.json"
TS_PACKAGE = CODEGEN_DIR / "typescript"
TS_TYPES = TS_PACKAGE / "src" / "generated" / "types.ts"
TS_CLIENT = TS_PACKAGE / "src" / "generated" / "client.ts"
PY_MODELS = CODEGEN_DIR / "python" / "models.py"
PY_CLIENT = CODEGEN_DIR / "python" / "client.py"


def render(document: dict[str, Any]) -> bytes:
    """The document's committed bytes (same as ``rpc.openrpc.render``)."""
    return orjson.dumps(document, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2) + b"\n"


def generate(document: dict[str, Any], *, package_dir: Path = TS_PACKAGE) -> dict[Path, bytes]:
    """Every target's fresh content, keyed by path."""
    spec, schema_bundle = bundle.read(document)
    with ThreadPoolExecutor(max_workers=2) as pool:
        ts_types = pool.submit(typescript_gen.types_source, schema_bundle, package_dir)
        py_models = pool.submit(python_gen.models_source, schema_bundle)
        ts_client = typescript_gen.client_source(spec)
        py_client = python_gen.client_source(spec)
        return {
            DOCUMENT: render(document),
            TS_TYPES: ts_types.result().encode(),
            TS_CLIENT: ts_client.encode(),
            PY_MODELS: py_models.result().encode(),
            PY_CLIENT: py_client.encode(),
        }


@dataclass(frozen=True)
class Difference:
    """One target whose committed content differs from a fresh generation."""

    path: Path
    diff: str


def differences(fresh: dict[Path, bytes], root: Path | None = None) -> Iterator[Difference]:
    """Targets that differ from what is on disk, with a unified diff each."""
    for path, content in fresh.items():
        current = path.read_bytes() if path.exists() else b""
        if current == content:
            continue
        name = str(path.relative_to(root)) if root and path.is_relative_to(root) else str(path)
        diff = "".join(
            difflib.unified_diff(
                current.decode(errors="replace").splitlines(keepends=True),
                content.decode(errors="replace").splitlines(keepends=True),
                fromfile=f"{name} (committed)",
                tofile=f"{name} (generated)",
            )
        )
        yield Difference(path, diff)


def write(fresh: dict[Path, bytes]) -> list[Path]:
    """Write the targets that changed; the paths written."""
    written = []
    for path, content in fresh.items():
        if path.exists() and path.read_bytes() == content:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        written.append(path)
    return written

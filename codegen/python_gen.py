"""Emits the Python client (``codegen/python/``) from the read document.

``models.py`` comes from datamodel-code-generator, fed the bundle as an OpenAPI 3.1
components section (its OpenAPI reader is the one that keeps "optional" and "nullable"
apart, through ``--strict-nullable``). ``client.py`` is written here: the params model and
result type of every method, and one class per domain with a typed coroutine per method
on top of the hand-written ``runtime.py``.
"""

from __future__ import annotations

import json
import keyword
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from codegen.bundle import DEFINITIONS, MethodSpec, Spec, pascal

HEADER = "# Generated from codegen/openrpc.json by `jidocode codegen`. Do not edit."

_DATAMODEL_OPTIONS = [
    "--input-file-type",
    "openapi",
    "--output-model-type",
    "pydantic_v2.BaseModel",
    "--target-python-version",
    "3.11",
    "--disable-timestamp",
    "--use-standard-collections",
    "--use-union-operator",
    "--use-schema-description",
    "--use-field-description",
    "--use-title-as-name",
    "--enum-field-as-literal",
    "all",
    "--use-annotated",
    "--field-constraints",
    "--use-double-quotes",
    "--strict-nullable",
    "--collapse-root-models",
    "--keep-field-defaults-off-branch-roots",
    "--formatters",
    "builtin",
    "--custom-file-header",
    HEADER,
]


class GeneratorError(RuntimeError):
    """datamodel-code-generator failed."""


def models_source(bundle: dict[str, Any]) -> str:
    """``models.py``: every schema as a Pydantic model, via datamodel-code-generator."""
    text = json.dumps(bundle["definitions"], sort_keys=True)
    schemas = json.loads(text.replace(f'"{DEFINITIONS}', '"#/components/schemas/'))
    document = {
        "openapi": "3.1.0",
        "info": {"title": "JidoCode RPC", "version": "0"},
        "paths": {},
        "components": {"schemas": schemas},
    }
    with tempfile.TemporaryDirectory(prefix="jidocode-codegen-") as tmp:
        source = Path(tmp) / "openrpc-components.json"
        target = Path(tmp) / "models.py"
        source.write_text(json.dumps(document, sort_keys=True))
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "datamodel_code_generator",
                "--input",
                str(source),
                "--output",
                str(target),
                *_DATAMODEL_OPTIONS,
            ],
            capture_output=True,
            check=False,
            timeout=300,
        )
        if done.returncode != 0 or not target.exists():
            raise GeneratorError(
                f"datamodel-codegen failed:\n{done.stderr.decode(errors='replace')}"
            )
        return target.read_text()


def py_type(schema: dict[str, Any]) -> str:
    """The Python type of a simple shape (see ``bundle.is_simple``)."""
    ref = schema.get("$ref")
    if isinstance(ref, str):
        return "models." + ref[len(DEFINITIONS) :]
    kind = schema.get("type")
    simple = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
    if kind in simple:
        return simple[kind]
    if kind == "null":
        return "None"
    if kind == "array":
        return f"list[{py_type(schema['items'])}]"
    if kind == "object":
        extra = schema.get("additionalProperties", True)
        return f"dict[str, {'Any' if extra is True else py_type(extra)}]"
    if "anyOf" in schema:
        return " | ".join(py_type(o) for o in schema["anyOf"])
    raise ValueError(f"not a simple shape: {schema}")


def attribute(name: str) -> str:
    """A Python attribute for an action or domain name (``import`` → ``import_``)."""
    return f"{name}_" if keyword.iskeyword(name) else name


def _docstring(m: MethodSpec, indent: str) -> list[str]:
    lines = (m.description or m.name).replace('"""', "'''").replace("\\", "\\\\").splitlines()
    lines += [
        "",
        f"``{m.name}``: auth {m.auth}; group {m.group}; "
        + ("idempotent." if m.idempotent else "not idempotent."),
    ]
    out = [f'{indent}"""{lines[0]}']
    out += [f"{indent}{line}" if line else "" for line in lines[1:]]
    out.append(f'{indent}"""')
    return out


def client_source(spec: Spec) -> str:
    """``client.py``: the typed async client."""
    out = [
        HEADER,
        "# Docstrings come verbatim from the handlers, so lines may be long.",
        "# ruff: noqa: E501",
        '"""The typed async JidoCode RPC client: one attribute per domain, one coroutine per',
        "method (``await client.system.ping()``), on top of ``codegen.python.runtime``.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from collections.abc import AsyncGenerator",
        "from typing import Any",
        "",
        "from pydantic import BaseModel",
        "",
        "from codegen.python import models",
        "from codegen.python.events import StreamEvent, subscribe",
        "from codegen.python.runtime import Transport",
        "",
        "# The inventory version (info.version) this client was generated for.",
        f"INVENTORY_VERSION = {spec.version}",
        "",
        "# Each method's params model: the CLI validates with it before sending.",
        "PARAMS: dict[str, type[BaseModel]] = {",
    ]
    out += [f'    "{m.name}": models.{m.params_type},' for m in spec.methods]
    out += [
        "}",
        "",
        "# Each method's result type, as the transport validates it.",
        "RESULTS: dict[str, Any] = {",
    ]
    out += [f'    "{m.name}": {py_type(m.result)},' for m in spec.methods]
    out += ["}", ""]
    out += [
        "# The event log's topics (x-events): each family's event types and the model of",
        "# their data.",
        "TOPICS: dict[str, tuple[tuple[str, ...], type[BaseModel]]] = {",
    ]
    for t in spec.topics:
        types = "".join(f'"{name}", ' for name in t.types)
        out.append(f'    "{t.pattern}": (({types}), models.{t.payload_type}),')
    out += [
        "}",
        "",
        "",
        "def topic_family(topic: str) -> str | None:",
        '    """The ``TOPICS`` key of a topic (``run:<id>`` → ``run:{id}``), or ``None``."""',
        "    if topic in TOPICS:",
        "        return topic",
        "    for pattern in TOPICS:",
        '        if pattern.endswith("{id}") and topic.startswith(pattern[: -len("{id}")]):',
        "            return pattern",
        "    return None",
        "",
    ]
    domains = spec.domains()
    for domain in domains:
        out += [
            "",
            f"class {pascal(domain)}Api:",
            f'    """Methods of the ``{domain}`` domain."""',
            "",
        ]
        out += [
            "    def __init__(self, transport: Transport) -> None:",
            "        self._transport = transport",
        ]
        for m in (m for m in spec.methods if m.domain == domain):
            result = py_type(m.result)
            if not m.has_params:
                args, expr = "self", "None"
            elif m.params_required:
                args, expr = f"self, params: models.{m.params_type}", "params"
            else:
                args, expr = f"self, params: models.{m.params_type} | None = None", "params"
            out += [
                "",
                f"    async def {attribute(m.action)}(",
                f"        {args}",
                f"    ) -> {result}:",
            ]
            out += _docstring(m, "        ")
            out += [
                f"        result: {result} = await self._transport.call(",
                f'            "{m.name}", {expr}, RESULTS["{m.name}"]',
                "        )",
                "        return result",
            ]
    out += [
        "",
        "",
        "class Client:",
        '    """A JidoCode RPC client over one ``Transport`` (close it when done)."""',
        "",
        "    def __init__(self, transport: Transport) -> None:",
        "        self.transport = transport",
    ]
    out += [f"        self.{attribute(d)} = {pascal(d)}Api(transport)" for d in domains]
    out += [
        "",
        "    @classmethod",
        "    def connect(",
        "        cls, url: str, *, api_key: str | None = None, timeout_s: float = 30.0",
        "    ) -> Client:",
        '        """A client with its own HTTP session, sending this inventory version."""',
        "        return cls(",
        "            Transport(",
        "                url,",
        "                api_key=api_key,",
        "                timeout_s=timeout_s,",
        "                inventory_version=INVENTORY_VERSION,",
        "            )",
        "        )",
        "",
        "    def subscribe(",
        "        self, topic: str, *, after: int = 0, **options: Any",
        "    ) -> AsyncGenerator[StreamEvent, None]:",
        '        """A topic\'s events after ``after``, live (``GET /events``), resuming after a',
        "        dropped connection without a gap or a duplicate; ``options`` are",
        '        ``codegen.python.events.subscribe``\'s."""',
        "        return subscribe(self.transport, topic, after=after, **options)",
        "",
        "    async def __aenter__(self) -> Client:",
        "        return self",
        "",
        "    async def __aexit__(self, *exc: object) -> None:",
        "        await self.transport.close()",
        "",
    ]
    return "\n".join(out)

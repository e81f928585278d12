"""Emits the TypeScript client (``src/generated/``) from the read document.

``types.ts`` comes from json-schema-to-typescript (``scripts/gen-types.mjs``, run with
node); ``client.ts`` is written here: a failure union per method, one interface per domain
(throwing and ``safe`` variants) and ``createClient``. The runtime it builds on is the
hand-written ``src/runtime.ts``.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from codegen.bundle import DEFINITIONS, MethodSpec, Spec, pascal

BANNER = "/* Generated from codegen/openrpc.json by `jidocode codegen`. Do not edit. */"


class GeneratorError(RuntimeError):
    """A generator tool is missing or failed."""


def types_source(bundle: dict[str, Any], package_dir: Path) -> str:
    """``types.ts``: every schema as a TypeScript type, via json-schema-to-typescript."""
    if not (package_dir / "node_modules" / "json-schema-to-typescript").is_dir():
        raise GeneratorError(
            f"json-schema-to-typescript is not installed: run `npm ci` in {package_dir}"
        )
    try:
        done = subprocess.run(
            ["node", "scripts/gen-types.mjs"],
            cwd=package_dir,
            input=json.dumps(bundle, sort_keys=True).encode(),
            capture_output=True,
            check=False,
            timeout=300,
        )
    except FileNotFoundError as exc:
        raise GeneratorError("node is not on PATH") from exc
    if done.returncode != 0:
        raise GeneratorError(f"gen-types.mjs failed:\n{done.stderr.decode(errors='replace')}")
    return done.stdout.decode()


def ts_type(schema: dict[str, Any]) -> str:
    """The TypeScript type of a simple shape (see ``bundle.is_simple``)."""
    ref = schema.get("$ref")
    if isinstance(ref, str):
        return "T." + ref[len(DEFINITIONS) :]
    kind = schema.get("type")
    if kind == "string":
        return "string"
    if kind in ("integer", "number"):
        return "number"
    if kind == "boolean":
        return "boolean"
    if kind == "null":
        return "null"
    if kind == "array":
        inner = ts_type(schema["items"])
        return f"({inner})[]" if " " in inner else f"{inner}[]"
    if kind == "object":
        extra = schema.get("additionalProperties", True)
        value = "unknown" if extra is True else ts_type(extra)
        return f"{{ [key: string]: {value} }}"
    if "anyOf" in schema:
        return " | ".join(ts_type(o) for o in schema["anyOf"])
    raise ValueError(f"not a simple shape: {schema}")


def _doc(lines: list[str], indent: str) -> list[str]:
    body = [line.replace("*/", "*\\/").rstrip() for line in lines]
    while body and not body[-1]:
        body.pop()
    out = [f"{indent}/**"]
    out += [f"{indent} *{(' ' + line) if line else ''}" for line in body]
    out.append(f"{indent} */")
    return out


def _method_doc(m: MethodSpec) -> list[str]:
    lines = m.description.splitlines() or [m.name]
    lines += [
        "",
        f"`{m.name}`: auth {m.auth}; group {m.group}; "
        + ("idempotent." if m.idempotent else "not idempotent."),
    ]
    for p in m.params:
        note = f" {p.description}" if p.description else ""
        lines.append(f"@param params.{p.name}{' (required)' if p.required else ''}{note}")
    kinds = sorted({e.kind for e in m.errors})
    lines.append(f"@throws RpcError<{_failure_name(m)}>, kind one of: " + ", ".join(kinds))
    return lines


def _failure_name(m: MethodSpec) -> str:
    return f"{pascal(m.name)}Failure"


def _signature(m: MethodSpec) -> tuple[str, str]:
    """The parameter list and the params expression passed to the transport."""
    if not m.has_params:
        return "options?: CallOptions", "undefined"
    optional = "" if m.params_required else "?"
    return f"params{optional}: T.{m.params_type}, options?: CallOptions", "params"


def _topics_source(spec: Spec) -> list[str]:
    """The event log's topics (``x-events``): one event type per family, the union, and
    ``EventOfTopic<K>`` narrowing a topic's text to its family's events."""
    out: list[str] = []
    for t in spec.topics:
        topic = f"`{t.prefix}${{string}}`" if t.per_subject else f'"{t.prefix}"'
        types = " | ".join(f'"{name}"' for name in t.types)
        out += _doc([f"An event of `{t.pattern}`: {t.description}"], "")
        out += [
            f"export interface {t.type_name} {{",
            f"  topic: {topic};",
            "  seq: number;",
            f"  type: {types};",
            f"  data: T.{t.payload_type};",
            "  at: string;",
            "}",
            "",
        ]
    out += _doc(["An event of any topic."], "")
    union = " | ".join(t.type_name for t in spec.topics) or "never"
    out += [f"export type TopicEvent = {union};", ""]
    out += _doc(["The events a topic carries, from the topic's text."], "")
    out.append("export type EventOfTopic<K extends string> =")
    # Whole topics first: `forge:sessions` must not be taken for a per-subject topic.
    for t in sorted(spec.topics, key=lambda t: t.per_subject):
        topic = f"`{t.prefix}${{string}}`" if t.per_subject else f'"{t.prefix}"'
        out.append(f"  K extends {topic} ? {t.type_name} :")
    out += ["  TopicEvent;", ""]
    out += _doc(["Each topic family's event types, from the schema."], "")
    out.append("export const TOPICS = {")
    for t in spec.topics:
        types = ", ".join(f'"{name}"' for name in t.types)
        out.append(f'  "{t.pattern}": [{types}],')
    out += ["} as const;", ""]
    return out


def client_source(spec: Spec) -> str:
    """``client.ts``: the typed methods, one namespace per domain."""
    out = [
        BANNER,
        "",
        'import type * as T from "./types.js";',
        "import {",
        "  Transport,",
        "  type CallOptions,",
        "  type ClientOptions,",
        "  type CommonFailure,",
        "  type Outcome,",
        "  type RpcFailure,",
        '} from "../runtime.js";',
        'import { subscribe as subscribeTopic, type SubscribeOptions } from "../events.js";',
        "",
        "/** The inventory version (info.version) this client was generated for. */",
        f"export const INVENTORY_VERSION = {spec.version};",
        "",
        "/** Each method's auth, action group and idempotency, from the schema. */",
        "export const METHODS = {",
    ]
    for m in spec.methods:
        out.append(
            f'  "{m.name}": {{ auth: "{m.auth}", group: {m.group}, '
            f"idempotent: {'true' if m.idempotent else 'false'} }},"
        )
    out += ["} as const;", "", "export type MethodName = keyof typeof METHODS;", ""]

    for m in spec.methods:
        out.append(f"/** What `{m.name}` may fail with; narrow on `kind`. */")
        out.append(f"export type {_failure_name(m)} =")
        out.append("  | CommonFailure")
        data_types = list(dict.fromkeys(e.data_type for e in m.errors))
        for i, data_type in enumerate(data_types):
            end = ";" if i == len(data_types) - 1 else ""
            out.append(f"  | RpcFailure<T.{data_type}>{end}")
        if not data_types:
            out[-1] += ";"
        out.append("")

    domains = spec.domains()
    for domain in domains:
        methods = [m for m in spec.methods if m.domain == domain]
        api = pascal(domain) + "Api"
        out += _doc([f"Methods of the `{domain}` domain; each throws an `RpcError`."], "")
        out.append(f"export interface {api} {{")
        for m in methods:
            args, _ = _signature(m)
            out += _doc(_method_doc(m), "  ")
            out.append(f"  {m.action}({args}): Promise<{ts_type(m.result)}>;")
        out += ["}", ""]
        out += _doc(
            [f"Methods of the `{domain}` domain; each resolves to `{{ ok, value | error }}`."],
            "",
        )
        out.append(f"export interface Safe{api} {{")
        for m in methods:
            args, _ = _signature(m)
            out += _doc(_method_doc(m)[:-1], "  ")
            out.append(
                f"  {m.action}({args}): Promise<Outcome<{ts_type(m.result)}, {_failure_name(m)}>>;"
            )
        out += ["}", ""]

    out += _doc(
        [
            "A JidoCode RPC client: one namespace per domain (`client.system.ping()`).",
            "`client.safe.<domain>.<method>` returns `{ ok, value | error }` instead of",
            "throwing.",
        ],
        "",
    )
    out.append("export interface Client {")
    out.append("  readonly transport: Transport;")
    out += _doc(
        [
            "A topic's events after `options.after`, live (`GET /events`), resuming after a",
            "dropped connection without a gap or a duplicate; typed by the topic's family.",
        ],
        "  ",
    )
    out.append(
        "  subscribe<K extends string>(topic: K, options?: SubscribeOptions): "
        "AsyncGenerator<EventOfTopic<K>, void, undefined>;"
    )
    for domain in domains:
        out.append(f"  readonly {domain}: {pascal(domain)}Api;")
    out.append("  readonly safe: {")
    for domain in domains:
        out.append(f"    readonly {domain}: Safe{pascal(domain)}Api;")
    out += ["  };", "}", ""]

    out += _topics_source(spec)
    out += _doc(["Creates a client; calls made in the same tick share one HTTP request."], "")
    out.append("export function createClient(options: ClientOptions): Client {")
    out.append("  const t = new Transport({ inventoryVersion: INVENTORY_VERSION, ...options });")
    out.append("  return {")
    out.append("    transport: t,")
    out.append(
        "    subscribe: <K extends string>(topic: K, options?: SubscribeOptions) =>\n"
        "      subscribeTopic<EventOfTopic<K>>(t, topic, options),"
    )
    for safe in (False, True):
        indent = "      " if safe else "    "
        if safe:
            out.append("    safe: {")
        for domain in domains:
            out.append(f"{indent}{domain}: {{")
            for m in (m for m in spec.methods if m.domain == domain):
                args, expr = _signature(m)
                args = args.replace("?: CallOptions", "?").replace(f": T.{m.params_type}", "")
                verb = "settle" if safe else "call"
                out.append(
                    f"{indent}  {m.action}: ({args}) =>\n"
                    f"{indent}    t.{verb}<{ts_type(m.result)}, {_failure_name(m)}>"
                    f'("{m.name}", {expr}, options),'
                )
            out.append(f"{indent}}},")
        if safe:
            out.append("    },")
    out += ["  };", "}", ""]
    return "\n".join(out)

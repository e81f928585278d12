"""The jsonrpcserver adapter (``rpc.jsonrpc``): routing only, and the only importer."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import orjson

from rpc import jsonrpc

ROOT = Path(__file__).resolve().parents[2]
# The benchmark's "naive" peer is jsonrpcserver out of the box, on purpose.
ALLOWED = {"rpc/jsonrpc.py", "scripts/bench.py"}


def _imports_jsonrpcserver(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        if any(name == "jsonrpcserver" or name.startswith("jsonrpcserver.") for name in names):
            return True
    return False


def test_only_the_adapter_imports_jsonrpcserver() -> None:
    importers = {
        str(path.relative_to(ROOT))
        for top in ("rpc", "domains", "sql", "codegen", "tests", "scripts")
        for path in (ROOT / top).rglob("*.py")
        if "node_modules" not in path.parts and _imports_jsonrpcserver(path)
    }
    assert importers <= ALLOWED
    assert "rpc/jsonrpc.py" in importers


class _Recorder:
    """Calls that record what they were given; an unknown name answers an error."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, object, tuple[Any, ...], dict[str, Any]]] = []
        self.entries = jsonrpc.Entries(
            {"echo": jsonrpc.entry(self.call, "echo")}, missing=jsonrpc.entry(self.missing)
        )

    async def call(self, name: str, state: object, /, *args: Any, **kwargs: Any) -> jsonrpc.Outcome:
        self.seen.append((name, state, args, kwargs))
        return jsonrpc.success(orjson.Fragment(orjson.dumps(kwargs or list(args))))

    async def missing(self, state: object, /, *args: Any, **kwargs: Any) -> jsonrpc.Outcome:
        self.seen.append(("missing", state, args, kwargs))
        return jsonrpc.failure({"code": -32601, "message": "Method not found", "data": {}})


def _json(response: Any) -> Any:
    return orjson.loads(orjson.dumps(response))


async def test_a_call_gets_the_state_and_its_params() -> None:
    recorder = _Recorder()
    by_name = {"jsonrpc": "2.0", "method": "echo", "params": {"a": 1}, "id": 7}
    response = await jsonrpc.dispatch(recorder.entries, "st", by_name)
    assert _json(response) == {"jsonrpc": "2.0", "result": {"a": 1}, "id": 7}
    by_position = {"jsonrpc": "2.0", "method": "echo", "params": [1, 2], "id": "x"}
    response = await jsonrpc.dispatch(recorder.entries, "st", by_position)
    assert _json(response) == {"jsonrpc": "2.0", "result": [1, 2], "id": "x"}
    assert recorder.seen == [("echo", "st", (), {"a": 1}), ("echo", "st", (1, 2), {})]


async def test_a_notification_runs_and_gets_no_response() -> None:
    recorder = _Recorder()
    for method in ("echo", "nope"):
        element = {"jsonrpc": "2.0", "method": method, "params": {"a": 1}}
        assert await jsonrpc.dispatch(recorder.entries, None, element) is None
    assert [name for name, *_ in recorder.seen] == ["echo", "missing"]


async def test_an_unknown_name_is_the_missing_entrys_answer() -> None:
    recorder = _Recorder()
    element = {"jsonrpc": "2.0", "method": "nope", "id": None}
    response = await jsonrpc.dispatch(recorder.entries, None, element)
    assert _json(response) == {
        "jsonrpc": "2.0",
        "error": {"code": -32601, "message": "Method not found", "data": {}},
        "id": None,
    }


async def test_a_batch_is_routed_first_and_run_by_the_caller() -> None:
    recorder = _Recorder()
    batch: list[dict[str, Any]] = [
        {"jsonrpc": "2.0", "method": "echo", "params": {"n": 1}, "id": 1},
        {"jsonrpc": "2.0", "method": "echo", "params": {"n": 2}},  # a notification
        {"jsonrpc": "2.0", "method": "nope", "id": 3},
        {"jsonrpc": "2.0", "method": "echo", "params": {"n": 4}, "id": 4},
    ]
    routed = jsonrpc.route(recorder.entries, "st", batch)
    assert len(routed.calls) == 4
    assert recorder.seen == []  # nothing runs until the calls are awaited
    outcomes = [await call for call in routed.calls]
    assert [kwargs for _, _, _, kwargs in recorder.seen] == [{"n": 1}, {"n": 2}, {}, {"n": 4}]
    assert [(r["id"], "error" in r) for r in _json(routed.responses(outcomes))] == [
        (1, False),
        (3, True),
        (4, False),
    ]


async def test_a_batch_of_notifications_has_no_responses() -> None:
    recorder = _Recorder()
    batch: list[dict[str, Any]] = [
        {"jsonrpc": "2.0", "method": "echo"},
        {"jsonrpc": "2.0", "method": "nope"},
    ]
    routed = jsonrpc.route(recorder.entries, None, batch)
    assert routed.responses([await call for call in routed.calls]) == []
    assert len(recorder.seen) == 2

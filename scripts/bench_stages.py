"""Where the microseconds of one call go: per-stage figures without HTTP.

Used by ``scripts/bench --stages``. Two kinds of figures:

- isolated: one stage in a tight loop, wall time per operation (best of five);
- under load: 32 calls in flight on one event loop, like the HTTP benchmark, measured as
  this process's CPU time per call (PostgreSQL runs elsewhere), so the cost of cache
  misses and of the event loop with many suspended calls is included.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from typing import Any

import orjson

Row = tuple[str, float]


def _loop_us(fn: Callable[[], object], n: int = 20_000) -> float:
    for _ in range(500):
        fn()
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter_ns()
        for _ in range(n):
            fn()
        best = min(best, (time.perf_counter_ns() - t0) / n / 1000)
    return best


async def _aloop_us(fn: Callable[[], Awaitable[object]], n: int = 20_000) -> float:
    for _ in range(500):
        await fn()
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter_ns()
        for _ in range(n):
            await fn()
        best = min(best, (time.perf_counter_ns() - t0) / n / 1000)
    return best


async def _loaded_cpu_us(
    fn: Callable[[], Awaitable[object]], calls_per_op: int = 1, per: int = 300, workers: int = 32
) -> float:
    async def worker() -> None:
        for _ in range(per):
            await fn()

    await asyncio.gather(*(worker() for _ in range(workers)))
    samples = []
    for _ in range(3):
        t0 = time.process_time_ns()
        await asyncio.gather(*(worker() for _ in range(workers)))
        samples.append((time.process_time_ns() - t0) / (per * workers * calls_per_op) / 1000)
    return sorted(samples)[1]


async def measure(dsn: str) -> tuple[list[Row], list[Row]]:
    """Isolated and under-load figures against the database at ``dsn``."""
    from domains.system import service
    from domains.system.models import VersionInfo
    from rpc import jsonrpc
    from rpc.app.domains import default_registry
    from rpc.app.runtime import build_runtime
    from rpc.app.server import apply_migrations
    from rpc.call_state import CallState, LazyPrincipal
    from rpc.context import RpcContext
    from rpc.contract import NoParams
    from rpc.deadlines import Deadlines
    from rpc.dispatch import Dispatcher
    from rpc.envelope import depth_exceeds, envelope_problem
    from rpc.settings import Settings
    from sql.database import Database
    from sql.queries import query_file

    settings = Settings(database_url=dsn, run_workers=False)
    db = await Database.open(dsn, min_size=32, max_size=32, statement_timeout_ms=5000)
    try:
        await apply_migrations(db)
        registry = default_registry()
        runtime = build_runtime(settings, db, registry)
        dispatcher = Dispatcher(registry, runtime)
        sql = query_file("system")["server_version"]
        single = b'{"jsonrpc":"2.0","method":"system.version","id":1}'
        ping = b'{"jsonrpc":"2.0","method":"system.ping","id":1}'
        batch = orjson.dumps(
            [{"jsonrpc": "2.0", "method": "system.version", "id": i} for i in range(20)]
        )
        payload = orjson.loads(single)

        def state() -> CallState:
            return CallState("bench", LazyPrincipal(None), None, None)

        one = orjson.Fragment(b"1")

        async def trivial_call(st: object, /, *a: Any, **k: Any) -> jsonrpc.Outcome:
            return jsonrpc.success(one)

        entry = jsonrpc.entry(trivial_call)
        entries = jsonrpc.Entries({"system.version": entry}, missing=entry)
        st = state()
        deadlines = Deadlines(30.0)
        version = await service.version_info(db, package_version="0", inventory_version=1)
        adapter = dispatcher.registry.methods["system.version"].result_adapter
        assert isinstance(version, VersionInfo)

        def deadline() -> None:
            with deadlines():
                pass

        async def deadline_async() -> None:
            deadline()

        async def asyncio_timeout() -> None:
            async with asyncio.timeout(30.0):  # noqa: ASYNC100 (measures enter and exit)
                pass

        def result_bytes() -> bytes:
            fragment = orjson.Fragment(adapter.dump_json(version))
            return orjson.dumps({"jsonrpc": "2.0", "result": fragment, "id": 1})

        async def bare() -> object:
            async with db.pool.acquire() as conn:
                return await conn.fetchval(sql)

        async def handler() -> object:
            return await service.version_info(db, package_version="0", inventory_version=1)

        method = dispatcher.registry.methods["system.version"]

        async def our_call() -> object:
            return await dispatcher._call(method, state())

        async def through_jsonrpcserver() -> object:
            return await jsonrpc.dispatch(dispatcher.entries, state(), payload)

        async def handle_single() -> object:
            return await dispatcher.handle(single, state())

        async def handle_ping() -> object:
            return await dispatcher.handle(ping, state())

        async def handle_batch() -> object:
            return await dispatcher.handle(batch, state())

        direct = await _aloop_us(lambda: trivial_call(st))
        via = await _aloop_us(lambda: jsonrpc.dispatch(entries, st, payload))
        isolated: list[Row] = [
            ("parse: orjson.loads (one call)", _loop_us(lambda: orjson.loads(single))),
            (
                "depth check: bracket count (walk skipped)",
                _loop_us(lambda: single.count(b"[") + single.count(b"{")),
            ),
            ("depth check: full walk", _loop_us(lambda: depth_exceeds(payload, 32))),
            ("envelope check", _loop_us(lambda: envelope_problem(payload))),
            ("jsonrpcserver routing overhead (rpc.jsonrpc.dispatch)", via - direct),
            (
                "  of which its signature bind (spared: _ENTRY_SIGNATURE)",
                _loop_us(lambda: inspect.signature(entry).bind(st)),
            ),
            ("params: NoParams.model_validate({})", _loop_us(lambda: NoParams.model_validate({}))),
            ("RpcContext(...)", _loop_us(lambda: RpcContext(runtime, "bench", None, None))),
            ("deadline: shared timer (ours)", await _aloop_us(deadline_async)),
            ("deadline: asyncio.timeout (for comparison)", await _aloop_us(asyncio_timeout)),
            ("result: dump_json + response + orjson.dumps", _loop_us(result_bytes)),
            ("Dispatcher.handle system.ping (no SQL)", await _aloop_us(handle_ping)),
        ]
        loaded: list[Row] = [
            ("bare pool.acquire + fetchval", await _loaded_cpu_us(bare)),
            ("handler system.version (service, repo, model)", await _loaded_cpu_us(handler)),
            ("Dispatcher.handle system.ping", await _loaded_cpu_us(handle_ping)),
            ("  + our per-call layer (Dispatcher._call)", await _loaded_cpu_us(our_call)),
            ("  + jsonrpcserver routing", await _loaded_cpu_us(through_jsonrpcserver)),
            (
                "  + parse, envelope, response (Dispatcher.handle)",
                await _loaded_cpu_us(handle_single),
            ),
            (
                "Dispatcher.handle batch of 20, per call",
                await _loaded_cpu_us(handle_batch, calls_per_op=20, per=20),
            ),
        ]
    finally:
        await db.close()
    return isolated, loaded


def report(isolated: list[Row], loaded: list[Row]) -> None:
    """Print both tables."""
    print()
    print("per-stage, isolated (wall us per operation, tight loop, best of 5):")
    for name, us in isolated:
        print(f"  {us:8.2f}  {name}")
    print("under load (32 calls in flight, this process's CPU us per call, no HTTP):")
    for name, us in loaded:
        print(f"  {us:8.2f}  {name}")


def run(dsn: str) -> None:
    """Measure and print."""
    isolated, loaded = asyncio.run(measure(dsn))
    report(isolated, loaded)

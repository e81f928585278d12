"""The Python client's event stream (``codegen.python.events.subscribe``): scripted
against ``httpx.MockTransport``, then against a real ``jidocode serve`` process that is
stopped and started again mid-stream."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from contextlib import aclosing
from pathlib import Path
from typing import Any

import httpx
import pytest

from codegen.python.client import INVENTORY_VERSION, TOPICS, Client, topic_family
from codegen.python.events import (
    CursorExpired,
    StreamEvent,
    StreamRefused,
    StreamUnavailable,
    events_url,
    subscribe,
)
from codegen.python.runtime import RpcError, Transport, TransportError
from domains.orchestration import repo_runs
from domains.orchestration.models import RunView
from rpc.context import Runtime
from rpc.settings import Settings
from tests.codegen.live import owner_api_key
from tests.domains.orchestration.factories import run_in
from tests.server_process import server_process

TOPIC = "run:00000000-0000-0000-0000-0000000000aa"


def frame(seq: int, topic: str = TOPIC) -> str:
    """One event as the server frames it."""
    data = {"topic": topic, "seq": seq, "type": "step_started", "data": {"n": seq}, "at": "t"}
    return f"id: {topic}@{seq}\nevent: step_started\ndata: {json.dumps(data)}\n\n"


async def _silent() -> AsyncIterator[bytes]:
    await asyncio.Event().wait()  # open until the client goes away
    yield b""  # pragma: no cover


def scripted(scripts: list[str | int]) -> tuple[httpx.AsyncClient, list[httpx.Request]]:
    """A client whose connections answer ``scripts`` in turn (an SSE body that then ends,
    or an HTTP status), then stay open and silent."""
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        sse = {"content-type": "text/event-stream"}
        if not scripts:
            return httpx.Response(200, headers=sse, content=_silent())
        script = scripts.pop(0)
        if isinstance(script, int):
            body = {"kind": "not_found", "message": "no such run", "resource": "run"}
            return httpx.Response(script, json=body)
        return httpx.Response(200, headers=sse, content=script.encode())

    return httpx.AsyncClient(transport=httpx.MockTransport(handler)), sent


async def take(stream: AsyncGenerator[StreamEvent, None], n: int) -> list[StreamEvent]:
    """The first ``n`` events, then the stream closed."""
    out: list[StreamEvent] = []
    async with aclosing(stream) as events:
        async for event in events:
            out.append(event)
            if len(out) == n:
                break
    return out


TRANSPORT = Transport("http://fake/rpc", api_key="jck_test", inventory_version=INVENTORY_VERSION)


def test_events_url_sits_next_to_the_rpc_endpoint() -> None:
    assert events_url("http://127.0.0.1:8420/rpc") == "http://127.0.0.1:8420/events"
    assert events_url("https://h/api/rpc/?x=1") == "https://h/api/events"
    assert events_url("http://h:1") == "http://h:1/events"


async def test_reconnects_with_last_event_id_and_drops_repeats() -> None:
    http, sent = scripted(
        [frame(1) + frame(2) + frame(3), frame(2) + frame(4) + frame(3) + frame(5)]
    )
    got = await take(subscribe(TRANSPORT, TOPIC, http=http, backoff_s=0.001), 5)
    assert [e.seq for e in got] == [1, 2, 3, 4, 5]
    assert got[0].wire() == {
        "topic": TOPIC,
        "seq": 1,
        "type": "step_started",
        "data": {"n": 1},
        "at": "t",
    }
    assert len(sent) == 2
    assert sent[0].url.params["after"] == "0"
    assert sent[0].url.params["topic"] == TOPIC
    assert "Last-Event-ID" not in sent[0].headers
    assert sent[0].headers["Authorization"] == "Bearer jck_test"
    assert sent[0].headers["X-JidoCode-Inventory"] == str(INVENTORY_VERSION)
    assert sent[0].headers["Accept"] == "text/event-stream"
    assert sent[1].headers["Last-Event-ID"] == f"{TOPIC}@3"
    assert sent[1].url.params["after"] == "3"
    await http.aclose()


async def test_a_reset_resumes_from_the_cursor_and_junk_is_skipped() -> None:
    reset = f'event: reset\ndata: {{"topic": "{TOPIC}", "seq": 1}}\n\n'
    junk = ": keep-alive\n\ndata: not json\n\n" + frame(7, "runs")
    http, sent = scripted([frame(1) + junk + reset + frame(99), frame(2)])
    got = await take(subscribe(TRANSPORT, TOPIC, http=http, backoff_s=0.001), 2)
    assert [e.seq for e in got] == [1, 2]
    assert sent[1].headers["Last-Event-ID"] == f"{TOPIC}@1"
    await http.aclose()


async def test_cursor_expired_and_refusals_are_typed_errors() -> None:
    expired = f'event: cursor_expired\ndata: {{"topic": "{TOPIC}", "after": 0, "earliest": 40}}\n\n'
    http, _ = scripted([expired])
    with pytest.raises(CursorExpired) as caught:
        await take(subscribe(TRANSPORT, TOPIC, http=http), 1)
    assert (caught.value.kind, caught.value.code, caught.value.earliest) == (
        "cursor_expired",
        1095,
        40,
    )
    assert isinstance(caught.value, RpcError)

    http, sent = scripted([404])
    with pytest.raises(StreamRefused) as refused:
        await take(subscribe(TRANSPORT, TOPIC, http=http), 1)
    assert (refused.value.kind, refused.value.status) == ("not_found", 404)
    assert refused.value.data["resource"] == "run"
    assert len(sent) == 1, "a refusal is not retried"

    http, sent = scripted([503, 503, 503, 503])
    with pytest.raises(StreamUnavailable) as unavailable:
        await take(subscribe(TRANSPORT, TOPIC, http=http, backoff_s=0.001, max_retries=2), 1)
    assert isinstance(unavailable.value, TransportError)
    assert len(sent) == 3


async def test_cancelling_the_consumer_ends_the_stream() -> None:
    http, sent = scripted([])
    task = asyncio.create_task(take(subscribe(TRANSPORT, TOPIC, http=http), 1))
    await until(lambda: sent)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await http.aclose()


# -- against a real server process ------------------------------------------------------


async def add_events(runtime: Runtime, run: RunView, names: list[str]) -> None:
    """Commit one step event per name on ``run``."""
    for name in names:
        async with runtime.db.transaction() as conn:
            await repo_runs.insert_event(
                conn,
                run=run,
                type_="step_started",
                from_="running",
                to="running",
                step=name,
                actor="test",
                data={},
            )


async def until(condition: Callable[[], Any]) -> None:
    for _ in range(500):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("condition not met")


class Forwarder:
    """A TCP front for whichever server is current: a restart behind a stable address."""

    def __init__(self) -> None:
        self.target = 0
        self.connections = 0
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> int:
        """Listen on a free loopback port; returns it."""
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port: int = self._server.sockets[0].getsockname()[1]
        return port

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target)
        except OSError:
            writer.close()
            return
        pipes = [
            asyncio.create_task(_pipe(reader, up_writer)),
            asyncio.create_task(_pipe(up_reader, writer)),
        ]
        self._tasks.update(pipes)
        await asyncio.wait(pipes, return_when=asyncio.FIRST_COMPLETED)
        for task in pipes:
            task.cancel()
        writer.close()
        up_writer.close()

    async def close(self) -> None:
        """Stop listening and cut every connection."""
        if self._server is not None:
            self._server.close()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(OSError):
        while chunk := await reader.read(65536):
            writer.write(chunk)
            await writer.drain()


@pytest.mark.committing
async def test_a_live_stream_survives_a_server_restart(
    settings: Settings, runtime: Runtime, tmp_path: Path, clean: None
) -> None:
    async with runtime.db.transaction() as conn:
        run = await run_in(conn, runtime, "running")
    topic = f"run:{run.id}"
    front = Forwarder()
    port = await front.start()
    async with contextlib.AsyncExitStack() as stack:
        stack.push_async_callback(front.close)
        first = contextlib.AsyncExitStack()
        stack.push_async_callback(first.aclose)  # stopped below, or here on a failure
        base = await first.enter_async_context(server_process(settings, tmp_path))
        front.target = int(base.rsplit(":", 1)[1])
        key = await owner_api_key(f"{base}/rpc")
        transport = Transport(f"http://127.0.0.1:{port}/rpc", api_key=key)
        stack.push_async_callback(transport.close)
        events = await stack.enter_async_context(
            aclosing(subscribe(transport, topic, backoff_s=0.05))
        )
        got = [await anext(events), await anext(events)]
        await add_events(runtime, run, ["a"])
        got.append(await anext(events))  # live, not history

        await first.aclose()  # the server stops: it ends the stream
        await add_events(runtime, run, ["b", "c"])  # what the client must not miss
        # The same data folder: the same development key ring opens what the first sealed.
        second = await stack.enter_async_context(server_process(settings, tmp_path))
        front.target = int(second.rsplit(":", 1)[1])
        got += [await anext(events), await anext(events)]
    assert [e.seq for e in got] == [1, 2, 3, 4, 5]
    assert [e.type for e in got[:2]] == ["run_started", "step_started"]
    assert [e.data["step"] for e in got[2:]] == ["a", "b", "c"]
    assert all(e.topic == topic and e.data["run_id"] == str(run.id) for e in got)
    assert front.connections >= 2


@pytest.mark.committing
async def test_refusals_and_an_expired_cursor_from_a_real_server(
    settings: Settings, runtime: Runtime, tmp_path: Path, clean: None
) -> None:
    async with runtime.db.transaction() as conn:
        run = await run_in(conn, runtime, "completed")
        await conn.execute(
            "UPDATE event_topics SET pruned_through = 2 WHERE topic = $1", f"run:{run.id}"
        )
    async with server_process(settings, tmp_path) as base:
        key = await owner_api_key(f"{base}/rpc")
        anonymous = Transport(f"{base}/rpc")
        owner = Transport(f"{base}/rpc", api_key=key)
        with pytest.raises(StreamRefused) as no_key:
            await take(subscribe(anonymous, f"run:{run.id}"), 1)
        assert (no_key.value.status, no_key.value.kind) == (401, "unauthenticated")
        with pytest.raises(StreamRefused) as bad:
            await take(subscribe(owner, "nonsense"), 1)
        assert (bad.value.status, bad.value.kind) == (400, "validation_error")
        with pytest.raises(StreamRefused) as unknown:
            await take(subscribe(owner, "run:00000000-0000-0000-0000-000000000000"), 1)
        assert (unknown.value.status, unknown.value.kind) == (404, "not_found")
        with pytest.raises(CursorExpired) as expired:
            await take(subscribe(owner, f"run:{run.id}"), 1)
        assert (expired.value.after, expired.value.earliest) == (0, 2)
        [last] = await take(subscribe(owner, f"run:{run.id}", after=2), 1)
        assert (last.seq, last.type) == (3, "run_completed")
        async with Client(owner) as client:  # the generated client's own subscribe
            [same] = await take(client.subscribe(f"run:{run.id}", after=2), 1)
        assert same == last
        # The generated TOPICS table describes what the server sends: the family's types
        # and the model of its data.
        family = topic_family(last.topic)
        assert family == "run:{id}"
        types, payload = TOPICS[family]
        assert last.type in types
        assert str(payload.model_validate(last.data).run_id) == str(run.id)  # type: ignore[attr-defined]
        assert topic_family("runs") == "runs"
        assert topic_family("nonsense") is None

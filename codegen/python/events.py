"""Live events: ``subscribe(transport, topic, after=0)`` streams ``GET /events``.

Server-Sent Events over httpx streaming, framed by httpx-sse (confined to this module).
The subscription authenticates like the transport's calls (``Transport.stream_headers``);
after a dropped connection, a server error or a ``reset`` it reconnects with
``Last-Event-ID: <topic>@<seq>`` of the last event it yielded, after a small backoff. A
topic's seq only goes up: an event at or below the last one yielded is dropped, so none
is yielded twice or out of order. It ends when the caller stops iterating (``break``,
``aclose()``, cancelling the task).

Failures, in ``codegen.python.runtime``'s tree::

    ClientError
    ├── TransportError
    │   └── StreamUnavailable   no connection after ``max_retries`` attempts in a row
    └── RpcError
        ├── CursorExpired       the cursor is older than retention: reload, resume at
        │                       ``earliest`` (kind ``cursor_expired``, code 1095)
        └── StreamRefused       401, 400 (bad topic), 404 (unknown subject), ...
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncGenerator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
from httpx_sse import ServerSentEvent, SSEError, aconnect_sse

from codegen.python.runtime import RpcError, Transport, TransportError

CURSOR_EXPIRED_CODE = 1095
DEFAULT_BACKOFF_S = 0.2
DEFAULT_MAX_BACKOFF_S = 5.0
# A live stream is quiet between events; the server's keep-alives come well within this.
DEFAULT_READ_TIMEOUT_S = 60.0
_REFUSAL_KINDS = {
    400: "validation_error",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
}


@dataclass(frozen=True, slots=True)
class StreamEvent:
    """One event of a topic, as ``GET /events`` and ``events.list`` carry it."""

    topic: str
    seq: int
    type: str
    data: dict[str, Any]
    at: str

    def wire(self) -> dict[str, Any]:
        """The event as JSON, exactly the stream's ``data:`` object."""
        return {
            "topic": self.topic,
            "seq": self.seq,
            "type": self.type,
            "data": self.data,
            "at": self.at,
        }


class CursorExpired(RpcError):
    """Events of ``topic`` after ``after`` are gone (pruned through ``earliest``)."""

    def __init__(self, *, topic: str, after: int, earliest: int) -> None:
        super().__init__(
            CURSOR_EXPIRED_CODE,
            f"events of {topic} after {after} are no longer kept",
            {"kind": "cursor_expired", "topic": topic, "after": after, "earliest": earliest},
        )
        self.topic = topic
        self.after = after
        self.earliest = earliest


class StreamRefused(RpcError):
    """The server refused the stream; ``status`` is the HTTP status."""

    def __init__(self, status: int, code: int, message: str, data: Mapping[str, Any]) -> None:
        super().__init__(code, message, data)
        self.status = status


class StreamUnavailable(TransportError):
    """The stream could not be (re)connected ``max_retries`` times in a row."""


def events_url(rpc_url: str) -> str:
    """The SSE address for an RPC endpoint: ``…/rpc`` becomes ``…/events``."""
    parts = urlsplit(rpc_url)
    path = parts.path.rstrip("/")
    path = path[: -len("/rpc")] if path.endswith("/rpc") else path
    return urlunsplit(parts._replace(path=f"{path}/events", query="", fragment=""))


def _refusal(status: int, body: bytes) -> StreamRefused:
    try:
        decoded: Any = json.loads(body)
    except ValueError:
        decoded = None
    # The server answers ``{kind, message, ...data}``; a JSON-RPC style ``{error}`` too.
    error = decoded.get("error", decoded) if isinstance(decoded, dict) else None
    fields: dict[str, Any] = dict(error) if isinstance(error, dict) else {}
    message = fields.pop("message", None)
    code = fields.pop("code", None)
    nested = fields.pop("data", None)
    data: dict[str, Any] = dict(nested) if isinstance(nested, dict) else fields
    kind = data.get("kind") or _REFUSAL_KINDS.get(status, "transport")
    data.update(kind=kind, status=status)
    return StreamRefused(
        status,
        code if isinstance(code, int) and not isinstance(code, bool) else status,
        message if isinstance(message, str) else f"GET /events answered HTTP {status}",
        data,
    )


def _parse(sse: ServerSentEvent) -> StreamEvent | None:
    try:
        value = json.loads(sse.data)
    except ValueError:
        return None
    if not isinstance(value, dict):
        return None
    topic, seq, type_ = value.get("topic"), value.get("seq"), value.get("type")
    if not isinstance(topic, str) or not isinstance(type_, str):
        return None
    if not isinstance(seq, int) or isinstance(seq, bool):
        return None
    data = value.get("data")
    at = value.get("at")
    return StreamEvent(
        topic=topic,
        seq=seq,
        type=type_,
        data=data if isinstance(data, dict) else {},
        at=at if isinstance(at, str) else "",
    )


def _cursor_expired(sse: ServerSentEvent, topic: str, after: int) -> CursorExpired:
    try:
        value = json.loads(sse.data)
    except ValueError:
        value = {}
    value = value if isinstance(value, dict) else {}

    def number(key: str, default: int) -> int:
        got = value.get(key)
        return got if isinstance(got, int) and not isinstance(got, bool) else default

    shown = value.get("topic")
    return CursorExpired(
        topic=shown if isinstance(shown, str) else topic,
        after=number("after", after),
        earliest=number("earliest", after),
    )


async def subscribe(
    transport: Transport,
    topic: str,
    *,
    after: int = 0,
    max_retries: int | None = None,
    backoff_s: float = DEFAULT_BACKOFF_S,
    max_backoff_s: float = DEFAULT_MAX_BACKOFF_S,
    read_timeout_s: float | None = DEFAULT_READ_TIMEOUT_S,
    http: httpx.AsyncClient | None = None,
    url: str | None = None,
) -> AsyncGenerator[StreamEvent, None]:
    """The events of ``topic`` with a seq above ``after``, live, until the caller stops.

    ``max_retries``: failed connection attempts in a row before ``StreamUnavailable``
    (``None``: keep trying). ``http``: a client to share between subscriptions (else one
    of its own). ``url``: the events endpoint (else the transport's, ``/rpc`` → ``/events``).
    """
    endpoint = url or events_url(transport.url)
    own = http is None
    client = http or httpx.AsyncClient(
        timeout=httpx.Timeout(10.0, read=read_timeout_s), follow_redirects=False
    )
    last = after
    resume = False  # Last-Event-ID from the second connection on
    failures = 0
    try:
        while True:
            headers = transport.stream_headers()
            if resume:
                headers["Last-Event-ID"] = f"{topic}@{last}"
            response: httpx.Response | None = None
            problem = "no connection"
            try:
                async with aconnect_sse(
                    client, "GET", endpoint, params={"topic": topic, "after": last}, headers=headers
                ) as source:
                    response = source.response
                    status = response.status_code
                    if 400 <= status < 500 and status not in (408, 429):
                        raise _refusal(status, await response.aread())
                    problem = f"GET /events answered HTTP {status}"
                    if status == 200:
                        async for sse in source.aiter_sse():
                            if sse.event == "reset":
                                problem = "the server reset the stream"
                                break
                            if sse.event == "cursor_expired":
                                raise _cursor_expired(sse, topic, last)
                            event = _parse(sse)
                            if event is None or event.topic != topic or event.seq <= last:
                                continue
                            last = event.seq
                            yield event
                        else:
                            problem = "the stream ended"
            except (httpx.TransportError, httpx.StreamError, SSEError) as exc:
                problem = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            # Anything at all on the stream (a keep-alive comment too): the server is up.
            healthy = (
                response is not None
                and response.status_code == 200
                and response.num_bytes_downloaded > 0
            )
            resume = True
            failures = 0 if healthy else failures + 1
            if max_retries is not None and failures > max_retries:
                raise StreamUnavailable(f"cannot stream {topic} from {endpoint}: {problem}")
            delay = backoff_s if healthy else min(max_backoff_s, backoff_s * 2 ** (failures - 1))
            await asyncio.sleep(delay)
    finally:
        if own:
            await client.aclose()

"""``GET /events?topic=<topic>&after=<seq>``: one topic's events as Server-Sent Events.

Each event is a message with ``id: <topic>@<seq>``, ``event: <type>`` and as ``data``
the JSON of ``LoggedEvent.wire()``; an idle stream carries keep-alive comments. A client
resumes where it stopped with ``Last-Event-ID`` (a browser's ``EventSource`` sends it on
reconnecting), which overrides ``after`` for the same topic. Without either, the stream
starts after the topic's newest event. Two control events end a stream, both without an
id so they do not move the client's cursor:

- ``cursor_expired`` (``{"topic", "after", "earliest"}``): events after the cursor were
  pruned; reload the snapshot and subscribe after its seq;
- ``reset`` (``{"topic", "seq"}``): the client fell too far behind
  (``JIDOCODE_EVENTS_QUEUE_SIZE``); resume from ``seq``, the last event it was sent.

Credentials are the ``/rpc`` ones: an ``Authorization`` header, or the session cookie
with a same-origin ``Sec-Fetch-Site`` or ``Origin`` (``domains.accounts.auth``). What
is refused before the stream starts is a small JSON body with ``kind`` and ``message``:
401 without credentials (with ``WWW-Authenticate: Bearer``), 403 for a refused cookie,
400 for a malformed topic or cursor, 404 for a subject that does not exist.

Only this module and ``rpc.http`` know aiohttp here; only this one knows aiohttp-sse.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from aiohttp import web
from aiohttp_sse import EventSourceResponse, sse_response

from rpc.context import CredentialRequest, CredentialResolver, Runtime
from rpc.errors import AppError, CursorExpired, Unauthenticated, ValidationFailed
from rpc.event_families import check_topic
from rpc.events import log as event_log
from rpc.events.hub import EventHub, Overflowed, Subscription
from rpc.logs import REQUEST_ID

log = logging.getLogger(__name__)

EVENT_HUB: web.AppKey[EventHub] = web.AppKey("event_hub", EventHub)

# Larger than any seq: reading after it costs one row and tells the topic's newest seq.
_NEWEST = 2**63 - 1

# The HTTP status of each error kind a refusal can have; any other kind is a 500.
_STATUS = {
    "unauthenticated": 401,
    "forbidden": 403,
    "validation_error": 400,
    "not_found": 404,
    "rate_limited": 429,
}

CredentialsOf = Callable[[web.Request], CredentialRequest]


def _seq(value: str, field: str) -> int:
    """A seq from text: ASCII digits, at most 18 (a bigint); ``ValidationFailed`` else."""
    if not (value.isascii() and value.isdigit()) or len(value) > 18:
        raise ValidationFailed.on(field, "must be a seq (a non-negative integer)")
    return int(value)


def parse_last_event_id(value: str) -> tuple[str, int]:
    """``(topic, seq)`` from a ``Last-Event-ID`` (``<topic>@<seq>``); ``ValidationFailed``
    when it is not one."""
    topic, sep, seq = value.strip().rpartition("@")
    if not sep or not topic:
        raise ValidationFailed.on("Last-Event-ID", "must be <topic>@<seq>")
    return topic, _seq(seq, "Last-Event-ID")


def requested_cursor(
    query: dict[str, str], last_event_id: str | None
) -> tuple[str, int | None, tuple[str, int] | None]:
    """The topic a request asks for, its ``after`` (``None``: after the newest event) and
    the ``Last-Event-ID`` it resumes from, if any."""
    topic = query.get("topic", "")
    if not topic:
        raise ValidationFailed.on("topic", "required")
    raw = query.get("after")
    after = _seq(raw, "after") if raw is not None else None
    resumed = parse_last_event_id(last_event_id) if last_event_id else None
    return topic, after, resumed


def refusal(error: AppError) -> web.Response:
    """The small JSON answer for an error raised before the stream starts."""
    status = _STATUS.get(error.kind, 500)
    body: dict[str, Any] = {"kind": error.kind, "message": error.message, **error.data()}
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return web.Response(
        status=status, body=orjson.dumps(body), content_type="application/json", headers=headers
    )


def endpoint(
    runtime: Runtime,
    hub: EventHub,
    resolver: CredentialResolver | None,
    credentials: CredentialsOf,
) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """The ``GET /events`` handler, bound to a runtime, its hub and the credential
    resolver (``None``: nobody can authenticate, every request is a 401)."""
    ping_s = runtime.settings.events_ping_interval_s

    async def handle(request: web.Request) -> web.StreamResponse:
        async def still_allowed() -> bool:
            """Whether the request's credential still resolves (not revoked, expired or
            signed out): checked again at every ping, so a revocation ends the stream."""
            try:
                return resolver is not None and (
                    await resolver.resolve(runtime, credentials(request)) is not None
                )
            except AppError:
                return False

        try:
            if resolver is None or await resolver.resolve(runtime, credentials(request)) is None:
                raise Unauthenticated()
            asked, after, resumed = requested_cursor(
                dict(request.query), request.headers.get("Last-Event-ID")
            )
            async with runtime.db.connection() as conn:
                topic = await check_topic(runtime.event_families, conn, asked)
                # An id from another topic's stream says nothing about this one.
                if resumed is not None and resumed[0] in (asked, topic):
                    after = resumed[1]
                if after is None:
                    after = (await event_log.read(conn, topic, after=_NEWEST, limit=1)).last_seq
        except AppError as exc:
            return refusal(exc)
        # The middleware's X-Request-Id would come too late: the headers leave at prepare.
        request_id = REQUEST_ID.get()
        headers = {"X-Request-Id": request_id} if request_id else None
        async with (
            hub.subscribe(topic, after) as sub,
            sse_response(request, ping_interval=ping_s, headers=headers) as resp,
        ):
            await _stream(resp, sub, still_allowed, ping_s)
        return resp

    return handle


async def _stream(
    resp: EventSourceResponse,
    sub: Subscription,
    still_allowed: Callable[[], Awaitable[bool]],
    recheck_s: float,
) -> None:
    """Send the subscription until it ends, the client goes away or its credential stops
    resolving, whichever is first.

    The events go out from their own task while this one waits on aiohttp-sse's ping
    task: a ping to a client that went away fails and ends it, which is how an idle
    stream notices (aiohttp does not cancel a handler whose client left). A third task
    resolves the credential again every ``recheck_s``: a key revoked, a session signed
    out or a token expired ends the stream, and the client's reconnection gets its 401.
    """
    pump = asyncio.create_task(_pump(resp, sub), name="jidocode-events-stream")
    guard = asyncio.create_task(_guard(resp, still_allowed, recheck_s), name="jidocode-events-auth")
    try:
        await resp.wait()
    finally:
        pump.cancel()
        guard.cancel()
        outcomes = await asyncio.gather(pump, guard, return_exceptions=True)
        for outcome in outcomes:
            if isinstance(outcome, Exception):
                log.error("event stream failed", exc_info=outcome, extra={"topic": sub.topic})


async def _guard(
    resp: EventSourceResponse, still_allowed: Callable[[], Awaitable[bool]], recheck_s: float
) -> None:
    while True:
        await asyncio.sleep(recheck_s)
        if not await still_allowed():
            resp.stop_streaming()
            return


async def _pump(resp: EventSourceResponse, sub: Subscription) -> None:
    try:
        await _send_all(resp, sub)
    except (ConnectionResetError, TimeoutError):
        pass  # the client went away or stalled mid-send; aiohttp-sse already stopped
    finally:
        resp.stop_streaming()  # ends the handler's wait: the response is complete


async def _send_all(resp: EventSourceResponse, sub: Subscription) -> None:
    try:
        async for item in sub:
            if isinstance(item, Overflowed):
                await _send_control(resp, "reset", {"topic": item.topic, "seq": item.seq})
                return
            await resp.send(
                orjson.dumps(item.wire()).decode(),
                id=f"{item.topic}@{item.seq}",
                event=item.type,
            )
    except CursorExpired as exc:
        await _send_control(resp, "cursor_expired", exc.data())


async def _send_control(resp: EventSourceResponse, event: str, data: dict[str, Any]) -> None:
    await resp.send(orjson.dumps(data).decode(), event=event)


def add_routes(
    app: web.Application,
    runtime: Runtime,
    resolver: CredentialResolver | None,
    credentials: CredentialsOf,
) -> EventHub:
    """Serve ``GET /events`` on ``app`` from a hub of its own, whose streams end when the
    app shuts down (before aiohttp waits for handlers) and whose connection closes then."""
    settings = runtime.settings
    hub = EventHub(
        runtime.db, queue_size=settings.events_queue_size, reconnect_s=settings.events_reconnect_s
    )
    app[EVENT_HUB] = hub

    async def close_hub(_app: web.Application) -> None:
        await hub.close()

    app.on_shutdown.append(close_hub)
    app.on_cleanup.append(close_hub)  # an app cleaned up without a shutdown (a failed start)
    # No HEAD: a stream has no headers-only form, and a HEAD would be judged as a write.
    app.router.add_get("/events", endpoint(runtime, hub, resolver, credentials), allow_head=False)
    return hub

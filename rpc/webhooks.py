"""``POST /webhooks/<source>``: the HTTP edge of webhook deliveries (GitHub's).

The only place that sees aiohttp for these routes. It reads the raw body under the
route's own limit (``max_webhook_body_bytes``, 25 MiB; ``/rpc`` keeps its 1 MiB) and
hands the bytes, headers and client address (behind a trusted proxy, the forwarded one:
``rpc.client_address``) to the intake a domain registered for the source — it knows
nothing about signatures, secrets or storage.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import orjson
from aiohttp import web

from rpc.body import read_limited
from rpc.client_address import FORWARDED_FOR, client_address, trusted_networks
from rpc.context import Runtime, WebhookIntake

_JSON = "application/json"


def _json(
    status: int, body: dict[str, object], headers: dict[str, str] | None = None
) -> web.Response:
    return web.Response(status=status, body=orjson.dumps(body), content_type=_JSON, headers=headers)


def endpoint(
    runtime: Runtime, intake: WebhookIntake
) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """The handler for ``POST /webhooks/<source>``, bound to ``runtime`` and its intake."""
    limit = runtime.settings.max_webhook_body_bytes
    trusted = trusted_networks(runtime.settings.trusted_proxies)

    async def handle(request: web.Request) -> web.StreamResponse:
        body = await read_limited(request, limit)
        if body is None:
            return _json(413, {"error": f"the body exceeds {limit} bytes"})
        client = client_address(request.remote, request.headers.getall(FORWARDED_FOR, ()), trusted)
        status, answer = await intake.receive(runtime, request.headers, body, client)
        headers = None
        retry_after = answer.get("retry_after_s")
        if status == 429 and isinstance(retry_after, int):
            headers = {"Retry-After": str(retry_after)}
        return _json(status, answer, headers)

    return handle


def add_routes(app: web.Application, runtime: Runtime) -> None:
    """A ``POST /webhooks/<source>`` route for every registered intake."""
    for source, intake in sorted(runtime.webhook_intakes.items()):
        app.router.add_post(f"/webhooks/{source}", endpoint(runtime, intake))

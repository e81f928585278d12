"""The HTTP edge (aiohttp): ``POST /rpc``, ``GET /openrpc.json``, health, readiness,
``GET /metrics``, the event streams (``GET /events``, ``rpc.events.sse``) and the
operator console (``GET /``, ``GET /assets/…``, ``rpc.console.serve``).

The only module that knows aiohttp besides the server entry point and the routes it
mounts (``rpc.webhooks``, ``rpc.events.sse``, ``rpc.console.serve``). Bodies over the
limit get a JSON-RPC error, never aiohttp's HTML 413 page. Every response, on every route
(health, webhooks, event streams, the console and aiohttp's own 404 and 405 included),
carries the request's ``X-Request-Id``, and every request is counted and gets its access
line (``with_request_id``).

``GET /metrics`` (Prometheus text, ``rpc.metrics``) answers the owner only, with the same
credentials as ``/rpc`` (an API key or bearer token; a same-origin session cookie too),
and a bare 401 to anyone else. When ``JIDOCODE_METRICS_LISTEN`` is set it is served
instead on that address, without auth, by ``build_metrics_app``, and the main address
does not serve it at all (404): one place to scrape, which the operator keeps private.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import secrets
from collections.abc import Awaitable, Callable
from time import perf_counter

from aiohttp import web

from rpc import access_log, wire_errors
from rpc.body import read_limited
from rpc.call_state import CallState, LazyPrincipal
from rpc.client_address import FORWARDED_FOR, client_address, trusted_networks
from rpc.console.serve import add_routes as add_console_routes
from rpc.context import CredentialRequest, HttpExchange, Principal, Runtime
from rpc.dispatch import Dispatcher
from rpc.errors import AppError
from rpc.events.sse import add_routes as add_event_routes
from rpc.inventory import HEADER as INVENTORY_HEADER
from rpc.inventory import check_client_version
from rpc.logs import REQUEST_ID as REQUEST_ID_VAR
from rpc.metrics import CONTENT_TYPE as METRICS_CONTENT_TYPE
from rpc.registry import Registry
from rpc.webhooks import add_routes as add_webhook_routes
from sql import migrator

REQUEST_ID = "X-Request-Id"
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_JSON = "application/json"

RUNTIME: web.AppKey[Runtime] = web.AppKey("runtime", Runtime)
_REQUEST_ID_KEY: web.RequestKey[str] = web.RequestKey("request_id", str)
DISPATCHER: web.AppKey[Dispatcher] = web.AppKey("dispatcher", Dispatcher)
REGISTRY: web.AppKey[Registry] = web.AppKey("registry", Registry)


# Generated ids: a random per-process prefix and a counter, 32 hex digits like a uuid4
# but without a urandom call and a UUID object per request (measured: ~1.5 µs).
_ID_PREFIX = secrets.token_hex(8)
_ID_COUNTER = itertools.count(secrets.randbelow(1 << 32))


def new_request_id() -> str:
    """A fresh request id, unique within the process and unlikely to repeat across them."""
    return f"{_ID_PREFIX}{next(_ID_COUNTER) & 0xFFFFFFFFFFFFFFFF:016x}"


def request_id_of(request: web.Request) -> str:
    """The caller's ``X-Request-Id`` when it is a sane token, else a fresh one."""
    given = request.headers.get(REQUEST_ID)
    if given is not None and _SAFE_ID.fullmatch(given):
        return given
    return new_request_id()


def client_of(request: web.Request) -> str | None:
    """The client's address: the peer, or behind a trusted proxy the one it forwarded."""
    trusted = trusted_networks(request.app[RUNTIME].settings.trusted_proxies)
    if not trusted:
        return request.remote
    return client_address(request.remote, request.headers.getall(FORWARDED_FOR, ()), trusted)


def route_of(request: web.Request) -> str:
    """The matched route's template (``/webhooks/github``), or ``unmatched``: a label
    that a caller cannot multiply by inventing paths."""
    resource = request.match_info.route.resource
    return resource.canonical if resource is not None else access_log.UNMATCHED_ROUTE


@web.middleware
async def with_request_id(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """Give the request its id once, put it on whatever response leaves, and account for
    the request (its access line)."""
    start = perf_counter()
    request_id = request_id_of(request)
    request[_REQUEST_ID_KEY] = request_id
    token = REQUEST_ID_VAR.set(request_id)
    status = 500  # what aiohttp answers for an exception that is not an HTTPException
    try:
        response = await handler(request)
        status = response.status
    except web.HTTPException as exc:  # aiohttp's own answers (404, 405) are raised
        exc.headers[REQUEST_ID] = request_id
        status = exc.status
        raise
    except asyncio.CancelledError:
        status = 499  # the client went away first (nginx's name for it)
        raise
    finally:
        REQUEST_ID_VAR.reset(token)
        _observe(request, request_id, status, start)
    response.headers[REQUEST_ID] = request_id
    return response


def _observe(request: web.Request, request_id: str, status: int, start: float) -> None:
    runtime = request.app[RUNTIME]
    elapsed = perf_counter() - start
    route = route_of(request)
    runtime.metrics.observe_http(route, request.method, status, elapsed)
    if access_log.enabled(runtime.settings.access_log):
        access_log.log_http(
            http_method=request.method,
            route=route,
            path=request.rel_url.raw_path,
            status=status,
            duration_s=elapsed,
            request_id=request_id,
            client=client_of(request),
        )


def _credential_request(request: web.Request) -> CredentialRequest:
    return CredentialRequest(
        http_method=request.method,
        headers=request.headers,
        cookies=request.cookies,
        host=request.host,
        scheme=request.scheme,
        remote=request.remote,
    )


async def rpc_endpoint(request: web.Request) -> web.StreamResponse:
    """``POST /rpc``: one JSON-RPC request or batch."""
    app = request.app
    runtime = app[RUNTIME]
    request_id = request.get(_REQUEST_ID_KEY) or request_id_of(request)
    headers = {REQUEST_ID: request_id}
    limit = runtime.settings.max_body_bytes
    body = await read_limited(request, limit)
    if body is None:
        return web.Response(
            status=413,
            body=wire_errors.invalid_request(request_id, f"the body exceeds {limit} bytes"),
            content_type=_JSON,
            headers=headers,
        )
    resolver = app[REGISTRY].credential_resolver
    resolve: Callable[[], Awaitable[Principal | None]] | None = None
    if resolver is not None:
        # Built only when a call needs a principal: parsing cookies costs microseconds
        # that an anonymous call should not pay.
        async def resolve() -> Principal | None:
            return await resolver.resolve(runtime, _credential_request(request))

    exchange = HttpExchange(user_agent=request.headers.get("User-Agent"), client=client_of(request))
    state = CallState(
        request_id,
        LazyPrincipal(resolve),
        check_client_version(request.headers.get(INVENTORY_HEADER)),
        exchange,
    )
    out = await app[DISPATCHER].handle(body, state)
    if out is None:
        response = web.Response(status=204, headers=headers)
    else:
        response = web.Response(body=out, content_type=_JSON, headers=headers)
    for cookie in exchange.cookies:
        response.set_cookie(
            cookie.name,
            cookie.value,
            max_age=cookie.max_age,
            path=cookie.path,
            secure=cookie.secure,
            httponly=cookie.http_only,
            samesite=cookie.same_site,
        )
    return response


async def openrpc_document(request: web.Request) -> web.Response:
    """``GET /openrpc.json``: the same document ``rpc.discover`` returns."""
    doc = request.app[RUNTIME].document
    return web.Response(body=doc.rendered, content_type=_JSON)


async def healthz(request: web.Request) -> web.Response:
    """``GET /healthz``: the process is up and serving."""
    return web.json_response({"status": "ok"})


async def readyz(request: web.Request) -> web.Response:
    """``GET /readyz``: the database answers and every migration is applied."""
    runtime = request.app[RUNTIME]
    try:
        async with runtime.db.connection() as conn:
            current = await migrator.is_current(conn, migrator.discover())
    except Exception:  # any failure to reach the database means "not ready"
        return web.json_response({"status": "unavailable", "database": False}, status=503)
    if not current:
        return web.json_response({"status": "migrations_pending", "database": True}, status=503)
    return web.json_response({"status": "ready", "database": True})


async def metrics_page(request: web.Request) -> web.Response:
    """``GET /metrics`` on the separate metrics address: the exposition text."""
    runtime = request.app[RUNTIME]
    body = await runtime.metrics.render(runtime.db)
    return web.Response(body=body, headers={"Content-Type": METRICS_CONTENT_TYPE})


async def _is_owner(request: web.Request) -> bool:
    resolver = request.app[REGISTRY].credential_resolver
    if resolver is None:
        return False
    try:
        principal = await resolver.resolve(request.app[RUNTIME], _credential_request(request))
    except AppError:  # bad, expired, revoked or refused: all the same 401 here
        return False
    return principal is not None


async def owner_metrics_page(request: web.Request) -> web.Response:
    """``GET /metrics`` on the main address: the owner's credentials, else a bare 401."""
    if not await _is_owner(request):
        return web.Response(status=401, headers={"WWW-Authenticate": "Bearer"})
    return await metrics_page(request)


def build_metrics_app(runtime: Runtime) -> web.Application:
    """The application served on ``JIDOCODE_METRICS_LISTEN``: ``GET /metrics`` only."""
    app = web.Application(middlewares=[with_request_id])
    app[RUNTIME] = runtime
    app.router.add_get("/metrics", metrics_page)
    return app


def build_app(runtime: Runtime, registry: Registry) -> web.Application:
    """The aiohttp application for one runtime and registry."""
    # The largest body any route accepts; /rpc enforces its own, smaller limit.
    app = web.Application(
        client_max_size=runtime.settings.max_webhook_body_bytes, middlewares=[with_request_id]
    )
    app[RUNTIME] = runtime
    app[REGISTRY] = registry
    app[DISPATCHER] = Dispatcher(registry, runtime)
    app.router.add_post("/rpc", rpc_endpoint)
    app.router.add_get("/openrpc.json", openrpc_document)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    if runtime.settings.metrics_listen is None:
        app.router.add_get("/metrics", owner_metrics_page)
    add_webhook_routes(app, runtime)
    add_event_routes(app, runtime, registry.credential_resolver, _credential_request)
    add_console_routes(app)
    return app

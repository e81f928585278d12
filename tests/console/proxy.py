"""A transparent HTTP proxy in front of the server, on its own port: the browser talks to
the console through it, so a story can see what the server answered (even what a page
was not allowed to read) and drop the event streams at will.

It forwards every request unchanged (the ``Host``, ``Origin``, ``Sec-Fetch-*`` and
``Cookie`` headers included, so the server judges the browser's own headers against the
proxy's origin, which is the console's origin as the browser sees it) and keeps each
exchange but the assets' bodies. Event streams (``text/event-stream``) are relayed as
they come; ``sever_events()`` cuts every open one mid-stream, and while
``refuse_events`` is set a new ``GET /events`` is answered 503, as a restarting server
behind a reverse proxy is.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestServer
from multidict import CIMultiDict, CIMultiDictProxy

HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "content-length",
    }
)


@dataclass
class Exchange:
    """One request the proxy relayed and what the server answered."""

    method: str
    path_qs: str
    headers: dict[str, str]
    body: bytes
    status: int = 0
    answer: bytes = b""

    @property
    def text(self) -> str:
        """The request body as text."""
        return self.body.decode("utf-8", "replace")

    @property
    def answer_text(self) -> str:
        """The answer's body as text (empty for an asset or an event stream)."""
        return self.answer.decode("utf-8", "replace")


def _forwarded(headers: CIMultiDictProxy[str]) -> CIMultiDict[str]:
    out: CIMultiDict[str] = CIMultiDict()
    for name, value in headers.items():
        if name.lower() not in HOP_BY_HOP:
            out.add(name, value)
    return out


@dataclass
class Proxy:
    """Relays to ``upstream``; start with ``start()``, end with ``close()``."""

    upstream: str
    exchanges: list[Exchange] = field(default_factory=list)
    refuse_events: bool = False
    severed: int = 0
    refused: int = 0
    _streams: dict[int, tuple[web.Request, aiohttp.ClientResponse]] = field(default_factory=dict)
    _server: TestServer | None = None
    _http: aiohttp.ClientSession | None = None

    @property
    def url(self) -> str:
        """The proxy's origin: where the browser opens the console."""
        assert self._server is not None, "start the proxy first"
        return str(self._server.make_url("")).rstrip("/")

    async def start(self) -> Proxy:
        """Listen on 127.0.0.1 (a free port)."""
        self._http = aiohttp.ClientSession(
            auto_decompress=False,
            cookie_jar=aiohttp.DummyCookieJar(),
            timeout=aiohttp.ClientTimeout(total=None, sock_read=None),
        )
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._relay)
        self._server = TestServer(app, host="127.0.0.1")
        await self._server.start_server()
        return self

    async def close(self) -> None:
        """Cut the streams, stop listening."""
        self.sever_events()
        if self._server is not None:
            await self._server.close()
        if self._http is not None:
            await self._http.close()

    def sever_events(self) -> int:
        """Cut every open event stream mid-flight; how many were cut."""
        cut = 0
        for request, upstream in list(self._streams.values()):
            if request.transport is not None:
                request.transport.close()
            upstream.close()  # the server sees the stream end too
            cut += 1
        self.severed += cut
        return cut

    def open_streams(self) -> int:
        """How many event streams are being relayed now."""
        return len(self._streams)

    def posts(self, needle: str) -> list[Exchange]:
        """The ``POST /rpc`` exchanges whose body holds ``needle``."""
        return [
            e
            for e in self.exchanges
            if e.method == "POST" and e.path_qs == "/rpc" and needle in e.text
        ]

    async def _relay(self, request: web.Request) -> web.StreamResponse:
        assert self._http is not None
        body = await request.read()
        exchange = Exchange(request.method, request.path_qs, dict(request.headers), body)
        self.exchanges.append(exchange)
        if request.path == "/events" and self.refuse_events:
            self.refused += 1
            exchange.status = 503
            return web.Response(status=503, text="the server is restarting\n")
        try:
            return await self._forward(request, exchange)
        except aiohttp.ClientConnectionError:
            exchange.status = 502  # the server is not there (stopped, restarting)
            return web.Response(status=502, text="the server did not answer\n")

    async def _forward(self, request: web.Request, exchange: Exchange) -> web.StreamResponse:
        assert self._http is not None
        async with self._http.request(
            request.method,
            self.upstream + request.path_qs,
            headers=_forwarded(request.headers),
            data=exchange.body if exchange.body else None,
            allow_redirects=False,
        ) as upstream:
            exchange.status = upstream.status
            headers = _forwarded(upstream.headers)
            if upstream.content_type == "text/event-stream":
                return await self._stream(request, upstream, headers)
            answer = await upstream.read()
            if not request.path.startswith("/assets/"):
                exchange.answer = answer
            return web.Response(status=upstream.status, body=answer, headers=headers)

    async def _stream(
        self, request: web.Request, upstream: aiohttp.ClientResponse, headers: CIMultiDict[str]
    ) -> web.StreamResponse:
        response = web.StreamResponse(status=upstream.status, headers=headers)
        await response.prepare(request)
        self._streams[id(request)] = (request, upstream)
        try:
            async for chunk in upstream.content.iter_any():
                if request.transport is None or request.transport.is_closing():
                    break
                await response.write(chunk)
        except (ConnectionResetError, aiohttp.ClientError):
            pass  # cut by sever_events, or the browser went away
        finally:
            self._streams.pop(id(request), None)
        with contextlib.suppress(ConnectionResetError, RuntimeError):
            await response.write_eof()
        return response

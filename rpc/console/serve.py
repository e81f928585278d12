"""``GET /`` (the console's ``index.html``) and ``GET /assets/{name}`` (its content-hashed
files), served from the built bundle ``rpc/console/dist/`` (package data: no Node at run
time).

Every answer carries a strict Content-Security-Policy (scripts and styles from this
origin only, WebAssembly compilation allowed for libsodium, no inline code, no framing,
no foreign connections), ``X-Content-Type-Options: nosniff`` and ``Referrer-Policy:
no-referrer``. A hashed asset never changes under its name, so it is cached for a year
(``immutable``); ``index.html`` is revalidated on every load (``no-cache``, with an
``ETag``), so a new bundle is picked up at once. Only a plain file name listed in
``dist/assets`` is served; anything else (a traversal, a folder, a dotfile) is a 404.
Without a built bundle ``/`` is a 503 page telling the operator how to build it.

Text files are sent gzipped to a client that accepts it (compressed once per asset and
kept: a name's content never changes).
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import html
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web

DIST = Path(__file__).resolve().parent / "dist"

CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
IMMUTABLE = "public, max-age=31536000, immutable"
NO_CACHE = "no-cache"
NO_STORE = "no-store"

# By suffix; anything else is served as opaque bytes.
CONTENT_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".map": "application/json; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".wasm": "application/wasm",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
}
HTML = "text/html; charset=utf-8"
OCTETS = "application/octet-stream"
_COMPRESSIBLE = ("text/", "application/json", "image/svg+xml", "application/wasm")

# A plain file name: no separator, no leading dot, nothing to escape the folder with.
_ASSET_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$")

log = logging.getLogger(__name__)

MISSING_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>JidoCode: the console is not built</title></head>
<body>
<h1>The console is not built</h1>
<p>This server has no console bundle in <code>{dist}</code>, so there is nothing to show
at <code>/</code>. The JSON-RPC API (<code>POST /rpc</code>) works as usual.</p>
<p>To build it from a source checkout (Node.js 20 or newer):</p>
<pre>cd rpc/console &amp;&amp; npm ci &amp;&amp; npm run build</pre>
<p>then reload this page. An installed package ships the bundle: reinstall it if it is
missing there.</p>
</body>
</html>
"""


def content_type_of(name: str) -> str:
    """The ``Content-Type`` of a bundle file, by its suffix."""
    return CONTENT_TYPES.get(Path(name).suffix.lower(), OCTETS)


def _accepts_gzip(request: web.Request) -> bool:
    codings = request.headers.get("Accept-Encoding", "")
    for part in codings.split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip().lower() == "gzip":
            return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


@dataclass(frozen=True)
class _File:
    body: bytes
    gzipped: bytes | None
    content_type: str
    etag: str


def _load(path: Path, content_type: str) -> _File:
    body = path.read_bytes()
    compressible = content_type.startswith(_COMPRESSIBLE)
    gzipped = gzip.compress(body, compresslevel=9, mtime=0) if compressible else None
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    return _File(body, gzipped, content_type, etag)


def _listing(folder: Path) -> frozenset[str]:
    try:
        return frozenset(p.name for p in folder.iterdir() if p.is_file())
    except (FileNotFoundError, NotADirectoryError):
        return frozenset()


def _matches(if_none_match: str | None, etag: str) -> bool:
    """Whether an ``If-None-Match`` list (or ``*``) names ``etag``."""
    if if_none_match is None:
        return False
    tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return "*" in tags or etag in tags


@dataclass
class Console:
    """The two handlers over one bundle folder (``dist``)."""

    dist: Path
    _assets: dict[str, _File] = field(default_factory=dict)

    def _answer(self, request: web.Request, file: _File, cache_control: str) -> web.Response:
        gzipped = file.gzipped is not None and _accepts_gzip(request)
        # Each content coding is its own representation, with its own strong ETag.
        etag = f'{file.etag[:-1]}-gz"' if gzipped else file.etag
        headers = {**SECURITY_HEADERS, "Cache-Control": cache_control, "ETag": etag}
        if file.gzipped is not None:
            headers["Vary"] = "Accept-Encoding"
        if _matches(request.headers.get("If-None-Match"), etag):
            return web.Response(status=304, headers=headers)
        body = file.body
        if gzipped and file.gzipped is not None:
            body = file.gzipped
            headers["Content-Encoding"] = "gzip"
        headers["Content-Type"] = file.content_type
        return web.Response(body=body, headers=headers)

    async def index(self, request: web.Request) -> web.Response:
        """``GET /``: the app's page, revalidated on every load."""
        path = self.dist / "index.html"
        try:
            file = await asyncio.to_thread(_load, path, HTML)
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            log.warning("console bundle missing at %s: GET / answers 503", self.dist)
            return web.Response(
                status=503,
                body=MISSING_PAGE.format(dist=html.escape(str(self.dist))).encode(),
                headers={**SECURITY_HEADERS, "Cache-Control": NO_STORE, "Content-Type": HTML},
            )
        return self._answer(request, file, NO_CACHE)

    async def asset(self, request: web.Request) -> web.Response:
        """``GET /assets/{name}``: one hashed file of the bundle, cached for a year."""
        name = request.match_info["name"]
        file = self._assets.get(name)
        if file is None:
            folder = self.dist / "assets"
            if _ASSET_NAME.fullmatch(name) and name in await asyncio.to_thread(_listing, folder):
                file = await asyncio.to_thread(_load, folder / name, content_type_of(name))
                self._assets[name] = file
        if file is None:
            return web.Response(
                status=404,
                text="no such console asset\n",
                headers={**SECURITY_HEADERS, "Cache-Control": NO_STORE},
            )
        return self._answer(request, file, IMMUTABLE)


def add_routes(app: web.Application, dist: Path | None = None) -> None:
    """Mount ``GET /`` and ``GET /assets/{name}`` over ``dist`` (default: the shipped
    bundle, ``rpc/console/dist``)."""
    console = Console(dist if dist is not None else DIST)
    app.router.add_get("/", console.index)
    app.router.add_get("/assets/{name}", console.asset)

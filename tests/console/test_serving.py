"""Serving the console (``rpc.console.serve``): the strict headers on every answer, the
content types and cache rules of ``index.html`` and the hashed assets, no way out of
``dist/assets``, and a clear 503 page when the bundle is not built."""

from __future__ import annotations

import gzip
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from yarl import URL

from rpc.console import serve

CSP = (
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
INDEX = (
    '<!doctype html><html><head><link rel="stylesheet" href="/assets/main-AB12CD34.css">'
    '<script type="module" src="/assets/main-AB12CD34.js"></script></head>'
    '<body><div id="app"></div></body></html>'
)
SCRIPT = "console.log('the console');\n" * 50
ASSETS: dict[str, bytes] = {
    "main-AB12CD34.js": SCRIPT.encode(),
    "main-AB12CD34.css": b"body { margin: 0 }\n",
    "sodium-EF56.wasm": b"\0asm\1\0\0\0",
    "font-99AA.woff2": b"wOF2fake",
    "blob-1234.bin": b"\x00\x01",
}


def make_dist(root: Path) -> Path:
    """A built bundle in ``root/dist`` (an index, assets, and a file beside them)."""
    dist = root / "dist"
    (dist / "assets" / "nested").mkdir(parents=True)
    (dist / "index.html").write_text(INDEX)
    for name, body in ASSETS.items():
        (dist / "assets" / name).write_bytes(body)
    (dist / "assets" / ".hidden").write_text("dotfile")
    (dist / "assets" / "nested" / "inner.js").write_text("nested")
    (root / "secret.txt").write_text("outside the bundle")
    return dist


async def console_client(dist: Path) -> TestClient[Any, Any]:
    app = web.Application()
    serve.add_routes(app, dist)
    client: TestClient[Any, Any] = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    return client


@pytest.fixture
async def console(tmp_path: Path) -> AsyncIterator[TestClient[Any, Any]]:
    """A client of the console's routes over a built bundle in ``tmp_path``."""
    client = await console_client(make_dist(tmp_path))
    try:
        yield client
    finally:
        await client.close()


def assert_strict(headers: Any) -> None:
    assert headers["Content-Security-Policy"] == CSP
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"


async def test_the_page_is_html_with_strict_headers_and_revalidated(
    console: TestClient[Any, Any],
) -> None:
    resp = await console.get("/")
    assert resp.status == 200
    assert resp.headers["Content-Type"] == "text/html; charset=utf-8"
    assert resp.headers["Cache-Control"] == "no-cache"
    assert_strict(resp.headers)
    assert await resp.text() == INDEX
    etag = resp.headers["ETag"]
    again = await console.get("/", headers={"If-None-Match": etag})
    assert again.status == 304
    assert await again.read() == b""
    assert_strict(again.headers)
    head = await console.head("/")
    assert head.status == 200
    assert_strict(head.headers)
    # Each content coding has its own ETag, and If-None-Match is a list.
    plain = await console.get("/", headers={"Accept-Encoding": "identity"})
    zipped = await console.get("/", headers={"Accept-Encoding": "gzip"})
    if zipped.headers.get("Content-Encoding") == "gzip":
        assert zipped.headers["ETag"] != plain.headers["ETag"]
    listed = f'"nope", {plain.headers["ETag"]}'
    assert (
        await console.get("/", headers={"If-None-Match": listed, "Accept-Encoding": "identity"})
    ).status == 304
    assert (await console.get("/", headers={"If-None-Match": "*"})).status == 304


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("main-AB12CD34.js", "text/javascript; charset=utf-8"),
        ("main-AB12CD34.css", "text/css; charset=utf-8"),
        ("sodium-EF56.wasm", "application/wasm"),
        ("font-99AA.woff2", "font/woff2"),
        ("blob-1234.bin", "application/octet-stream"),
    ],
)
async def test_hashed_assets_have_their_type_and_are_cached_for_a_year(
    console: TestClient[Any, Any], name: str, content_type: str
) -> None:
    resp = await console.get(f"/assets/{name}", headers={"Accept-Encoding": "identity"})
    assert resp.status == 200
    assert resp.headers["Content-Type"] == content_type
    assert resp.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Content-Encoding" not in resp.headers
    assert_strict(resp.headers)
    assert await resp.read() == ASSETS[name]


async def test_text_assets_are_gzipped_for_a_client_that_accepts_it(
    console: TestClient[Any, Any],
) -> None:
    resp = await console.get(
        "/assets/main-AB12CD34.js", headers={"Accept-Encoding": "gzip, br"}, auto_decompress=False
    )
    assert resp.status == 200
    assert resp.headers["Content-Encoding"] == "gzip"
    assert resp.headers["Vary"] == "Accept-Encoding"
    raw = await resp.read()
    assert len(raw) < len(SCRIPT)
    assert gzip.decompress(raw) == SCRIPT.encode()
    refused = await console.get(
        "/assets/main-AB12CD34.js", headers={"Accept-Encoding": "gzip;q=0"}, auto_decompress=False
    )
    assert "Content-Encoding" not in refused.headers
    assert await refused.read() == SCRIPT.encode()
    binary = await console.get(
        "/assets/font-99AA.woff2", headers={"Accept-Encoding": "gzip"}, auto_decompress=False
    )
    assert "Content-Encoding" not in binary.headers, "already compressed formats go as they are"


@pytest.mark.parametrize(
    "path",
    [
        "/assets/..%2Fsecret.txt",
        "/assets/..%2F..%2Fsecret.txt",
        "/assets/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/assets/..%5C..%5Csecret.txt",
        "/assets/%2Fetc%2Fpasswd",
        "/assets/.hidden",
        "/assets/nested",
        "/assets/nested%2Finner.js",
        "/assets/nested/inner.js",
        "/assets/index.html",
        "/assets/missing-0000.js",
        "/assets/main-AB12CD34.js%00.png",
        "/assets/",
    ],
)
async def test_only_files_listed_in_the_assets_folder_are_served(
    console: TestClient[Any, Any], path: str
) -> None:
    resp = await console.get(URL(path, encoded=True))
    body = await resp.text()
    assert resp.status == 404, body
    assert "outside the bundle" not in body
    assert "dotfile" not in body
    assert "nested" not in body


async def test_a_missing_bundle_is_a_503_page_saying_how_to_build_it(tmp_path: Path) -> None:
    client = await console_client(tmp_path / "never-built")
    try:
        resp = await client.get("/")
        assert resp.status == 503
        assert resp.headers["Content-Type"] == "text/html; charset=utf-8"
        assert resp.headers["Cache-Control"] == "no-store"
        assert_strict(resp.headers)
        page = await resp.text()
        assert "The console is not built" in page
        assert "npm ci &amp;&amp; npm run build" in page
        assert str(tmp_path / "never-built") in page
        asset = await client.get("/assets/main-AB12CD34.js")
        assert asset.status == 404
        assert_strict(asset.headers)
        # The API is not the console: the server keeps answering.
        assert (await client.get("/")).status == 503
    finally:
        await client.close()


async def test_the_server_mounts_the_shipped_bundle(client: TestClient[Any, Any]) -> None:
    resp = await client.get("/")
    assert_strict(resp.headers)
    assert resp.headers["X-Request-Id"]
    assert resp.status == 200, "no bundle in rpc/console/dist: run `npm run build` there"
    page = await resp.text()
    referenced = re.findall(r'(?:src|href)="(/assets/[^"]+)"', page)
    assert any(r.endswith(".js") for r in referenced), page
    assert any(r.endswith(".css") for r in referenced), page
    for path in referenced:
        asset = await client.get(path)
        assert asset.status == 200, path
        assert asset.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert asset.headers["Content-Type"] == serve.content_type_of(path)

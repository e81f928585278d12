"""A second local HTTP server on another port: a cross-origin page that tries to use the
owner's console session (its cookie rides along: same host, so same site) to call
``/rpc`` and read ``/events``. It writes what each attempt saw into ``#results`` as
JSON, and ``#done`` when every attempt has settled."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp import web
from aiohttp.test_utils import TestServer

# Each attempt: a name and the fetch it makes against the console (``target``).
SCRIPT = """
const target = %(target)s;
const call = (method, params) =>
  JSON.stringify({ jsonrpc: "2.0", id: 1, method, params });
const attempts = {
  // A "simple" request (no preflight): it reaches the server with the cookie.
  create_key_text_plain: () => fetch(target + "/rpc", {
    method: "POST", mode: "no-cors", credentials: "include",
    headers: { "Content-Type": "text/plain" },
    body: call("accounts.create_api_key", { name: "stolen" }),
  }),
  // JSON needs a CORS preflight, which the server never grants.
  create_key_json: () => fetch(target + "/rpc", {
    method: "POST", mode: "cors", credentials: "include",
    headers: { "Content-Type": "application/json" },
    body: call("accounts.create_api_key", { name: "stolen-json" }),
  }),
  read_me: () => fetch(target + "/rpc", {
    method: "POST", credentials: "include",
    body: call("accounts.me", {}),
  }),
  read_events: () => fetch(target + "/events?topic=" + encodeURIComponent(%(topic)s), {
    mode: "no-cors", credentials: "include",
  }),
};
(async () => {
  const results = {};
  for (const [name, attempt] of Object.entries(attempts)) {
    try {
      const response = await attempt();
      let text = null;
      try { text = await response.text(); } catch (e) { text = null; }
      results[name] = { outcome: "answered", type: response.type, status: response.status, text };
    } catch (error) {
      results[name] = { outcome: "blocked", error: String(error) };
    }
  }
  document.getElementById("results").textContent = JSON.stringify(results);
  document.getElementById("done").hidden = false;
})();
"""

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Not the console</title></head>
<body><h1>A page on another origin</h1>
<pre id="results"></pre><p id="done" hidden>done</p>
<script>%(script)s</script></body></html>
"""


@asynccontextmanager
async def attacker_site(target: str, topic: str) -> AsyncIterator[str]:
    """Serve the page at ``<origin>/attack.html``; yield that URL."""

    async def attack(request: web.Request) -> web.Response:
        script = SCRIPT % {"target": json.dumps(target), "topic": json.dumps(topic)}
        return web.Response(text=PAGE % {"script": script}, content_type="text/html")

    app = web.Application()
    app.router.add_get("/attack.html", attack)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        yield str(server.make_url("/attack.html"))
    finally:
        await server.close()

"""A small local server speaking the Anthropic, OpenAI, Google and GitHub endpoints
that credential verification calls, on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp import web
from aiohttp.test_utils import TestServer

VALID_ANTHROPIC = "sk-ant-api03-valid-key-0123456789abcdef"
VALID_OPENAI = "sk-proj-valid-key-0123456789abcdefghij"
VALID_GOOGLE = "AIzaValidGoogleKey0123456789"
VALID_GITHUB = "ghp_validgithubtoken0123456789abcdefABCD"


async def anthropic_models(request: web.Request) -> web.Response:
    key = request.headers.get("x-api-key")
    if key is not None and request.headers.get("anthropic-version") is None:
        return web.json_response({"type": "error", "error": {"message": "no version"}}, status=400)
    if key == VALID_ANTHROPIC:
        return web.json_response({"data": [{"id": "claude-x"}, {"id": "claude-y"}]})
    if key is not None:
        return web.json_response(
            {
                "type": "error",
                "error": {"type": "authentication_error", "message": "invalid x-api-key"},
            },
            status=401,
        )
    auth = request.headers.get("Authorization", "")
    if auth == f"Bearer {VALID_OPENAI}":
        return web.json_response({"object": "list", "data": [{"id": "gpt-x"}]})
    given = auth.removeprefix("Bearer ")
    # Like OpenAI, echo the key back in the error: the recorded reason must not keep it.
    return web.json_response(
        {"error": {"message": f"Incorrect API key provided: {given}.", "code": "invalid_api_key"}},
        status=401,
    )


async def google_models(request: web.Request) -> web.Response:
    if request.headers.get("x-goog-api-key") == VALID_GOOGLE:
        return web.json_response({"models": [{"name": "models/gemini"}]})
    return web.json_response({"error": {"code": 400, "message": "API key not valid."}}, status=400)


async def github_user(request: web.Request) -> web.Response:
    if request.headers.get("Authorization") == f"Bearer {VALID_GITHUB}":
        return web.json_response({"login": "octocat", "id": 1})
    return web.json_response({"message": "Bad credentials"}, status=401)


async def down(request: web.Request) -> web.Response:
    return web.Response(status=503, text="upstream overloaded")


def provider_app() -> web.Application:
    app = web.Application()
    app.router.add_get("/v1/models", anthropic_models)
    app.router.add_get("/v1beta/models", google_models)
    app.router.add_get("/user", github_user)
    app.router.add_get("/down/v1/models", down)
    app.router.add_get("/down/user", down)
    return app


@asynccontextmanager
async def provider_server() -> AsyncIterator[str]:
    """The base URL of a running fake provider."""
    server = TestServer(provider_app(), host="127.0.0.1")
    await server.start_server()
    try:
        yield str(server.make_url("")).rstrip("/")
    finally:
        await server.close()

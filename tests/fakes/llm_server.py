"""A local LLM provider server on 127.0.0.1 for tests (DESIGN §10, §11).

It speaks the three completion endpoints ``domains.orchestration.llm`` calls, with the
providers' JSON shapes, auth headers and error bodies, so the real client runs against it::

    async with llm_server() as llm:
        settings = settings.model_copy(update=llm.settings_update())
        llm.add_answers("first answer", "second answer")   # else "PLAN: <first line>"
        llm.fail_next(429, retry_after=7)                   # or 500, 400, 401, 529, ...
        llm.stall_next()                                    # never answers (until close)
        ...
        assert llm.requests[0].path == "/v1/messages"

Endpoints: ``POST /v1/messages`` (Anthropic; ``x-api-key`` = ``VALID_ANTHROPIC`` and
``anthropic-version`` required), ``POST /v1/chat/completions`` (OpenAI; ``Authorization:
Bearer VALID_OPENAI``), ``POST /v1beta/models/{model}:generateContent`` (Google;
``x-goog-api-key`` = ``VALID_GOOGLE``). A wrong key gets the provider's real refusal:
Anthropic 401 ``authentication_error``, OpenAI 401 ``invalid_api_key`` echoing the key,
Google 400 ``INVALID_ARGUMENT`` "API key not valid" (Google does not answer 401 for a bad
key). Every request, accepted or not, is kept in ``requests`` with its auth headers removed.
The models lists that credential verification reads (``setup.verify_provider_credential``)
answer too, with the same keys and refusals, and are not kept in ``requests``: ``GET
/v1/models`` (Anthropic by ``x-api-key``, else OpenAI by bearer), ``GET /v1beta/models``.
Usage in every answer: input tokens ``len(system + prompt) // 4``, output ``len(text) // 4``.
"""

from __future__ import annotations

import asyncio
import secrets
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer

VALID_ANTHROPIC = "sk-ant-api03-llm-fake-key-0123456789abcdef"
VALID_OPENAI = "sk-proj-llm-fake-key-0123456789abcdefghij"
VALID_GOOGLE = "AIzaLlmFakeGoogleKey0123456789abcdef"
VALID_KEYS = {"anthropic": VALID_ANTHROPIC, "openai": VALID_OPENAI, "google": VALID_GOOGLE}

AUTH_HEADERS = frozenset({"x-api-key", "authorization", "x-goog-api-key"})

# Anthropic's error type per status (docs.anthropic.com/en/api/errors).
ANTHROPIC_ERRORS = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    413: "request_too_large",
    429: "rate_limit_error",
    500: "api_error",
    529: "overloaded_error",
}
# Google's RPC status names per HTTP status.
GOOGLE_STATUS = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
}


@dataclass(frozen=True)
class RecordedRequest:
    """One request the server received; ``headers`` lower-cased, auth headers removed."""

    provider: str
    path: str
    query: str
    headers: dict[str, str]
    json: Any


@dataclass
class _Failure:
    status: int
    retry_after: int | None
    message: str | None
    remaining: int


def default_text(system: str, prompt: str) -> str:
    """The answer when nothing is queued: ``PLAN: `` and the prompt's first line."""
    first = next((line.strip() for line in prompt.splitlines() if line.strip()), "")
    return f"PLAN: {first}"


class FakeLlm:
    """The server and its script; made running by ``llm_server()``."""

    def __init__(self) -> None:
        self.requests: list[RecordedRequest] = []
        self.answers: deque[str] = deque()
        # Replace to change what an unscripted call answers (given system and prompt).
        self.default: Callable[[str, str], str] = default_text
        self._failures: list[_Failure] = []
        self._stalls = 0
        self._released = asyncio.Event()
        self._server: TestServer | None = None

    # -- script ------------------------------------------------------------------------

    def add_answers(self, *texts: str) -> None:
        """Queue answer texts, taken one per successful call in order."""
        self.answers.extend(texts)

    def fail_next(
        self,
        status: int,
        *,
        retry_after: int | None = None,
        times: int = 1,
        message: str | None = None,
    ) -> None:
        """Answer the next ``times`` authenticated calls with ``status`` and the provider's
        error body; a 429 carries ``retry-after`` (Google: ``RetryInfo.retryDelay``)."""
        self._failures.append(_Failure(status, retry_after, message, times))

    def stall_next(self, times: int = 1) -> None:
        """Never answer the next ``times`` calls (they are released when the server stops)."""
        self._stalls += times

    def settings_update(self) -> dict[str, str]:
        """The ``Settings`` fields that point every LLM provider at this server."""
        return {
            "anthropic_base_url": self.base_url,
            "openai_base_url": self.base_url,
            "google_base_url": self.base_url,
        }

    @property
    def base_url(self) -> str:
        """The server's root URL (no trailing slash)."""
        assert self._server is not None, "start the server with llm_server()"
        return str(self._server.make_url("")).rstrip("/")

    # -- lifecycle ---------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/v1/messages", self._anthropic)
        app.router.add_post("/v1/chat/completions", self._openai)
        app.router.add_post("/v1beta/models/{call}", self._google)
        app.router.add_get("/v1/models", self._models)
        app.router.add_get("/v1beta/models", self._google_models)
        self._server = TestServer(app, host="127.0.0.1")
        await self._server.start_server()

    async def close(self) -> None:
        # Stalled handlers would otherwise hold the shutdown until aiohttp gives up.
        self._released.set()
        if self._server is not None:
            await self._server.close()
            self._server = None

    # -- handlers ----------------------------------------------------------------------

    async def _anthropic(self, request: web.Request) -> web.Response:
        body = await self._record("anthropic", request)
        if request.headers.get("x-api-key") != VALID_ANTHROPIC:
            return self._error("anthropic", 401, "invalid x-api-key")
        if "anthropic-version" not in request.headers:
            return self._error("anthropic", 400, "anthropic-version: header is required")
        if early := await self._scripted("anthropic"):
            return early
        messages = body.get("messages") if isinstance(body, dict) else None
        if not isinstance(messages, list) or not messages or "max_tokens" not in body:
            return self._error("anthropic", 400, "messages and max_tokens: Field required")
        system, prompt = str(body.get("system") or ""), str(messages[-1].get("content", ""))
        text, usage = self._next_text(system, prompt)
        return web.json_response(
            {
                "id": f"msg_{secrets.token_hex(12)}",
                "type": "message",
                "role": "assistant",
                "model": body.get("model"),
                "content": [{"type": "text", "text": text}],
                "stop_reason": "end_turn",
                "stop_sequence": None,
                "usage": {"input_tokens": usage[0], "output_tokens": usage[1]},
            },
            headers={"request-id": f"req_{secrets.token_hex(12)}"},
        )

    async def _openai(self, request: web.Request) -> web.Response:
        body = await self._record("openai", request)
        given = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if given != VALID_OPENAI:
            # OpenAI echoes (most of) the key: the client must not keep it in a reason.
            return self._error("openai", 401, f"Incorrect API key provided: {given}.")
        if early := await self._scripted("openai"):
            return early
        messages = body.get("messages") if isinstance(body, dict) else None
        if not isinstance(messages, list) or not messages:
            return self._error("openai", 400, "Missing required parameter: 'messages'.")
        system = "".join(str(m.get("content", "")) for m in messages if m.get("role") == "system")
        prompt = "".join(str(m.get("content", "")) for m in messages if m.get("role") == "user")
        text, usage = self._next_text(system, prompt)
        return web.json_response(
            {
                "id": f"chatcmpl-{secrets.token_hex(12)}",
                "object": "chat.completion",
                "created": 1_700_000_000,
                "model": body.get("model"),
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": text, "refusal": None},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {
                    "prompt_tokens": usage[0],
                    "completion_tokens": usage[1],
                    "total_tokens": sum(usage),
                },
            }
        )

    async def _google(self, request: web.Request) -> web.Response:
        body = await self._record("google", request)
        model, _, method = request.match_info["call"].partition(":")
        if method != "generateContent":
            return self._error("google", 404, f"Method {method!r} not found.")
        if request.headers.get("x-goog-api-key") != VALID_GOOGLE:
            return self._error("google", 400, "API key not valid. Please pass a valid API key.")
        if early := await self._scripted("google"):
            return early
        contents = body.get("contents") if isinstance(body, dict) else None
        if not isinstance(contents, list) or not contents:
            return self._error(
                "google", 400, "* GenerateContentRequest.contents: contents is not specified"
            )
        instruction = body.get("systemInstruction") or {}
        system = "".join(str(p.get("text", "")) for p in instruction.get("parts", []))
        prompt = "".join(str(p.get("text", "")) for p in contents[-1].get("parts", []))
        text, usage = self._next_text(system, prompt)
        return web.json_response(
            {
                "candidates": [
                    {
                        "content": {"parts": [{"text": text}], "role": "model"},
                        "finishReason": "STOP",
                        "index": 0,
                    }
                ],
                "usageMetadata": {
                    "promptTokenCount": usage[0],
                    "candidatesTokenCount": usage[1],
                    "totalTokenCount": sum(usage),
                },
                "modelVersion": model,
                "responseId": secrets.token_urlsafe(12),
            }
        )

    async def _models(self, request: web.Request) -> web.Response:
        """Anthropic's or OpenAI's models list, by which key header came."""
        if "x-api-key" in request.headers:
            if request.headers["x-api-key"] != VALID_ANTHROPIC:
                return self._error("anthropic", 401, "invalid x-api-key")
            if "anthropic-version" not in request.headers:
                return self._error("anthropic", 400, "anthropic-version: header is required")
            models = [{"type": "model", "id": "claude-fake-1", "display_name": "Claude Fake"}]
            return web.json_response({"data": models, "has_more": False})
        given = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if given != VALID_OPENAI:
            return self._error("openai", 401, f"Incorrect API key provided: {given}.")
        return web.json_response({"object": "list", "data": [{"id": "gpt-fake-1"}]})

    async def _google_models(self, request: web.Request) -> web.Response:
        if request.headers.get("x-goog-api-key") != VALID_GOOGLE:
            return self._error("google", 400, "API key not valid. Please pass a valid API key.")
        return web.json_response({"models": [{"name": "models/gemini-fake-1"}]})

    # -- helpers -----------------------------------------------------------------------

    async def _record(self, provider: str, request: web.Request) -> Any:
        try:
            body = await request.json()
        except ValueError:
            body = await request.text()
        headers = {
            k.lower(): v for k, v in request.headers.items() if k.lower() not in AUTH_HEADERS
        }
        self.requests.append(
            RecordedRequest(provider, request.path, request.query_string, headers, body)
        )
        return body

    async def _scripted(self, provider: str) -> web.Response | None:
        """A stall or a scripted failure for this call, if one is due."""
        if self._stalls:
            self._stalls -= 1
            await self._released.wait()
            return self._error(provider, 503, "the test server is shutting down")
        if not self._failures:
            return None
        failure = self._failures[0]
        failure.remaining -= 1
        if failure.remaining <= 0:
            self._failures.pop(0)
        return self._error(
            provider,
            failure.status,
            failure.message or _default_message(failure.status),
            retry_after=failure.retry_after,
        )

    def _next_text(self, system: str, prompt: str) -> tuple[str, tuple[int, int]]:
        text = self.answers.popleft() if self.answers else self.default(system, prompt)
        return text, (len(system + prompt) // 4, len(text) // 4)

    @staticmethod
    def _error(
        provider: str, status: int, message: str, *, retry_after: int | None = None
    ) -> web.Response:
        """The provider's own error body for ``status``."""
        headers = {}
        if retry_after is not None and status == 429 and provider != "google":
            headers["retry-after"] = str(retry_after)
        if provider == "anthropic":
            body: dict[str, Any] = {
                "type": "error",
                "error": {"type": ANTHROPIC_ERRORS.get(status, "api_error"), "message": message},
            }
        elif provider == "openai":
            kinds = {401: "invalid_request_error", 429: "requests", 400: "invalid_request_error"}
            codes = {401: "invalid_api_key", 429: "rate_limit_exceeded"}
            body = {
                "error": {
                    "message": message,
                    "type": kinds.get(status, "server_error"),
                    "param": None,
                    "code": codes.get(status),
                }
            }
        else:
            details = []
            if retry_after is not None and status == 429:
                details.append(
                    {
                        "@type": "type.googleapis.com/google.rpc.RetryInfo",
                        "retryDelay": f"{retry_after}s",
                    }
                )
            body = {
                "error": {
                    "code": status,
                    "message": message,
                    "status": GOOGLE_STATUS.get(status, "UNKNOWN"),
                    **({"details": details} if details else {}),
                }
            }
        return web.json_response(body, status=status, headers=headers)


def _default_message(status: int) -> str:
    if status == 429:
        return "Rate limit reached; please try again later."
    if status == 529:
        return "Overloaded"
    if status >= 500:
        return "Internal server error"
    return f"The request was refused ({status})."


@asynccontextmanager
async def llm_server() -> AsyncIterator[FakeLlm]:
    """A running fake LLM provider; stopped on exit."""
    fake = FakeLlm()
    await fake.start()
    try:
        yield fake
    finally:
        await fake.close()

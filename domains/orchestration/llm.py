"""One completion call to an LLM provider's HTTP API, for the step engine's ``llm`` steps.

``complete`` speaks Anthropic Messages (``POST /v1/messages``), OpenAI Chat Completions
(``POST /v1/chat/completions``) and Google Gemini (``POST /v1beta/models/{model}:
generateContent``) on httpx, behind the base URLs in ``Settings``. It returns the answer's
text (redacted), the model the provider reports, token usage and a cost estimate from
``PRICES``, and maps every failure once, here, to the typed errors::

    LlmRateLimited      rate_limited     HTTP 429; ``retry_after_s`` from the provider
    LlmProviderFailed   provider_error   any other refusal, a 5xx (Anthropic's 529
                                         overloaded included), a 2xx without text, a
                                         transport failure or no answer in time

The key travels in a header only, never in the URL, and never reaches an error: a reason
has the key itself replaced and then passes the redactor (OpenAI echoes a bad key back in
its 401 body).
"""

from __future__ import annotations

import asyncio
import email.utils
import math
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from domains.orchestration.errors import LlmProviderFailed, LlmRateLimited
from rpc.errors import ValidationFailed
from rpc.redaction import MASK, Redactor
from rpc.settings import Settings

# The order in which the engine picks the "first active" provider credential.
LLM_PROVIDERS = ("anthropic", "openai", "google")

DEFAULT_MODELS: dict[str, str] = {
    "anthropic": "claude-sonnet-4-5",
    "openai": "gpt-4.1",
    "google": "gemini-2.5-flash",
}

# List prices in USD per million tokens, (input, output), keyed by model-name prefix; the
# longest matching prefix wins, so a dated id ("gpt-4.1-2025-04-14") prices as its family
# and "gpt-4.1-mini" is not priced as "gpt-4.1". Taken from the providers' public price
# pages (2025); an estimate for budgets, not a bill: batch, cache and long-context rates
# are ignored. A model not listed costs 0.0.
PRICES: dict[str, tuple[float, float]] = {
    "claude-opus-4-5": (5.0, 25.0),
    "claude-opus-4": (15.0, 75.0),
    "claude-sonnet-4": (3.0, 15.0),
    "claude-3-7-sonnet": (3.0, 15.0),
    "claude-haiku-4-5": (1.0, 5.0),
    "claude-3-5-haiku": (0.8, 4.0),
    "gpt-4.1": (2.0, 8.0),
    "gpt-4.1-mini": (0.4, 1.6),
    "gpt-4.1-nano": (0.1, 0.4),
    "gpt-4o": (2.5, 10.0),
    "gpt-4o-mini": (0.15, 0.6),
    "gemini-2.5-pro": (1.25, 10.0),
    "gemini-2.5-flash": (0.3, 2.5),
    "gemini-2.5-flash-lite": (0.1, 0.4),
    "gemini-2.0-flash": (0.1, 0.4),
}

ANTHROPIC_VERSION = "2023-06-01"
USER_AGENT = "jidocode-rpc"
MAX_REASON = 500
# When a 429 names no delay, wait this long: long enough not to hammer the provider.
DEFAULT_RETRY_AFTER_S = 5
# How much of a non-JSON error body is read before redaction: far past MAX_REASON, so the
# final cut cannot split an echoed secret in the part that is kept.
MAX_RAW_BODY = 65536


@dataclass(frozen=True)
class LlmRequest:
    """One completion: a system prompt, a user prompt, and optionally the model."""

    system: str
    prompt: str
    model: str | None = None  # None -> DEFAULT_MODELS[provider]
    max_tokens: int = 4096


@dataclass(frozen=True)
class LlmAnswer:
    """The provider's answer, its text already redacted."""

    text: str
    provider: str
    model: str  # the model the provider reports, else the requested one
    input_tokens: int
    output_tokens: int
    cost_usd: float


def price_of(model: str, input_tokens: int, output_tokens: int) -> float:
    """The list-price cost of a call in USD; 0.0 for a model not in ``PRICES``."""
    prefixes = [p for p in PRICES if model.startswith(p)]
    if not prefixes:
        return 0.0
    per_input, per_output = PRICES[max(prefixes, key=len)]
    return (input_tokens * per_input + output_tokens * per_output) / 1_000_000


async def complete(
    settings: Settings,
    *,
    provider: str,
    secret: str,
    request: LlmRequest,
    redactor: Redactor,
    timeout_s: float,
) -> LlmAnswer:
    """Make one completion call to ``provider`` with the API key ``secret``.

    The whole exchange is bounded by ``timeout_s``. Raises ``LlmRateLimited`` on HTTP 429
    and ``LlmProviderFailed`` on any other failure (see the module docstring); neither
    carries the key. ``ValidationFailed`` names a provider this client does not speak.
    """
    if provider not in LLM_PROVIDERS:
        raise ValidationFailed.on("provider", f"{provider} is not an LLM provider")
    model = request.model or DEFAULT_MODELS[provider]
    url, headers, body = _build(settings, provider, secret, request, model)
    try:
        # One bound on the whole exchange (httpx's own timeouts are per phase).
        async with (
            asyncio.timeout(timeout_s),
            httpx.AsyncClient(timeout=timeout_s, follow_redirects=False) as client,
        ):
            resp = await client.post(url, headers=headers, json=body)
    except (TimeoutError, httpx.TimeoutException):
        raise LlmProviderFailed(
            provider=provider, reason=f"{provider} did not answer in time"
        ) from None
    except httpx.HTTPError as exc:
        raise LlmProviderFailed(
            provider=provider, reason=f"could not reach {provider} ({type(exc).__name__})"
        ) from None
    if not 200 <= resp.status_code < 300:
        raise _refusal(provider, resp, secret, redactor)
    try:
        data = resp.json()
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise LlmProviderFailed(
            provider=provider,
            status=resp.status_code,
            reason=f"{provider} answered HTTP {resp.status_code} with a body that is not JSON",
        )
    return _answer(provider, model, data, resp.status_code, secret, redactor)


# ---- requests -------------------------------------------------------------------------


def _build(
    settings: Settings, provider: str, secret: str, request: LlmRequest, model: str
) -> tuple[str, dict[str, str], dict[str, Any]]:
    """The URL, headers and JSON body of one call in the provider's own dialect."""
    headers = {"content-type": "application/json", "user-agent": USER_AGENT}
    if provider == "anthropic":
        headers |= {"x-api-key": secret, "anthropic-version": ANTHROPIC_VERSION}
        url = f"{settings.anthropic_base_url.rstrip('/')}/v1/messages"
        body: dict[str, Any] = {
            "model": model,
            "max_tokens": request.max_tokens,
            "system": request.system,
            "messages": [{"role": "user", "content": request.prompt}],
        }
    elif provider == "openai":
        headers["authorization"] = f"Bearer {secret}"
        url = f"{settings.openai_base_url.rstrip('/')}/v1/chat/completions"
        # max_tokens rather than max_completion_tokens: every chat model we default to
        # accepts it, and so do the OpenAI-compatible servers a base URL may point at.
        body = {
            "model": model,
            "max_tokens": request.max_tokens,
            "messages": [
                {"role": "system", "content": request.system},
                {"role": "user", "content": request.prompt},
            ],
        }
    else:
        headers["x-goog-api-key"] = secret
        # The model is a path segment: quoted, so a strange name cannot reach another path.
        name = quote(model.removeprefix("models/"), safe="-._")
        url = f"{settings.google_base_url.rstrip('/')}/v1beta/models/{name}:generateContent"
        body = {
            "systemInstruction": {"parts": [{"text": request.system}]},
            "contents": [{"role": "user", "parts": [{"text": request.prompt}]}],
            "generationConfig": {"maxOutputTokens": request.max_tokens},
        }
    return url, headers, body


# ---- answers --------------------------------------------------------------------------


def _answer(
    provider: str,
    requested: str,
    data: dict[str, Any],
    status: int,
    secret: str,
    redactor: Redactor,
) -> LlmAnswer:
    """Text, model and usage from a 2xx body; no text at all is a failure."""
    texts: list[str] = []
    why = ""
    if provider == "anthropic":
        for block in _list(data.get("content")):
            if isinstance(block, dict) and block.get("type") == "text":
                texts.append(_str(block.get("text")))
        usage = _dict(data.get("usage"))
        tokens = (_int(usage.get("input_tokens")), _int(usage.get("output_tokens")))
        why = _str(data.get("stop_reason"))
        reported = _str(data.get("model"))
    elif provider == "openai":
        choices = _list(data.get("choices"))
        first = _dict(choices[0]) if choices else {}
        texts.append(_str(_dict(first.get("message")).get("content")))
        usage = _dict(data.get("usage"))
        tokens = (_int(usage.get("prompt_tokens")), _int(usage.get("completion_tokens")))
        why = _str(first.get("finish_reason"))
        reported = _str(data.get("model"))
    else:
        candidates = _list(data.get("candidates"))
        first = _dict(candidates[0]) if candidates else {}
        for part in _list(_dict(first.get("content")).get("parts")):
            if isinstance(part, dict):
                texts.append(_str(part.get("text")))
        usage = _dict(data.get("usageMetadata"))
        tokens = (_int(usage.get("promptTokenCount")), _int(usage.get("candidatesTokenCount")))
        # A blocked prompt has no candidates; promptFeedback says why.
        why = _str(first.get("finishReason")) or _str(
            _dict(data.get("promptFeedback")).get("blockReason")
        )
        reported = _str(data.get("modelVersion")).removeprefix("models/")
    text = "".join(texts)
    if not text.strip():
        reason = f"{provider} answered HTTP {status} without text" + (f" ({why})" if why else "")
        raise LlmProviderFailed(
            provider=provider, status=status, reason=_clean(reason, secret, redactor)
        )
    model = reported or requested
    input_tokens, output_tokens = tokens
    return LlmAnswer(
        text=_scrub(text, secret, redactor),
        provider=provider,
        model=model,
        input_tokens=input_tokens,
        output_tokens=output_tokens,
        cost_usd=price_of(model, input_tokens, output_tokens)
        or price_of(requested, input_tokens, output_tokens),
    )


# ---- failures -------------------------------------------------------------------------


def _refusal(
    provider: str, resp: httpx.Response, secret: str, redactor: Redactor
) -> LlmProviderFailed | LlmRateLimited:
    """The typed error for a non-2xx answer, its reason cleaned of the key."""
    status = resp.status_code
    message = _error_message(resp)
    reason = _clean(
        f"{provider} answered HTTP {status}" + (f": {message}" if message else ""),
        secret,
        redactor,
    )
    if status == 429:
        return LlmRateLimited(provider=provider, retry_after_s=_retry_after_s(resp), reason=reason)
    return LlmProviderFailed(provider=provider, status=status, reason=reason)


def _error_message(resp: httpx.Response) -> str | None:
    """The provider's own error message (uncut): ``error.message`` in all three dialects."""
    try:
        data = resp.json()
    except ValueError:
        text = resp.content[:MAX_RAW_BODY].decode("utf-8", "replace").strip()
        return text or None
    if isinstance(data, dict):
        err = data.get("error")
        if isinstance(err, dict) and isinstance(err.get("message"), str):
            kind = err.get("type") or err.get("status")
            message = str(err["message"])
            return f"{kind}: {message}" if isinstance(kind, str) and kind else message
        if isinstance(err, str):
            return err
        if isinstance(data.get("message"), str):
            return str(data["message"])
    return None


def _retry_after_s(resp: httpx.Response) -> int:
    """Seconds to wait after a 429: ``retry-after`` (seconds or an HTTP date),
    ``retry-after-ms``, Google's ``RetryInfo.retryDelay``, else ``DEFAULT_RETRY_AFTER_S``."""
    header = resp.headers.get("retry-after", "").strip()
    if header:
        seconds = _seconds(header)
        if seconds is None:
            try:
                when = email.utils.parsedate_to_datetime(header)
            except (TypeError, ValueError):
                when = None
            if when is not None:
                seconds = when.timestamp() - time.time()
        if seconds is not None:
            return max(math.ceil(seconds), 1)
    millis = _seconds(resp.headers.get("retry-after-ms", "").strip())
    if millis is not None:
        return max(math.ceil(millis / 1000), 1)
    try:
        data = resp.json()
    except ValueError:
        data = None
    for detail in _list(_dict(_dict(data).get("error")).get("details")):
        delay = _dict(detail).get("retryDelay")  # protobuf Duration as JSON: "38s"
        if isinstance(delay, str) and (seconds := _seconds(delay.removesuffix("s"))) is not None:
            return max(math.ceil(seconds), 1)
    return DEFAULT_RETRY_AFTER_S


def _seconds(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None


def _scrub(text: str, secret: str, redactor: Redactor) -> str:
    """The key itself (which the redactor may not know yet) and every known secret and
    token shape masked."""
    if secret:
        text = text.replace(secret, MASK)
    return redactor.redact_str(text)


def _clean(reason: str, secret: str, redactor: Redactor) -> str:
    """Scrub, then cut to ``MAX_REASON``: cutting first could split an echoed secret, and
    the start of a secret no longer matches its known value or its token shape."""
    return _scrub(reason, secret, redactor)[:MAX_REASON]


# Defensive readers for JSON of a shape we do not control.


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0

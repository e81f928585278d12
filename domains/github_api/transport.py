"""One GitHub REST call on httpx, and the typed error for a refused one.

``send`` adds GitHub's headers to one request and turns a refusal or a transport failure
into the typed errors of ``errors`` (401/403/404/422, rate limits, 5xx and timeouts), the
reason passed through the caller's redactor. ``error_for`` is that mapping on its own.
``fetch_capped`` is a GET in another media type (a pull request's diff) read up to a cap.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx

from domains.github_api.errors import (
    GitHubError,
    GitHubForbidden,
    GitHubNotFound,
    GitHubRateLimited,
    GitHubUnauthorized,
    GitHubUnavailable,
    GitHubUnprocessable,
)

Redact = Callable[[str], str]

API_VERSION = "2022-11-28"
USER_AGENT = "jidocode-rpc"


def _retry_after_s(response: httpx.Response) -> int | None:
    retry_after = response.headers.get("retry-after")
    if retry_after and retry_after.strip().isdigit():
        return int(retry_after.strip())
    reset = response.headers.get("x-ratelimit-reset")
    if reset and reset.strip().isdigit():
        return max(int(reset.strip()) - int(time.time()), 0)
    return None


def _is_rate_limited(response: httpx.Response) -> bool:
    if response.status_code == 429:
        return True
    return response.status_code == 403 and (
        response.headers.get("x-ratelimit-remaining") == "0"
        or "retry-after" in response.headers
        or "rate limit" in _message(response).lower()
    )


def _message(response: httpx.Response) -> str:
    """GitHub's explanation: ``message`` plus the messages of a 422's ``errors``."""
    try:
        body = response.json()
    except ValueError:
        return response.reason_phrase or "no message"
    if not isinstance(body, dict):
        return response.reason_phrase or "no message"
    parts = [str(body.get("message") or response.reason_phrase or "no message")]
    for item in body.get("errors") or []:
        if isinstance(item, dict):
            detail = item.get("message") or " ".join(
                str(item[k]) for k in ("resource", "field", "code") if item.get(k)
            )
            if detail:
                parts.append(str(detail))
        elif isinstance(item, str):
            parts.append(item)
    return "; ".join(parts)[:500]


def error_for(response: httpx.Response, redact: Redact) -> GitHubError:
    """The typed error for a refused response, its reason redacted."""
    status = response.status_code
    reason = redact(f"GitHub answered {status}: {_message(response)}")
    if _is_rate_limited(response):
        return GitHubRateLimited(
            reason=reason, status=status, retry_after_s=_retry_after_s(response)
        )
    kinds: dict[int, type[GitHubError]] = {
        401: GitHubUnauthorized,
        403: GitHubForbidden,
        404: GitHubNotFound,
        422: GitHubUnprocessable,
    }
    cls = kinds.get(status, GitHubUnavailable if status >= 500 else GitHubError)
    return cls(reason=reason, status=status)


async def send(
    *,
    base_url: str,
    method: str,
    path: str,
    authorization: str,
    timeout_s: float,
    redact: Redact,
    json: Any = None,
    params: dict[str, str | int] | None = None,
) -> httpx.Response:
    """One REST call; a refusal or transport failure raises the typed error.

    ``authorization`` is the whole header value (``Bearer <token>``); it is never part of
    an error or a log line. The HTTP connection pool lives for this call only: GitHub
    calls are few and slow next to that, and nothing is left open for a caller to close.
    """
    url = base_url.rstrip("/") + path
    headers = {
        "Accept": "application/vnd.github+json",
        "Authorization": authorization,
        "User-Agent": USER_AGENT,
        "X-GitHub-Api-Version": API_VERSION,
    }
    try:
        async with httpx.AsyncClient(timeout=timeout_s, follow_redirects=False) as http:
            response = await http.request(method, url, headers=headers, json=json, params=params)
    except httpx.TimeoutException:
        raise GitHubUnavailable(reason=f"GitHub did not answer within {timeout_s:g}s") from None
    except httpx.HTTPError as exc:
        # The exception text may carry the URL; its class names the failure well enough.
        raise GitHubUnavailable(
            reason=f"GitHub could not be reached ({type(exc).__name__})"
        ) from None
    if response.status_code >= 400:
        raise error_for(response, redact)
    return response


async def fetch_capped(
    *,
    base_url: str,
    path: str,
    authorization: str,
    timeout_s: float,
    redact: Redact,
    accept: str,
    max_bytes: int,
) -> tuple[bytes, bool]:
    """A GET in another media type (``accept``, e.g. a diff) whose body is read up to
    ``max_bytes``: the bytes, and whether GitHub had more (the rest is never downloaded).

    Refusals and transport failures raise the typed errors, as ``send``'s do.
    """
    url = base_url.rstrip("/") + path
    headers = {
        "Accept": accept,
        "Authorization": authorization,
        "User-Agent": USER_AGENT,
        "X-GitHub-Api-Version": API_VERSION,
    }
    chunks: list[bytes] = []
    size = 0
    truncated = False
    try:
        async with (
            httpx.AsyncClient(timeout=timeout_s, follow_redirects=False) as http,
            http.stream("GET", url, headers=headers) as response,
        ):
            if response.status_code >= 400:
                await response.aread()
                raise error_for(response, redact)
            async for chunk in response.aiter_bytes():
                room = max_bytes - size
                if len(chunk) > room:
                    # Stop reading: closing the stream leaves the rest on the wire.
                    chunks.append(chunk[:room])
                    truncated = True
                    break
                chunks.append(chunk)
                size += len(chunk)
    except httpx.TimeoutException:
        raise GitHubUnavailable(reason=f"GitHub did not answer within {timeout_s:g}s") from None
    except httpx.HTTPError as exc:
        raise GitHubUnavailable(
            reason=f"GitHub could not be reached ({type(exc).__name__})"
        ) from None
    return b"".join(chunks), truncated

"""The GitHub REST client: the one place that speaks GitHub's API.

Every call goes to ``settings.github_api_url`` (github.com, a GitHub Enterprise
``https://host/api/v3``, or a local server in tests) with one bearer token: a personal
access token, or a GitHub App installation token minted and cached by ``client_app``.
Refusals become the typed errors of ``client_errors`` (401/403/404/422/rate limits),
their reasons redacted. ``client_for(conn, runtime)`` picks the stored credential.

The client opens one short-lived HTTP connection pool per call: GitHub calls are few
and slow next to that, and nothing is left open for a caller to forget to close.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any, Literal

import httpx
from pydantic import BaseModel

from domains.github.client_errors import (
    GitHubError,
    GitHubForbidden,
    GitHubNotFound,
    GitHubRateLimited,
    GitHubUnauthorized,
    GitHubUnavailable,
    GitHubUnprocessable,
)
from domains.setup.service import provider_secret
from rpc.context import Runtime
from rpc.errors import SecretUnavailable
from rpc.redaction import redact_text
from sql.database import Connection

log = logging.getLogger(__name__)

AuthKind = Literal["pat", "installation"]
Redact = Callable[[str], str]

API_VERSION = "2022-11-28"
USER_AGENT = "jidocode-rpc"
PAGE_SIZE = 100
# Listing stops after this many pages (10,000 repositories): enough for one owner, and a
# bound on what one call may cost.
MAX_PAGES = 100


class RepoInfo(BaseModel):
    """A repository as the credential sees it."""

    full_name: str
    owner: str
    name: str
    private: bool
    default_branch: str | None = None
    description: str | None = None
    html_url: str | None = None


def repo_info(raw: dict[str, Any]) -> RepoInfo:
    """A REST repository object as ``RepoInfo``."""
    full_name = str(raw["full_name"])
    owner, _, name = full_name.partition("/")
    return RepoInfo(
        full_name=full_name,
        owner=str((raw.get("owner") or {}).get("login") or owner),
        name=str(raw.get("name") or name),
        private=bool(raw.get("private", False)),
        default_branch=raw.get("default_branch"),
        description=raw.get("description"),
        html_url=raw.get("html_url"),
    )


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
    an error or a log line.
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


class GitHubClient:
    """GitHub's REST API with one token (a PAT or an App installation token)."""

    def __init__(
        self,
        *,
        base_url: str,
        token: str,
        auth_kind: AuthKind = "pat",
        timeout_s: float = 15.0,
        redact: Redact = redact_text,
        on_unauthorized: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.auth_kind: AuthKind = auth_kind
        self.timeout_s = timeout_s
        self._token = token
        self._redact = redact
        self._on_unauthorized = on_unauthorized

    def __repr__(self) -> str:
        return f"GitHubClient(base_url={self.base_url!r}, auth_kind={self.auth_kind!r})"

    async def _call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, str | int] | None = None,
    ) -> httpx.Response:
        try:
            return await send(
                base_url=self.base_url,
                method=method,
                path=path,
                authorization=f"Bearer {self._token}",
                timeout_s=self.timeout_s,
                redact=self._redact,
                json=json,
                params=params,
            )
        except GitHubUnauthorized:
            # GitHub refused the token: let its owner drop it (a cached installation token
            # revoked early) so the next client gets a fresh one instead of the same 401.
            if self._on_unauthorized is not None:
                await self._on_unauthorized()
            raise

    async def _object(self, method: str, path: str, *, json: Any = None) -> dict[str, Any]:
        response = await self._call(method, path, json=json)
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise GitHubError(reason="GitHub answered with an unexpected body", status=200)
        return body

    async def list_accessible_repositories(self, *, max_pages: int = MAX_PAGES) -> list[RepoInfo]:
        """Every repository the credential can see (all pages), sorted by full name.

        A PAT lists ``/user/repos``; an installation token lists the installation's
        ``/installation/repositories``.
        """
        path = "/user/repos" if self.auth_kind == "pat" else "/installation/repositories"
        seen: dict[str, RepoInfo] = {}
        for page in range(1, max_pages + 1):
            response = await self._call("GET", path, params={"per_page": PAGE_SIZE, "page": page})
            body = response.json()
            items = body.get("repositories", []) if isinstance(body, dict) else body
            if not isinstance(items, list):
                raise GitHubError(reason="GitHub answered with an unexpected body", status=200)
            for raw in items:
                info = repo_info(raw)
                seen[info.full_name.lower()] = info
            # GitHub may cap per_page below what was asked; only its Link header is sure.
            if not items or 'rel="next"' not in response.headers.get("link", ""):
                break
        return sorted(seen.values(), key=lambda r: r.full_name.lower())

    async def get_repository(self, owner: str, repo: str) -> RepoInfo:
        """One repository (``GET /repos/{owner}/{repo}``)."""
        return repo_info(await self._object("GET", f"/repos/{owner}/{repo}"))

    async def get_pull_request(self, owner: str, repo: str, number: int) -> dict[str, Any]:
        """One pull request as GitHub returns it (``state``, ``merged``, ``merged_at``, …)."""
        return await self._object("GET", f"/repos/{owner}/{repo}/pulls/{int(number)}")

    async def get_issue(self, owner: str, repo: str, number: int) -> dict[str, Any]:
        """One issue as GitHub returns it (``title``, ``body``, ``state``, ``labels``, …)."""
        return await self._object("GET", f"/repos/{owner}/{repo}/issues/{int(number)}")

    async def create_issue_comment(
        self, owner: str, repo: str, number: int, body: str
    ) -> dict[str, Any]:
        """Post a comment on an issue or pull request; the answer has ``id`` and ``html_url``."""
        return await self._object(
            "POST", f"/repos/{owner}/{repo}/issues/{int(number)}/comments", json={"body": body}
        )


def redactor_of(runtime: Runtime) -> Redact:
    """The runtime's redactor (known secrets and shapes), else shape-only masking."""
    try:
        return runtime.redactor.redact_str
    except LookupError:
        return redact_text


async def credential(conn: Connection, runtime: Runtime) -> tuple[str, AuthKind] | None:
    """The token to act on GitHub with, and its kind; ``None`` when none is stored.

    A stored GitHub App wins over a PAT (its installation token is minted or read from the
    sealed cache); the token is remembered by the redactor so it is masked everywhere.
    """
    from domains.github import client_app  # imports this module, so not at the top

    app_text = await provider_secret(conn, runtime, provider="github_app")
    if app_text:
        app = client_app.parse_app_credential(app_text)
        token = await client_app.installation_token(conn, runtime, app)
        kind: AuthKind = "installation"
    else:
        pat = await provider_secret(conn, runtime, provider="github_pat")
        if not pat:
            return None
        token, kind = pat, "pat"
    with contextlib.suppress(LookupError):
        runtime.redactor.remember(token)
    return token, kind


async def client_for(conn: Connection, runtime: Runtime) -> GitHubClient:
    """A client acting with the stored GitHub credential (App installation, else PAT).

    Raises ``SecretUnavailable`` when no GitHub credential is stored, and the typed
    GitHub errors when an App installation token cannot be minted.
    """
    found = await credential(conn, runtime)
    if found is None:
        raise SecretUnavailable(
            reason="no GitHub credential is configured (set github_pat or github_app)"
        )
    token, kind = found
    settings = runtime.settings
    return GitHubClient(
        base_url=settings.github_api_url,
        token=token,
        auth_kind=kind,
        timeout_s=settings.provider_timeout_s,
        redact=redactor_of(runtime),
        on_unauthorized=partial(_forget_installation_token, runtime) if kind != "pat" else None,
    )


async def _forget_installation_token(runtime: Runtime) -> None:
    """Drop the cached installation token of the stored App (GitHub refused it)."""
    from domains.github import client_app  # imports this module, so not at the top

    async with runtime.db.connection() as conn:
        app_text = await provider_secret(conn, runtime, provider="github_app")
        if app_text:
            app = client_app.parse_app_credential(app_text)
            await client_app.forget_installation_token(conn, installation_id=app.installation_id)

"""The GitHub REST client: ``GitHubClient``, its typed calls, and ``client_for``.

Every call goes to ``settings.github_api_url`` (github.com, a GitHub Enterprise
``https://host/api/v3``, or a local server in tests) with one bearer token: a personal
access token, or a GitHub App installation token minted and cached by ``app_tokens``.
Refusals become the typed errors of ``errors`` (401/403/404/422/rate limits), their
reasons redacted (``transport``).

The credential comes from the caller as a ``GitHubCredential`` (Setup stores it and
decides which one applies); ``client_for`` turns it into a client and ``token_for`` into
the bare token (for git).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Literal

import httpx
from pydantic import BaseModel

from domains.github_api import app_tokens
from domains.github_api.errors import GitHubError, GitHubUnauthorized
from domains.github_api.transport import Redact, fetch_capped, send
from rpc.context import Runtime
from rpc.redaction import redact_text
from sql.database import Connection

AuthKind = Literal["pat", "installation"]

PAGE_SIZE = 100
# Listing stops after this many pages (10,000 repositories): enough for one owner, and a
# bound on what one call may cost.
MAX_PAGES = 100
# A pull request's diff is read up to this many bytes (the rest is not downloaded): more
# than a reviewer reads, and what one LLM prompt can carry.
DIFF_MEDIA_TYPE = "application/vnd.github.diff"
DIFF_MAX_BYTES = 1024 * 1024
# GitHub lists at most 3,000 files of a pull request; a review reads the first 300.
MAX_PULL_FILES = 300


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
        async with self._dropping_a_refused_token():
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

    @contextlib.asynccontextmanager
    async def _dropping_a_refused_token(self) -> AsyncIterator[None]:
        """On a 401, let the token's owner drop it (a cached installation token revoked
        early) so the next client gets a fresh one instead of the same 401."""
        try:
            yield
        except GitHubUnauthorized:
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

    async def create_pull_request(
        self, owner: str, repo: str, *, head: str, base: str, title: str, body: str
    ) -> dict[str, Any]:
        """Open a pull request of branch ``head`` into ``base`` (``POST …/pulls``); the
        answer has ``number`` and ``html_url``. A 422 (no commits between them, a pull
        request for the branch exists) is ``GitHubUnprocessable`` with GitHub's reason."""
        return await self._object(
            "POST",
            f"/repos/{owner}/{repo}/pulls",
            json={"head": head, "base": base, "title": title, "body": body},
        )

    async def find_pull_request(self, owner: str, repo: str, *, head: str) -> dict[str, Any] | None:
        """The newest pull request, open or not, whose head is ``owner:head``; ``None``."""
        body, _ = await self._list_page(
            f"/repos/{owner}/{repo}/pulls",
            {"head": f"{owner}:{head}", "state": "all", "per_page": 10},
        )
        pulls = [p for p in body if isinstance(p.get("number"), int)]
        return max(pulls, key=lambda p: int(p["number"]), default=None)

    async def get_issue(self, owner: str, repo: str, number: int) -> dict[str, Any]:
        """One issue as GitHub returns it (``title``, ``body``, ``state``, ``labels``, …)."""
        return await self._object("GET", f"/repos/{owner}/{repo}/issues/{int(number)}")

    async def list_issue_comments(
        self, owner: str, repo: str, number: int, *, since: str | None = None
    ) -> list[dict[str, Any]]:
        """The issue's newest comments (at most 200; those updated at or after ``since``,
        an ISO 8601 time, when given), oldest first.

        GitHub lists an issue's comments oldest first and cannot reverse the order, so
        a long thread's newest are read from its last pages (its ``Link`` header's
        ``rel="last"``)."""
        path = f"/repos/{owner}/{repo}/issues/{int(number)}/comments"
        base: dict[str, str | int] = {"per_page": PAGE_SIZE}
        if since is not None:
            base["since"] = since
        first, link = await self._list_page(path, {**base, "page": 1})
        last = _last_page(link)
        if last is None or last <= 1:
            return first
        pages = [last - 1, last] if last > 2 else [last]
        out: list[dict[str, Any]] = [] if last > 2 else list(first)
        for page in pages:
            items, _ = await self._list_page(path, {**base, "page": page})
            out.extend(items)
        return out

    async def _list_page(
        self, path: str, params: dict[str, str | int]
    ) -> tuple[list[dict[str, Any]], str]:
        """One page of a list GitHub answers (its objects), and its ``Link`` header."""
        response = await self._call("GET", path, params=params)
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, list):
            raise GitHubError(reason="GitHub answered with an unexpected body", status=200)
        return [c for c in body if isinstance(c, dict)], response.headers.get("link", "")

    async def create_issue_comment(
        self, owner: str, repo: str, number: int, body: str
    ) -> dict[str, Any]:
        """Post a comment on an issue or pull request; the answer has ``id`` and ``html_url``."""
        return await self._object(
            "POST", f"/repos/{owner}/{repo}/issues/{int(number)}/comments", json={"body": body}
        )

    async def get_pull_request_diff(
        self, owner: str, repo: str, number: int, *, max_bytes: int = DIFF_MAX_BYTES
    ) -> PullRequestDiff:
        """The pull request's unified diff (``Accept: application/vnd.github.diff``), at
        most ``max_bytes`` of it, cut at a line end; ``truncated`` says GitHub had more.

        A diff GitHub will not render (too many files or lines) is a ``GitHubError`` with
        status 406; ``list_pull_request_files`` still lists its files then.
        """
        async with self._dropping_a_refused_token():
            raw, truncated = await fetch_capped(
                base_url=self.base_url,
                path=f"/repos/{owner}/{repo}/pulls/{int(number)}",
                authorization=f"Bearer {self._token}",
                timeout_s=self.timeout_s,
                redact=self._redact,
                accept=DIFF_MEDIA_TYPE,
                max_bytes=max_bytes,
            )
        if truncated and b"\n" in raw:
            raw = raw[: raw.rfind(b"\n") + 1]
        return PullRequestDiff(text=raw.decode("utf-8", errors="replace"), truncated=truncated)

    async def list_pull_request_files(
        self, owner: str, repo: str, number: int, *, max_files: int = MAX_PULL_FILES
    ) -> list[dict[str, Any]]:
        """The files the pull request changes, at most ``max_files``: ``filename``,
        ``status``, ``additions``, ``deletions`` and ``patch`` (absent for a binary file
        or one too large to show)."""
        path = f"/repos/{owner}/{repo}/pulls/{int(number)}/files"
        files: list[dict[str, Any]] = []
        for page in range(1, -(-max_files // PAGE_SIZE) + 1):
            body, link = await self._list_page(path, {"per_page": PAGE_SIZE, "page": page})
            files.extend(body)
            if not body or 'rel="next"' not in link:
                break
        return files[:max_files]


@dataclass(frozen=True)
class PullRequestDiff:
    """A pull request's diff as read: its text, and whether it was cut at the size cap."""

    text: str
    truncated: bool


_LAST_PAGE = re.compile(r'[?&]page=(\d+)[^>]*>;\s*rel="last"')


def _last_page(link: str) -> int | None:
    """The page number of a ``Link`` header's ``rel="last"``, if it has one."""
    found = _LAST_PAGE.search(link)
    return int(found.group(1)) if found else None


@dataclass(frozen=True)
class GitHubCredential:
    """A stored GitHub credential as its owner hands it over: the provider it is stored
    under (``github_app``: the App's JSON; ``github_pat``: the token) and its text."""

    provider: Literal["github_app", "github_pat"]
    text: str = field(repr=False)


async def token_for(
    conn: Connection, runtime: Runtime, credential: GitHubCredential
) -> tuple[str, AuthKind]:
    """The token to act on GitHub with, and its kind.

    An App's installation token is minted or read from the sealed cache; a PAT is itself.
    The token is remembered by the runtime's redactor so it is masked everywhere.
    """
    if credential.provider == "github_app":
        app = app_tokens.parse_app_credential(credential.text)
        token = await app_tokens.installation_token(conn, runtime, app)
        kind: AuthKind = "installation"
    else:
        token, kind = credential.text, "pat"
    runtime.redactor.remember(token)
    return token, kind


async def client_for(
    conn: Connection, runtime: Runtime, credential: GitHubCredential
) -> GitHubClient:
    """A client acting with ``credential`` (an App installation token, or a PAT).

    Raises ``SecretUnavailable`` when an App credential is malformed, and the typed GitHub
    errors when its installation token cannot be minted. When GitHub refuses an
    installation token, the client drops it from the cache so the next client mints anew.
    """
    token, kind = await token_for(conn, runtime, credential)
    on_unauthorized: Callable[[], Awaitable[None]] | None = None
    if credential.provider == "github_app":
        installation_id = app_tokens.parse_app_credential(credential.text).installation_id
        on_unauthorized = partial(_forget_installation_token, runtime, installation_id)
    settings = runtime.settings
    return GitHubClient(
        base_url=settings.github_api_url,
        token=token,
        auth_kind=kind,
        timeout_s=settings.provider_timeout_s,
        redact=runtime.redactor.redact_str,
        on_unauthorized=on_unauthorized,
    )


async def _forget_installation_token(runtime: Runtime, installation_id: int) -> None:
    """Drop the cached installation token GitHub refused (on a connection of its own)."""
    async with runtime.db.connection() as conn:
        await app_tokens.forget_installation_token(conn, installation_id=installation_id)

"""A local GitHub-speaking REST server on 127.0.0.1 for tests (DESIGN §10).

It speaks just the endpoints JidoCode uses, with GitHub's shapes, auth rules and error
bodies, so the real client code runs against it::

    async with FakeGitHub() as gh:           # or the ``github_fake`` fixture
        gh.add_token("ghp_...")              # a PAT the server accepts
        gh.add_repo("acme/app")
        gh.add_pull("acme/app", 7, state="closed", merged=True)
        gh.add_issue("acme/app", 3, title="Crash")
        settings = settings.model_copy(update={"github_api_url": gh.base_url})
        ...
        assert gh.comments[0].body == "..."

Endpoints: ``GET /user/repos`` (PAT; paginated with ``Link``), ``GET /installation/
repositories`` (installation token), ``POST /app/installations/{id}/access_tokens``
(RS256 app JWT checked against the registered public key), ``GET /repos/{o}/{r}``,
``GET /repos/{o}/{r}/pulls/{n}``, ``GET /repos/{o}/{r}/issues/{n}``,
``POST /repos/{o}/{r}/issues/{n}/comments`` (recorded in ``comments``).

Failure modes: ``gh.fail("unauthorized" | "forbidden" | "not_found" | "unprocessable" |
"rate_limited" | "secondary_rate_limited" | "server_error", times=1, path_prefix=None,
message=None)`` makes the next matching requests fail the way GitHub does; ``times=None``
keeps failing until ``gh.clear_failures()``. Every request is kept in ``requests``.
"""

from __future__ import annotations

import itertools
import secrets
import time
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import jwt
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

FailureMode = Literal[
    "unauthorized",
    "forbidden",
    "not_found",
    "unprocessable",
    "rate_limited",
    "secondary_rate_limited",
    "server_error",
]

DOCS = "https://docs.github.com/rest"


def make_app_key() -> tuple[str, str]:
    """A fresh RSA key pair for a GitHub App: ``(private_pem, public_pem)``."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


@dataclass
class RecordedRequest:
    """One request the server received."""

    method: str
    path: str
    query: dict[str, str]
    authorization: str | None
    body: Any


@dataclass
class RecordedComment:
    """A comment posted through ``POST /repos/{o}/{r}/issues/{n}/comments``."""

    id: int
    full_name: str
    number: int
    body: str
    html_url: str
    token: str


@dataclass
class MintedToken:
    """An installation token the server handed out."""

    installation_id: int
    token: str
    expires_at: datetime


@dataclass
class _Failure:
    mode: FailureMode
    remaining: int | None
    path_prefix: str | None
    message: str | None


@dataclass
class _App:
    app_id: str
    public_key: str
    installations: dict[int, list[str]] = field(default_factory=dict)


class FakeGitHub:
    """The server and its state; start it with ``async with`` or ``start()``."""

    def __init__(
        self, *, page_size_cap: int = 100, token_lifetime: timedelta | None = None
    ) -> None:
        self.repos: dict[str, dict[str, Any]] = {}
        self.pulls: dict[tuple[str, int], dict[str, Any]] = {}
        self.issues: dict[tuple[str, int], dict[str, Any]] = {}
        self.comments: list[RecordedComment] = []
        self.requests: list[RecordedRequest] = []
        self.minted: list[MintedToken] = []
        self.tokens: set[str] = set()
        self.page_size_cap = page_size_cap
        self.token_lifetime = token_lifetime or timedelta(hours=1)
        self._apps: dict[str, _App] = {}
        self._installation_tokens: dict[str, MintedToken] = {}
        self._failures: list[_Failure] = []
        self._ids = itertools.count(1000)
        self._server: TestServer | None = None

    # -- lifecycle ---------------------------------------------------------------------

    async def start(self) -> FakeGitHub:
        """Listen on 127.0.0.1 (a free port)."""
        app = web.Application()
        app.router.add_get("/user/repos", self._user_repos)
        app.router.add_get("/installation/repositories", self._installation_repos)
        app.router.add_post("/app/installations/{id}/access_tokens", self._mint)
        app.router.add_get("/repos/{owner}/{repo}", self._repo)
        app.router.add_get("/repos/{owner}/{repo}/pulls/{number}", self._pull)
        app.router.add_get("/repos/{owner}/{repo}/issues/{number}", self._issue)
        app.router.add_post("/repos/{owner}/{repo}/issues/{number}/comments", self._comment)
        self._server = TestServer(app, host="127.0.0.1")
        await self._server.start_server()
        return self

    async def close(self) -> None:
        """Stop listening."""
        if self._server is not None:
            await self._server.close()
            self._server = None

    async def __aenter__(self) -> FakeGitHub:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def base_url(self) -> str:
        """What ``settings.github_api_url`` should be (no trailing slash)."""
        assert self._server is not None, "start the fake first"
        return str(self._server.make_url("")).rstrip("/")

    # -- state -------------------------------------------------------------------------

    def add_token(self, token: str | None = None) -> str:
        """Accept a personal access token (a fresh ``ghp_`` one when none is given)."""
        token = token or "ghp_" + secrets.token_hex(18)
        self.tokens.add(token)
        return token

    def add_repo(
        self,
        full_name: str,
        *,
        private: bool = False,
        default_branch: str = "main",
        description: str | None = None,
    ) -> dict[str, Any]:
        """A repository every accepted PAT can see."""
        owner, name = full_name.split("/")
        repo = {
            "id": next(self._ids),
            "name": name,
            "full_name": full_name,
            "owner": {"login": owner},
            "private": private,
            "default_branch": default_branch,
            "description": description,
            "html_url": f"https://github.example/{full_name}",
        }
        self.repos[full_name.lower()] = repo
        return repo

    def add_pull(
        self,
        full_name: str,
        number: int,
        *,
        state: Literal["open", "closed"] = "open",
        merged: bool = False,
        title: str = "A pull request",
        merged_at: str | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        """A pull request (``state`` open/closed, ``merged``); call again to change it."""
        pull = {
            "id": next(self._ids),
            "number": number,
            "state": state,
            "merged": merged,
            "merged_at": merged_at or ("2024-01-02T03:04:05Z" if merged else None),
            "title": title,
            "html_url": f"https://github.example/{full_name}/pull/{number}",
            **extra,
        }
        self.pulls[(full_name.lower(), number)] = pull
        return pull

    def add_issue(
        self,
        full_name: str,
        number: int,
        *,
        title: str = "An issue",
        body: str = "",
        state: Literal["open", "closed"] = "open",
        **extra: Any,
    ) -> dict[str, Any]:
        """An issue."""
        issue = {
            "id": next(self._ids),
            "number": number,
            "title": title,
            "body": body,
            "state": state,
            "labels": [],
            "user": {"login": "reporter"},
            "html_url": f"https://github.example/{full_name}/issues/{number}",
            **extra,
        }
        self.issues[(full_name.lower(), number)] = issue
        return issue

    def add_app(
        self, app_id: str | int, public_key_pem: str, installation_id: int, repos: Iterable[str]
    ) -> None:
        """A GitHub App (verifying its JWTs with ``public_key_pem``) and one installation."""
        app = self._apps.setdefault(str(app_id), _App(str(app_id), public_key_pem))
        app.public_key = public_key_pem
        app.installations[installation_id] = list(repos)

    def fail(
        self,
        mode: FailureMode,
        *,
        times: int | None = 1,
        path_prefix: str | None = None,
        message: str | None = None,
    ) -> None:
        """Fail the next ``times`` requests (whose path starts with ``path_prefix``)."""
        self._failures.append(_Failure(mode, times, path_prefix, message))

    def clear_failures(self) -> None:
        """Stop every pending failure."""
        self._failures.clear()

    def expire_installation_tokens(self) -> None:
        """Make every minted installation token invalid (as if an hour passed)."""
        self._installation_tokens.clear()

    # -- helpers -----------------------------------------------------------------------

    @staticmethod
    def _error(status: int, message: str, **headers: str) -> web.Response:
        return web.json_response(
            {"message": message, "documentation_url": DOCS}, status=status, headers=headers
        )

    def _take_failure(self, path: str) -> web.Response | None:
        for failure in self._failures:
            if failure.path_prefix and not path.startswith(failure.path_prefix):
                continue
            if failure.remaining is not None:
                failure.remaining -= 1
                if failure.remaining <= 0:
                    self._failures.remove(failure)
            return self._failure_response(failure)
        return None

    @staticmethod
    def _failure_response(f: _Failure) -> web.Response:
        reset = str(int(time.time()) + 60)
        if f.mode == "unauthorized":
            return FakeGitHub._error(401, f.message or "Bad credentials")
        if f.mode == "forbidden":
            return FakeGitHub._error(403, f.message or "Resource not accessible by integration")
        if f.mode == "not_found":
            return FakeGitHub._error(404, f.message or "Not Found")
        if f.mode == "unprocessable":
            return web.json_response(
                {
                    "message": f.message or "Validation Failed",
                    "errors": [{"resource": "Issue", "field": "body", "code": "missing_field"}],
                    "documentation_url": DOCS,
                },
                status=422,
            )
        if f.mode == "rate_limited":
            return FakeGitHub._error(
                403,
                f.message or "API rate limit exceeded for user ID 1.",
                **{
                    "x-ratelimit-limit": "5000",
                    "x-ratelimit-remaining": "0",
                    "x-ratelimit-reset": reset,
                },
            )
        if f.mode == "secondary_rate_limited":
            return FakeGitHub._error(
                429,
                f.message or "You have exceeded a secondary rate limit.",
                **{"retry-after": "30"},
            )
        return FakeGitHub._error(502, f.message or "Server Error")

    async def _record(self, request: web.Request) -> None:
        body: Any = None
        if request.can_read_body:
            try:
                body = await request.json()
            except ValueError:
                body = await request.text()
        self.requests.append(
            RecordedRequest(
                method=request.method,
                path=request.path,
                query=dict(request.query),
                authorization=request.headers.get("Authorization"),
                body=body,
            )
        )

    @staticmethod
    def _bearer(request: web.Request) -> str | None:
        value = request.headers.get("Authorization", "")
        scheme, _, token = value.partition(" ")
        if scheme.lower() in ("bearer", "token") and token:
            return token.strip()
        return None

    def _installation_of(self, token: str | None) -> MintedToken | None:
        minted = self._installation_tokens.get(token or "")
        if minted is None or minted.expires_at <= datetime.now(UTC):
            return None
        return minted

    def _visible_repos(self, token: str | None) -> list[dict[str, Any]] | None:
        """What a token can see; ``None`` for a token the server does not accept."""
        if token in self.tokens:
            return list(self.repos.values())
        minted = self._installation_of(token)
        if minted is None:
            return None
        for app in self._apps.values():
            names = app.installations.get(minted.installation_id)
            if names is not None:
                return [self.repos[n.lower()] for n in names if n.lower() in self.repos]
        return []

    async def _guard(self, request: web.Request) -> web.Response | list[dict[str, Any]]:
        """Record, apply failures, and authenticate; the visible repos when all is well."""
        await self._record(request)
        failure = self._take_failure(request.path)
        if failure is not None:
            return failure
        visible = self._visible_repos(self._bearer(request))
        if visible is None:
            return self._error(401, "Bad credentials")
        return visible

    def _find_repo(
        self, request: web.Request, visible: list[dict[str, Any]]
    ) -> dict[str, Any] | None:
        full = f"{request.match_info['owner']}/{request.match_info['repo']}".lower()
        return next((r for r in visible if r["full_name"].lower() == full), None)

    def _page(
        self, request: web.Request, items: list[dict[str, Any]]
    ) -> tuple[list[dict[str, Any]], str | None]:
        per_page = min(int(request.query.get("per_page", "30")), self.page_size_cap)
        page = max(int(request.query.get("page", "1")), 1)
        chunk = items[(page - 1) * per_page : page * per_page]
        link = None
        if page * per_page < len(items):
            nxt = request.url.update_query({"page": str(page + 1), "per_page": str(per_page)})
            link = f'<{nxt}>; rel="next"'
        return chunk, link

    # -- handlers ----------------------------------------------------------------------

    async def _user_repos(self, request: web.Request) -> web.Response:
        visible = await self._guard(request)
        if isinstance(visible, web.Response):
            return visible
        if self._bearer(request) not in self.tokens:
            return self._error(403, "Resource not accessible by integration")
        items = sorted(visible, key=lambda r: r["full_name"].lower())
        chunk, link = self._page(request, items)
        return web.json_response(chunk, headers={"Link": link} if link else {})

    async def _installation_repos(self, request: web.Request) -> web.Response:
        visible = await self._guard(request)
        if isinstance(visible, web.Response):
            return visible
        if self._installation_of(self._bearer(request)) is None:
            return self._error(403, "This endpoint requires an installation token")
        items = sorted(visible, key=lambda r: r["full_name"].lower())
        chunk, link = self._page(request, items)
        return web.json_response(
            {"total_count": len(items), "repositories": chunk},
            headers={"Link": link} if link else {},
        )

    async def _mint(self, request: web.Request) -> web.Response:
        await self._record(request)
        failure = self._take_failure(request.path)
        if failure is not None:
            return failure
        token = self._bearer(request) or ""
        try:
            unverified = jwt.decode(token, options={"verify_signature": False})
            app = self._apps[str(unverified.get("iss"))]
            jwt.decode(token, app.public_key, algorithms=["RS256"])
        except (jwt.PyJWTError, KeyError):
            return self._error(401, "A JSON web token could not be decoded")
        installation_id = int(request.match_info["id"])
        if installation_id not in app.installations:
            return self._error(404, "Not Found")
        minted = MintedToken(
            installation_id=installation_id,
            token="ghs_" + secrets.token_hex(18),
            expires_at=(datetime.now(UTC) + self.token_lifetime).replace(microsecond=0),
        )
        self.minted.append(minted)
        self._installation_tokens[minted.token] = minted
        return web.json_response(
            {
                "token": minted.token,
                "expires_at": minted.expires_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "permissions": {"contents": "write", "issues": "write"},
                "repository_selection": "selected",
            },
            status=201,
        )

    async def _repo(self, request: web.Request) -> web.Response:
        visible = await self._guard(request)
        if isinstance(visible, web.Response):
            return visible
        repo = self._find_repo(request, visible)
        if repo is None:
            return self._error(404, "Not Found")
        return web.json_response(repo)

    async def _pull(self, request: web.Request) -> web.Response:
        return await self._numbered(request, self.pulls)

    async def _issue(self, request: web.Request) -> web.Response:
        return await self._numbered(request, self.issues)

    async def _numbered(
        self, request: web.Request, table: dict[tuple[str, int], dict[str, Any]]
    ) -> web.Response:
        visible = await self._guard(request)
        if isinstance(visible, web.Response):
            return visible
        repo = self._find_repo(request, visible)
        if repo is None:
            return self._error(404, "Not Found")
        item = table.get((repo["full_name"].lower(), int(request.match_info["number"])))
        if item is None:
            return self._error(404, "Not Found")
        return web.json_response(item)

    async def _comment(self, request: web.Request) -> web.Response:
        visible = await self._guard(request)
        if isinstance(visible, web.Response):
            return visible
        repo = self._find_repo(request, visible)
        number = int(request.match_info["number"])
        if repo is None:
            return self._error(404, "Not Found")
        key = (repo["full_name"].lower(), number)
        if key not in self.issues and key not in self.pulls:
            return self._error(404, "Not Found")
        payload = self.requests[-1].body
        body = payload.get("body") if isinstance(payload, dict) else None
        if not isinstance(body, str) or not body:
            return web.json_response(
                {
                    "message": "Validation Failed",
                    "errors": [{"resource": "IssueComment", "field": "body", "code": "missing"}],
                    "documentation_url": DOCS,
                },
                status=422,
            )
        comment_id = next(self._ids)
        url = (
            f"https://github.example/{repo['full_name']}/issues/{number}#issuecomment-{comment_id}"
        )
        self.comments.append(
            RecordedComment(
                id=comment_id,
                full_name=repo["full_name"],
                number=number,
                body=body,
                html_url=url,
                token=self._bearer(request) or "",
            )
        )
        return web.json_response(
            {"id": comment_id, "html_url": url, "body": body, "user": {"login": "jidocode"}},
            status=201,
        )


@pytest.fixture
async def github_fake() -> AsyncIterator[FakeGitHub]:
    """A started ``FakeGitHub``; import it into a conftest to use it."""
    async with FakeGitHub() as gh:
        yield gh

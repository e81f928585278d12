"""A local GitHub-speaking REST server on 127.0.0.1 for tests (DESIGN §10).

It speaks just the endpoints JidoCode uses, with GitHub's shapes, auth rules and error
bodies, so the real client code runs against it::

    async with FakeGitHub() as gh:           # or the ``gh`` fixture (tests/conftest.py)
        gh.add_token("ghp_...")              # a PAT the server accepts
        gh.add_repo("acme/app")
        gh.add_pull("acme/app", 7, state="closed", merged=True)
        gh.add_issue("acme/app", 3, title="Crash")
        settings = settings.model_copy(update={"github_api_url": gh.base_url})
        ...
        assert gh.comments[0].body == "..."

Endpoints: ``GET /user`` (PAT: what credential verification reads), ``GET /user/repos``
(PAT; paginated with ``Link``), ``GET /installation/repositories`` (installation token),
``POST /app/installations/{id}/access_tokens`` (RS256 app JWT checked against the
registered public key), ``GET /repos/{o}/{r}``,
``GET /repos/{o}/{r}/pulls/{n}``, ``GET /repos/{o}/{r}/issues/{n}``,
``GET /repos/{o}/{r}/issues/{n}/comments`` (paginated with ``Link``, ``since``),
``POST /repos/{o}/{r}/issues/{n}/comments`` (recorded in ``comments``).

Failure modes: ``gh.fail("unauthorized" | "forbidden" | "not_found" | "unprocessable" |
"rate_limited" | "secondary_rate_limited" | "server_error", times=1, path_prefix=None,
message=None)`` makes the next matching requests fail the way GitHub does; ``times=None``
keeps failing until ``gh.clear_failures()``. Every request is kept in ``requests``.
"""

from __future__ import annotations

import secrets
import time
from datetime import UTC, datetime
from typing import Any

import jwt
from aiohttp import web
from aiohttp.test_utils import TestServer

from tests.fakes import git_http, github_pulls, github_reviews
from tests.fakes.github_state import (
    Failure,
    GitHubState,
    MintedToken,
    RecordedComment,
    RecordedRequest,
    make_app_key,
)

__all__ = ["FakeGitHub", "make_app_key"]

DOCS = "https://docs.github.com/rest"


class FakeGitHub(GitHubState):
    """The server over its state; start it with ``async with`` or ``start()``."""

    _server: TestServer | None = None

    # -- lifecycle ---------------------------------------------------------------------

    async def start(self) -> FakeGitHub:
        """Listen on 127.0.0.1 (a free port)."""
        app = web.Application()
        app.router.add_get("/user", self._user)
        app.router.add_get("/user/repos", self._user_repos)
        app.router.add_get("/installation/repositories", self._installation_repos)
        app.router.add_post("/app/installations/{id}/access_tokens", self._mint)
        app.router.add_get("/repos/{owner}/{repo}", self._repo)
        app.router.add_get("/repos/{owner}/{repo}/pulls/{number}", self._pull)
        app.router.add_get("/repos/{owner}/{repo}/issues/{number}", self._issue)
        app.router.add_post("/repos/{owner}/{repo}/issues/{number}/comments", self._comment)
        app.router.add_get("/repos/{owner}/{repo}/issues/{number}/comments", self._comments)
        git_http.add_routes(app, self)
        github_pulls.add_routes(app, self)
        github_reviews.add_routes(app, self)
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

    @property
    def git_url(self) -> str:
        """What ``settings.git_clone_base_url`` should be to clone over smart HTTP."""
        return self.base_url + git_http.PREFIX

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
    def _failure_response(f: Failure) -> web.Response:
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

    async def _user(self, request: web.Request) -> web.Response:
        visible = await self._guard(request)
        if isinstance(visible, web.Response):
            return visible
        if self._bearer(request) not in self.tokens:
            return self._error(403, "Resource not accessible by integration")
        return web.json_response({"login": "jidocode-owner", "id": 1, "type": "User"})

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

    async def _comments(self, request: web.Request) -> web.Response:
        visible = await self._guard(request)
        if isinstance(visible, web.Response):
            return visible
        repo = self._find_repo(request, visible)
        key = (repo["full_name"].lower(), int(request.match_info["number"])) if repo else None
        if key is None or (key not in self.issues and key not in self.pulls):
            return self._error(404, "Not Found")
        per_page = min(int(request.query.get("per_page", 30)), 100)
        page = int(request.query.get("page", 1))
        items = self.issue_comments.get(key, [])
        if "since" in request.query:
            since = datetime.fromisoformat(request.query["since"])
            items = [c for c in items if datetime.fromisoformat(c["created_at"]) >= since]
        last = max(1, -(-len(items) // per_page))
        headers = {}
        if last > 1:  # GitHub's pagination links; the client reads rel="last"
            url = request.url.with_query({**request.query, "page": str(last)})
            headers["Link"] = f'<{url}>; rel="last"'
        return web.json_response(items[(page - 1) * per_page : page * per_page], headers=headers)

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
        posted = {
            "id": comment_id,
            "html_url": url,
            "body": body,
            "user": {"login": "jidocode", "type": "Bot"},
            "created_at": datetime.now(UTC).isoformat(),
        }
        self.issue_comments.setdefault(key, []).append(posted)
        return web.json_response(posted, status=201)

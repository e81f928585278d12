"""Pull request diffs and files on the fake GitHub, and comment answers that get lost.

- ``GET /repos/{owner}/{repo}/pulls/{n}`` with ``Accept: application/vnd.github.diff``
  answers the pull request's diff (``fake.reviews.set_diff``) in that media type, or 406
  as GitHub does for a diff it will not render (``too_large=True``);
- ``GET /repos/{owner}/{repo}/pulls/{n}/files`` lists the files of that diff with their
  ``patch`` (none for a binary file), paginated with ``Link``;
- ``fake.reviews.lose_comment_answers(times)``: the next comment POSTs go through (the
  comment is recorded and listed) but answer 502, as when GitHub's answer is lost.

Every diff GET is counted in ``fake.reviews.diff_requests``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web
from aiohttp.typedefs import Handler

if TYPE_CHECKING:
    from tests.fakes.github_server import FakeGitHub

DIFF_MEDIA_TYPE = "application/vnd.github.diff"
PULL = "/repos/{owner}/{repo}/pulls/{number}"
COMMENTS = "/repos/{owner}/{repo}/issues/{number}/comments"
TOO_LARGE = (
    "Sorry, the diff exceeded the maximum number of files (300). Consider using 'List pull "
    "requests files' API or locally cloning the repository instead."
)


@dataclass
class ReviewState:
    """The diffs the fake serves and the comment answers it is to lose."""

    diffs: dict[tuple[str, int], str] = field(default_factory=dict)
    too_large: set[tuple[str, int]] = field(default_factory=set)
    lost_comment_answers: int = 0
    diff_requests: int = 0

    def set_diff(self, full_name: str, number: int, diff: str, *, too_large: bool = False) -> None:
        """The diff of pull request ``number`` (add the pull itself with ``add_pull``)."""
        key = (full_name.lower(), number)
        self.diffs[key] = diff
        if too_large:
            self.too_large.add(key)
        else:
            self.too_large.discard(key)

    def lose_comment_answers(self, times: int = 1) -> None:
        """Record the next ``times`` comment POSTs but answer them 502."""
        self.lost_comment_answers += times


def file_entries(diff: str) -> list[dict[str, Any]]:
    """GitHub's ``…/pulls/{n}/files`` entries for a unified diff."""
    entries: list[dict[str, Any]] = []
    for block in diff.split("diff --git ")[1:]:
        lines = block.splitlines()
        path = lines[0].split(" b/", 1)[-1] if lines else "?"
        start = next((i for i, line in enumerate(lines) if line.startswith("@@")), None)
        body = lines[start:] if start is not None else []
        status = "modified"
        if any(line.startswith("new file mode") for line in lines[:4]):
            status = "added"
        elif any(line.startswith("deleted file mode") for line in lines[:4]):
            status = "removed"
        entry: dict[str, Any] = {
            "filename": path,
            "status": status,
            "additions": sum(1 for line in body if line.startswith("+")),
            "deletions": sum(1 for line in body if line.startswith("-")),
        }
        if body:  # GitHub leaves ``patch`` out for binaries
            entry["patch"] = "\n".join(body)
        entries.append(entry)
    return entries


async def _pull_key(fake: FakeGitHub, request: web.Request) -> tuple[str, int] | web.Response:
    visible = await fake._guard(request)
    if isinstance(visible, web.Response):
        return visible
    repo = fake._find_repo(request, visible)
    key = (repo["full_name"].lower(), int(request.match_info["number"])) if repo else None
    if key is None or key not in fake.pulls:
        return fake._error(404, "Not Found")
    return key


async def diff(fake: FakeGitHub, request: web.Request) -> web.Response:
    """``GET …/pulls/{n}`` in the diff media type."""
    fake.reviews.diff_requests += 1
    key = await _pull_key(fake, request)
    if isinstance(key, web.Response):
        return key
    if key in fake.reviews.too_large:
        return web.json_response(
            {
                "message": TOO_LARGE,
                "errors": [{"resource": "PullRequest", "field": "diff", "code": "too_large"}],
                "documentation_url": "https://docs.github.com/rest/pulls/pulls#get-a-pull-request",
            },
            status=406,
        )
    return web.Response(
        body=fake.reviews.diffs.get(key, "").encode(),
        headers={"Content-Type": f"{DIFF_MEDIA_TYPE}; charset=utf-8"},
    )


async def files(fake: FakeGitHub, request: web.Request) -> web.Response:
    """``GET …/pulls/{n}/files``."""
    key = await _pull_key(fake, request)
    if isinstance(key, web.Response):
        return key
    chunk, link = fake._page(request, file_entries(fake.reviews.diffs.get(key, "")))
    return web.json_response(chunk, headers={"Link": link} if link else {})


def add_routes(app: web.Application, fake: FakeGitHub) -> None:
    """Serve diffs and files on ``app``, and lose comment answers when asked."""

    async def files_route(request: web.Request) -> web.Response:
        return await files(fake, request)

    @web.middleware
    async def reviews(request: web.Request, handler: Handler) -> web.StreamResponse:
        resource = request.match_info.route.resource
        route = resource.canonical if resource is not None else ""
        accept = request.headers.get("Accept", "")
        if request.method == "GET" and route == PULL and DIFF_MEDIA_TYPE in accept:
            return await diff(fake, request)
        response = await handler(request)
        lost = fake.reviews.lost_comment_answers
        if request.method == "POST" and route == COMMENTS and response.status == 201 and lost:
            fake.reviews.lost_comment_answers -= 1
            return fake._error(502, "Server Error")
        return response

    app.router.add_get("/repos/{owner}/{repo}/pulls/{number}/files", files_route)
    app.middlewares.append(reviews)

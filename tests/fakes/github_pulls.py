"""Opening and listing pull requests on the fake GitHub, as GitHub's pulls API does.

- ``POST /repos/{owner}/{repo}/pulls`` (``head``, ``base``, ``title``, ``body``) opens one
  numbered after the repository's others. Like GitHub it answers 422 when the head branch
  is missing from the served bare repository (``git_root``), when the base is, or when an
  open pull request of that head exists; and once for each message queued in
  ``pull_refusals``; with ``pull_responses_lost`` it opens one but answers 502, as when
  the answer is lost on the way; ``pull_answer_delay_s`` holds the answer back.
- ``GET /repos/{owner}/{repo}/pulls?head=owner:branch&state=open|closed|all`` lists them,
  newest first.
"""

from __future__ import annotations

import asyncio
import subprocess
from typing import TYPE_CHECKING, Any

from aiohttp import web

if TYPE_CHECKING:
    from tests.fakes.github_server import FakeGitHub


def _unprocessable(message: str) -> web.Response:
    return web.json_response(
        {
            "message": "Validation Failed",
            "errors": [{"resource": "PullRequest", "code": "custom", "message": message}],
            "documentation_url": "https://docs.github.com/rest/pulls/pulls#create-a-pull-request",
        },
        status=422,
    )


def _branch_exists(fake: FakeGitHub, full_name: str, branch: str) -> bool:
    if fake.git_root is None:
        return True
    bare = fake.git_root / f"{full_name}.git"
    done = subprocess.run(
        ["git", "rev-parse", "--verify", "-q", f"refs/heads/{branch}"],
        cwd=bare,
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


def _pulls_of(fake: FakeGitHub, full_name: str) -> list[dict[str, Any]]:
    return [p for (name, _), p in fake.pulls.items() if name == full_name.lower()]


async def create(fake: FakeGitHub, request: web.Request) -> web.Response:
    """``POST …/pulls``."""
    visible = await fake._guard(request)
    if isinstance(visible, web.Response):
        return visible
    repo = fake._find_repo(request, visible)
    if repo is None:
        return fake._error(404, "Not Found")
    full_name = repo["full_name"]
    data = await request.json()
    head, base = str(data.get("head") or ""), str(data.get("base") or "")
    if fake.pull_refusals:
        return _unprocessable(fake.pull_refusals.pop(0))
    if not data.get("title"):
        return _unprocessable("title is missing")
    if not _branch_exists(fake, full_name, head):
        return _unprocessable(f"head branch {head} does not exist")
    if not _branch_exists(fake, full_name, base):
        return _unprocessable(f"base branch {base} does not exist")
    owner = full_name.split("/")[0]
    if any(p["head"]["ref"] == head and p["state"] == "open" for p in _pulls_of(fake, full_name)):
        return _unprocessable(f"A pull request already exists for {owner}:{head}.")
    number = max((p["number"] for p in _pulls_of(fake, full_name)), default=0) + 1
    pull = fake.add_pull(
        full_name,
        number,
        title=str(data["title"]),
        body=str(data.get("body") or ""),
        head={"ref": head, "label": f"{owner}:{head}"},
        base={"ref": base},
    )
    if fake.pull_answer_delay_s > 0:
        await asyncio.sleep(fake.pull_answer_delay_s)
    if fake.pull_responses_lost > 0:
        fake.pull_responses_lost -= 1
        return fake._error(502, "Server Error")  # opened, but the answer never arrives
    return web.json_response(pull, status=201)


async def list_pulls(fake: FakeGitHub, request: web.Request) -> web.Response:
    """``GET …/pulls`` filtered by ``head`` and ``state``."""
    visible = await fake._guard(request)
    if isinstance(visible, web.Response):
        return visible
    repo = fake._find_repo(request, visible)
    if repo is None:
        return fake._error(404, "Not Found")
    state = request.query.get("state", "open")
    head = request.query.get("head")
    items = []
    for pull in sorted(_pulls_of(fake, repo["full_name"]), key=lambda p: -int(p["number"])):
        label = (pull.get("head") or {}).get("label")
        if head is not None and label != head:
            continue
        if state != "all" and pull["state"] != state:
            continue
        items.append(pull)
    return web.json_response(items)


def add_routes(app: web.Application, fake: FakeGitHub) -> None:
    """Serve the pulls list and create endpoints."""

    async def post(request: web.Request) -> web.Response:
        return await create(fake, request)

    async def get(request: web.Request) -> web.Response:
        return await list_pulls(fake, request)

    app.router.add_post("/repos/{owner}/{repo}/pulls", post)
    app.router.add_get("/repos/{owner}/{repo}/pulls", get)

"""Git's smart HTTP protocol for the fake GitHub: ``<base>/git/<owner>/<repo>.git/...``
served by git's own ``git-http-backend`` (CGI) over a folder of bare repositories, with
GitHub's authentication: HTTP Basic whose password is a token the fake accepts (a PAT it
knows or an installation token it minted and that has not expired).

A test points ``git_clone_base_url`` at ``FakeGitHub.git_url`` after ``serve_git(root)``.
``fail("unauthorized", path_prefix="/git/")`` answers 401 to the next request, as GitHub
does for a revoked token. What git sent as the password is recorded in ``git_passwords``.
"""

from __future__ import annotations

import asyncio
import base64
import os
from pathlib import Path
from typing import TYPE_CHECKING

from aiohttp import web

if TYPE_CHECKING:
    from tests.fakes.github_server import FakeGitHub

BACKEND = Path("/usr/lib/git-core/git-http-backend")
PREFIX = "/git"
_CHALLENGE = {"WWW-Authenticate": 'Basic realm="GitHub"'}


def _password(request: web.Request) -> str | None:
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "basic" or not value:
        return None
    try:
        decoded = base64.b64decode(value.strip()).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    return decoded.partition(":")[2] or None


def _parse_cgi(raw: bytes) -> web.Response:
    head, _, body = raw.partition(b"\r\n\r\n")
    if not _:
        head, _, body = raw.partition(b"\n\n")
    status, headers = 200, {}
    for line in head.decode("latin-1").splitlines():
        name, _, value = line.partition(":")
        if name.lower() == "status":
            status = int(value.strip().split()[0])
        elif name:
            headers[name.strip()] = value.strip()
    return web.Response(status=status, body=body, headers=headers)


async def handle(fake: FakeGitHub, request: web.Request) -> web.Response:
    """One smart-HTTP request: authenticate as GitHub does, then run the CGI backend."""
    if fake.git_root is None:
        return web.Response(status=404, text="git is not served")
    password = _password(request)
    fake.git_passwords.append(password)
    failure = fake._take_failure(request.path)
    if failure is not None:
        if failure.status == 401:
            return web.Response(status=401, text="Bad credentials", headers=_CHALLENGE)
        return failure
    if password is None or fake._visible_repos(password) is None:
        return web.Response(status=401, text="Bad credentials", headers=_CHALLENGE)
    body = await request.read()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "GIT_PROJECT_ROOT": str(fake.git_root),
        "GIT_HTTP_EXPORT_ALL": "1",
        "REMOTE_USER": "x-access-token",  # receive-pack (push) needs an authenticated user
        "REQUEST_METHOD": request.method,
        "PATH_INFO": request.path[len(PREFIX) :],
        "QUERY_STRING": request.query_string,
        "CONTENT_TYPE": request.headers.get("Content-Type", ""),
        "CONTENT_LENGTH": str(len(body)),
        "GATEWAY_INTERFACE": "CGI/1.1",
    }
    if "Content-Encoding" in request.headers:
        env["HTTP_CONTENT_ENCODING"] = request.headers["Content-Encoding"]
    if "Git-Protocol" in request.headers:
        env["GIT_PROTOCOL"] = request.headers["Git-Protocol"]
    process = await asyncio.create_subprocess_exec(
        str(BACKEND),
        env=env,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, _err = await process.communicate(body)
    return _parse_cgi(out)


def add_routes(app: web.Application, fake: FakeGitHub) -> None:
    """Serve ``/git/...`` from the fake's ``git_root``."""

    async def route(request: web.Request) -> web.Response:
        return await handle(fake, request)

    app.router.add_route("*", PREFIX + "/{path:.*}", route)

"""The state behind the local GitHub server (``tests.fakes.github_server``): repositories,
pulls, issues, tokens, apps and the failures to inject, and the records of what clients
did (requests, comments, minted tokens)."""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.fakes.github_reviews import ReviewState

FailureMode = Literal[
    "unauthorized",
    "forbidden",
    "not_found",
    "unprocessable",
    "rate_limited",
    "secondary_rate_limited",
    "server_error",
]


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
class Failure:
    mode: FailureMode
    remaining: int | None
    path_prefix: str | None
    message: str | None


@dataclass
class _App:
    app_id: str
    public_key: str
    installations: dict[int, list[str]] = field(default_factory=dict)


class GitHubState:
    """What the fake knows and records; ``FakeGitHub`` serves it over HTTP."""

    def __init__(
        self, *, page_size_cap: int = 100, token_lifetime: timedelta | None = None
    ) -> None:
        self.repos: dict[str, dict[str, Any]] = {}
        self.pulls: dict[tuple[str, int], dict[str, Any]] = {}
        self.issues: dict[tuple[str, int], dict[str, Any]] = {}
        self.comments: list[RecordedComment] = []
        # Every comment of each issue, in order: the ones added and the ones posted.
        self.issue_comments: dict[tuple[str, int], list[dict[str, Any]]] = {}
        self.requests: list[RecordedRequest] = []
        self.minted: list[MintedToken] = []
        self.tokens: set[str] = set()
        self.page_size_cap = page_size_cap
        self.token_lifetime = token_lifetime or timedelta(hours=1)
        self._apps: dict[str, _App] = {}
        self._installation_tokens: dict[str, MintedToken] = {}
        self._failures: list[Failure] = []
        self._ids = itertools.count(1000)
        # Git over smart HTTP (``git_http``) and pull requests opened (``github_pulls``).
        self.git_root: Path | None = None
        self.git_passwords: list[str | None] = []
        self.pull_refusals: list[str] = []
        self.pull_responses_lost = 0  # open the next pull requests, but answer 502
        self.pull_answer_delay_s = 0.0  # open a pull request, then wait before answering
        # Pull request diffs and lost comment answers (``github_reviews``).
        self.reviews = ReviewState()

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

    def add_issue_comment(
        self, full_name: str, number: int, body: str, *, author: str = "someone"
    ) -> dict[str, Any]:
        """A comment already on an issue (``GET …/issues/{n}/comments`` lists it)."""
        comment_id = next(self._ids)
        comment = {
            "id": comment_id,
            "body": body,
            "user": {"login": author, "type": "User"},
            "created_at": datetime.now(UTC).isoformat(),
            "html_url": f"https://github.example/{full_name}/issues/{number}"
            f"#issuecomment-{comment_id}",
        }
        self.issue_comments.setdefault((full_name.lower(), number), []).append(comment)
        return comment

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
        self._failures.append(Failure(mode, times, path_prefix, message))

    def clear_failures(self) -> None:
        """Stop every pending failure."""
        self._failures.clear()

    def expire_installation_tokens(self) -> None:
        """Make every minted installation token invalid (as if an hour passed)."""
        self._installation_tokens.clear()

"""Typed errors of the GitHub REST client, all ``provider_error`` on the wire.

The tree::

    ProviderError                 provider_error
    └── GitHubError               any refusal or failure of GitHub's API
        ├── GitHubUnauthorized    401: the token is bad, expired or revoked
        ├── GitHubForbidden       403: the token lacks a scope or permission
        ├── GitHubNotFound        404: no such resource, or the token cannot see it
        ├── GitHubUnprocessable   422: GitHub refused the request's content
        ├── GitHubRateLimited     429, or 403 with the rate limit exhausted
        └── GitHubUnavailable     5xx, a timeout or a connection failure

Every ``reason`` is GitHub's own message passed through the redactor, so a token GitHub
echoes back never reaches a response, a log or a stored record.
"""

from __future__ import annotations

from rpc.errors import ProviderError, ReasonData


class GitHubErrorData(ReasonData):
    """What went wrong: the redacted reason, GitHub's status and, for rate limits, when to retry."""

    provider: str = "github"
    status: int | None = None
    retry_after_s: int | None = None


class GitHubError(ProviderError):
    """GitHub's API refused or failed a request."""

    message = "GitHub request failed"
    Data = GitHubErrorData


class GitHubUnauthorized(GitHubError):
    """401: the credential is bad, expired or revoked."""

    message = "GitHub rejected the credential"


class GitHubForbidden(GitHubError):
    """403: the credential may not do this."""

    message = "GitHub refused the request"


class GitHubNotFound(GitHubError):
    """404: no such resource, or the credential cannot see it."""

    message = "GitHub resource not found"


class GitHubUnprocessable(GitHubError):
    """422: GitHub refused the request's content (validation failed)."""

    message = "GitHub refused the request's content"


class GitHubRateLimited(GitHubError):
    """429, or 403 with the rate limit exhausted; ``retry_after_s`` says when to retry."""

    message = "GitHub rate limit reached"


class GitHubUnavailable(GitHubError):
    """GitHub answered 5xx, timed out or could not be reached."""

    message = "GitHub is unavailable"

"""What this domain's workflow steps (``triage_steps``, ``review_steps``) share when they
call GitHub: a refusal as the step's typed failure, and a comment posted once.

A post is made once across attempts and retried runs: the comment carries the hidden
marker of the run that composed it, and every attempt first looks for that marker among
the comments made since the text was composed, so a post that went through before its
worker died (or before its answer was lost) is found instead of posted twice.
"""

from __future__ import annotations

from typing import Any

from domains.github_api.client import GitHubClient
from domains.github_api.errors import GitHubRateLimited, GitHubUnavailable
from domains.orchestration.service import StepOutcome, failed
from rpc.errors import AppError


def github_failed(exc: AppError, what: str, *, remediation: str) -> StepOutcome:
    """The failed attempt for a GitHub refusal while doing ``what``; rate limits (after
    GitHub's delay) and outages are worth another attempt, other refusals are not."""
    data = exc.data()
    retry_after = data.get("retry_after_s")
    return failed(
        exc.kind,
        f"{what}: {data.get('reason') or exc.message}",
        retryable=isinstance(exc, GitHubRateLimited | GitHubUnavailable),
        retry_after_s=float(retry_after) if isinstance(retry_after, int | float) else None,
        remediation=remediation,
    )


async def post_once(
    client: GitHubClient,
    owner: str,
    name: str,
    number: int,
    *,
    body: str,
    marker: str,
    since: str | None,
) -> dict[str, Any]:
    """Post ``body`` on issue or pull request ``number`` unless a comment carrying
    ``marker`` (made at or after ``since``, an ISO 8601 time) is already there; the
    comment either way (``id``, ``html_url``)."""
    existing = await client.list_issue_comments(owner, name, number, since=since)
    found = next((c for c in existing if marker in str(c.get("body") or "")), None)
    if found is not None:
        return found
    return await client.create_issue_comment(owner, name, number, body)

"""The GitHub REST client's calls and typed refusals against the local GitHub server."""

from __future__ import annotations

import pytest

from domains.github_api.client import GitHubClient, RepoInfo
from domains.github_api.errors import (
    GitHubError,
    GitHubForbidden,
    GitHubNotFound,
    GitHubRateLimited,
    GitHubUnauthorized,
    GitHubUnavailable,
    GitHubUnprocessable,
)
from rpc.errors import ProviderError
from tests.fakes.github_server import FakeGitHub


def pat_client(gh: FakeGitHub, token: str) -> GitHubClient:
    return GitHubClient(base_url=gh.base_url, token=token, timeout_s=5)


async def test_lists_every_page_of_the_pats_repositories(gh: FakeGitHub) -> None:
    token = gh.add_token()
    gh.page_size_cap = 2  # force several pages through the Link header
    for name in ("zeta", "Alpha", "mid", "beta", "omega"):
        gh.add_repo(f"acme/{name}", private=name == "mid")
    repos = await pat_client(gh, token).list_accessible_repositories()
    assert [r.full_name for r in repos] == [
        "acme/Alpha",
        "acme/beta",
        "acme/mid",
        "acme/omega",
        "acme/zeta",
    ]
    assert repos[2] == RepoInfo(
        full_name="acme/mid",
        owner="acme",
        name="mid",
        private=True,
        default_branch="main",
        html_url="https://github.example/acme/mid",
    )
    pages = [r for r in gh.requests if r.path == "/user/repos"]
    assert len(pages) == 3
    assert all(r.authorization == f"Bearer {token}" for r in pages)


async def test_reads_pull_requests_and_issues_and_posts_comments(gh: FakeGitHub) -> None:
    token = gh.add_token()
    gh.add_repo("acme/app")
    gh.add_pull("acme/app", 7, state="closed", merged=True)
    gh.add_issue("acme/app", 3, title="Crash on start")
    client = pat_client(gh, token)
    pull = await client.get_pull_request("acme", "app", 7)
    assert pull["merged"] is True
    assert pull["state"] == "closed"
    issue = await client.get_issue("acme", "app", 3)
    assert issue["title"] == "Crash on start"
    comment = await client.create_issue_comment("acme", "app", 3, "Thanks, looking into it")
    assert comment["html_url"].endswith(f"#issuecomment-{comment['id']}")
    assert [(c.full_name, c.number, c.body) for c in gh.comments] == [
        ("acme/app", 3, "Thanks, looking into it")
    ]
    assert (await client.get_repository("acme", "app")).default_branch == "main"


@pytest.mark.parametrize(
    ("mode", "error", "status"),
    [
        ("unauthorized", GitHubUnauthorized, 401),
        ("forbidden", GitHubForbidden, 403),
        ("not_found", GitHubNotFound, 404),
        ("unprocessable", GitHubUnprocessable, 422),
        ("rate_limited", GitHubRateLimited, 403),
        ("secondary_rate_limited", GitHubRateLimited, 429),
        ("server_error", GitHubUnavailable, 502),
    ],
)
async def test_refusals_become_typed_provider_errors(
    gh: FakeGitHub, mode: str, error: type[GitHubError], status: int
) -> None:
    token = gh.add_token()
    gh.add_repo("acme/app")
    gh.add_issue("acme/app", 1)
    gh.fail(mode)  # type: ignore[arg-type]
    with pytest.raises(error) as caught:
        await pat_client(gh, token).get_issue("acme", "app", 1)
    exc = caught.value
    assert isinstance(exc, ProviderError)
    assert exc.kind == "provider_error"
    data = exc.data()
    assert data["status"] == status
    assert data["reason"].startswith(f"GitHub answered {status}")
    if error is GitHubRateLimited:
        assert data["retry_after_s"] is not None
        assert 0 <= data["retry_after_s"] <= 60
    if error is GitHubUnprocessable:
        assert "missing_field" in data["reason"]
    # The failure was one-shot: the next call succeeds.
    assert (await pat_client(gh, token).get_issue("acme", "app", 1))["number"] == 1


async def test_an_unknown_token_is_unauthorized_and_not_echoed(gh: FakeGitHub) -> None:
    gh.add_repo("acme/app")
    with pytest.raises(GitHubUnauthorized) as caught:
        await pat_client(gh, "ghp_" + "x" * 36).list_accessible_repositories()
    assert "ghp_" not in str(caught.value.data())


async def test_a_token_echoed_in_githubs_message_is_redacted(gh: FakeGitHub) -> None:
    token = gh.add_token()
    gh.fail("forbidden", message=f"token {token} lacks the repo scope")
    with pytest.raises(GitHubForbidden) as caught:
        await pat_client(gh, token).list_accessible_repositories()
    reason = caught.value.data()["reason"]
    assert token not in reason
    assert "[REDACTED]" in reason


async def test_an_unreachable_server_is_unavailable() -> None:
    async with FakeGitHub() as server:
        url = server.base_url
    with pytest.raises(GitHubUnavailable) as caught:
        await GitHubClient(base_url=url, token="ghp_" + "y" * 36).get_issue("a", "b", 1)
    assert "127.0.0.1" not in caught.value.data()["reason"]

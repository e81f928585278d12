"""The GitHub REST client against the local GitHub-speaking server."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import orjson
import pytest

from domains.github import client_app, client_repo
from domains.github.client import GitHubClient, RepoInfo
from domains.github.client_errors import (
    GitHubError,
    GitHubForbidden,
    GitHubNotFound,
    GitHubRateLimited,
    GitHubUnauthorized,
    GitHubUnavailable,
    GitHubUnprocessable,
)
from rpc.context import Runtime
from rpc.errors import ProviderError, SecretUnavailable
from rpc.sealing import KeyRing
from rpc.settings import Settings
from sql.database import Connection, Database
from tests.fakes.github_server import FakeGitHub, make_app_key


@pytest.fixture
async def gh() -> AsyncIterator[FakeGitHub]:
    async with FakeGitHub() as server:
        yield server


@pytest.fixture
def gh_runtime(runtime: Runtime, gh: FakeGitHub) -> Runtime:
    """A runtime pointed at the fake, with its own key ring for the token cache."""
    settings = runtime.settings.model_copy(update={"github_api_url": gh.base_url})
    return replace(runtime, settings=settings, key_ring=KeyRing({1: os.urandom(32)}))


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


# -- GitHub App auth -------------------------------------------------------------------


def app_credential(gh: FakeGitHub, *, installation_id: int = 42) -> client_app.AppCredential:
    private, public = make_app_key()
    gh.add_app(1234, public, installation_id, ["acme/app", "acme/lib"])
    text = orjson.dumps(
        {"app_id": 1234, "installation_id": installation_id, "private_key": private}
    ).decode()
    return client_app.parse_app_credential(text)


async def test_app_auth_mints_an_installation_token_and_caches_it_sealed(
    gh: FakeGitHub, gh_runtime: Runtime, conn: Connection
) -> None:
    for name in ("acme/app", "acme/lib", "acme/other"):
        gh.add_repo(name)
    app = app_credential(gh)
    token = await client_app.installation_token(conn, gh_runtime, app)
    assert [m.token for m in gh.minted] == [token]
    mint = next(r for r in gh.requests if r.path.startswith("/app/"))
    assert mint.path == "/app/installations/42/access_tokens"
    assert mint.method == "POST"

    cached = await client_repo.get_token(conn, installation_id=42)
    assert cached is not None
    assert token.encode() not in cached.ciphertext
    assert cached.expires_at == gh.minted[0].expires_at

    # Again: served from the cache, no second mint.
    assert await client_app.installation_token(conn, gh_runtime, app) == token
    assert len(gh.minted) == 1

    client = GitHubClient(base_url=gh.base_url, token=token, auth_kind="installation")
    repos = await client.list_accessible_repositories()
    assert [r.full_name for r in repos] == ["acme/app", "acme/lib"]


async def test_a_token_near_expiry_is_minted_again(
    gh: FakeGitHub, gh_runtime: Runtime, conn: Connection
) -> None:
    app = app_credential(gh)
    first = await client_app.installation_token(conn, gh_runtime, app)
    later = datetime.now(UTC) + timedelta(minutes=56)  # under five minutes left
    second = await client_app.installation_token(conn, gh_runtime, app, now=later)
    assert second != first
    assert len(gh.minted) == 2
    assert await client_app.installation_token(conn, gh_runtime, app) == second


async def test_a_cached_token_that_no_longer_opens_is_minted_again(
    gh: FakeGitHub, gh_runtime: Runtime, conn: Connection, settings: Settings, db: Database
) -> None:
    app = app_credential(gh)
    await client_app.installation_token(conn, gh_runtime, app)
    other = replace(gh_runtime, key_ring=KeyRing({1: os.urandom(32)}))  # not the sealing key
    await client_app.installation_token(conn, other, app)
    assert len(gh.minted) == 2
    assert await client_app.forget_installation_token(conn, installation_id=42)
    assert await client_repo.get_token(conn, installation_id=42) is None


async def test_a_jwt_from_the_wrong_key_is_refused(
    gh: FakeGitHub, gh_runtime: Runtime, conn: Connection
) -> None:
    app = app_credential(gh)
    wrong_private, _ = make_app_key()
    forged = client_app.AppCredential(
        app_id=app.app_id, installation_id=app.installation_id, private_key=wrong_private
    )
    with pytest.raises(GitHubUnauthorized):
        await client_app.installation_token(conn, gh_runtime, forged)
    assert await client_repo.get_token(conn, installation_id=42) is None


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[]",
        '{"app_id": 1, "installation_id": "x", "private_key": "k"}',
        '{"installation_id": 1, "private_key": "k"}',
        '{"app_id": 1, "installation_id": 1}',
    ],
)
def test_a_malformed_app_credential_is_unavailable(text: str) -> None:
    with pytest.raises(SecretUnavailable):
        client_app.parse_app_credential(text)


def test_a_bad_private_key_is_unavailable_without_quoting_it() -> None:
    app = client_app.AppCredential(app_id="1", installation_id=1, private_key="-----BEGIN nope")
    with pytest.raises(SecretUnavailable) as caught:
        client_app.app_jwt(app)
    assert "nope" not in str(caught.value.data())


@pytest.mark.committing
async def test_a_refused_installation_token_is_dropped_and_the_next_client_mints_anew(
    gh: FakeGitHub, gh_runtime: Runtime, db: Database, clean: None
) -> None:
    from domains.github.client import client_for
    from domains.setup.service_providers import set_provider_credential
    gh.add_repo("acme/app")
    private, public = make_app_key()
    gh.add_app(1234, public, 42, ["acme/app"])
    text = orjson.dumps({"app_id": 1234, "installation_id": 42, "private_key": private}).decode()
    await set_provider_credential(
        db, gh_runtime, provider="github_app", value=text, actor="owner:test"
    )
    async with db.connection() as conn:
        client = await client_for(conn, gh_runtime)
    assert [r.full_name for r in await client.list_accessible_repositories()] == ["acme/app"]
    assert len(gh.minted) == 1

    gh.expire_installation_tokens()  # GitHub revokes the cached token before its expiry
    with pytest.raises(GitHubUnauthorized):
        await client.list_accessible_repositories()
    async with db.connection() as conn:
        assert await client_repo.get_token(conn, installation_id=42) is None
        fresh = await client_for(conn, gh_runtime)
    assert [r.full_name for r in await fresh.list_accessible_repositories()] == ["acme/app"]
    assert len(gh.minted) == 2

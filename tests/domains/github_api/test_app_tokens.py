"""GitHub App auth: app JWTs, and installation tokens minted and cached sealed."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import orjson
import pytest

from domains.github_api import app_tokens, repo
from domains.github_api.client import GitHubClient, GitHubCredential, client_for
from domains.github_api.errors import GitHubUnauthorized
from rpc.context import Runtime
from rpc.errors import SecretUnavailable
from rpc.sealing import KeyRing
from rpc.settings import Settings
from sql.database import Connection, Database
from tests.fakes.github_server import FakeGitHub, make_app_key


def app_credential(gh: FakeGitHub, *, installation_id: int = 42) -> app_tokens.AppCredential:
    private, public = make_app_key()
    gh.add_app(1234, public, installation_id, ["acme/app", "acme/lib"])
    text = orjson.dumps(
        {"app_id": 1234, "installation_id": installation_id, "private_key": private}
    ).decode()
    return app_tokens.parse_app_credential(text)


async def test_app_auth_mints_an_installation_token_and_caches_it_sealed(
    gh: FakeGitHub, gh_runtime: Runtime, conn: Connection
) -> None:
    for name in ("acme/app", "acme/lib", "acme/other"):
        gh.add_repo(name)
    app = app_credential(gh)
    token = await app_tokens.installation_token(conn, gh_runtime, app)
    assert [m.token for m in gh.minted] == [token]
    mint = next(r for r in gh.requests if r.path.startswith("/app/"))
    assert mint.path == "/app/installations/42/access_tokens"
    assert mint.method == "POST"

    cached = await repo.get_token(conn, installation_id=42)
    assert cached is not None
    assert token.encode() not in cached.ciphertext
    assert cached.expires_at == gh.minted[0].expires_at

    # Again: served from the cache, no second mint.
    assert await app_tokens.installation_token(conn, gh_runtime, app) == token
    assert len(gh.minted) == 1

    client = GitHubClient(base_url=gh.base_url, token=token, auth_kind="installation")
    repos = await client.list_accessible_repositories()
    assert [r.full_name for r in repos] == ["acme/app", "acme/lib"]


async def test_a_token_near_expiry_is_minted_again(
    gh: FakeGitHub, gh_runtime: Runtime, conn: Connection
) -> None:
    app = app_credential(gh)
    first = await app_tokens.installation_token(conn, gh_runtime, app)
    later = datetime.now(UTC) + timedelta(minutes=56)  # under five minutes left
    second = await app_tokens.installation_token(conn, gh_runtime, app, now=later)
    assert second != first
    assert len(gh.minted) == 2
    assert await app_tokens.installation_token(conn, gh_runtime, app) == second


async def test_a_cached_token_that_no_longer_opens_is_minted_again(
    gh: FakeGitHub, gh_runtime: Runtime, conn: Connection, settings: Settings, db: Database
) -> None:
    app = app_credential(gh)
    await app_tokens.installation_token(conn, gh_runtime, app)
    other = replace(gh_runtime, key_ring=KeyRing({1: os.urandom(32)}))  # not the sealing key
    await app_tokens.installation_token(conn, other, app)
    assert len(gh.minted) == 2
    assert await app_tokens.forget_installation_token(conn, installation_id=42)
    assert await repo.get_token(conn, installation_id=42) is None


async def test_a_jwt_from_the_wrong_key_is_refused(
    gh: FakeGitHub, gh_runtime: Runtime, conn: Connection
) -> None:
    app = app_credential(gh)
    wrong_private, _ = make_app_key()
    forged = app_tokens.AppCredential(
        app_id=app.app_id, installation_id=app.installation_id, private_key=wrong_private
    )
    with pytest.raises(GitHubUnauthorized):
        await app_tokens.installation_token(conn, gh_runtime, forged)
    assert await repo.get_token(conn, installation_id=42) is None


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
        app_tokens.parse_app_credential(text)


def test_a_bad_private_key_is_unavailable_without_quoting_it() -> None:
    app = app_tokens.AppCredential(app_id="1", installation_id=1, private_key="-----BEGIN nope")
    with pytest.raises(SecretUnavailable) as caught:
        app_tokens.app_jwt(app)
    assert "nope" not in str(caught.value.data())


@pytest.mark.committing
async def test_a_refused_installation_token_is_dropped_and_the_next_client_mints_anew(
    gh: FakeGitHub, gh_runtime: Runtime, db: Database, clean: None
) -> None:
    gh.add_repo("acme/app")
    private, public = make_app_key()
    gh.add_app(1234, public, 42, ["acme/app"])
    text = orjson.dumps({"app_id": 1234, "installation_id": 42, "private_key": private}).decode()
    credential = GitHubCredential(provider="github_app", text=text)
    async with db.connection() as conn:
        client = await client_for(conn, gh_runtime, credential)
    assert client.auth_kind == "installation"
    assert [r.full_name for r in await client.list_accessible_repositories()] == ["acme/app"]
    assert len(gh.minted) == 1

    gh.expire_installation_tokens()  # GitHub revokes the cached token before its expiry
    with pytest.raises(GitHubUnauthorized):
        await client.list_accessible_repositories()
    async with db.connection() as conn:
        assert await repo.get_token(conn, installation_id=42) is None
        fresh = await client_for(conn, gh_runtime, credential)
    assert [r.full_name for r in await fresh.list_accessible_repositories()] == ["acme/app"]
    assert len(gh.minted) == 2


def test_a_credential_never_shows_its_text() -> None:
    credential = GitHubCredential(provider="github_pat", text="ghp_" + "s" * 36)
    assert "ghp_" not in repr(credential)

"""The stored GitHub credential and the client acting with it: an App wins over a PAT."""

from __future__ import annotations

from dataclasses import replace

import orjson
import pytest

from domains.github_api.errors import GitHubUnauthorized
from domains.setup.service import github_client, github_credential, github_token
from domains.setup.service_providers import set_provider_credential
from rpc.context import Runtime
from rpc.errors import SecretUnavailable
from sql.database import Database
from tests.fakes.github_server import FakeGitHub, make_app_key

pytestmark = pytest.mark.committing

ACTOR = "owner:test"


@pytest.fixture
def gh_runtime(runtime: Runtime, gh: FakeGitHub) -> Runtime:
    """The test runtime talking to the local GitHub."""
    settings = runtime.settings.model_copy(update={"github_api_url": gh.base_url})
    return replace(runtime, settings=settings)


async def store_app(db: Database, runtime: Runtime, gh: FakeGitHub) -> None:
    private, public = make_app_key()
    gh.add_app(1234, public, 42, ["acme/app"])
    text = orjson.dumps({"app_id": 1234, "installation_id": 42, "private_key": private}).decode()
    await set_provider_credential(db, runtime, provider="github_app", value=text, actor=ACTOR)


async def test_without_a_credential_there_is_no_token_and_no_client(
    db: Database, gh_runtime: Runtime, clean: None
) -> None:
    async with db.connection() as conn:
        assert await github_credential(conn, gh_runtime) is None
        assert await github_token(conn, gh_runtime) is None
        with pytest.raises(SecretUnavailable):
            await github_client(conn, gh_runtime)


async def test_a_pat_acts_alone_and_is_remembered_by_the_redactor(
    db: Database, gh_runtime: Runtime, gh: FakeGitHub, clean: None
) -> None:
    pat = gh.add_token()
    gh.add_repo("acme/app")
    await set_provider_credential(db, gh_runtime, provider="github_pat", value=pat, actor=ACTOR)
    async with db.connection() as conn:
        assert await github_token(conn, gh_runtime) == (pat, "pat")
        client = await github_client(conn, gh_runtime)
    assert client.auth_kind == "pat"
    assert [r.full_name for r in await client.list_accessible_repositories()] == ["acme/app"]
    assert pat not in gh_runtime.redactor.redact_str(f"token {pat}")


async def test_a_stored_app_wins_over_a_pat(
    db: Database, gh_runtime: Runtime, gh: FakeGitHub, clean: None
) -> None:
    gh.add_repo("acme/app")
    await set_provider_credential(
        db, gh_runtime, provider="github_pat", value=gh.add_token(), actor=ACTOR
    )
    await store_app(db, gh_runtime, gh)
    async with db.connection() as conn:
        credential = await github_credential(conn, gh_runtime)
        assert credential is not None
        assert credential.provider == "github_app"
        client = await github_client(conn, gh_runtime)
    assert client.auth_kind == "installation"
    assert [r.full_name for r in await client.list_accessible_repositories()] == ["acme/app"]
    assert len(gh.minted) == 1
    listing = next(r for r in gh.requests if r.path == "/installation/repositories")
    assert listing.authorization == f"Bearer {gh.minted[0].token}"

    # GitHub revokes the installation token early: the refusal drops it from the cache,
    # so the next client mints a fresh one instead of meeting the same 401.
    gh.expire_installation_tokens()
    with pytest.raises(GitHubUnauthorized):
        await client.list_accessible_repositories()
    async with db.connection() as conn:
        fresh = await github_client(conn, gh_runtime)
    assert [r.full_name for r in await fresh.list_accessible_repositories()] == ["acme/app"]
    assert len(gh.minted) == 2

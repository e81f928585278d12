"""The stored GitHub credential, and the GitHub client acting with it.

Setup owns provider credentials, so the rule for which GitHub credential applies lives
here: a stored GitHub App wins over a PAT (the PAT is not even read then). Every domain
that calls GitHub (projects, orchestration, github) goes through these functions, via
``domains.setup.service``; the REST client itself (``domains.github_api``) imports no
domain and takes the credential from here.
"""

from __future__ import annotations

from domains.github_api import app_tokens
from domains.github_api.client import (
    AuthKind,
    GitHubClient,
    GitHubCredential,
    client_for,
    token_for,
)
from domains.setup.service_providers import provider_secret
from rpc.context import Runtime
from rpc.errors import SecretUnavailable
from sql.database import Connection


async def github_credential(conn: Connection, runtime: Runtime) -> GitHubCredential | None:
    """The GitHub credential to act with: the App when one is stored, else the PAT;
    ``None`` when neither is."""
    app_text = await provider_secret(conn, runtime, provider="github_app")
    if app_text:
        return GitHubCredential(provider="github_app", text=app_text)
    pat = await provider_secret(conn, runtime, provider="github_pat")
    if pat:
        return GitHubCredential(provider="github_pat", text=pat)
    return None


async def github_token(conn: Connection, runtime: Runtime) -> tuple[str, AuthKind] | None:
    """The token of the stored GitHub credential and its kind; ``None`` when none is stored.

    An App's installation token is minted or read from the sealed cache; the token is
    remembered by the redactor so it is masked everywhere.
    """
    credential = await github_credential(conn, runtime)
    if credential is None:
        return None
    return await token_for(conn, runtime, credential)


async def refresh_github_token(conn: Connection, runtime: Runtime) -> tuple[str, AuthKind] | None:
    """A fresh token after GitHub refused the one in hand: for an App, the cached
    installation token is dropped and a new one minted; a PAT is read again from its
    sealed store (the owner may have replaced it). ``None`` when no credential is stored."""
    credential = await github_credential(conn, runtime)
    if credential is None:
        return None
    if credential.provider == "github_app":
        app = app_tokens.parse_app_credential(credential.text)
        await app_tokens.forget_installation_token(conn, installation_id=app.installation_id)
    return await token_for(conn, runtime, credential)


async def github_client(conn: Connection, runtime: Runtime) -> GitHubClient:
    """A client acting with the stored GitHub credential (App installation, else PAT).

    Raises ``SecretUnavailable`` when no GitHub credential is stored, and the typed
    GitHub errors when an App installation token cannot be minted.
    """
    credential = await github_credential(conn, runtime)
    if credential is None:
        raise SecretUnavailable(
            reason="no GitHub credential is configured (set github_pat or github_app)"
        )
    return await client_for(conn, runtime, credential)

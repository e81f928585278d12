"""Params, results and row models of the Accounts domain."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, Field, SecretStr, StringConstraints

from rpc.contract import AuthMode, Params, Result, Timestamp

# Bounded so a request cannot make the server hash a megabyte; the length *rule* (a
# minimum) is checked by the service and answered with ``validation_error``.
Password = Annotated[SecretStr, Field(max_length=1024)]
Email = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=254)]
CredentialStatus = Literal["active", "expired", "revoked"]
TokenKind = Literal["session", "bearer"]


# -- rows (never leave the domain) -------------------------------------------------------


class UserRow(BaseModel):
    """The owner's row, password hash included."""

    id: UUID
    email: str
    password_hash: str
    owner_bootstrapped_at: datetime
    password_changed_at: datetime


class CredentialHit(BaseModel):
    """A token or API key found by digest, as the resolver needs it."""

    id: UUID
    user_id: UUID
    digest: bytes
    usable: bool
    kind: str


class AttemptWindow(BaseModel):
    """Sign-in attempts of one email inside the throttling window."""

    attempts: int
    retry_after_s: int | None


# -- results ------------------------------------------------------------------------------


class OwnerView(Result):
    """The owner, without the password hash."""

    id: UUID
    email: str
    owner_bootstrapped_at: datetime
    password_changed_at: datetime


class MeView(Result):
    """Who is calling, and through which credential."""

    owner: OwnerView
    auth_mode: AuthMode
    credential_id: UUID | None


class SignInResult(Result):
    """A new session or bearer token.

    ``token`` is set only for ``bearer``: a session token travels only in its
    ``HttpOnly`` cookie, so page scripts never see it.
    """

    mode: TokenKind
    token: str | None
    token_id: UUID
    expires_at: datetime
    owner: OwnerView


class SignOutResult(Result):
    """Whether the current token was revoked (it always is unless already revoked)."""

    revoked: bool


class ChangePasswordResult(Result):
    """How many other tokens the change revoked."""

    revoked_tokens: int


class ApiKeyView(Result):
    """An API key's metadata; the key itself is shown only once, at creation."""

    id: UUID
    name: str
    prefix: str
    status: CredentialStatus
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None
    inserted_at: datetime


class CreatedApiKey(Result):
    """A new API key: ``key`` is the full secret, returned this once and never again."""

    key: str
    api_key: ApiKeyView


class ApiKeyPage(Result):
    """API keys, newest first."""

    items: list[ApiKeyView]
    next_cursor: str | None


class TokenView(Result):
    """A session or bearer token's metadata (never the token)."""

    id: UUID
    kind: TokenKind
    status: CredentialStatus
    current: bool = False
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None
    user_agent: str | None
    inserted_at: datetime


class TokenPage(Result):
    """Tokens, newest first."""

    items: list[TokenView]
    next_cursor: str | None


# -- params -------------------------------------------------------------------------------


class BootstrapOwnerParams(Params):
    """Create the owner: only while none exists."""

    email: Email
    password: Password


class SignInParams(Params):
    """Email and password; ``mode`` chooses a session cookie or a bearer token."""

    email: Email
    password: Password
    mode: TokenKind = "bearer"


class ChangePasswordParams(Params):
    """The current password proves it is the owner at the keyboard."""

    current_password: Password
    new_password: Password


class CreateApiKeyParams(Params):
    """A name to recognise the key by; no ``expires_at`` means it never expires."""

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    expires_at: Timestamp | None = None


class ListCredentialsParams(Params):
    """A page of credentials, newest first; revoked and expired ones only on request."""

    cursor: str | None = Field(default=None, max_length=200)
    limit: int = Field(default=50, ge=1, le=100)
    include_inactive: bool = False


class RevokeApiKeyParams(Params):
    """The key to revoke."""

    api_key_id: UUID


class RevokeTokenParams(Params):
    """The token to revoke."""

    token_id: UUID

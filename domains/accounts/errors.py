"""Typed errors of the Accounts domain (subclasses of ``rpc.errors``)."""

from __future__ import annotations

from uuid import UUID

from rpc.errors import Conflict, NotFound, RateLimited, Unauthenticated


class OwnerExists(Conflict):
    """An owner exists already; every registration path is closed."""

    def __init__(self) -> None:
        super().__init__(resource="owner", reason="an owner already exists")


class InvalidCredentials(Unauthenticated):
    """Wrong email or password; deliberately does not say which."""


class SignInThrottled(RateLimited):
    """Too many failed sign-ins for this email; the same for an unknown email."""

    def __init__(self, *, retry_after_s: int) -> None:
        super().__init__(retry_after_s=retry_after_s)


class ApiKeyNotFound(NotFound):
    """No API key with this id."""

    def __init__(self, api_key_id: UUID) -> None:
        super().__init__(resource="api_key", id=str(api_key_id))


class ApiKeyAlreadyRevoked(Conflict):
    """The API key was revoked before."""

    def __init__(self) -> None:
        super().__init__(resource="api_key", reason="already revoked")


class TokenNotFound(NotFound):
    """No token with this id."""

    def __init__(self, token_id: UUID) -> None:
        super().__init__(resource="token", id=str(token_id))


class TokenAlreadyRevoked(Conflict):
    """The token was revoked before."""

    def __init__(self) -> None:
        super().__init__(resource="token", reason="already revoked")

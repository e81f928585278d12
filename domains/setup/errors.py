"""Typed errors of the Setup domain (subclasses of the shared wire errors)."""

from __future__ import annotations

from rpc.errors import Conflict, NotFound, ProviderError


class SecretNotFound(NotFound):
    """No secret with that id (or scope and name)."""

    def __init__(self, *, id: str) -> None:
        super().__init__(resource="secret", id=id)


class SecretExists(Conflict):
    """A secret with that scope and name already exists."""

    def __init__(self, *, scope: str, name: str) -> None:
        super().__init__(
            resource="secret",
            reason=f"{scope}/{name} already exists; rotate it instead",
        )


class SecretRevoked(Conflict):
    """The secret is revoked; it can be stored again, not rotated or revoked."""

    def __init__(self, *, id: str) -> None:
        super().__init__(resource="secret", reason=f"secret {id} is revoked")


class SecretReserved(Conflict):
    """The server manages this secret itself (the sealing key pair)."""

    def __init__(self, *, scope: str, name: str) -> None:
        super().__init__(resource="secret", reason=f"{scope}/{name} is managed by the server")


class CredentialNotFound(NotFound):
    """No credential is stored for that provider."""

    def __init__(self, *, provider: str) -> None:
        super().__init__(resource="provider_credential", id=provider)


class ProviderUnreachable(ProviderError):
    """The provider could not be reached or answered with a server error."""

    def __init__(self, *, reason: str) -> None:
        super().__init__(reason=reason)

"""GitHub App auth: an RS256 app JWT buys an installation token, cached sealed until expiry.

The stored ``github_app`` credential is JSON text with ``app_id``, ``installation_id`` and
``private_key`` (PEM). The app JWT lives ten minutes at most (GitHub's limit), so it is
signed per mint; the installation token it buys lives an hour and is cached in
``github_app_tokens``, sealed with the key ring to its row, and re-minted five minutes
before it expires or when it cannot be opened.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import jwt
import orjson

from domains.github_api import repo
from domains.github_api.errors import GitHubError
from domains.github_api.transport import Redact, send
from rpc.context import Runtime
from rpc.errors import SecretUnavailable
from sql.database import Connection

TABLE = "github_app_tokens"
COLUMN = "ciphertext"
REFRESH_MARGIN = timedelta(minutes=5)
# GitHub accepts an app JWT for at most ten minutes; backdating iat absorbs clock drift.
JWT_BACKDATE_S = 60
JWT_LIFETIME_S = 540


@dataclass(frozen=True)
class AppCredential:
    """A GitHub App installation's identity; the key never appears in a repr."""

    app_id: str
    installation_id: int
    private_key: str = field(repr=False)


@dataclass(frozen=True)
class MintedToken:
    """An installation token and when GitHub says it expires."""

    token: str = field(repr=False)
    expires_at: datetime


def parse_app_credential(text: str) -> AppCredential:
    """The stored JSON as an ``AppCredential``; raises ``SecretUnavailable`` when malformed."""
    malformed = SecretUnavailable(
        reason="the stored GitHub App credential needs app_id, installation_id and private_key"
    )
    try:
        raw = orjson.loads(text)
    except orjson.JSONDecodeError:
        raise malformed from None
    if not isinstance(raw, dict):
        raise malformed
    app_id, installation_id, key = (
        raw.get("app_id"),
        raw.get("installation_id"),
        raw.get("private_key"),
    )
    if not app_id or not isinstance(key, str) or not key.strip():
        raise malformed
    try:
        installation = int(installation_id)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise malformed from None
    return AppCredential(app_id=str(app_id), installation_id=installation, private_key=key)


def app_jwt(app: AppCredential, *, now: float | None = None) -> str:
    """The RS256 JWT that authenticates as the App itself (``iss`` = app id)."""
    issued = int(now if now is not None else time.time())
    payload = {
        "iat": issued - JWT_BACKDATE_S,
        "exp": issued + JWT_LIFETIME_S,
        "iss": app.app_id,
    }
    try:
        return jwt.encode(payload, app.private_key, algorithm="RS256")
    except (ValueError, TypeError, jwt.PyJWTError):
        # The library's message may quote key material; say only what is wrong.
        raise SecretUnavailable(
            reason="the GitHub App private key is not a valid RSA private key (PEM)"
        ) from None


def _parse_expiry(value: object) -> datetime:
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            pass
        else:
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    raise GitHubError(reason="GitHub's installation token has no valid expires_at", status=201)


async def mint_installation_token(
    *, base_url: str, app: AppCredential, timeout_s: float, redact: Redact
) -> MintedToken:
    """Ask GitHub for a new installation token (``POST /app/installations/{id}/access_tokens``)."""
    response = await send(
        base_url=base_url,
        method="POST",
        path=f"/app/installations/{app.installation_id}/access_tokens",
        authorization=f"Bearer {app_jwt(app)}",
        timeout_s=timeout_s,
        redact=redact,
    )
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict) or not isinstance(body.get("token"), str):
        raise GitHubError(reason="GitHub answered without an installation token", status=201)
    return MintedToken(token=body["token"], expires_at=_parse_expiry(body.get("expires_at")))


async def installation_token(
    conn: Connection, runtime: Runtime, app: AppCredential, *, now: datetime | None = None
) -> str:
    """A valid installation token: the cached one while it has 5+ minutes left, else a new one.

    A cached token that no longer opens (its key left the ring) is simply re-minted.
    """
    keyring = runtime.key_ring
    moment = now or datetime.now(UTC)
    cached = await repo.get_token(conn, installation_id=app.installation_id)
    if cached is not None and cached.expires_at - moment > REFRESH_MARGIN:
        try:
            return keyring.open(
                cached.ciphertext,
                table=TABLE,
                column=COLUMN,
                row_id=cached.id,
                key_version=cached.key_version,
            ).decode()
        except SecretUnavailable:
            pass
    settings = runtime.settings
    minted = await mint_installation_token(
        base_url=settings.github_api_url,
        app=app,
        timeout_s=settings.provider_timeout_s,
        redact=runtime.redactor.redact_str,
    )
    row_id = uuid.uuid4()
    ciphertext, key_version = keyring.seal(
        minted.token.encode(), table=TABLE, column=COLUMN, row_id=row_id
    )
    await repo.put_token(
        conn,
        row_id=row_id,
        installation_id=app.installation_id,
        ciphertext=ciphertext,
        key_version=key_version,
        expires_at=minted.expires_at,
    )
    return minted.token


async def forget_installation_token(conn: Connection, *, installation_id: int) -> bool:
    """Drop the cached token (GitHub refused it), so the next call mints a fresh one."""
    return await repo.delete_token(conn, installation_id=installation_id)

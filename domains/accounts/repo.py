"""The only module that runs the Accounts domain's SQL."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import asyncpg

from domains.accounts.errors import OwnerExists
from domains.accounts.models import (
    ApiKeyView,
    AttemptWindow,
    CredentialHit,
    TokenView,
    UserRow,
)
from sql.database import Connection
from sql.queries import query_file

Q = query_file("accounts")

# Both mean "an owner exists": the singleton column, or (should it ever matter) the email.
_OWNER_CONSTRAINTS = frozenset({"users_one_owner", "users_email_lower_key"})


# -- users --------------------------------------------------------------------------------


async def get_owner(conn: Connection) -> UserRow | None:
    """The owner's row, or ``None`` before bootstrap."""
    row = await conn.fetchrow(Q["accounts_get_owner"])
    return UserRow(**dict(row)) if row else None


async def get_user(conn: Connection, *, user_id: UUID) -> UserRow | None:
    """One user by id, or ``None``."""
    row = await conn.fetchrow(Q["accounts_get_user"], user_id)
    return UserRow(**dict(row)) if row else None


async def get_user_by_email(conn: Connection, *, email: str) -> UserRow | None:
    """The user with this email (case-insensitive), or ``None``."""
    row = await conn.fetchrow(Q["accounts_get_user_by_email"], email)
    return UserRow(**dict(row)) if row else None


async def insert_owner(conn: Connection, *, email: str, password_hash: str) -> UserRow:
    """Create the owner; ``OwnerExists`` when the database already holds one."""
    try:
        row = await conn.fetchrow(Q["accounts_insert_owner"], email, password_hash)
    except asyncpg.UniqueViolationError as exc:
        if exc.constraint_name in _OWNER_CONSTRAINTS:
            raise OwnerExists() from exc
        raise
    assert row is not None  # INSERT … RETURNING always returns the row
    return UserRow(**dict(row))


async def set_password_hash(
    conn: Connection, *, user_id: UUID, password_hash: str, changed: bool
) -> UserRow | None:
    """Store a new hash (``changed``: a new password, not a rehash of the same one)."""
    row = await conn.fetchrow(Q["accounts_set_password_hash"], user_id, password_hash, changed)
    return UserRow(**dict(row)) if row else None


# -- tokens -------------------------------------------------------------------------------


async def insert_token(
    conn: Connection,
    *,
    user_id: UUID,
    kind: str,
    digest: bytes,
    ttl_s: int,
    user_agent: str | None,
) -> TokenView:
    """Record a token by digest; it expires ``ttl_s`` seconds from now (database clock)."""
    row = await conn.fetchrow(
        Q["accounts_insert_token"], user_id, kind, digest, float(ttl_s), user_agent
    )
    assert row is not None
    return TokenView(**dict(row))


async def use_token(
    conn: Connection, *, digest: bytes, touch_after_s: float
) -> CredentialHit | None:
    """Find a token by digest and mark it used when its last mark is older than given."""
    row = await conn.fetchrow(Q["accounts_use_token"], digest, float(touch_after_s))
    return CredentialHit(**dict(row)) if row else None


async def list_tokens(
    conn: Connection,
    after: tuple[datetime, UUID],
    limit: int,
    *,
    user_id: UUID,
    include_inactive: bool,
) -> list[TokenView]:
    """Up to ``limit`` tokens, newest first, after an ``(inserted_at, id)`` position."""
    rows = await conn.fetch(Q["accounts_list_tokens"], user_id, include_inactive, *after, limit)
    return [TokenView(**dict(r)) for r in rows]


async def revoke_token(conn: Connection, *, token_id: UUID, user_id: UUID) -> TokenView | None:
    """Revoke a token; ``None`` when there is no such unrevoked token."""
    row = await conn.fetchrow(Q["accounts_revoke_token"], token_id, user_id)
    return TokenView(**dict(row)) if row else None


async def token_exists(conn: Connection, *, token_id: UUID, user_id: UUID) -> bool:
    """Whether the user has this token at all (revoked or not)."""
    exists: bool = await conn.fetchval(Q["accounts_token_exists"], token_id, user_id)
    return exists


async def revoke_other_tokens(conn: Connection, *, user_id: UUID, keep: UUID | None) -> int:
    """Revoke every unrevoked token of the user except ``keep``; returns how many."""
    count: int = await conn.fetchval(Q["accounts_revoke_other_tokens"], user_id, keep)
    return count


# -- API keys -----------------------------------------------------------------------------


async def insert_api_key(
    conn: Connection,
    *,
    user_id: UUID,
    name: str,
    prefix: str,
    digest: bytes,
    expires_at: datetime | None,
) -> ApiKeyView:
    """Record an API key by digest and visible prefix."""
    row = await conn.fetchrow(
        Q["accounts_insert_api_key"], user_id, name, prefix, digest, expires_at
    )
    assert row is not None
    return ApiKeyView(**dict(row))


async def use_api_key(
    conn: Connection, *, digest: bytes, touch_after_s: float
) -> CredentialHit | None:
    """Find an API key by digest and mark it used when its last mark is older than given."""
    row = await conn.fetchrow(Q["accounts_use_api_key"], digest, float(touch_after_s))
    return CredentialHit(**dict(row)) if row else None


async def list_api_keys(
    conn: Connection,
    after: tuple[datetime, UUID],
    limit: int,
    *,
    user_id: UUID,
    include_inactive: bool,
) -> list[ApiKeyView]:
    """Up to ``limit`` API keys, newest first, after an ``(inserted_at, id)`` position."""
    rows = await conn.fetch(Q["accounts_list_api_keys"], user_id, include_inactive, *after, limit)
    return [ApiKeyView(**dict(r)) for r in rows]


async def revoke_api_key(conn: Connection, *, api_key_id: UUID, user_id: UUID) -> ApiKeyView | None:
    """Revoke an API key; ``None`` when there is no such unrevoked key."""
    row = await conn.fetchrow(Q["accounts_revoke_api_key"], api_key_id, user_id)
    return ApiKeyView(**dict(row)) if row else None


async def api_key_exists(conn: Connection, *, api_key_id: UUID, user_id: UUID) -> bool:
    """Whether the user has this API key at all (revoked or not)."""
    exists: bool = await conn.fetchval(Q["accounts_api_key_exists"], api_key_id, user_id)
    return exists


# -- sign-in attempts ---------------------------------------------------------------------


async def record_signin_attempt(conn: Connection, *, email_digest: bytes, window_s: int) -> UUID:
    """Record an attempt (and prune everyone's expired ones); returns its id."""
    attempt_id: UUID = await conn.fetchval(
        Q["accounts_record_signin_attempt"], email_digest, float(window_s)
    )
    return attempt_id


async def signin_window(
    conn: Connection, *, email_digest: bytes, window_s: int, limit: int
) -> AttemptWindow:
    """The email's attempts in the window, and when one more may pass if at the limit."""
    row = await conn.fetchrow(Q["accounts_signin_window"], email_digest, float(window_s), limit)
    assert row is not None  # an aggregate always returns one row
    return AttemptWindow(**dict(row))


async def delete_signin_attempt(conn: Connection, *, attempt_id: UUID) -> None:
    """Forget one attempt."""
    await conn.fetchval(Q["accounts_delete_signin_attempt"], attempt_id)


async def clear_signin_attempts(conn: Connection, *, email_digest: bytes) -> int:
    """Forget every attempt of an email; returns how many."""
    count: int = await conn.fetchval(Q["accounts_clear_signin_attempts"], email_digest)
    return count

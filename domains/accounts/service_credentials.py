"""API keys and tokens: create, list (newest first, cursor-paged) and revoke; each create
and revoke is a security event (``rpc.security_log``), written after it commits."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from domains.accounts import keys, repo
from domains.accounts.errors import (
    ApiKeyAlreadyRevoked,
    ApiKeyNotFound,
    TokenAlreadyRevoked,
    TokenNotFound,
)
from domains.accounts.models import (
    ApiKeyPage,
    ApiKeyView,
    CreatedApiKey,
    TokenPage,
    TokenView,
)
from domains.accounts.service import token_id_of
from domains.shared import cursors
from rpc.context import Principal
from rpc.errors import ValidationFailed
from rpc.security_log import credential_created, credential_revoked
from sql.database import Database


async def create_api_key(
    db: Database, *, principal: Principal, name: str, expires_at: datetime | None
) -> CreatedApiKey:
    """Create a named key; the full key is in the result and nowhere else, ever."""
    if expires_at is not None and expires_at <= datetime.now(UTC):
        raise ValidationFailed.on("expires_at", "must be in the future")
    key = keys.new_api_key()
    async with db.connection() as conn:
        view = await repo.insert_api_key(
            conn,
            user_id=principal.user_id,
            name=name,
            prefix=keys.visible_prefix(key),
            digest=keys.digest(key),
            expires_at=expires_at,
        )
    credential_created("api_key", view.id, user_id=str(principal.user_id), by=principal.mode)
    return CreatedApiKey(key=key, api_key=view)


async def list_api_keys(
    db: Database, *, principal: Principal, cursor: str | None, limit: int, include_inactive: bool
) -> ApiKeyPage:
    """A page of the owner's API keys (metadata and visible prefix only)."""
    items, next_cursor = await cursors.NEWEST_FIRST.page(
        db,
        cursor,
        limit,
        cursors.by_inserted_at,
        repo.list_api_keys,
        user_id=principal.user_id,
        include_inactive=include_inactive,
    )
    return ApiKeyPage(items=items, next_cursor=next_cursor)


async def revoke_api_key(db: Database, *, principal: Principal, api_key_id: UUID) -> ApiKeyView:
    """Revoke a key at once (every process checks the database on every call);
    ``ApiKeyAlreadyRevoked`` the second time."""
    async with db.transaction() as conn:
        view = await repo.revoke_api_key(conn, api_key_id=api_key_id, user_id=principal.user_id)
        if view is None:
            if await repo.api_key_exists(conn, api_key_id=api_key_id, user_id=principal.user_id):
                raise ApiKeyAlreadyRevoked()
            raise ApiKeyNotFound(api_key_id)
    credential_revoked("api_key", view.id, reason="revoked", by=principal.mode)
    return view


async def list_tokens(
    db: Database, *, principal: Principal, cursor: str | None, limit: int, include_inactive: bool
) -> TokenPage:
    """A page of the owner's session and bearer tokens; ``current`` marks the caller's."""
    items, next_cursor = await cursors.NEWEST_FIRST.page(
        db,
        cursor,
        limit,
        cursors.by_inserted_at,
        repo.list_tokens,
        user_id=principal.user_id,
        include_inactive=include_inactive,
    )
    current = token_id_of(principal)
    marked = [t.model_copy(update={"current": t.id == current}) for t in items]
    return TokenPage(items=marked, next_cursor=next_cursor)


async def revoke_token(db: Database, *, principal: Principal, token_id: UUID) -> TokenView:
    """Revoke a token at once (the caller's own included); ``TokenAlreadyRevoked`` the
    second time."""
    async with db.transaction() as conn:
        view = await repo.revoke_token(conn, token_id=token_id, user_id=principal.user_id)
        if view is None:
            if await repo.token_exists(conn, token_id=token_id, user_id=principal.user_id):
                raise TokenAlreadyRevoked()
            raise TokenNotFound(token_id)
    credential_revoked(view.kind, view.id, reason="revoked", by=principal.mode)
    return view.model_copy(update={"current": view.id == token_id_of(principal)})

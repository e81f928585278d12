"""The only module that runs the GitHub client's SQL: the sealed App installation token cache."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel

from sql.database import Connection
from sql.queries import query_file

Q = query_file("github_api")


class CachedToken(BaseModel):
    """A sealed installation token as stored."""

    id: UUID
    installation_id: int
    ciphertext: bytes
    key_version: int
    expires_at: datetime


async def get_token(conn: Connection, *, installation_id: int) -> CachedToken | None:
    """The cached token of one installation, or ``None``."""
    row = await conn.fetchrow(Q["get_github_app_token"], installation_id)
    return CachedToken(**dict(row)) if row else None


async def put_token(
    conn: Connection,
    *,
    row_id: UUID,
    installation_id: int,
    ciphertext: bytes,
    key_version: int,
    expires_at: datetime,
) -> None:
    """Cache (or replace) an installation's token under ``row_id``, the id it is sealed to."""
    await conn.fetchval(
        Q["put_github_app_token"], row_id, installation_id, ciphertext, key_version, expires_at
    )


async def delete_token(conn: Connection, *, installation_id: int) -> bool:
    """Forget an installation's cached token; ``False`` when none was cached."""
    return await conn.fetchval(Q["delete_github_app_token"], installation_id) is not None

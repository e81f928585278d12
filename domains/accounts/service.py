"""The owner: bootstrap, sign-in (throttled), sign-out, password change, and credential
checks for the resolver. API keys and token listings live in ``service_credentials``.

Failed and throttled attempts, and every token issued or revoked, are security events
(``rpc.security_log``), written once the change is committed.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
from dataclasses import dataclass
from uuid import UUID

from domains.accounts import keys, passwords, repo
from domains.accounts.errors import InvalidCredentials, OwnerExists, SignInThrottled
from domains.accounts.models import (
    ChangePasswordResult,
    MeView,
    OwnerView,
    SignInResult,
    SignOutResult,
    TokenKind,
    UserRow,
)
from rpc.context import Principal, Runtime
from rpc.contract import AuthMode
from rpc.errors import Unauthenticated, ValidationFailed
from rpc.security_log import credential_created, credential_revoked, security_event
from rpc.settings import Settings
from sql.database import Connection, Database

# A credential's last_used_at is written at most this often: one extra write per minute
# per credential instead of one per call (see scripts/bench_auth.py for the cost).
TOUCH_INTERVAL_S = 60.0

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
_USER_AGENT_MAX = 512


def _owner_view(user: UserRow) -> OwnerView:
    return OwnerView(
        id=user.id,
        email=user.email,
        owner_bootstrapped_at=user.owner_bootstrapped_at,
        password_changed_at=user.password_changed_at,
    )


def _email_digest(email: str) -> bytes:
    # Throttling is keyed by a digest: the attempted "email" is sometimes a password.
    return hashlib.sha256(email.strip().lower().encode("utf-8")).digest()


async def get_owner(conn: Connection) -> OwnerView | None:
    """The owner, or ``None`` before ``bootstrap_owner``."""
    user = await repo.get_owner(conn)
    return _owner_view(user) if user else None


async def bootstrap_owner(
    db: Database, runtime: Runtime, *, email: str, password: str
) -> OwnerView:
    """Create the one owner; ``OwnerExists`` once there is one, also for the loser of a race
    (the database's singleton constraint decides)."""
    email = email.strip()
    if not _EMAIL.fullmatch(email):
        raise ValidationFailed.on("email", "is not an email address")
    passwords.check_rules(password)
    async with db.connection() as conn:
        if await repo.get_owner(conn) is not None:
            raise OwnerExists()  # spare the hashing
    password_hash = await passwords.hash_password(password)
    async with db.transaction() as conn:
        user = await repo.insert_owner(conn, email=email, password_hash=password_hash)
    return _owner_view(user)


@dataclass(frozen=True)
class SignedIn:
    """A sign-in's result plus the token secret (the handler puts it in a cookie or not)."""

    result: SignInResult
    secret: str


async def _admit_attempt(
    conn: Connection, settings: Settings, email_digest: bytes, client: str | None
) -> None:
    """Record an attempt and refuse it when the window already holds the maximum.

    The attempt is committed before counting, so concurrent attempts see each other and
    no more than ``signin_max_failures`` get to check a password per window. It is
    cleared by a success and otherwise stays as a recorded failure.
    """
    window_s, limit = settings.signin_window_s, settings.signin_max_failures
    attempt_id = await repo.record_signin_attempt(
        conn, email_digest=email_digest, window_s=window_s
    )
    window = await repo.signin_window(
        conn, email_digest=email_digest, window_s=window_s, limit=limit
    )
    if window.attempts <= limit:
        return
    # A refused attempt is not a failure: keeping it would stretch the lockout forever.
    await repo.delete_signin_attempt(conn, attempt_id=attempt_id)
    window = await repo.signin_window(
        conn, email_digest=email_digest, window_s=window_s, limit=limit
    )
    retry_after_s = window.retry_after_s or 1
    security_event("signin_throttled", client=client, retry_after_s=retry_after_s)
    raise SignInThrottled(retry_after_s=retry_after_s)


async def sign_in(
    db: Database,
    runtime: Runtime,
    *,
    email: str,
    password: str,
    kind: TokenKind,
    user_agent: str | None = None,
    client: str | None = None,
) -> SignedIn:
    """Check the password (throttled per email) and issue a session or bearer token.

    An unknown email and a wrong password get the same answer, after the same work (a
    dummy hash is verified), and count against the same throttle. A hash made with older
    parameters is replaced.
    """
    settings = runtime.settings
    email_digest = _email_digest(email)
    async with db.connection() as conn:
        await _admit_attempt(conn, settings, email_digest, client)
        user = await repo.get_user_by_email(conn, email=email.strip())
    # No connection is held while hashing.
    if not await passwords.verify_password(user.password_hash if user else None, password):
        reason = "unknown_email" if user is None else "wrong_password"
        security_event("signin_failed", client=client, reason=reason)
        raise InvalidCredentials()
    assert user is not None
    new_hash = None
    if passwords.needs_rehash(user.password_hash):
        new_hash = await passwords.hash_password(password)
    secret = keys.new_token()
    ttl_s = settings.session_ttl_s if kind == "session" else settings.bearer_token_ttl_s
    async with db.transaction() as conn:
        await repo.clear_signin_attempts(conn, email_digest=email_digest)
        if new_hash is not None:
            await repo.set_password_hash(
                conn, user_id=user.id, password_hash=new_hash, changed=False
            )
        token = await repo.insert_token(
            conn,
            user_id=user.id,
            kind=kind,
            digest=keys.digest(secret),
            ttl_s=ttl_s,
            user_agent=user_agent[:_USER_AGENT_MAX] if user_agent else None,
        )
    credential_created(kind, token.id, user_id=str(user.id), client=client)
    result = SignInResult(
        mode=kind,
        token=secret if kind == "bearer" else None,
        token_id=token.id,
        expires_at=token.expires_at,
        owner=_owner_view(user),
    )
    return SignedIn(result=result, secret=secret)


async def sign_out(db: Database, *, principal: Principal) -> SignOutResult:
    """Revoke the token this call was made with."""
    if principal.credential_id is None or principal.mode == "api_key":
        return SignOutResult(revoked=False)
    async with db.connection() as conn:
        revoked = await repo.revoke_token(
            conn, token_id=principal.credential_id, user_id=principal.user_id
        )
    if revoked is not None:
        credential_revoked(revoked.kind, revoked.id, reason="sign_out")
    return SignOutResult(revoked=revoked is not None)


async def me(db: Database, *, principal: Principal) -> MeView:
    """The owner behind the calling credential."""
    async with db.connection() as conn:
        user = await repo.get_user(conn, user_id=principal.user_id)
    if user is None:
        raise Unauthenticated()
    return MeView(
        owner=_owner_view(user), auth_mode=principal.mode, credential_id=principal.credential_id
    )


async def change_password(
    db: Database,
    runtime: Runtime,
    *,
    principal: Principal,
    current_password: str,
    new_password: str,
    client: str | None = None,
) -> ChangePasswordResult:
    """Replace the password after checking the current one (throttled like sign-in), and
    revoke every token except the one this call was made with."""
    passwords.check_rules(new_password, field="new_password")
    async with db.connection() as conn:
        user = await repo.get_user(conn, user_id=principal.user_id)
        if user is None:
            raise Unauthenticated()
        email_digest = _email_digest(user.email)
        await _admit_attempt(conn, runtime.settings, email_digest, client)
    if not await passwords.verify_password(user.password_hash, current_password):
        security_event("signin_failed", client=client, reason="wrong_current_password")
        raise ValidationFailed.on("current_password", "is not the current password")
    new_hash = await passwords.hash_password(new_password)
    keep = principal.credential_id if principal.mode in ("session", "token") else None
    async with db.transaction() as conn:
        await repo.clear_signin_attempts(conn, email_digest=email_digest)
        await repo.set_password_hash(conn, user_id=user.id, password_hash=new_hash, changed=True)
        revoked = await repo.revoke_other_tokens(conn, user_id=user.id, keep=keep)
    security_event("password_changed", level=logging.INFO, user_id=str(user.id), client=client)
    if revoked:
        credential_revoked("tokens", None, reason="password_change", count=revoked)
    return ChangePasswordResult(revoked_tokens=revoked)


_TOKEN_KIND: dict[AuthMode, str] = {"session": "session", "token": "bearer", "api_key": "api_key"}


async def authenticate(db: Database, *, secret: str, mode: AuthMode) -> Principal:
    """The principal behind a presented token or API key, checked against the database on
    every call (so a revocation anywhere takes effect at once); ``Unauthenticated`` for a
    malformed, unknown, expired or revoked one, or one presented in the wrong mode."""
    expected = "api_key" if mode == "api_key" else "token"
    if keys.kind_of(secret) != expected:
        raise Unauthenticated()  # refused offline, without a query
    digest = keys.digest(secret)
    async with db.connection() as conn:
        if mode == "api_key":
            hit = await repo.use_api_key(conn, digest=digest, touch_after_s=TOUCH_INTERVAL_S)
        else:
            hit = await repo.use_token(conn, digest=digest, touch_after_s=TOUCH_INTERVAL_S)
    if (
        hit is None
        or not hmac.compare_digest(hit.digest, digest)
        or not hit.usable
        or hit.kind != _TOKEN_KIND[mode]
    ):
        raise Unauthenticated()
    return Principal(user_id=hit.user_id, mode=mode, credential_id=hit.id)


def token_id_of(principal: Principal) -> UUID | None:
    """The calling token's id (``None`` for an API key)."""
    return principal.credential_id if principal.mode != "api_key" else None

"""Accounts methods (action group 1) and the credential resolver."""

from __future__ import annotations

from domains.accounts import auth, service, service_credentials
from domains.accounts.auth import AccountsCredentialResolver
from domains.accounts.errors import (
    ApiKeyAlreadyRevoked,
    ApiKeyNotFound,
    InvalidCredentials,
    OwnerExists,
    SignInThrottled,
    TokenAlreadyRevoked,
    TokenNotFound,
)
from domains.accounts.models import (
    ApiKeyPage,
    ApiKeyView,
    BootstrapOwnerParams,
    ChangePasswordParams,
    ChangePasswordResult,
    CreateApiKeyParams,
    CreatedApiKey,
    ListCredentialsParams,
    MeView,
    OwnerView,
    RevokeApiKeyParams,
    RevokeTokenParams,
    SignInParams,
    SignInResult,
    SignOutResult,
    TokenPage,
    TokenView,
)
from rpc.context import Principal, RpcContext
from rpc.contract import ANONYMOUS, DomainRegistration, Group, MethodTable, NoParams, owner
from rpc.errors import ValidationFailed

methods = MethodTable("accounts")
_TOKEN_ONLY = owner("session", "token")


def _principal(ctx: RpcContext) -> Principal:
    # The dispatcher refuses an owner-only call without a principal before the handler.
    assert ctx.principal is not None
    return ctx.principal


@methods.method(
    "accounts.bootstrap_owner",
    auth=ANONYMOUS,
    group=Group.SETUP,
    errors=[OwnerExists, ValidationFailed],
)
async def bootstrap_owner(ctx: RpcContext, params: BootstrapOwnerParams) -> OwnerView:
    """Create the instance's one owner. Works only while no owner exists; afterwards
    (and for the loser of two simultaneous calls) it is a `conflict`. The password needs
    at least 12 characters."""
    return await service.bootstrap_owner(
        ctx.db, ctx.runtime, email=params.email, password=params.password.get_secret_value()
    )


@methods.method(
    "accounts.sign_in",
    auth=ANONYMOUS,
    group=Group.SETUP,
    errors=[InvalidCredentials, SignInThrottled, ValidationFailed],
)
async def sign_in(ctx: RpcContext, params: SignInParams) -> SignInResult:
    """Sign in with email and password. `mode: "bearer"` returns a token for
    `Authorization: Bearer`; `mode: "session"` sets an HttpOnly `jidocode_session` cookie
    instead and returns no token. After 5 failed attempts in 15 minutes an email gets
    `rate_limited` with `retry_after_s`, whether or not it belongs to the owner."""
    if params.mode == "session" and ctx.http is None:
        raise ValidationFailed.on("mode", "a session needs an HTTP request to carry its cookie")
    signed = await service.sign_in(
        ctx.db,
        ctx.runtime,
        email=params.email,
        password=params.password.get_secret_value(),
        kind=params.mode,
        user_agent=ctx.http.user_agent if ctx.http else None,
        client=ctx.http.client if ctx.http else None,
    )
    if params.mode == "session" and ctx.http is not None:
        auth.set_session_cookie(ctx.http, ctx.settings, signed.secret)
    return signed.result


@methods.method(
    "accounts.sign_out",
    auth=_TOKEN_ONLY,
    group=Group.SETUP,
    idempotent=True,
    revokes_credentials=True,
)
async def sign_out(ctx: RpcContext, params: NoParams) -> SignOutResult:
    """Revoke the session or bearer token this call is made with (and clear the session
    cookie)."""
    result = await service.sign_out(ctx.db, principal=_principal(ctx))
    if ctx.auth_mode == "session" and ctx.http is not None:
        auth.clear_session_cookie(ctx.http, ctx.settings)
    return result


@methods.method("accounts.me", group=Group.SETUP, idempotent=True)
async def me(ctx: RpcContext, params: NoParams) -> MeView:
    """The owner, and the auth mode and credential this call is made with."""
    return await service.me(ctx.db, principal=_principal(ctx))


@methods.method(
    "accounts.change_password",
    auth=_TOKEN_ONLY,
    group=Group.SETUP,
    errors=[ValidationFailed, SignInThrottled],
    revokes_credentials=True,
)
async def change_password(ctx: RpcContext, params: ChangePasswordParams) -> ChangePasswordResult:
    """Change the owner's password (the current one is required; wrong guesses are
    throttled like sign-in) and revoke every other session and bearer token. API keys stay
    valid. Only through a session or bearer token, never an API key."""
    return await service.change_password(
        ctx.db,
        ctx.runtime,
        principal=_principal(ctx),
        current_password=params.current_password.get_secret_value(),
        new_password=params.new_password.get_secret_value(),
        client=ctx.http.client if ctx.http else None,
    )


@methods.method(
    "accounts.create_api_key", auth=_TOKEN_ONLY, group=Group.SETUP, errors=[ValidationFailed]
)
async def create_api_key(ctx: RpcContext, params: CreateApiKeyParams) -> CreatedApiKey:
    """Create a named API key (`jck_…`, for `Authorization: Bearer`). The full key is in
    this result only; store it now. Only through a session or bearer token, so a leaked
    key cannot mint others."""
    return await service_credentials.create_api_key(
        ctx.db, principal=_principal(ctx), name=params.name, expires_at=params.expires_at
    )


@methods.method(
    "accounts.list_api_keys", group=Group.SETUP, errors=[ValidationFailed], idempotent=True
)
async def list_api_keys(ctx: RpcContext, params: ListCredentialsParams) -> ApiKeyPage:
    """The owner's API keys, newest first: names, visible prefixes, status and last use."""
    return await service_credentials.list_api_keys(
        ctx.db,
        principal=_principal(ctx),
        cursor=params.cursor,
        limit=params.limit,
        include_inactive=params.include_inactive,
    )


@methods.method(
    "accounts.revoke_api_key",
    group=Group.SETUP,
    errors=[ApiKeyNotFound, ApiKeyAlreadyRevoked],
    revokes_credentials=True,
)
async def revoke_api_key(ctx: RpcContext, params: RevokeApiKeyParams) -> ApiKeyView:
    """Revoke an API key; every server process refuses it from the next call on. Revoking
    it again is a `conflict`."""
    return await service_credentials.revoke_api_key(
        ctx.db, principal=_principal(ctx), api_key_id=params.api_key_id
    )


@methods.method(
    "accounts.list_tokens", group=Group.SETUP, errors=[ValidationFailed], idempotent=True
)
async def list_tokens(ctx: RpcContext, params: ListCredentialsParams) -> TokenPage:
    """The owner's session and bearer tokens, newest first; `current` marks the one this
    call is made with."""
    return await service_credentials.list_tokens(
        ctx.db,
        principal=_principal(ctx),
        cursor=params.cursor,
        limit=params.limit,
        include_inactive=params.include_inactive,
    )


@methods.method(
    "accounts.revoke_token",
    group=Group.SETUP,
    errors=[TokenNotFound, TokenAlreadyRevoked],
    revokes_credentials=True,
)
async def revoke_token(ctx: RpcContext, params: RevokeTokenParams) -> TokenView:
    """Revoke a session or bearer token (the current one included); every server process
    refuses it from the next call on. Revoking it again is a `conflict`."""
    return await service_credentials.revoke_token(
        ctx.db, principal=_principal(ctx), token_id=params.token_id
    )


REGISTRATION = DomainRegistration(
    name="accounts",
    credential_resolver=AccountsCredentialResolver(),
    methods=methods,
)

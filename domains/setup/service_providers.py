"""Provider credentials: set (a sealed secret), list, verify against the provider, remove.

A credential is the secret ``integration/provider:<provider>`` plus a row in
``provider_credentials`` holding its status and non-secret metadata. Setting one leaves it
``unverified``; verification calls the provider's API (base URLs from Settings) outside any
transaction and records ``active`` or ``invalid`` with the provider's reason, redacted,
only if the credential was not replaced meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx
import orjson

from domains.setup import repo
from domains.setup.errors import CredentialNotFound, ProviderUnreachable
from domains.setup.models import (
    ALL_PROVIDERS,
    ProviderCredentialList,
    ProviderCredentialView,
)
from domains.setup.service_secrets import reveal_secret, revoke_secret_in, store_secret
from rpc.context import Runtime
from rpc.errors import Conflict, FieldError, ValidationFailed
from rpc.redaction import Redactor
from rpc.settings import Settings
from sql.database import Connection, Database

log = logging.getLogger(__name__)

SCOPE = "integration"
ANTHROPIC_VERSION = "2023-06-01"
MAX_REASON = 300


def secret_name(provider: str) -> str:
    """The secret name a provider's credential is stored under."""
    return f"provider:{provider}"


def parse_github_app(text: str) -> dict[str, Any]:
    """Validate a GitHub App credential's JSON; returns its non-secret metadata."""
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        raise ValidationFailed.on(
            "value", "a github_app credential is JSON with app_id, installation_id, private_key"
        ) from None
    if not isinstance(data, dict):
        raise ValidationFailed.on("value", "a github_app credential is a JSON object")
    errors: list[tuple[str, str]] = []
    meta: dict[str, Any] = {}
    for field in ("app_id", "installation_id"):
        raw = data.get(field)
        if isinstance(raw, bool) or not (
            (isinstance(raw, int) and raw > 0) or (isinstance(raw, str) and raw.isdigit())
        ):
            errors.append((f"value.{field}", "must be a positive integer"))
        else:
            meta[field] = int(raw)
    key = data.get("private_key")
    if not isinstance(key, str) or "-----BEGIN" not in key or "PRIVATE KEY-----" not in key:
        errors.append(("value.private_key", "must be a PEM private key"))
    if errors:
        raise ValidationFailed(field_errors=[FieldError(field=f, message=m) for f, m in errors])
    return meta


async def provider_secret(conn: Connection, runtime: Runtime, *, provider: str) -> str | None:
    """The plaintext credential for ``provider``; None when none is set."""
    cred = await repo.get_credential(conn, provider=provider)
    if cred is None or cred.secret_ref_id is None or cred.status == "not_set":
        return None
    return await reveal_secret(conn, runtime, secret_ref_id=cred.secret_ref_id)


async def active_credential(
    conn: Connection, runtime: Runtime, *, providers: Sequence[str]
) -> tuple[str, str] | None:
    """``(provider, secret)`` of the first of ``providers`` (in that order) whose credential
    is verified ``active``; ``None`` when none is."""
    active = set(await repo.active_providers(conn, providers=providers))
    for provider in providers:
        if provider in active:
            secret = await provider_secret(conn, runtime, provider=provider)
            if secret is not None:
                return provider, secret
    return None


async def set_provider_credential(
    db: Database, runtime: Runtime, *, provider: str, value: str, actor: str
) -> ProviderCredentialView:
    """Store (or replace) a provider's credential; it is ``unverified`` until verified."""
    metadata: dict[str, Any] = {}
    if provider == "github_app":
        metadata = parse_github_app(value)
    async with db.transaction() as conn:
        ref = await store_secret(
            conn,
            runtime,
            scope=SCOPE,
            name=secret_name(provider),
            value=value,
            source="onboarding",
            actor=actor,
        )
        return await repo.upsert_credential(
            conn, provider=provider, status="unverified", secret_ref_id=ref.id, metadata=metadata
        )


async def list_provider_credentials(db: Database) -> ProviderCredentialList:
    """Every known provider with its status; ``not_set`` when nothing is stored."""
    async with db.connection() as conn:
        stored = {c.provider: c for c in await repo.list_credentials(conn)}
    return ProviderCredentialList(
        items=[
            stored.get(p) or ProviderCredentialView(provider=p, status="not_set")
            for p in ALL_PROVIDERS
        ]
    )


async def remove_provider_credential(
    db: Database, runtime: Runtime, *, provider: str, actor: str
) -> ProviderCredentialView:
    """Forget a provider's credential and revoke its secret."""
    async with db.transaction() as conn:
        cred = await repo.get_credential(conn, provider=provider)
        if cred is None or cred.secret_ref_id is None:
            raise CredentialNotFound(provider=provider)
        secret_id = cred.secret_ref_id
        cleared = await repo.clear_credential(conn, provider=provider)
        if cleared is None:
            raise CredentialNotFound(provider=provider)
        ref = await repo.get_secret(conn, id=secret_id)
        if ref is not None and ref.ref.status == "active":
            await revoke_secret_in(conn, secret_ref_id=secret_id, actor=actor)
        return cleared


# ---- verification ---------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What the provider said about a credential."""

    active: bool
    reason: str | None
    metadata: dict[str, Any]


async def verify_provider_credential(
    db: Database, runtime: Runtime, *, provider: str
) -> ProviderCredentialView:
    """Call the provider with the stored credential and record ``active`` or ``invalid``.

    Raises ``ProviderUnreachable`` (status unchanged) when the provider cannot be reached
    or answers with a server error or rate limit.
    """
    async with db.connection() as conn:
        cred = await repo.get_credential(conn, provider=provider)
        if cred is None or cred.secret_ref_id is None or cred.status == "not_set":
            raise CredentialNotFound(provider=provider)
        secret_id = cred.secret_ref_id
        secret = await reveal_secret(conn, runtime, secret_ref_id=secret_id)
    redactor = runtime.redactor
    outcome = await check_with_provider(runtime.settings, provider, secret, redactor)
    metadata = {**cred.metadata, **outcome.metadata}
    async with db.transaction() as conn:
        updated = await repo.set_credential_status(
            conn,
            provider=provider,
            secret_ref_id=secret_id,
            status="active" if outcome.active else "invalid",
            reason=redactor.redact(outcome.reason) if outcome.reason else None,
            metadata=redactor.redact(metadata),
        )
    if updated is None:
        raise Conflict(
            resource="provider_credential",
            reason=f"the {provider} credential changed during verification; verify again",
        )
    return updated


async def check_with_provider(
    settings: Settings, provider: str, secret: str, redactor: Redactor
) -> Outcome:
    """One real HTTP call to the provider's cheapest authenticated endpoint."""
    if provider == "github_app":
        # Minting an app JWT needs RS256, which nothing in our dependencies signs; the
        # shape (ids and a PEM key) is what we can check without it.
        meta = parse_github_app(secret)
        return Outcome(True, None, {**meta, "verified_by": "shape"})
    if provider == "anthropic":
        url = f"{settings.anthropic_base_url.rstrip('/')}/v1/models"
        headers = {"x-api-key": secret, "anthropic-version": ANTHROPIC_VERSION}
    elif provider == "openai":
        url = f"{settings.openai_base_url.rstrip('/')}/v1/models"
        headers = {"Authorization": f"Bearer {secret}"}
    elif provider == "google":
        url = f"{settings.google_base_url.rstrip('/')}/v1beta/models"
        headers = {"x-goog-api-key": secret}
    elif provider == "github_pat":
        url = f"{settings.github_api_url.rstrip('/')}/user"
        headers = {
            "Authorization": f"Bearer {secret}",
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
        }
    else:
        raise ValidationFailed.on("provider", f"verifying {provider} credentials is not supported")
    headers["User-Agent"] = "jidocode-rpc"
    try:
        # One bound on the whole exchange (httpx's own timeouts are per phase).
        async with (
            asyncio.timeout(settings.provider_timeout_s),
            httpx.AsyncClient(timeout=settings.provider_timeout_s) as client,
        ):
            resp = await client.get(url, headers=headers, follow_redirects=False)
        status = resp.status_code
        body = resp.content
    except (TimeoutError, httpx.TimeoutException):
        raise ProviderUnreachable(reason=f"{provider} did not answer in time") from None
    except httpx.HTTPError as exc:
        raise ProviderUnreachable(
            reason=f"could not reach {provider} ({type(exc).__name__})"
        ) from None
    message = _provider_message(body)
    if 200 <= status < 300:
        return Outcome(True, None, _success_metadata(provider, body))
    if status == 429 or status >= 500:
        reason = f"{provider} answered HTTP {status}" + (f": {message}" if message else "")
        raise ProviderUnreachable(reason=_shorten(redactor, reason))
    reason = f"HTTP {status}" + (f": {message}" if message else "")
    return Outcome(False, _shorten(redactor, reason), {})


def _shorten(redactor: Redactor, reason: str) -> str:
    """Redact, then cut to ``MAX_REASON``: cutting first could split an echoed secret, and
    the start of a secret no longer matches its known value or its token shape."""
    return redactor.redact(reason)[:MAX_REASON]


def _provider_message(body: bytes) -> str | None:
    """The error message of an Anthropic, OpenAI, Google or GitHub error body (uncut)."""
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        # Far past MAX_REASON, so the cut cannot split a secret in the part that is kept.
        text = body[:65536].decode("utf-8", "replace").strip()
        return text or None
    if isinstance(data, dict):
        err = data.get("error")
        if isinstance(err, dict) and isinstance(err.get("message"), str):
            return str(err["message"])
        if isinstance(err, str):
            return err
        if isinstance(data.get("message"), str):
            return str(data["message"])
    return None


def _success_metadata(provider: str, body: bytes) -> dict[str, Any]:
    """Non-secret facts from a successful answer (the GitHub login, a model count)."""
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return {}
    if not isinstance(data, dict):
        return {}
    if provider == "github_pat":
        login = data.get("login")
        return {"login": login} if isinstance(login, str) else {}
    models = data.get("data") if provider != "google" else data.get("models")
    return {"models_available": len(models)} if isinstance(models, list) else {}

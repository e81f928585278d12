"""Webhook secrets: which secrets a delivery may be signed with, and setting a new one.

Secrets live in Setup's sealed store (``secret_refs``), reached only through
``domains.setup.service``. The instance secret is ``(integration,
github_webhook_secret)`` — the name onboarding's ``issue_bot`` step uses; a repository's
own secret is ``(integration, github_webhook_secret:<owner/repo>)`` and wins over the
instance's. A rotation keeps the replaced secret under ``…_previous`` with ``expires_at``
set to the end of the rotation window, so deliveries GitHub signed before the switch
still verify until then.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta

from domains.github import repo
from domains.github.models import FULL_NAME_PATTERN, Repo, WebhookSecretSet
from domains.setup.service import reveal_secret, reveal_secret_by_name, store_secret
from rpc.context import Runtime
from rpc.errors import SecretUnavailable, ValidationFailed
from sql.database import Connection

log = logging.getLogger(__name__)

SCOPE = "integration"
INSTANCE_NAME = "github_webhook_secret"
PREVIOUS_SUFFIX = "_previous"
# GitHub accepts any secret; a short one is guessable, so refuse what is plainly weak.
MIN_SECRET_LENGTH = 12


def repo_secret_name(full_name: str) -> str:
    """The secret name of a repository's own webhook secret."""
    return f"{INSTANCE_NAME}:{full_name.lower()}"


async def candidate_secrets(
    conn: Connection, runtime: Runtime, *, repo_row: Repo | None, now: datetime
) -> list[str]:
    """The secrets a delivery for ``repo_row`` (or none) may be signed with, newest first.

    A secret that cannot be opened (revoked, expired, sealed under a lost key) is left
    out and logged by name only.
    """
    if repo_row is not None and repo_row.webhook_secret_ref_id is not None:
        refs = [repo_row.webhook_secret_ref_id]
        until = repo_row.previous_webhook_secret_valid_until
        if repo_row.previous_webhook_secret_ref_id is not None and until and until > now:
            refs.append(repo_row.previous_webhook_secret_ref_id)
        out = []
        for ref in refs:
            try:
                out.append(await reveal_secret(conn, runtime, secret_ref_id=ref))
            except SecretUnavailable as exc:
                log.warning(
                    "webhook secret unavailable",
                    extra={"repo": repo_row.full_name, "reason": exc.data().get("reason")},
                )
        return out
    found = []
    for name in (INSTANCE_NAME, INSTANCE_NAME + PREVIOUS_SUFFIX):
        try:
            value = await reveal_secret_by_name(conn, runtime, scope=SCOPE, name=name)
        except SecretUnavailable:
            # The previous secret expires by design; the current one should not.
            if name == INSTANCE_NAME:
                log.warning("instance webhook secret unavailable")
            continue
        if value is not None:
            found.append(value)
    return found


def check_strength(value: str) -> None:
    """Refuse a secret GitHub would accept but an attacker could guess."""
    if len(value) < MIN_SECRET_LENGTH:
        raise ValidationFailed.on("value", f"must be at least {MIN_SECRET_LENGTH} characters")


async def set_webhook_secret(
    conn: Connection,
    runtime: Runtime,
    *,
    full_name: str | None,
    value: str,
    actor: str,
    now: datetime | None = None,
) -> WebhookSecretSet:
    """Store ``value`` as the instance's or a repository's webhook secret, sealed.

    Runs in the caller's transaction. When a different secret was set, it is kept under
    the ``_previous`` name until the rotation window (``webhook_rotation_window_s``) ends.
    """
    check_strength(value)
    now = now or datetime.now(UTC)
    window = runtime.settings.webhook_rotation_window_s
    until = now + timedelta(seconds=window)
    if full_name is None:
        return await _set_instance(conn, runtime, value=value, actor=actor, until=until)
    if not re.fullmatch(FULL_NAME_PATTERN, full_name):
        raise ValidationFailed.on("repo", "must be owner/name")
    target = await repo.ensure_repo(conn, full_name=full_name)
    locked = await repo.lock_repo(conn, repo_id=target.id)
    assert locked is not None  # inserted or found in this transaction
    name = repo_secret_name(locked.full_name)
    previous_ref = None
    valid_until = None
    if locked.webhook_secret_ref_id is not None and window > 0:
        try:
            old = await reveal_secret(conn, runtime, secret_ref_id=locked.webhook_secret_ref_id)
        except SecretUnavailable:
            old = None
        if old is not None and old != value:
            prev = await store_secret(
                conn,
                runtime,
                scope=SCOPE,
                name=name + PREVIOUS_SUFFIX,
                value=old,
                source="rotation",
                actor=actor,
                expires_at=until,
            )
            previous_ref, valid_until = prev.id, until
    ref = await store_secret(
        conn,
        runtime,
        scope=SCOPE,
        name=name,
        value=value,
        source="rotation" if locked.webhook_secret_ref_id else "api",
        actor=actor,
    )
    await repo.set_repo_webhook_secret(
        conn,
        repo_id=locked.id,
        secret_ref_id=ref.id,
        previous_ref_id=previous_ref,
        previous_valid_until=valid_until,
    )
    return WebhookSecretSet(
        target="repository",
        repo=locked.full_name,
        secret_ref_id=ref.id,
        rotated=locked.webhook_secret_ref_id is not None,
        previous_valid_until=valid_until,
    )


async def _set_instance(
    conn: Connection, runtime: Runtime, *, value: str, actor: str, until: datetime
) -> WebhookSecretSet:
    try:
        old = await reveal_secret_by_name(conn, runtime, scope=SCOPE, name=INSTANCE_NAME)
    except SecretUnavailable:
        old = None
    valid_until = None
    if old is not None and old != value and runtime.settings.webhook_rotation_window_s > 0:
        await store_secret(
            conn,
            runtime,
            scope=SCOPE,
            name=INSTANCE_NAME + PREVIOUS_SUFFIX,
            value=old,
            source="rotation",
            actor=actor,
            expires_at=until,
        )
        valid_until = until
    ref = await store_secret(
        conn,
        runtime,
        scope=SCOPE,
        name=INSTANCE_NAME,
        value=value,
        source="rotation" if old is not None else "api",
        actor=actor,
    )
    return WebhookSecretSet(
        target="instance",
        repo=None,
        secret_ref_id=ref.id,
        rotated=old is not None,
        previous_valid_until=valid_until,
    )

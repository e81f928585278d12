"""The webhook intake: verify a delivery, store it once with its job, acknowledge.

``GitHubWebhookIntake`` is the intake the HTTP edge (``rpc/webhooks.py``) calls for
source ``github``. It is given the raw bytes and answers a status and a
small JSON body:

- 429 while the client address has failed too often (``webhook_failure_limit`` failures
  in ``webhook_failure_window_s``); counted in the database, so every server process
  sharing it agrees (the address is the peer's, or behind a trusted proxy the one it
  forwarded: ``JIDOCODE_TRUSTED_PROXIES``);
- 401 for a missing header, a signature that is not ``sha256=`` + 64 hex digits, or one
  that no candidate secret produces; nothing is stored and the attempt is a
  ``webhook_refused`` security event (address, event, delivery id and reason; never a
  secret or the signature), as a throttled one is a ``webhook_throttled`` event;
- 400 for a verified body that is not a JSON object;
- 202 for a new delivery (its row and processing job committed together) and for a known
  delivery id (nothing else happens).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs
from uuid import UUID

import orjson

from domains.github import repo, signatures
from domains.github.models import FULL_NAME_PATTERN
from domains.github.service_secrets import candidate_secrets
from rpc.context import Runtime
from rpc.jobs import enqueue
from rpc.security_log import security_event
from rpc.settings import Settings
from sql.database import Database

PROCESS_JOB = "github.process_delivery"
PROCESS_MAX_ATTEMPTS = 5

EVENT_HEADER = "x-github-event"
DELIVERY_HEADER = "x-github-delivery"
SIGNATURE_HEADER = "x-hub-signature-256"

_EVENT = re.compile(r"[a-z][a-z0-9_]{0,99}")
_DELIVERY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,199}")
_FULL_NAME = re.compile(FULL_NAME_PATTERN)
_CLIENT_MAX = 100  # the column's bound; an address is at most 45 characters


class FailureThrottle:
    """Failed attempts per client address in a sliding window, kept in the database
    (``webhook_failures``), so every server process sharing it throttles the same
    sender the same way."""

    def __init__(self, *, limit: int, window_s: int) -> None:
        self.limit = limit
        self.window_s = window_s

    async def retry_after_s(self, db: Database, key: str) -> int | None:
        """Seconds until ``key`` may try again, or ``None`` when it is not throttled."""
        async with db.connection() as conn:
            return await repo.webhook_retry_after(
                conn, client=key[:_CLIENT_MAX], window_s=self.window_s, limit=self.limit
            )

    async def record_failure(self, db: Database, key: str) -> None:
        """Count one failed attempt from ``key``."""
        async with db.connection() as conn:
            await repo.record_webhook_failure(
                conn, client=key[:_CLIENT_MAX], window_s=self.window_s
            )


def _lower_headers(headers: Mapping[str, str]) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


def parse_body(raw: bytes, content_type: str | None) -> dict[str, Any] | None:
    """The delivery's JSON object (GitHub sends JSON, or a form with a ``payload`` field)."""
    try:
        if content_type and content_type.split(";")[0].strip().lower() == (
            "application/x-www-form-urlencoded"
        ):
            fields = parse_qs(raw.decode("utf-8"), strict_parsing=False)
            raw = fields.get("payload", [""])[0].encode()
        value = orjson.loads(raw)
    except (orjson.JSONDecodeError, UnicodeDecodeError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def _strip_nul(value: Any) -> Any:
    """PostgreSQL's jsonb cannot hold ``\\u0000``; drop it from strings and keys."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_strip_nul(v) for v in value]
    if isinstance(value, dict):
        return {str(k).replace("\x00", ""): _strip_nul(v) for k, v in value.items()}
    return value


def repo_full_name_of(payload: Mapping[str, Any] | None) -> str | None:
    """The ``repository.full_name`` a payload names, when it is a valid owner/name."""
    if payload is None:
        return None
    repository = payload.get("repository")
    if not isinstance(repository, dict):
        return None
    name = repository.get("full_name")
    if isinstance(name, str) and _FULL_NAME.fullmatch(name):
        return name
    return None


class GitHubWebhookIntake:
    """Verifies, stores and acknowledges GitHub deliveries; one per runtime."""

    def __init__(self, settings: Settings, *, throttle: FailureThrottle | None = None) -> None:
        self.throttle = throttle or FailureThrottle(
            limit=settings.webhook_failure_limit, window_s=settings.webhook_failure_window_s
        )

    async def _refuse(
        self,
        runtime: Runtime,
        remote: str,
        reason: str,
        event: str | None,
        delivery: str | None,
    ) -> None:
        await self.throttle.record_failure(runtime.db, remote)
        security_event(
            "webhook_refused",
            source="github",
            client=remote,
            reason=reason,
            event=event if event and _EVENT.fullmatch(event) else None,
            delivery=delivery if delivery and _DELIVERY.fullmatch(delivery) else None,
        )

    async def receive(
        self, runtime: Runtime, headers: Mapping[str, str], raw_body: bytes, remote: str | None
    ) -> tuple[int, dict[str, Any]]:
        """Verify one delivery and store it once; the status and body to answer with."""
        client = remote or "unknown"
        retry_after = await self.throttle.retry_after_s(runtime.db, client)
        if retry_after is not None:
            security_event(
                "webhook_throttled", source="github", client=client, retry_after_s=retry_after
            )
            return 429, {"error": "too many failed deliveries", "retry_after_s": retry_after}
        hdrs = _lower_headers(headers)
        event = hdrs.get(EVENT_HEADER)
        delivery = hdrs.get(DELIVERY_HEADER)
        signature = hdrs.get(SIGNATURE_HEADER)
        if not event or not delivery or not signature:
            await self._refuse(runtime, client, "missing header", event, delivery)
            return 401, {
                "error": "X-GitHub-Event, X-GitHub-Delivery and X-Hub-Signature-256 are required"
            }
        if not _EVENT.fullmatch(event) or not _DELIVERY.fullmatch(delivery):
            await self._refuse(runtime, client, "malformed event or delivery header", None, None)
            return 401, {"error": "malformed X-GitHub-Event or X-GitHub-Delivery"}
        if signatures.parse_signature(signature) is None:
            await self._refuse(runtime, client, "malformed signature", event, delivery)
            return 401, {"error": "X-Hub-Signature-256 must be sha256= and 64 hex digits"}

        payload = parse_body(raw_body, hdrs.get("content-type"))
        full_name = repo_full_name_of(payload)
        now = datetime.now(UTC)
        async with runtime.db.connection() as conn:
            known = (
                await repo.get_repo_by_full_name(conn, full_name=full_name) if full_name else None
            )
            secrets = await candidate_secrets(conn, runtime, repo_row=known, now=now)
        if not secrets:
            await self._refuse(runtime, client, "no webhook secret configured", event, delivery)
            return 401, {"error": "signature does not match"}
        if not signatures.verify(signature, secrets, raw_body):
            await self._refuse(runtime, client, "signature mismatch", event, delivery)
            return 401, {"error": "signature does not match"}
        if payload is None:
            return 400, {"error": "the body is not a JSON object"}

        stored = await self.store(
            runtime,
            delivery_id=delivery,
            event=event,
            payload=payload,
            full_name=full_name,
            repo_id=known.id if known else None,
        )
        if stored is None:
            return 202, {"status": "duplicate", "delivery_id": delivery}
        return 202, {"status": "accepted", "delivery_id": delivery, "id": str(stored)}

    async def store(
        self,
        runtime: Runtime,
        *,
        delivery_id: str,
        event: str,
        payload: dict[str, Any],
        full_name: str | None,
        repo_id: UUID | None,
    ) -> UUID | None:
        """Store a verified delivery and its processing job in one transaction.

        Returns the new row's id, or ``None`` when the delivery id was already stored.
        """
        clean = runtime.redactor.redact(_strip_nul(payload))
        # From the redacted copy, and bounded: GitHub's actions are short words.
        action = clean.get("action")
        async with runtime.db.transaction() as conn:
            if full_name is not None and repo_id is None:
                repo_id = (await repo.ensure_repo(conn, full_name=full_name)).id
            stored = await repo.insert_delivery(
                conn,
                delivery_id=delivery_id,
                event=event,
                action=action[:64] if isinstance(action, str) else None,
                repo_id=repo_id,
                repo_full_name=full_name,
                payload=clean,
            )
            if stored is not None:
                await enqueue(
                    conn,
                    PROCESS_JOB,
                    {"id": str(stored)},
                    max_attempts=PROCESS_MAX_ATTEMPTS,
                    dedupe_key=f"delivery:{stored}",
                )
        return stored

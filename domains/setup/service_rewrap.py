"""Rewrap: re-seal every value under an older key with the newest key of the ring.

Batches of rows are locked with ``FOR UPDATE SKIP LOCKED`` (so two rewrappers share the
work), re-sealed, written and audited (one ``rewrap`` row per secret) in one transaction
per batch. Only rows below the newest version are touched, so an interrupted run resumes
where it stopped and a second run changes nothing. A row the ring cannot open (its key
was removed, or it was tampered with) is skipped for the rest of the run and audited as
a failed rewrap; it is counted in the report, never fatal to the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from uuid import UUID

from domains.setup import repo
from domains.setup.models import RewrapReport, RewrapRow
from domains.setup.service_secrets import COLUMN, TABLE
from rpc.context import Runtime
from rpc.errors import SecretUnavailable
from sql.database import Connection, Database

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


async def rewrap_secrets(
    db: Database,
    runtime: Runtime,
    *,
    actor: str,
    batch_size: int = 500,
    progress: Progress | None = None,
    max_batches: int | None = None,
) -> RewrapReport:
    """Re-seal every value under an older key; ``progress(done, total)`` after each batch.

    ``max_batches`` stops early (the rest is left for the next run), which is also how
    tests interrupt a run.
    """
    ring = runtime.key_ring
    newest = ring.newest_version
    async with db.connection() as conn:
        total = await repo.count_below_version(conn, version=newest)
    done = 0
    batches = 0
    failed: list[UUID] = []
    while max_batches is None or batches < max_batches:
        async with db.transaction() as conn:
            rows = await repo.claim_rewrap_batch(
                conn, below_version=newest, limit=batch_size, skip=failed
            )
            if not rows:
                break
            ok: list[RewrapRow] = []
            bad: list[RewrapRow] = []
            sealed: list[bytes] = []
            for r in rows:
                try:
                    plaintext = ring.open(
                        r.ciphertext,
                        table=TABLE,
                        column=COLUMN,
                        row_id=r.id,
                        key_version=r.key_version,
                    )
                except SecretUnavailable:
                    bad.append(r)
                    continue
                ciphertext, _ = ring.seal(plaintext, table=TABLE, column=COLUMN, row_id=r.id)
                sealed.append(ciphertext)
                ok.append(r)
            changed = 0
            if ok:
                changed = await repo.write_rewrapped(
                    conn, ids=[r.id for r in ok], ciphertexts=sealed, key_version=newest
                )
                await _audit(conn, ok, actor=actor, version=newest, outcome="success")
            if bad:
                await _audit(conn, bad, actor=actor, version=None, outcome="failure")
        failed.extend(r.id for r in bad)
        done += changed
        batches += 1
        if progress is not None:
            progress(done, max(total, done))
    if failed:
        log.warning("rewrap skipped secrets the key ring cannot open", extra={"count": len(failed)})
    async with db.connection() as conn:
        remaining = await repo.count_below_version(conn, version=newest)
    return RewrapReport(
        newest_version=newest,
        rewrapped=done,
        failed=len(failed),
        remaining=remaining,
        batches=batches,
    )


async def _audit(
    conn: Connection,
    rows: list[RewrapRow],
    *,
    actor: str,
    version: int | None,
    outcome: str,
) -> None:
    await repo.insert_audits(
        conn,
        ids=[r.id for r in rows],
        scopes=[r.scope for r in rows],
        names=[r.name for r in rows],
        action="rewrap",
        actor=actor,
        key_version=version,
        outcome=outcome,
    )

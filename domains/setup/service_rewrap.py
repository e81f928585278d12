"""Rewrap: re-seal every value under an older key with the newest key of the ring.

Batches of rows are locked with ``FOR UPDATE SKIP LOCKED`` (so two rewrappers share the
work), re-sealed, written and audited (one ``rewrap`` row per secret) in one transaction
per batch. Only rows below the newest version are touched, so an interrupted run resumes
where it stopped and a second run changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from domains.setup import repo
from domains.setup.models import RewrapReport
from domains.setup.service_secrets import COLUMN, TABLE
from domains.shared.sealing import KeyRing
from rpc.context import Runtime
from sql.database import Database

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
    ring = runtime.get(KeyRing)
    newest = ring.newest_version
    async with db.connection() as conn:
        total = await repo.count_below_version(conn, version=newest)
    done = 0
    batches = 0
    while max_batches is None or batches < max_batches:
        async with db.transaction() as conn:
            rows = await repo.claim_rewrap_batch(conn, below_version=newest, limit=batch_size)
            if not rows:
                break
            ids = [r["id"] for r in rows]
            sealed: list[bytes] = []
            for r in rows:
                plaintext = ring.open(
                    r["ciphertext"],
                    table=TABLE,
                    column=COLUMN,
                    row_id=r["id"],
                    key_version=r["key_version"],
                )
                ciphertext, _ = ring.seal(plaintext, table=TABLE, column=COLUMN, row_id=r["id"])
                sealed.append(ciphertext)
            changed = await repo.write_rewrapped(
                conn, ids=ids, ciphertexts=sealed, key_version=newest
            )
            await repo.insert_audits(
                conn,
                ids=ids,
                scopes=[r["scope"] for r in rows],
                names=[r["name"] for r in rows],
                action="rewrap",
                actor=actor,
                key_version=newest,
            )
        done += changed
        batches += 1
        if progress is not None:
            progress(done, max(total, done))
    async with db.connection() as conn:
        remaining = await repo.count_below_version(conn, version=newest)
    return RewrapReport(newest_version=newest, rewrapped=done, remaining=remaining, batches=batches)

"""Rewrap: values under v1 and v2 both open; rewrap moves all to v2, resumably, once."""

from __future__ import annotations

import asyncio
import base64
import os
import sys
import time
import uuid
from pathlib import Path

import pytest

from domains.setup import service_intake, service_secrets
from domains.setup.service_rewrap import rewrap_secrets
from domains.setup.service_secrets import COLUMN, TABLE, reveal_secret
from rpc.context import Runtime
from rpc.sealing import KeyRing
from sql.database import Database
from tests.domains.setup.factories import runtime_with

ACTOR = "owner:" + str(uuid.UUID(int=1))
K2 = b"\x02" * 32

pytestmark = pytest.mark.usefixtures("clean")


def v2_runtime(runtime: Runtime) -> Runtime:
    """The same runtime after the operator added key version 2."""
    return runtime_with(runtime, key_ring=runtime.key_ring.with_key(2, K2))


async def versions(db: Database) -> dict[int, int]:
    async with db.connection() as conn:
        rows = await conn.fetch(
            "SELECT key_version, count(*) AS n FROM secret_refs "
            "WHERE ciphertext IS NOT NULL GROUP BY key_version"
        )
    return {r["key_version"]: r["n"] for r in rows}


async def rewrap_audits(db: Database) -> int:
    async with db.connection() as conn:
        n: int = await conn.fetchval("SELECT count(*) FROM secret_audits WHERE action = 'rewrap'")
    return n


async def test_v1_and_v2_open_and_rewrap_moves_all_to_v2_once(
    db: Database, runtime: Runtime
) -> None:
    await service_intake.get_sealing_key(db, runtime)  # the intake key is sealed too
    old_ids = [
        (
            await service_secrets.put_secret(
                db, runtime, scope="instance", name=f"old{i}", value=f"old-value-{i}", actor=ACTOR
            )
        ).id
        for i in range(7)
    ]
    rt2 = v2_runtime(runtime)
    new = await service_secrets.put_secret(
        db, rt2, scope="instance", name="new", value="new-value-0", actor=ACTOR
    )
    assert new.key_version == 2
    assert await versions(db) == {1: 8, 2: 1}
    async with db.connection() as conn:
        assert await reveal_secret(conn, rt2, secret_ref_id=old_ids[0]) == "old-value-0"
        assert await reveal_secret(conn, rt2, secret_ref_id=new.id) == "new-value-0"

    seen: list[tuple[int, int]] = []
    report = await rewrap_secrets(
        db, rt2, actor=ACTOR, batch_size=3, progress=lambda d, t: seen.append((d, t))
    )
    assert report.rewrapped == 8
    assert report.remaining == 0
    assert report.failed == 0
    assert seen == [(3, 8), (6, 8), (8, 8)]
    assert await versions(db) == {2: 9}
    assert await rewrap_audits(db) == 8
    async with db.connection() as conn:
        for i, secret_id in enumerate(old_ids):
            assert await reveal_secret(conn, rt2, secret_ref_id=secret_id) == f"old-value-{i}"
    # The intake key still opens sealed boxes after its own rewrap.
    assert (await service_intake.get_sealing_key(db, rt2)).public_key

    async with db.connection() as conn:
        before = await conn.fetch("SELECT id, ciphertext, updated_at FROM secret_refs ORDER BY id")
    second = await rewrap_secrets(db, rt2, actor=ACTOR, batch_size=3)
    assert second.rewrapped == 0
    assert second.batches == 0
    async with db.connection() as conn:
        after = await conn.fetch("SELECT id, ciphertext, updated_at FROM secret_refs ORDER BY id")
    assert [dict(r) for r in before] == [dict(r) for r in after]
    assert await rewrap_audits(db) == 8


async def test_an_interrupted_rewrap_resumes(db: Database, runtime: Runtime) -> None:
    for i in range(5):
        await service_secrets.put_secret(
            db, runtime, scope="integration", name=f"s{i}", value=f"value-{i}-abc", actor=ACTOR
        )
    rt2 = v2_runtime(runtime)
    below = sum(n for v, n in (await versions(db)).items() if v < 2)
    first = await rewrap_secrets(db, rt2, actor=ACTOR, batch_size=2, max_batches=1)
    assert first.rewrapped == 2
    assert first.remaining == below - 2
    rest = await rewrap_secrets(db, rt2, actor=ACTOR, batch_size=2)
    assert rest.rewrapped == below - 2
    assert rest.remaining == 0
    assert set(await versions(db)) == {2}


async def test_an_unopenable_value_is_reported_not_fatal(db: Database, runtime: Runtime) -> None:
    good = await service_secrets.put_secret(
        db, runtime, scope="instance", name="good", value="good-value", actor=ACTOR
    )
    bad = await service_secrets.put_secret(
        db, runtime, scope="instance", name="bad", value="bad-value-x", actor=ACTOR
    )
    async with db.connection() as conn:
        # Another row's ciphertext: it cannot open in this row's place.
        await conn.execute(
            "UPDATE secret_refs SET ciphertext = (SELECT ciphertext FROM secret_refs WHERE id = $1)"
            " WHERE id = $2",
            good.id,
            bad.id,
        )
    rt2 = v2_runtime(runtime)
    report = await rewrap_secrets(db, rt2, actor=ACTOR, batch_size=1)
    assert report.failed == 1
    assert report.remaining == 1
    async with db.connection() as conn:
        assert await reveal_secret(conn, rt2, secret_ref_id=good.id) == "good-value"
        outcome = await conn.fetchval(
            "SELECT outcome FROM secret_audits WHERE secret_ref_id = $1 AND action = 'rewrap'",
            bad.id,
        )
    assert outcome == "failure"


async def _seed(db: Database, ring: KeyRing, count: int) -> None:
    """``count`` secrets sealed under the ring's newest key, inserted in bulk."""
    rows = []
    for i in range(count):
        row_id = uuid.uuid4()
        ciphertext, version = ring.seal(
            f"bulk-secret-{i:05d}".encode(), table=TABLE, column=COLUMN, row_id=row_id
        )
        rows.append((row_id, "project", f"bulk/{i:05d}", ciphertext, version, "api"))
    async with db.connection() as conn:
        await conn.copy_records_to_table(
            "secret_refs",
            records=rows,
            columns=["id", "scope", "name", "ciphertext", "key_version", "source"],
        )


async def test_rewrap_rate_for_10000_secrets(db: Database, runtime: Runtime) -> None:
    """Prints the rate (run with -s to see it); asserts only the outcome, never the time."""
    count = 10_000
    await _seed(db, runtime.key_ring, count)
    rt2 = v2_runtime(runtime)
    started = time.perf_counter()
    report = await rewrap_secrets(db, rt2, actor="cli", batch_size=500)
    elapsed = time.perf_counter() - started
    print(
        f"\nrewrap: {report.rewrapped} secrets in {elapsed:.2f}s "
        f"= {report.rewrapped / elapsed:,.0f} secrets/s (batch 500, one audit row each)"
    )
    assert report.rewrapped >= count
    assert report.remaining == 0
    assert await rewrap_audits(db) == report.rewrapped


async def test_cli_rewrap_shows_progress(db: Database, runtime: Runtime, tmp_path: Path) -> None:
    base = runtime.key_ring
    await _seed(db, base, 5)
    total = sum(n for v, n in (await versions(db)).items() if v < 2)  # seeded + sealing key
    # The development ring the runtime generated, plus a new version 2.
    ring_file = runtime.settings.data_dir / "secret_keys"
    keys = ring_file.read_text(encoding="utf-8").strip() + ",2:" + base64.b64encode(K2).decode()
    assert runtime.settings.database_url
    env = {
        **os.environ,
        "DATABASE_URL": runtime.settings.database_url,
        "JIDOCODE_SECRET_KEYS": keys,
        "JIDOCODE_DATA_DIR": str(tmp_path),
        "JIDOCODE_RUN_WORKERS": "false",
    }
    proc = await asyncio.create_subprocess_exec(
        str(Path(sys.executable).parent / "jidocode"),
        "secrets",
        "rewrap",
        "--batch-size",
        "2",
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await proc.communicate()
    assert proc.returncode == 0, err.decode()[-2000:]
    text = out.decode()
    assert "rewrapped 2/" in text
    assert f"rewrapped {total}/{total}" in text
    assert "done:" in text
    assert set(await versions(db)) == {2}

"""Retention: every domain's registered pruners, batches, the exact cutoff, unfinished work
left alone, idempotent reruns, the periodic job and ``jidocode prune``."""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

import pytest

from rpc.context import JobContext, Runtime
from rpc.jobs import enqueue_when_due
from rpc.periodic import PeriodicJob
from rpc.registry import Registry
from rpc.retention import PruneReport, PruneWindow, run_pruners
from rpc.retention_schedule import PRUNE_INTERVAL_S, PRUNE_JOB, prune_job
from rpc.settings import Settings
from sql.database import Database
from tests.domains.github.factories import make_delivery
from tests.domains.orchestration.factories import make_artifact, run_in
from tests.domains.projects.factories import make_project

NOW = datetime(2026, 6, 1, 12, 0, 0, tzinfo=UTC)
MONTH = timedelta(days=30)
TICK = timedelta(microseconds=1)


async def prune(
    db: Database,
    settings: Settings,
    *,
    now: datetime,
    dry_run: bool = False,
    batch_size: int = 1000,
) -> PruneReport:
    """Every pruner the server registers, as ``jidocode prune`` runs them."""
    from rpc.app.domains import default_registry

    window = PruneWindow(now=now, dry_run=dry_run, batch_size=batch_size)
    return await run_pruners(db, settings, default_registry().pruners, window)


async def delivery_ids(db: Database) -> set[UUID]:
    async with db.connection() as conn:
        return {r["id"] for r in await conn.fetch("SELECT id FROM webhook_deliveries")}


pytestmark = pytest.mark.committing


async def test_the_cutoff_row_is_kept_and_received_ones_are_never_touched(
    db: Database, settings: Settings, clean: None
) -> None:
    async with db.transaction() as conn:
        at_cutoff = await make_delivery(conn, received_at=NOW - MONTH)
        just_older = await make_delivery(conn, received_at=NOW - MONTH - TICK)
        old_ignored = await make_delivery(conn, received_at=NOW - 2 * MONTH, status="ignored")
        old_failed = await make_delivery(conn, received_at=NOW - 2 * MONTH, status="failed")
        old_waiting = await make_delivery(conn, received_at=NOW - 2 * MONTH, status="received")
        recent = await make_delivery(conn, received_at=NOW - timedelta(days=1))
    report = await prune(db, settings, now=NOW)
    assert report.counts["webhook_deliveries"] == 3
    remaining = await delivery_ids(db)
    assert remaining == {at_cutoff, old_waiting, recent}
    assert not remaining & {just_older, old_ignored, old_failed}


async def test_several_batches_finish_and_a_second_run_deletes_nothing(
    db: Database, settings: Settings, clean: None
) -> None:
    async with db.transaction() as conn:
        for n in range(25):
            await make_delivery(conn, received_at=NOW - MONTH - timedelta(hours=n + 1))
        keep = await make_delivery(conn, received_at=NOW - timedelta(days=3))
    dry = await prune(db, settings, now=NOW, dry_run=True, batch_size=10)
    assert (dry.dry_run, dry.counts["webhook_deliveries"]) == (True, 25)
    assert len(await delivery_ids(db)) == 26
    first = await prune(db, settings, now=NOW, batch_size=10)
    assert first.counts["webhook_deliveries"] == 25
    assert await delivery_ids(db) == {keep}
    second = await prune(db, settings, now=NOW, batch_size=10)
    assert second.counts == {
        "webhook_deliveries": 0,
        "artifact_logs": 0,
        "run_worktrees": 0,
        "webhook_failures": 0,
        "forge_events": 0,
        "events": 0,
    }


async def test_a_batch_exactly_full_still_finishes(
    db: Database, settings: Settings, clean: None
) -> None:
    async with db.transaction() as conn:
        for n in range(20):
            await make_delivery(conn, received_at=NOW - MONTH - timedelta(minutes=n + 1))
    report = await prune(db, settings, now=NOW, batch_size=10)
    assert report.counts["webhook_deliveries"] == 20
    assert await delivery_ids(db) == set()


async def test_logs_of_finished_runs_go_and_everything_else_stays(
    db: Database, settings: Settings, runtime: Runtime, clean: None
) -> None:
    async with db.transaction() as conn:
        project = await make_project(conn)
        done = await run_in(conn, runtime, "completed", project_id=project.id)
        failed = await run_in(conn, runtime, "failed", project_id=project.id)
        active = await run_in(conn, runtime, "running", project_id=project.id)

        async def artifact(run_id: UUID, kind: str, at: datetime) -> UUID:
            return (await make_artifact(conn, runtime, run_id=run_id, kind=kind, inserted_at=at)).id

        old = NOW - MONTH - timedelta(days=1)
        gone = {await artifact(done.id, "log", old), await artifact(failed.id, "log", old)}
        kept = {
            await artifact(done.id, "log", NOW - MONTH),  # exactly at the cutoff
            await artifact(active.id, "log", old),  # the run is not finished
            await artifact(done.id, "report", old),  # only logs expire
        }
    dry = await prune(db, settings, now=NOW, dry_run=True)
    assert dry.counts["artifact_logs"] == 2
    report = await prune(db, settings, now=NOW, batch_size=1)
    assert report.counts["artifact_logs"] == 2
    async with db.connection() as conn:
        left = {r["id"] for r in await conn.fetch("SELECT id FROM artifacts")}
    assert left == kept
    assert not left & gone
    assert (await prune(db, settings, now=NOW)).counts["artifact_logs"] == 0


def test_each_domain_registers_its_pruners(registry: Registry) -> None:
    assert [p.name for p in registry.pruners] == [
        "artifact_logs",
        "run_worktrees",
        "webhook_deliveries",
        "webhook_failures",
        "forge_events",
        "events",
    ]
    with pytest.raises(ValueError, match="batch_size"):
        PruneWindow(now=NOW, batch_size=0)


def test_the_server_runs_the_prune_job_periodically(registry: Registry) -> None:
    # The job has its handler, and a lifecycle enqueues it where workers run.
    assert registry.job_handlers[PRUNE_JOB] is prune_job
    periodic = [c for c in registry.lifecycles if isinstance(c, PeriodicJob)]
    assert PRUNE_JOB in {c.kind for c in periodic}


async def test_the_prune_job_is_scheduled_once_per_period(db: Database, clean: None) -> None:
    assert await enqueue_when_due(db, PRUNE_JOB, interval_s=PRUNE_INTERVAL_S) is True
    assert await enqueue_when_due(db, PRUNE_JOB, interval_s=PRUNE_INTERVAL_S) is False
    async with db.connection() as conn:
        kinds = [r["kind"] for r in await conn.fetch("SELECT kind FROM jobs")]
    assert kinds == [PRUNE_JOB]


async def test_the_prune_job_runs_every_registered_pruner(
    db: Database, runtime: Runtime, clean: None
) -> None:
    now = datetime.now(UTC)
    async with db.transaction() as conn:
        old = await make_delivery(conn, received_at=now - 2 * MONTH)
        recent = await make_delivery(conn, received_at=now - timedelta(days=1))
    assert {p.name for p in runtime.pruners} == {
        "artifact_logs",
        "run_worktrees",
        "webhook_deliveries",
        "webhook_failures",
        "forge_events",
        "events",
    }
    await prune_job(JobContext(runtime, job_id=UUID(int=7), attempt=1), {})
    remaining = await delivery_ids(db)
    assert recent in remaining
    assert old not in remaining


async def test_the_cli_prunes_and_reports_counts(
    db: Database, runtime: Runtime, tmp_path: Path, clean: None
) -> None:
    now = datetime.now(UTC)
    async with db.transaction() as conn:
        for n in range(3):
            await make_delivery(conn, received_at=now - MONTH - timedelta(days=n + 1))
        await make_delivery(conn, received_at=now - timedelta(days=1))
    assert runtime.settings.database_url
    ring = (runtime.settings.data_dir / "secret_keys").read_text(encoding="utf-8").strip()
    env = {
        **os.environ,
        "DATABASE_URL": runtime.settings.database_url,
        "JIDOCODE_SECRET_KEYS": ring,
        "JIDOCODE_DATA_DIR": str(tmp_path),
    }

    async def jidocode(*args: str) -> str:
        proc = await asyncio.create_subprocess_exec(
            str(Path(sys.executable).parent / "jidocode"),
            *args,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await proc.communicate()
        assert proc.returncode == 0, err.decode()[-2000:]
        return out.decode()

    dry = await jidocode("prune", "--dry-run")
    assert "would delete: 0 artifact logs, 0 run worktrees, 3 webhook deliveries" in dry
    assert len(await delivery_ids(db)) == 4
    pruned = await jidocode("prune")
    assert "deleted: 0 artifact logs, 0 run worktrees, 3 webhook deliveries" in pruned
    assert len(await delivery_ids(db)) == 1
    again = await jidocode("prune", "--batch-size", "1")
    assert "deleted: 0 artifact logs, 0 run worktrees, 0 webhook deliveries" in again

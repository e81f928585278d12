"""Artifacts: stored redacted, listed without content, read whole, logs expire."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from domains.orchestration import service
from domains.orchestration.errors import ArtifactNotFound, RunNotFound
from rpc.context import Runtime
from rpc.errors import ValidationFailed
from rpc.retention import PruneWindow
from sql.database import Connection, Database
from tests.domains.orchestration.factories import make_artifact, make_run, run_in

TOKEN = "ghp_" + "Zz9Yy8Xx7" * 4


async def test_add_redacts_content_and_metadata(conn: Connection, runtime: Runtime) -> None:
    run = await make_run(conn, runtime)
    artifact = await service.add_artifact(
        conn,
        runtime,
        run_id=run.id,
        kind="log",
        name="agent.log",
        content_type="text/plain",
        content=f"clone https://x:{TOKEN}@github.com/acme/app\nAuthorization: Bearer {TOKEN}",
        metadata={"token": TOKEN, "lines": 2},
    )
    assert TOKEN not in artifact.content
    assert artifact.metadata == {"token": "[REDACTED]", "lines": 2}
    assert artifact.size_bytes == len(artifact.content.encode())
    assert artifact.expires_at is not None  # logs expire
    report = await service.add_artifact(
        conn,
        runtime,
        run_id=run.id,
        kind="report",
        name="summary.md",
        content_type="text/markdown",
        content="# All good",
    )
    assert report.expires_at is None


async def test_add_refuses_bad_fields_and_unknown_runs(conn: Connection, runtime: Runtime) -> None:
    run = await make_run(conn, runtime)
    with pytest.raises(ValidationFailed) as info:
        await service.add_artifact(
            conn, runtime, run_id=run.id, kind="video", name="", content_type="x", content=""
        )
    fields = {e.field for e in info.value.fields.field_errors}  # type: ignore[attr-defined]
    assert fields == {"kind", "name"}
    with pytest.raises(RunNotFound):
        await service.add_artifact(
            conn, runtime, run_id=uuid.uuid4(), kind="log", name="a", content_type="t", content=""
        )


@pytest.mark.committing
async def test_list_get_and_prune(db: Database, runtime: Runtime, clean: None) -> None:
    async with db.transaction() as conn:
        run = await make_run(conn, runtime)
    made = []
    for n in range(3):
        async with db.transaction() as conn:
            made.append(
                await make_artifact(
                    conn,
                    runtime,
                    run_id=run.id,
                    kind="log" if n < 2 else "diff",
                    name=f"part-{n}",
                    content=f"content {n}",
                )
            )
    first = await service.list_artifacts(db, run_id=run.id, cursor=None, limit=2)
    rest = await service.list_artifacts(db, run_id=run.id, cursor=first.next_cursor, limit=2)
    assert [a.name for a in first.items + rest.items] == ["part-2", "part-1", "part-0"]
    assert rest.next_cursor is None
    assert "content" not in first.items[0].model_dump()
    whole = await service.get_artifact(db, artifact_id=made[0].id)
    assert whole.content == "content 0"
    with pytest.raises(ArtifactNotFound):
        await service.get_artifact(db, artifact_id=uuid.uuid4())
    with pytest.raises(RunNotFound):
        await service.list_artifacts(db, run_id=uuid.uuid4(), cursor=None, limit=2)


@pytest.mark.committing
async def test_prune_artifact_logs(db: Database, runtime: Runtime, clean: None) -> None:
    """Only logs go, only of terminal runs, only strictly before the cutoff, in batches."""
    now = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    cutoff = now - timedelta(days=30)
    async with db.transaction() as conn:
        done = await run_in(conn, runtime, "completed")
        cancelled = await run_in(conn, runtime, "cancelled")
        pending = await make_run(conn, runtime)

        async def artifact(run_id: uuid.UUID, kind: str, at: datetime) -> uuid.UUID:
            return (await make_artifact(conn, runtime, run_id=run_id, kind=kind, inserted_at=at)).id

        old = cutoff - timedelta(microseconds=1)
        gone = {
            await artifact(done.id, "log", old),
            await artifact(done.id, "log", cutoff - timedelta(days=3)),
            await artifact(cancelled.id, "log", old),
        }
        kept = {
            await artifact(done.id, "log", cutoff),  # exactly at the cutoff
            await artifact(pending.id, "log", old),  # the run is not finished
            await artifact(done.id, "diff", old),  # only logs expire
        }

    async def prune(*, dry_run: bool = False, batch_size: int = 1000) -> int:
        settings = runtime.settings.model_copy(update={"artifact_log_retention_days": 30})
        window = PruneWindow(now=now, dry_run=dry_run, batch_size=batch_size)
        return await service.prune_artifact_logs(db, settings, window)

    async def left() -> set[uuid.UUID]:
        async with db.connection() as conn:
            return {r["id"] for r in await conn.fetch("SELECT id FROM artifacts")}

    assert await prune(dry_run=True) == 3
    assert await left() == gone | kept
    assert await prune(batch_size=1) == 3  # several batches, the last one short
    assert await left() == kept
    assert await prune(batch_size=1) == 0
    with pytest.raises(ValueError, match="batch_size"):
        await prune(batch_size=0)

"""Artifacts: stored redacted, listed without content, read whole, logs expire."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from domains.orchestration import service
from domains.orchestration.errors import ArtifactNotFound, RunNotFound
from domains.shared.errors import ValidationFailed
from rpc.context import Runtime
from sql.database import Connection, Database
from tests.domains.orchestration.factories import make_run

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
                await service.add_artifact(
                    conn,
                    runtime,
                    run_id=run.id,
                    kind="log" if n < 2 else "diff",
                    name=f"part-{n}",
                    content_type="text/plain",
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
    # Nothing has expired yet; 31 days on, both logs have and the diff stays.
    assert await service.prune_expired_artifacts(db, now=datetime.now(UTC)) == 0
    later = datetime.now(UTC) + timedelta(days=31)
    assert await service.prune_expired_artifacts(db, now=later, batch=1) == 2
    left = await service.list_artifacts(db, run_id=run.id, cursor=None, limit=10)
    assert [a.kind for a in left.items] == ["diff"]

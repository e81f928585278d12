"""The output sink against the real database: characters and secrets split across raw
chunks are stored whole, and the stored tail is capped behind a marker."""

from __future__ import annotations

from pathlib import Path

from domains.forge import repo
from domains.forge.models import Exec, Session
from domains.forge.output import ChainRedactor, OutputFenced, OutputSink, joined_output
from rpc.context import Runtime
from rpc.redaction import Redactor
from sql.database import Database
from tests.domains.forge.conftest import ready_project

SECRET = "chunk-split-secret-value-abcdef0123"


async def _exec(db: Database, workspace: Path) -> tuple[Session, Exec]:
    project_id = await ready_project(db, workspace)
    async with db.transaction() as conn:
        session = await repo.insert_session(
            conn,
            name="s",
            runner="shell",
            environment="local",
            project_id=project_id,
            run_id=None,
            workspace_path=str(workspace),
            spec={},
        )
        execution = await repo.insert_exec(conn, session_id=session.id, command="x")
    return session, execution


async def test_split_characters_and_secrets_are_stored_whole(
    db: Database, runtime: Runtime, clean: None, workspace: Path
) -> None:
    session, execution = await _exec(db, workspace)
    sink = OutputSink(
        db,
        ChainRedactor(runtime.redactor, Redactor(known=[SECRET])),
        session_id=session.id,
        exec_id=execution.id,
        exec_sequence=1,
    )
    raw = f"é café {SECRET} end\nlast".encode()
    for i in range(0, len(raw), 3):  # every secret and multi-byte character is split
        await sink.write(raw[i : i + 3])
    await sink.close()
    async with db.connection() as conn:
        chunks = await repo.exec_output_events(conn, session_id=session.id, exec_sequence=1)
    text = joined_output(chunks)
    assert text == "é café [REDACTED] end\nlast"
    assert sink.total_bytes == len(raw)


async def test_the_cap_keeps_the_tail_and_the_fence_stops_writes(
    db: Database, runtime: Runtime, clean: None, workspace: Path
) -> None:
    session, execution = await _exec(db, workspace)
    sink = OutputSink(
        db,
        runtime.redactor,
        session_id=session.id,
        exec_id=execution.id,
        exec_sequence=1,
        cap_bytes=2048,
    )
    for n in range(100):
        await sink.write(f"{n:04d} {'y' * 95}\n".encode())
    assert sink.stored_bytes <= 2048
    assert sink.truncated_bytes == 100 * 101 - sink.stored_bytes
    async with db.connection() as conn:
        chunks = await repo.exec_output_events(conn, session_id=session.id, exec_sequence=1)
        assert len(chunks) == 100
        text = joined_output(chunks)
        assert text.startswith(f"[… {sink.truncated_bytes} bytes")
        assert text.endswith(f"0099 {'y' * 95}\n")
        assert "0000 " not in text
        await repo.finish_exec(
            conn,
            exec_id=execution.id,
            status="failed",
            exit_code=None,
            error_kind="worker_lost",
            error=None,
            duration_ms=None,
            result={},
        )
    try:
        await sink.write(b"after\n")
    except OutputFenced:
        pass
    else:
        raise AssertionError("a write after the exec ended must be fenced")

"""Migration 0096 turns the run and Forge event tables into the event log: every old
event becomes one event of its topic, numbered gaplessly in its old order, and the
topics' counters continue from there."""

from __future__ import annotations

import uuid

import asyncpg
import pytest

from sql.migrator import discover, migrate
from tests.sql.test_migrator import scratch, scratch_dsn  # noqa: F401  (fixtures)

RUN_A, RUN_B, PROJECT, SESSION, PRUNED, EMPTIED = (uuid.uuid4() for _ in range(6))


@pytest.fixture
async def before_the_log(scratch: asyncpg.Connection) -> asyncpg.Connection:  # noqa: F811
    """The scratch database at 0095, holding old-style events of two runs and a session
    (foreign keys off: the parent rows do not matter to the conversion)."""
    migrations = discover()
    last_old = next(i for i, m in enumerate(migrations) if m.version == 96)
    await migrate(scratch, migrations[:last_old])
    await scratch.execute("SET session_replication_role = replica")
    old_run_event = """
        INSERT INTO workflow_run_events (run_id, project_id, type, workflow_name,
            workflow_version, from_status, to_status, step, actor, data)
        VALUES ($1, $2, $3, 'issue_triage', 1, $4, $5, $6, 'engine', '{"k": 1}')
    """
    for run, type_, from_, to, step in [
        (RUN_A, "run_started", None, "pending", None),
        (RUN_B, "run_started", None, "pending", None),
        (RUN_A, "step_started", "running", "running", "plan"),
        (RUN_A, "run_cancelled", "running", "cancelled", None),
        (RUN_B, "run_failed", "running", "failed", "plan"),
    ]:
        await scratch.execute(old_run_event, run, PROJECT, type_, from_, to, step)
    await scratch.execute(
        "INSERT INTO forge_sessions (id, name, runner, environment, project_id, workspace_path,"
        " event_seq) VALUES ($1, 's', 'shell', 'local', $2, '/w', 2)",
        SESSION,
        PROJECT,
    )
    await scratch.execute(
        "INSERT INTO forge_events (session_id, seq, type, exec_sequence, data) VALUES"
        " ($1, 1, 'session.started', NULL, '{\"phase\": \"provisioning\"}'),"
        " ($1, 2, 'exec.output', 1, '{\"text\": \"hi\"}')",
        SESSION,
    )
    # Two ended sessions Forge's retention had pruned: the first to seq 3 of 5, the
    # second whole.
    for session, last in ((PRUNED, 5), (EMPTIED, 4)):
        await scratch.execute(
            "INSERT INTO forge_sessions (id, name, runner, environment, project_id,"
            " workspace_path, event_seq) VALUES ($1, 's', 'shell', 'local', $2, '/w', $3)",
            session,
            PROJECT,
            last,
        )
    await scratch.execute(
        "INSERT INTO forge_events (session_id, seq, type, data) VALUES"
        " ($1, 4, 'exec.output', '{}'), ($1, 5, 'session.completed', '{}')",
        PRUNED,
    )
    await scratch.execute("SET session_replication_role = DEFAULT")
    await migrate(scratch, migrations)
    return scratch


async def _topic(conn: asyncpg.Connection, topic: str) -> list[tuple[int, str, str]]:
    rows = await conn.fetch(
        "SELECT seq, type, data::text AS data FROM events WHERE topic = $1 ORDER BY seq", topic
    )
    return [(r["seq"], r["type"], r["data"]) for r in rows]


async def test_old_events_become_their_topics(before_the_log: asyncpg.Connection) -> None:
    conn = before_the_log
    assert [(s, t) for s, t, _ in await _topic(conn, f"run:{RUN_A}")] == [
        (1, "run_started"),
        (2, "step_started"),
        (3, "run_cancelled"),
    ]
    assert [(s, t) for s, t, _ in await _topic(conn, f"run:{RUN_B}")] == [
        (1, "run_started"),
        (2, "run_failed"),
    ]
    # `runs` has the status moves only, in their old global order.
    assert [(s, t) for s, t, _ in await _topic(conn, "runs")] == [
        (1, "run_started"),
        (2, "run_started"),
        (3, "run_cancelled"),
        (4, "run_failed"),
    ]
    session = await _topic(conn, f"forge:session:{SESSION}")
    assert [(s, t) for s, t, _ in session] == [(1, "session.started"), (2, "exec.output")]
    assert '"exec_sequence": 1' in session[1][2]
    assert '"text": "hi"' in session[1][2]
    moved = await conn.fetchval(
        "SELECT data FROM events WHERE topic = $1 AND seq = 3", f"run:{RUN_A}"
    )
    assert '"from": "running"' in moved
    assert '"to": "cancelled"' in moved
    counters = {
        r["topic"]: (r["last_seq"], r["pruned_through"])
        for r in await conn.fetch("SELECT topic, last_seq, pruned_through FROM event_topics")
    }
    assert counters == {
        f"run:{RUN_A}": (3, 0),
        f"run:{RUN_B}": (2, 0),
        "runs": (4, 0),
        f"forge:session:{SESSION}": (2, 0),
        # What retention had deleted stays expired for a cursor behind it.
        f"forge:session:{PRUNED}": (5, 3),
        f"forge:session:{EMPTIED}": (4, 4),
    }
    for table in ("workflow_run_events", "forge_events"):
        assert await conn.fetchval("SELECT to_regclass($1)", table) is None

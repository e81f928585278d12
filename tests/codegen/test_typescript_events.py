"""The TypeScript client's event stream (``subscribe``) against a live server: the Node
tests of ``test/events.test.ts`` with two seeded runs, one finished and one that gains an
event every few milliseconds while the tests run (so a dropped connection misses some)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal

import pytest

from codegen.generate import TS_PACKAGE
from domains.orchestration import repo_runs
from domains.orchestration.models import RunView
from rpc.context import Runtime
from tests.codegen.live import owner_api_key
from tests.codegen.test_typescript_client import compiled
from tests.domains.orchestration.factories import run_in

__all__ = ["compiled"]

pytestmark = pytest.mark.committing


async def keep_appending(runtime: Runtime, run: RunView) -> None:
    """A step event on ``run`` every 20 ms, each in its own transaction, until cancelled."""
    n = 0
    while True:
        n += 1
        async with runtime.db.transaction() as conn:
            await repo_runs.insert_event(
                conn,
                run=run,
                type_="step_started",
                from_="running",
                to="running",
                step=f"step_{n}",
                actor="test",
                data={"n": n},
            )
        await asyncio.sleep(0.02)


async def test_node_event_stream_tests_pass(
    compiled: None, live_url: str, runtime: Runtime
) -> None:
    key = await owner_api_key(live_url)
    async with runtime.db.transaction() as conn:
        finished = await run_in(conn, runtime, "completed")
        live = await run_in(conn, runtime, "running")
    appender = asyncio.create_task(keep_appending(runtime, live))
    proc = await asyncio.create_subprocess_exec(
        "node",
        "--test",
        "--test-reporter=tap",
        "dist/test/events.test.js",
        cwd=TS_PACKAGE,
        env={
            **os.environ,
            "JIDOCODE_TEST_URL": live_url,
            "JIDOCODE_TEST_KEY": key,
            "JIDOCODE_TEST_RUN": str(finished.id),
            "JIDOCODE_TEST_LIVE_RUN": str(live.id),
        },
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        output, _ = await asyncio.wait_for(proc.communicate(), timeout=300)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        appender.cancel()
        await asyncio.gather(appender, return_exceptions=True)
    text = output.decode(errors="replace")
    assert proc.returncode == 0, text
    counts = {k: int(v) for k, v in re.findall(r"^# (pass|fail|skipped) (\d+)$", text, re.M)}
    assert counts.get("fail") == 0, text
    assert counts.get("skipped") == 0, "the live tests ran:\n" + text
    assert counts.get("pass", 0) >= 11, text

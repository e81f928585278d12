"""A worker process for the fenced-lease fault test (``python -m tests.rpc.fenced_worker``).

It runs the real ``Workers`` on kind ``test.fenced`` with a short lease. The handler sleeps
(a window for the test to SIGKILL or SIGSTOP the process mid-job), then, in one
transaction, records its effect in ``fence_effects`` and completes the job under its
lease token (``complete_in``): a stale attempt raises ``LeaseLost`` and its effect rolls
back. Settings come from the environment (``DATABASE_URL``, ``JIDOCODE_SECRET_KEYS``…);
the worker id is the first argument. Runs until SIGTERM.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from typing import Any

from rpc import logs
from rpc.app.runtime import build_runtime
from rpc.context import JobContext
from rpc.contract import DomainRegistration
from rpc.jobs import Workers, complete_in
from rpc.registry import compose
from rpc.settings import Settings
from sql.database import Database

KIND = "test.fenced"
LEASE_S = 1.0


async def fenced(ctx: JobContext, payload: dict[str, Any]) -> None:
    """Sleep, then record the effect and complete the job in one fenced transaction."""
    await asyncio.sleep(float(payload["sleep_s"]))
    async with ctx.db.transaction() as conn:
        await conn.execute(
            "INSERT INTO fence_effects (job_id, worker, lease_token) VALUES ($1, $2, $3)",
            ctx.job_id,
            sys.argv[1],
            ctx.lease_token,
        )
        await complete_in(conn, ctx)


async def main(worker_id: str) -> None:
    settings = Settings()
    logs.configure(as_json=True, level="INFO")
    assert settings.database_url
    db = await Database.open(
        settings.database_url, min_size=1, max_size=4, statement_timeout_ms=5000
    )
    registry = compose([DomainRegistration(name="test", job_handlers={KIND: fenced})])
    runtime = build_runtime(settings, db, registry)
    workers = Workers(
        runtime,
        registry.job_handlers,
        concurrency=2,
        lease_s=LEASE_S,
        poll_interval_s=0.1,
        backoff_base_s=0.05,
        worker_id=worker_id,
    )
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await workers.start()
    print("ready", flush=True)
    await stop.wait()
    await workers.stop(grace_s=5)
    await db.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))

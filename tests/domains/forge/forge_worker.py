"""A worker process for the fault tests (``python -m tests.domains.forge.forge_worker ID
[engine]``).

It runs the real ``Workers`` on the ``forge.exec`` job only, one job at a time (with
``engine``: also the step engine's job, two at a time, as a step waits on its exec), with a
short lease (``LEASE_S``) so a test can let it run out. Settings come from the
environment (``DATABASE_URL``, ``JIDOCODE_DATA_DIR``, ``JIDOCODE_FORGE_KILL_GRACE_S``…);
the worker id is the first argument. Logs go to stderr as JSON; ``ready`` is printed on
stdout once it listens for jobs. Runs until SIGTERM.
"""

from __future__ import annotations

import asyncio
import signal
import sys

from domains.forge.service_exec import EXEC_JOB
from domains.forge.service_run import run_exec_job
from domains.orchestration.engine import drive_run
from domains.orchestration.engine_queue import DRIVE_JOB
from rpc import logs
from rpc.app.domains import default_registry
from rpc.app.runtime import build_runtime, lifecycles_started
from rpc.jobs import Workers
from rpc.settings import Settings
from sql.database import Database

LEASE_S = 1.5


async def main(worker_id: str, engine: bool) -> None:
    settings = Settings()
    logs.configure(as_json=True, level="INFO")
    assert settings.database_url
    db = await Database.open(
        settings.database_url, min_size=1, max_size=4, statement_timeout_ms=5000
    )
    registry = default_registry()
    try:
        async with lifecycles_started(build_runtime(settings, db, registry), registry) as rt:
            workers = Workers(
                rt,
                {EXEC_JOB: run_exec_job, DRIVE_JOB: drive_run}
                if engine
                else {EXEC_JOB: run_exec_job},
                concurrency=2 if engine else 1,
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
    finally:
        await db.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2:] == ["engine"]))

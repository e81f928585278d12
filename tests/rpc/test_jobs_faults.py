"""Fenced leases under real faults: worker processes SIGKILLed and SIGSTOPped past their
lease, while others take their jobs over. No job completes twice and none is lost.

Each job's effect (a ``fence_effects`` row) is written in the transaction that completes
it under its lease token (``tests/rpc/fenced_worker.py``), so a doubled completion
would show as two rows, and a lost job as a job left undone.
"""

from __future__ import annotations

import asyncio
import base64
import os
import secrets
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from rpc.jobs import enqueue
from rpc.settings import Settings
from sql.database import Database
from tests.rpc.fenced_worker import KIND
from tests.rpc.jobs_support import until

pytestmark = pytest.mark.committing

JOBS = 24
WORKERS = 4


class Fleet:
    """Worker processes, each in its own process group, all ended on exit."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env = env
        self.logs = logs
        self.procs: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, worker_id: str) -> None:
        with (self.logs / f"{worker_id}.log").open("wb") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "tests.rpc.fenced_worker", worker_id],
                stdout=subprocess.PIPE,
                stderr=log,
                env=self.env,
                start_new_session=True,
            )
        self.procs[worker_id] = proc
        assert proc.stdout is not None
        assert proc.stdout.readline() == b"ready\n"

    def signal(self, worker_id: str, sig: signal.Signals) -> None:
        os.killpg(self.procs[worker_id].pid, sig)

    def log(self, worker_id: str) -> str:
        return (self.logs / f"{worker_id}.log").read_text()

    def end(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGCONT)
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            if proc.stdout is not None:
                proc.stdout.close()


@contextmanager
def fleet(settings: Settings, tmp_path: Path) -> Iterator[Fleet]:
    assert settings.database_url
    key = base64.b64encode(secrets.token_bytes(32)).decode()
    env = {
        **os.environ,
        "PYTHONPATH": os.getcwd(),
        "DATABASE_URL": settings.database_url,
        "JIDOCODE_DATA_DIR": str(tmp_path),
        "JIDOCODE_SECRET_KEYS": f"1:{key}",
    }
    workers = Fleet(env, tmp_path)
    try:
        yield workers
    finally:
        workers.end()


async def held(db: Database) -> list[Any]:
    async with db.connection() as c:
        return list(
            await c.fetch(
                "SELECT id, locked_by, lease_token FROM jobs WHERE status = 'running' ORDER BY id"
            )
        )


async def unlocked(db: Database, job_id: UUID) -> bool:
    """Whether the running job's row is free (its holder is not inside its completion)."""
    async with db.transaction() as c:
        row = await c.fetchval(
            "SELECT id FROM jobs WHERE id = $1 AND status = 'running' FOR UPDATE SKIP LOCKED",
            job_id,
        )
    return row is not None


async def test_killed_and_frozen_workers_neither_double_nor_lose_a_job(
    db: Database, settings: Settings, clean: None, tmp_path: Path
) -> None:
    async with db.connection() as c:
        await c.execute(
            "CREATE TABLE IF NOT EXISTS fence_effects "
            "(job_id uuid NOT NULL, worker text NOT NULL, lease_token bigint NOT NULL)"
        )
    try:
        with fleet(settings, tmp_path) as workers:
            for n in range(WORKERS):
                workers.start(f"w{n}")
            # Only once the whole fleet is up: jobs queued before it were all done by the
            # first workers while the last ones were still starting on a loaded machine,
            # and no job was ever seen running.
            async with db.transaction() as c:
                ids = [
                    await enqueue(c, KIND, {"sleep_s": 0.3}, max_attempts=50) for _ in range(JOBS)
                ]

            # SIGKILL a worker in the middle of a job.
            running: list[Any] = []

            async def someone_holds_a_job() -> bool:
                running[:] = await held(db)
                return bool(running)

            await until(someone_holds_a_job)
            killed_worker = running[0]["locked_by"]
            workers.signal(killed_worker, signal.SIGKILL)
            workers.procs[killed_worker].wait()
            # What it held when it died (it may have finished some before the signal).
            killed_jobs = {r["id"] for r in await held(db) if r["locked_by"] == killed_worker}

            # SIGSTOP another in the middle of a job, outside its completing transaction.
            frozen: dict[str, Any] = {}

            async def one_frozen_mid_job() -> bool:
                for row in await held(db):
                    if row["locked_by"] in (killed_worker, *frozen.values()):
                        continue
                    workers.signal(row["locked_by"], signal.SIGSTOP)
                    if await unlocked(db, row["id"]):
                        frozen.update(worker=row["locked_by"], job=row["id"])
                        frozen["token"] = row["lease_token"]
                        return True
                    workers.signal(row["locked_by"], signal.SIGCONT)
                return False

            await until(one_frozen_mid_job)

            async def taken_over() -> bool:
                async with db.connection() as c:
                    token = await c.fetchval(
                        "SELECT lease_token FROM jobs WHERE id = $1", frozen["job"]
                    )
                return bool(token > frozen["token"])

            await until(taken_over)  # its lease ran out and another worker claimed it
            workers.signal(frozen["worker"], signal.SIGCONT)
            workers.start("replacement")

            async def all_done() -> bool:
                async with db.connection() as c:
                    left = await c.fetchval(
                        "SELECT count(*) FROM jobs WHERE id = ANY($1::uuid[]) AND status <> 'done'",
                        ids,
                    )
                return bool(left == 0)

            await until(all_done)

            async def refusal_logged() -> bool:
                await asyncio.sleep(0)
                return "lease was taken over" in workers.log(frozen["worker"])

            await until(refusal_logged)  # the frozen holder tried to commit, and could not

        async with db.connection() as c:
            effects = await c.fetch("SELECT job_id, worker, lease_token FROM fence_effects")
            attempts = {
                r["id"]: r["attempts"]
                for r in await c.fetch("SELECT id, attempts FROM jobs WHERE id = ANY($1)", ids)
            }
        per_job: dict[UUID, list[Any]] = {}
        for effect in effects:
            per_job.setdefault(effect["job_id"], []).append(effect)
        assert sorted(per_job) == sorted(ids)  # none lost
        assert all(len(rows) == 1 for rows in per_job.values())  # none completed twice
        (frozen_effect,) = per_job[frozen["job"]]
        assert frozen_effect["worker"] != frozen["worker"]
        assert frozen_effect["lease_token"] > frozen["token"]
        assert all(attempts[j] >= 2 for j in killed_jobs)
        assert killed_worker not in {e["worker"] for e in effects if e["job_id"] in killed_jobs}
    finally:
        async with db.connection() as c:
            await c.execute("DROP TABLE IF EXISTS fence_effects")

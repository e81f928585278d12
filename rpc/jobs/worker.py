"""The worker runtime: claim, run, complete or retry, wake on NOTIFY.

Several ``Workers`` (in one process or many) can share a database: claims use
``FOR UPDATE SKIP LOCKED``, and every heartbeat, completion and failure is conditional
on the claim's lease token, so a holder whose lease was taken over (a frozen process, or
another loop of this one) can never finish the job a second time.

Workers run on a host (``Settings.host_id``) and, while started, record that it is alive
in ``worker_hosts``. A job enqueued with an affinity is claimed only on its host while
that host's heartbeat is fresh; once it is older than a lease any host may claim it, and
the handler's ``JobContext.on_foreign_host`` says so.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import uuid
from collections.abc import Mapping

import asyncpg

from rpc.context import JobContext, JobHandler, Runtime
from rpc.errors import AppError
from rpc.jobs import repo
from rpc.jobs.models import ClaimedJob
from rpc.jobs.service import LeaseLost
from sql.database import Connection

log = logging.getLogger(__name__)

CHANNEL = "jidocode_jobs"
MAX_BACKOFF_S = 300.0


def backoff_s(attempt: int, base_s: float) -> float:
    """Exponential delay before the next attempt, capped at five minutes."""
    return float(min(base_s * 2 ** max(attempt - 1, 0), MAX_BACKOFF_S))


def describe_failure(exc: BaseException) -> str:
    """What is stored as ``last_error``: typed errors in full, others by class only.

    An arbitrary exception's message may quote outside data (a URL with a token, a
    command line); its traceback goes to the log instead.
    """
    if isinstance(exc, AppError):
        return f"{exc.kind}: {exc.data()}"[:2000]
    return f"{type(exc).__name__} (see the worker log)"


class Workers:
    """A set of worker loops sharing one LISTEN connection."""

    def __init__(
        self,
        runtime: Runtime,
        handlers: Mapping[str, JobHandler],
        *,
        concurrency: int | None = None,
        lease_s: float | None = None,
        poll_interval_s: float | None = None,
        backoff_base_s: float | None = None,
        worker_id: str | None = None,
        host_id: str | None = None,
    ) -> None:
        settings = runtime.settings
        self.runtime = runtime
        self.handlers = dict(handlers)
        self.concurrency = concurrency or settings.worker_concurrency
        self.lease_s = lease_s or settings.job_lease_s
        self.poll_interval_s = poll_interval_s or settings.job_poll_interval_s
        self.backoff_base_s = backoff_base_s or settings.job_backoff_base_s
        self.host_id = host_id or settings.host_id
        self.worker_id = worker_id or f"{self.host_id}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._wake = asyncio.Event()
        self._notified = 0  # NOTIFYs received, so a loop can tell it missed one
        self._stopping = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._listener: asyncpg.Connection | None = None
        self._host_beat: asyncio.Task[None] | None = None

    @property
    def kinds(self) -> list[str]:
        return sorted(self.handlers)

    async def start(self) -> None:
        """Record this host as alive, listen for NOTIFY and start the loops."""
        if not self.handlers:
            return
        # At once, not a beat period from now: until then other hosts see this host's row
        # as stale (left by its last run) and may take the jobs pinned to it.
        async with self.runtime.db.connection() as conn:
            await repo.heartbeat_host(conn, host=self.host_id)
        self._listener = await self.runtime.db.dedicated()
        await self._listener.add_listener(CHANNEL, self._on_notify)
        self._host_beat = asyncio.create_task(self._host_heartbeat(), name="jidocode-host-beat")
        self._tasks = [
            asyncio.create_task(self._loop(n), name=f"jidocode-worker-{n}")
            for n in range(self.concurrency)
        ]
        log.info(
            "workers started",
            extra={"worker_id": self.worker_id, "host_id": self.host_id, "kinds": self.kinds},
        )

    async def stop(self, grace_s: float = 30.0) -> None:
        """Stop claiming, let running jobs finish (up to ``grace_s``), then close."""
        self._stopping.set()
        self._wake.set()
        if self._tasks:
            _, pending = await asyncio.wait(self._tasks, timeout=grace_s)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        # Only now: jobs finishing in the grace period still hold this host's affinity.
        # The row stays; a host that stopped and one that died look the same (by design).
        if self._host_beat is not None:
            self._host_beat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._host_beat
            self._host_beat = None
        if self._listener is not None:
            await self._listener.close()
            self._listener = None

    def _on_notify(self, conn: object, pid: int, channel: str, payload: object) -> None:
        if str(payload) in self.handlers:
            self._notified += 1
            self._wake.set()

    async def _loop(self, n: int) -> None:
        while not self._stopping.is_set():
            # A NOTIFY that arrives while this loop is claiming must not be lost: only
            # sleep if none arrived since the claim began (else that job waits a poll).
            seen = self._notified
            try:
                ran = await self.run_one()
            except (OSError, asyncpg.PostgresError):
                log.exception("worker loop error; backing off", extra={"worker": n})
                ran = False
            if ran or self._notified != seen:
                continue
            self._wake.clear()
            if self._stopping.is_set():  # stop() may have set the wake we just cleared
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.poll_interval_s)

    async def run_one(self) -> bool:
        """Claim and run one due job; ``False`` when none was due."""
        async with self.runtime.db.connection() as conn:
            job = await repo.claim_job(
                conn,
                worker_id=self.worker_id,
                kinds=self.kinds,
                lease_s=self.lease_s,
                host=self.host_id,
            )
        if job is None:
            return False
        await self._run(job)
        return True

    async def drain(self) -> int:
        """Run due jobs until none is left; returns how many ran (for tests and CLIs)."""
        count = 0
        while await self.run_one():
            count += 1
        return count

    async def _run(self, job: ClaimedJob) -> None:
        if job.attempts > job.max_attempts:
            # The lease expired during the last allowed attempt: the worker died.
            await self._fail(job, "lease expired during the last attempt", retry_in_s=0)
            return
        handler = self.handlers[job.kind]
        heartbeat = asyncio.create_task(self._heartbeat(job))
        ctx = JobContext(
            self.runtime,
            job.id,
            job.attempts,
            job.max_attempts,
            job.lease_token,
            host=self.host_id,
            affinity=job.affinity,
        )
        if ctx.on_foreign_host:
            log.warning(
                "job claimed away from its host, which sent no heartbeat within a lease",
                extra={"job_id": str(job.id), "kind": job.kind, "affinity": job.affinity},
            )
        try:
            await handler(ctx, job.payload)
        except asyncio.CancelledError:
            # Shutting down mid-job: leave it to the lease so another worker retries it.
            raise
        except LeaseLost:
            self._lease_lost(job, "its final writes were rolled back")
        except Exception as exc:  # a job handler's failure must not kill the loop
            log.exception("job failed", extra={"job_id": str(job.id), "kind": job.kind})
            await self._fail(
                job, describe_failure(exc), retry_in_s=backoff_s(job.attempts, self.backoff_base_s)
            )
        else:
            async with self.runtime.db.connection() as conn:
                done = await repo.complete_job(
                    conn, job_id=job.id, lease_token=job.lease_token
                ) or await self._completed_by_handler(conn, job)
            if done:
                self.runtime.metrics.job_outcome(job.kind, "done")
            else:
                self._lease_lost(job, "it was not marked done")
        finally:
            heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await heartbeat

    @staticmethod
    async def _completed_by_handler(conn: Connection, job: ClaimedJob) -> bool:
        """Whether the handler itself completed the job under this lease (``complete_in``)."""
        state = await repo.lease_state(conn, job_id=job.id)
        return state == ("done", job.lease_token)

    def _lease_lost(self, job: ClaimedJob, consequence: str) -> None:
        self.runtime.metrics.job_outcome(job.kind, "lease_lost")
        log.warning(
            "job lease was taken over before the attempt finished; %s",
            consequence,
            extra={"job_id": str(job.id), "kind": job.kind, "lease_token": job.lease_token},
        )

    async def _fail(self, job: ClaimedJob, error: str, *, retry_in_s: float) -> None:
        async with self.runtime.db.connection() as conn:
            status = await repo.fail_job(
                conn,
                job_id=job.id,
                lease_token=job.lease_token,
                retry_in_s=retry_in_s,
                error=error,
            )
        if status is None:
            self._lease_lost(job, "its failure was not recorded")
            return
        self.runtime.metrics.job_outcome(job.kind, "dead" if status == "dead" else "retry")
        if status == "dead":
            log.error("job is dead", extra={"job_id": str(job.id), "kind": job.kind})

    async def _heartbeat(self, job: ClaimedJob) -> None:
        while True:
            await asyncio.sleep(self.lease_s / 3)
            async with self.runtime.db.connection() as conn:
                held = await repo.extend_lease(
                    conn, job_id=job.id, lease_token=job.lease_token, lease_s=self.lease_s
                )
            if not held:
                return

    async def _host_heartbeat(self) -> None:
        # A third of a lease, like the job heartbeat: two beats may fail before another
        # host treats this one as gone and takes its pinned jobs.
        while True:
            await asyncio.sleep(self.lease_s / 3)
            try:
                async with self.runtime.db.connection() as conn:
                    await repo.heartbeat_host(conn, host=self.host_id)
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
                # Keep beating: a beat that stopped for good would give this host's jobs
                # away while it is still running them.
                log.exception("host heartbeat failed", extra={"host_id": self.host_id})

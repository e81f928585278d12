"""Resuming runs after an approval: a registry of resumers by workflow definition name.

``approve_run`` (and a rejection with a retry route) moves a run back to ``running`` and
enqueues ``orchestration.resume_run`` ``{run_id}``. Its handler looks up the resumer the
run's definition registered in ``RunResumers`` (a runtime component) and calls it. Other
domains register theirs in their lifecycle ``start``::

    RunResumers.of(runtime).register("issue_triage", resume_triage)

Without a resumer the run stays ``running`` (logged); the step engine comes later.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID

from domains.orchestration import repo_runs
from domains.orchestration.models import RunView
from rpc.context import JobContext, Runtime

log = logging.getLogger(__name__)

Resumer = Callable[[JobContext, RunView], Awaitable[None]]


class RunResumers:
    """Resumers by workflow definition name (one per name)."""

    def __init__(self) -> None:
        self._by_name: dict[str, Resumer] = {}

    @classmethod
    def of(cls, runtime: Runtime) -> RunResumers:
        """The runtime's registry, provided on first use whichever domain starts first."""
        try:
            return runtime.get(cls)
        except LookupError:
            registry = cls()
            runtime.provide(registry)
            return registry

    def register(self, definition_name: str, fn: Resumer) -> None:
        """Resume runs of ``definition_name`` with ``fn``; a second registration is a bug."""
        if definition_name in self._by_name and self._by_name[definition_name] is not fn:
            raise ValueError(f"a resumer for {definition_name} is already registered")
        self._by_name[definition_name] = fn

    def get(self, definition_name: str) -> Resumer | None:
        """The resumer for ``definition_name``, or ``None``."""
        return self._by_name.get(definition_name)

    def __contains__(self, definition_name: object) -> bool:
        return definition_name in self._by_name


async def resume_run(ctx: JobContext, payload: dict[str, Any]) -> None:
    """Job ``orchestration.resume_run``: hand a running run to its definition's resumer."""
    run_id = UUID(str(payload["run_id"]))
    async with ctx.db.connection() as conn:
        run = await repo_runs.get_run(conn, run_id=run_id)
    if run is None:
        log.warning("resume_run: run is gone", extra={"run_id": str(run_id)})
        return
    if run.status != "running":
        # Cancelled (or otherwise moved) after the job was queued: nothing to resume.
        log.info("resume_run: run is %s, not resumed", run.status, extra={"run_id": str(run_id)})
        return
    fn = RunResumers.of(ctx.runtime).get(run.workflow_name)
    if fn is None:
        log.info(
            "resume_run: no resumer for %s; the run stays running",
            run.workflow_name,
            extra={"run_id": str(run_id)},
        )
        return
    await fn(ctx, run)


class OrchestrationLifecycle:
    """Provides the ``RunResumers`` component before other domains register into it."""

    async def start(self, runtime: Runtime) -> None:
        """Make sure the registry exists (another domain may have created it already)."""
        RunResumers.of(runtime)

    async def stop(self, runtime: Runtime) -> None:
        """Nothing to release."""

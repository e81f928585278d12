"""Start-up of the GitHub domain: the webhook intake, the analyser, the resumer, the
retention schedule.

- registers ``GitHubWebhookIntake`` under ``WebhookIntakes`` (source ``github``), which
  is how ``POST /webhooks/github`` reaches this domain;
- provides the heuristic analyser unless another ``AnalyserChoice`` was provided;
- registers the ``issue_triage`` resumer with Orchestration's ``RunResumers`` (so the
  orchestration lifecycle must start first);
- in processes that run workers, checks once a minute whether the prune job is due.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import asyncpg

from domains.github.analyser import HeuristicAnalyser
from domains.github.retention import schedule_prune
from domains.github.service_intake import GitHubWebhookIntake
from domains.github.service_posting import resume_issue_triage
from domains.github.service_processing import WORKFLOW, AnalyserChoice
from rpc.context import Runtime, WebhookIntakes

log = logging.getLogger(__name__)

TICK_S = 60.0


class GitHubLifecycle:
    """The GitHub domain's start and stop hooks."""

    def __init__(self) -> None:
        self._tickers: dict[int, asyncio.Task[None]] = {}

    async def start(self, runtime: Runtime) -> None:
        """Register the intake, the analyser and the resumer; start the schedule."""
        WebhookIntakes.of(runtime).register("github", GitHubWebhookIntake(runtime))
        try:
            runtime.get(AnalyserChoice)
        except LookupError:
            runtime.provide(AnalyserChoice(HeuristicAnalyser()))
        try:
            from domains.orchestration.resumers import RunResumers

            runtime.get(RunResumers).register(WORKFLOW, resume_issue_triage)
        except (ImportError, LookupError):
            log.warning("no RunResumers: approved issue_triage runs will not post comments")
        if runtime.settings.run_workers:
            self._tickers[id(runtime)] = asyncio.create_task(
                self._tick(runtime), name="jidocode-github-schedule"
            )

    async def stop(self, runtime: Runtime) -> None:
        """Stop the schedule."""
        task = self._tickers.pop(id(runtime), None)
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _tick(self, runtime: Runtime) -> None:
        while True:
            try:
                await schedule_prune(runtime.db)
            except (OSError, asyncpg.PostgresError):
                log.exception("could not schedule the prune job; trying again later")
            await asyncio.sleep(TICK_S)

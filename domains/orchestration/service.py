"""Orchestration's service API, for other domains and the handlers.

The functions other domains call run in the caller's transaction (``conn``):
``start_run``, ``advance_run``, ``record_step``, ``add_artifact``,
``record_pull_request``, ``observe_pull_request`` and ``get_run``. The rest open their
own transaction. The step engine's shapes (``StepContext``, ``StepOutcome``, ``failed``)
and its LLM call are here for the domains that run step kinds of their own.
"""

from __future__ import annotations

from domains.orchestration.engine_llm import ask_llm, llm_provider_for, run_llm
from domains.orchestration.engine_types import ArtifactOut, StepContext, StepOutcome, failed
from domains.orchestration.service_approvals import approve_run, list_pending_approvals, reject_run
from domains.orchestration.service_artifacts import (
    add_artifact,
    get_artifact,
    list_artifacts,
    prune_artifact_logs,
)
from domains.orchestration.service_definitions import (
    create_definition,
    get_definition,
    list_definitions,
    read_definition,
    update_definition,
    validate_inputs,
)
from domains.orchestration.service_pull_requests import (
    PullRequestChange,
    get_pull_request,
    list_pull_requests,
    observe_pull_request,
    record_pull_request,
    sync_pull_request,
)
from domains.orchestration.service_run_control import cancel_run, retry_run
from domains.orchestration.service_run_reads import (
    get_run,
    list_run_events,
    list_runs,
    list_step_runs,
    read_run,
)
from domains.orchestration.service_runs import (
    advance_run,
    record_step,
    start_manual_run,
    start_run,
)

__all__ = [
    "ArtifactOut",
    "PullRequestChange",
    "StepContext",
    "StepOutcome",
    "add_artifact",
    "advance_run",
    "approve_run",
    "ask_llm",
    "cancel_run",
    "create_definition",
    "failed",
    "get_artifact",
    "get_definition",
    "get_pull_request",
    "get_run",
    "list_artifacts",
    "list_definitions",
    "list_pending_approvals",
    "list_pull_requests",
    "list_run_events",
    "list_runs",
    "list_step_runs",
    "llm_provider_for",
    "observe_pull_request",
    "prune_artifact_logs",
    "read_definition",
    "read_run",
    "record_pull_request",
    "record_step",
    "reject_run",
    "retry_run",
    "run_llm",
    "start_manual_run",
    "start_run",
    "sync_pull_request",
    "update_definition",
    "validate_inputs",
]

"""Orchestration's service API, for other domains and the handlers.

The functions other domains call run in the caller's transaction (``conn``):
``start_run``, ``advance_run``, ``record_step``, ``add_artifact``,
``record_pull_request`` and ``get_run``. The rest open their own transaction. Resuming
after approval calls the resumer a domain registered for the run's workflow
(``domains.orchestration.resumers``).
"""

from __future__ import annotations

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
    get_pull_request,
    list_pull_requests,
    record_pull_request,
    sync_pull_request,
)
from domains.orchestration.service_run_control import cancel_run, retry_run
from domains.orchestration.service_run_reads import get_run, list_run_events, list_runs, read_run
from domains.orchestration.service_runs import (
    advance_run,
    record_step,
    start_manual_run,
    start_run,
)

__all__ = [
    "add_artifact",
    "advance_run",
    "approve_run",
    "cancel_run",
    "create_definition",
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
    "prune_artifact_logs",
    "read_definition",
    "read_run",
    "record_pull_request",
    "record_step",
    "reject_run",
    "retry_run",
    "start_manual_run",
    "start_run",
    "sync_pull_request",
    "update_definition",
    "validate_inputs",
]

"""Orchestration methods: definitions, runs and events (group 3), approvals (group 4), pull
requests (group 5)."""

from __future__ import annotations

from domains.orchestration import service
from domains.orchestration.engine import drive_run
from domains.orchestration.engine_queue import DRIVE_JOB
from domains.orchestration.errors import (
    ArtifactNotFound,
    BuiltinDefinitionReadOnly,
    PullRequestNotFound,
    RunAlreadyRetried,
    RunNotFound,
    RunTransitionRefused,
    ShippingRunActive,
    StaleWorkflowDefinition,
    StepRetryNotAllowed,
    TriggerNotAllowed,
    WorkflowDefinitionExists,
    WorkflowDefinitionNotFound,
)
from domains.orchestration.events import FAMILIES as EVENT_FAMILIES
from domains.orchestration.models import (
    ApprovalPage,
    ArtifactIdParams,
    ArtifactPage,
    ArtifactView,
    CancelRunParams,
    DecideRunParams,
    ListArtifactsParams,
    ListPendingApprovalsParams,
    ListPullRequestsParams,
    ListRunEventsParams,
    ListRunsParams,
    PullRequestIdParams,
    PullRequestPage,
    PullRequestView,
    RetryRunParams,
    RunEventPage,
    RunIdParams,
    RunPage,
    RunView,
    StartRunParams,
)
from domains.orchestration.models_definitions import (
    CreateDefinitionParams,
    DefinitionPage,
    DefinitionView,
    GetDefinitionParams,
    ListDefinitionsParams,
    UpdateDefinitionParams,
)
from domains.orchestration.models_steps import StepRunList
from domains.orchestration.service_artifacts import ARTIFACT_LOGS
from domains.orchestration.service_worktrees import (
    PRUNE_WORKTREES_JOB,
    RUN_WORKTREES,
    prune_worktrees_job,
)
from domains.projects.errors import ProjectNotFound
from rpc.context import RpcContext
from rpc.contract import DomainRegistration, Group, MethodTable
from rpc.errors import CursorExpired, ProviderError, SecretUnavailable, ValidationFailed

methods = MethodTable("orchestration")

# --- group 3: definitions, runs, events, artifacts --------------------------------------


@methods.method(
    "orchestration.list_definitions", group=Group.RUNS, errors=[ValidationFailed], idempotent=True
)
async def list_definitions(ctx: RpcContext, params: ListDefinitionsParams) -> DefinitionPage:
    """List workflow definitions (builtin and custom) by name, optionally of one category."""
    return await service.list_definitions(
        ctx.db, category=params.category, cursor=params.cursor, limit=params.limit
    )


@methods.method(
    "orchestration.get_definition",
    group=Group.RUNS,
    errors=[WorkflowDefinitionNotFound],
    idempotent=True,
)
async def get_definition(ctx: RpcContext, params: GetDefinitionParams) -> DefinitionView:
    """Get one workflow definition at its current version: steps, input schema, policy."""
    return await service.read_definition(ctx.db, name=params.name)


@methods.method(
    "orchestration.create_definition",
    group=Group.RUNS,
    errors=[ValidationFailed, WorkflowDefinitionExists],
)
async def create_definition(ctx: RpcContext, params: CreateDefinitionParams) -> DefinitionView:
    """Create a custom workflow definition at version 1.

    ``input_schema`` must be a valid JSON Schema (2020-12) describing an object; step
    names must be unique and the approval policy may only name existing steps.
    """
    return await service.create_definition(ctx.db, params=params)


@methods.method(
    "orchestration.update_definition",
    group=Group.RUNS,
    errors=[
        WorkflowDefinitionNotFound,
        ValidationFailed,
        StaleWorkflowDefinition,
        BuiltinDefinitionReadOnly,
    ],
)
async def update_definition(ctx: RpcContext, params: UpdateDefinitionParams) -> DefinitionView:
    """Change a custom workflow definition; its version goes up by one.

    Builtin definitions are read-only (``policy_violation``). Runs already started keep
    the version they pinned. Pass ``expected_version`` to refuse a stale update.
    """
    return await service.update_definition(ctx.db, params=params)


@methods.method(
    "orchestration.start_run",
    group=Group.RUNS,
    errors=[
        WorkflowDefinitionNotFound,
        ProjectNotFound,
        ValidationFailed,
        ShippingRunActive,
        TriggerNotAllowed,
    ],
)
async def start_run(ctx: RpcContext, params: StartRunParams) -> RunView:
    """Start a run of a workflow for a project (manual trigger); it begins ``pending``.

    Inputs are validated against the definition's input schema; the definition's current
    version is pinned. A project has at most one shipping run (one that commits and opens a
    pull request) in flight: a second is a ``conflict``.
    """
    return await service.start_manual_run(
        ctx.db,
        ctx.runtime,
        project_id=params.project_id,
        definition_name=params.definition_name,
        inputs=params.inputs,
        actor=ctx.actor,
    )


@methods.method("orchestration.get_run", group=Group.RUNS, errors=[RunNotFound], idempotent=True)
async def get_run(ctx: RpcContext, params: RunIdParams) -> RunView:
    """Get one run with its status history, step results, error and lineage."""
    return await service.read_run(ctx.db, run_id=params.run_id)


@methods.method(
    "orchestration.list_runs", group=Group.RUNS, errors=[ValidationFailed], idempotent=True
)
async def list_runs(ctx: RpcContext, params: ListRunsParams) -> RunPage:
    """List runs newest first, optionally of one project and/or in one status."""
    return await service.list_runs(
        ctx.db,
        project_id=params.project_id,
        status=params.status,
        cursor=params.cursor,
        limit=params.limit,
    )


@methods.method(
    "orchestration.cancel_run", group=Group.RUNS, errors=[RunNotFound, RunTransitionRefused]
)
async def cancel_run(ctx: RpcContext, params: CancelRunParams) -> RunView:
    """Cancel a pending, running or awaiting-approval run; a finished run is refused."""
    return await service.cancel_run(
        ctx.db, ctx.runtime, run_id=params.run_id, actor=ctx.actor, reason=params.reason
    )


@methods.method(
    "orchestration.retry_run",
    group=Group.RUNS,
    errors=[
        RunNotFound,
        RunTransitionRefused,
        ValidationFailed,
        StepRetryNotAllowed,
        ShippingRunActive,
        RunAlreadyRetried,
    ],
)
async def retry_run(ctx: RpcContext, params: RetryRunParams) -> RunView:
    """Retry a failed or cancelled run as a new run with the same pinned version and inputs.

    The new run has ``retry_of_run_id`` and ``retry_attempt`` + 1. With ``from_step`` it
    starts at that step, if the definition's policy allows retrying from it.
    """
    return await service.retry_run(
        ctx.db, ctx.runtime, run_id=params.run_id, actor=ctx.actor, from_step=params.from_step
    )


@methods.method(
    "orchestration.list_run_events",
    group=Group.RUNS,
    errors=[RunNotFound, ValidationFailed, CursorExpired],
    idempotent=True,
)
async def list_run_events(ctx: RpcContext, params: ListRunEventsParams) -> RunEventPage:
    """Read run events after a cursor, oldest first: every event of one run, or the status
    moves of every run (of one project when given).

    Poll with the returned ``next_cursor``; no event is ever skipped. The same events are
    the ``run:<id>`` and ``runs`` topics of ``events.list`` and ``GET /events``.
    """
    return await service.list_run_events(
        ctx.db,
        run_id=params.run_id,
        project_id=params.project_id,
        cursor=params.cursor,
        limit=params.limit,
    )


@methods.method(
    "orchestration.list_step_runs", group=Group.RUNS, errors=[RunNotFound], idempotent=True
)
async def list_step_runs(ctx: RpcContext, params: RunIdParams) -> StepRunList:
    """List every attempt of a run's steps, in the order they started: step index and
    name, kind, attempt number, status, times, output and error (redacted) and cost.

    A step tried again (a retryable failure, or a worker that died mid-step) has one
    entry per attempt.
    """
    return await service.list_step_runs(ctx.db, run_id=params.run_id)


@methods.method(
    "orchestration.list_artifacts",
    group=Group.RUNS,
    errors=[RunNotFound, ValidationFailed],
    idempotent=True,
)
async def list_artifacts(ctx: RpcContext, params: ListArtifactsParams) -> ArtifactPage:
    """List a run's artifacts (without content), newest first."""
    return await service.list_artifacts(
        ctx.db, run_id=params.run_id, cursor=params.cursor, limit=params.limit
    )


@methods.method(
    "orchestration.get_artifact", group=Group.RUNS, errors=[ArtifactNotFound], idempotent=True
)
async def get_artifact(ctx: RpcContext, params: ArtifactIdParams) -> ArtifactView:
    """Get one artifact with its (redacted) content."""
    return await service.get_artifact(ctx.db, artifact_id=params.artifact_id)


# --- group 4: approvals -----------------------------------------------------------------


@methods.method(
    "orchestration.list_pending_approvals",
    group=Group.APPROVALS,
    errors=[ValidationFailed],
    idempotent=True,
)
async def list_pending_approvals(
    ctx: RpcContext, params: ListPendingApprovalsParams
) -> ApprovalPage:
    """List runs waiting for approval, newest first, with what the approver is shown:
    diff summary, test summary and risk notes."""
    return await service.list_pending_approvals(
        ctx.db, project_id=params.project_id, cursor=params.cursor, limit=params.limit
    )


@methods.method(
    "orchestration.approve_run", group=Group.APPROVALS, errors=[RunNotFound, RunTransitionRefused]
)
async def approve_run(ctx: RpcContext, params: DecideRunParams) -> RunView:
    """Approve a run awaiting approval: it moves to ``running`` and resumes.

    Any other status is ``invalid_transition`` (also for the loser of two approvals).
    """
    return await service.approve_run(
        ctx.db, ctx.runtime, run_id=params.run_id, actor=ctx.actor, comment=params.comment
    )


@methods.method(
    "orchestration.reject_run", group=Group.APPROVALS, errors=[RunNotFound, RunTransitionRefused]
)
async def reject_run(ctx: RpcContext, params: DecideRunParams) -> RunView:
    """Reject a run awaiting approval, as its definition's policy says: cancel the run
    (the default), or send it back to a named step."""
    return await service.reject_run(
        ctx.db, ctx.runtime, run_id=params.run_id, actor=ctx.actor, comment=params.comment
    )


# --- group 5: pull requests -------------------------------------------------------------


@methods.method(
    "orchestration.list_pull_requests", group=Group.GIT, errors=[ValidationFailed], idempotent=True
)
async def list_pull_requests(ctx: RpcContext, params: ListPullRequestsParams) -> PullRequestPage:
    """List pull requests opened by runs, newest first, optionally of one project."""
    return await service.list_pull_requests(
        ctx.db, project_id=params.project_id, cursor=params.cursor, limit=params.limit
    )


@methods.method(
    "orchestration.get_pull_request", group=Group.GIT, errors=[PullRequestNotFound], idempotent=True
)
async def get_pull_request(ctx: RpcContext, params: PullRequestIdParams) -> PullRequestView:
    """Get one pull request record."""
    return await service.get_pull_request(ctx.db, pull_request_id=params.pull_request_id)


@methods.method(
    "orchestration.sync_pull_request",
    group=Group.GIT,
    errors=[PullRequestNotFound, ProjectNotFound, SecretUnavailable, ProviderError],
    idempotent=True,
)
async def sync_pull_request(ctx: RpcContext, params: PullRequestIdParams) -> PullRequestView:
    """Read the pull request from GitHub and record its state as webhook deliveries do:
    ``merged`` or ``closed``, ``open`` again when reopened, and its head commit (a merged
    record is final and is returned without a call)."""
    return await service.sync_pull_request(
        ctx.db, ctx.runtime, pull_request_id=params.pull_request_id
    )


REGISTRATION = DomainRegistration(
    name="orchestration",
    event_families=EVENT_FAMILIES,
    methods=methods,
    job_handlers={DRIVE_JOB: drive_run, PRUNE_WORKTREES_JOB: prune_worktrees_job},
    # A step can run a coding agent for half an hour: never in the short jobs' pool.
    driver_job_kinds=frozenset({DRIVE_JOB}),
    pruners=[ARTIFACT_LOGS, RUN_WORKTREES],
)

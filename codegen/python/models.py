# Generated from codegen/openrpc.json by `jidocode codegen`. Do not edit.

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, RootModel, SecretStr


class AccessibleRepository(BaseModel):
    """
    A repository the GitHub credential can see, and its project if imported.
    """

    default_branch: str | None
    description: str | None
    full_name: str
    html_url: str | None
    name: str
    owner: str
    private: bool
    project_id: UUID | None


class AgentConfigDeleted(BaseModel):
    """
    The config is gone.
    """

    agent_type: Literal["github_issue_bot", "pr_review_bot", "dependency_bot"]
    deleted: bool
    project_id: UUID


class AgentConfigRef(BaseModel):
    """
    Names a project's config of one agent type.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    agent_type: Literal["github_issue_bot", "pr_review_bot", "dependency_bot"]
    project_id: UUID


class ApiKeyView(BaseModel):
    """
    An API key's metadata; the key itself is shown only once, at creation.
    """

    expires_at: AwareDatetime | None
    id: UUID
    inserted_at: AwareDatetime
    last_used_at: AwareDatetime | None
    name: str
    prefix: str
    revoked_at: AwareDatetime | None
    status: Literal["active", "expired", "revoked"]


class ApplyInputParams(BaseModel):
    """
    The answer to a session's open question (for agents: the next prompt).
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    input: Annotated[str, Field(max_length=100000, min_length=1)]
    session_id: UUID


class ApprovalPolicyInput(BaseModel):
    """
    Whether the agent's output waits for the owner (``manual``) or is posted (``auto_post``).
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    mode: Literal["manual", "auto_post"] = "manual"


class ApprovalPolicyOutput(BaseModel):
    """
    Whether the agent's output waits for the owner (``manual``) or is posted (``auto_post``).
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    mode: Literal["manual", "auto_post"]


class ApprovalView(BaseModel):
    """
    An approval request and, once made, its decision.
    """

    actor: str | None
    comment: str | None
    context: dict[str, Any]
    decided_at: AwareDatetime | None
    decision: Literal["approved", "rejected"] | None
    diff_summary: str
    id: UUID
    project_id: UUID
    requested_at: AwareDatetime
    requested_by: str
    risk_notes: list[str]
    run_id: UUID
    step: str
    test_summary: str
    workflow_name: str


class ArtifactIdParams(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
    )
    artifact_id: UUID


class ArtifactSummary(BaseModel):
    """
    An artifact without its content (for lists).
    """

    content_type: str
    expires_at: AwareDatetime | None
    id: UUID
    inserted_at: AwareDatetime
    kind: Literal[
        "log", "diff", "report", "transcript", "pr_url", "cost_summary", "audit"
    ]
    metadata: dict[str, Any]
    name: str
    run_id: UUID
    size_bytes: int


class ArtifactView(BaseModel):
    """
    An artifact with its (redacted) content.
    """

    content: str
    content_type: str
    expires_at: AwareDatetime | None
    id: UUID
    inserted_at: AwareDatetime
    kind: Literal[
        "log", "diff", "report", "transcript", "pr_url", "cost_summary", "audit"
    ]
    metadata: dict[str, Any]
    name: str
    run_id: UUID
    size_bytes: int


class BindSecretParams(BaseModel):
    """
    Bind a stored secret to an environment variable of the project's workspace commands.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    env_var_name: Annotated[str, Field(examples=["NPM_TOKEN"], max_length=128)]
    inject_to_workspace: bool = True
    project_id: UUID
    secret_ref_id: UUID


class BootstrapOwnerParams(BaseModel):
    """
    Create the owner: only while none exists.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    email: Annotated[str, Field(max_length=254, min_length=1)]
    password: Annotated[SecretStr, Field(max_length=1024)]


class Reason(RootModel[str]):
    root: Annotated[str, Field(max_length=2000)]


class CancelRunParams(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
    )
    reason: Reason | None = None
    run_id: UUID


class ChangePasswordParams(BaseModel):
    """
    The current password proves it is the owner at the keyboard.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    current_password: Annotated[SecretStr, Field(max_length=1024)]
    new_password: Annotated[SecretStr, Field(max_length=1024)]


class ChangePasswordResult(BaseModel):
    """
    How many other tokens the change revoked.
    """

    revoked_tokens: int


class ChangedFile(BaseModel):
    """
    One entry of ``git status --porcelain``: its two-letter status and path.
    """

    path: str
    status: str


class CheckResult(BaseModel):
    """
    One prerequisite check of the welcome step.
    """

    detail: str
    name: Literal["database", "key_ring", "workspace_root"]
    remediation: str | None
    status: Literal["pass", "fail", "timeout"]


class Checkpoint(BaseModel):
    """
    A named point of a session: its exec sequence, runner state and workspace commit.
    """

    commit_sha: str
    exec_sequence: int
    id: UUID
    inserted_at: AwareDatetime
    name: str
    number: int
    ref: str
    session_id: UUID
    state: dict[str, Any]


class ChecksReport(BaseModel):
    """
    Every welcome check; ``all_passed`` gates the welcome step.
    """

    all_passed: bool
    checks: list[CheckResult]


class CloneEvent(BaseModel):
    """
    One clone-status move and why it happened.
    """

    actor: str
    from_status: Literal["pending", "cloning", "ready", "error"] | None
    id: UUID
    occurred_at: AwareDatetime
    reason: str
    to_status: Literal["pending", "cloning", "ready", "error"]


class CompleteStep(BaseModel):
    """
    Marks onboarding complete once every earlier step has passed.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    step: Literal["complete"]


class ConflictErrorData(BaseModel):
    """
    The data of an error of kind conflict.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    kind: Literal["conflict"]
    reason: str
    request_id: str
    """
    The request id; the server logs under it.
    """
    resource: str


class CreateApiKeyParams(BaseModel):
    """
    A name to recognise the key by; no ``expires_at`` means it never expires.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    expires_at: AwareDatetime | None = None
    name: Annotated[str, Field(max_length=100, min_length=1)]


class Name(RootModel[str]):
    root: Annotated[str, Field(pattern="^[A-Za-z0-9][A-Za-z0-9 ._:/-]{0,199}$")]


class CreateCheckpointParams(BaseModel):
    """
    Snapshot the session's workspace and state under ``name`` (default ``cp-<n>``).
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    name: Name | None = None
    session_id: UUID


class CreatedApiKey(BaseModel):
    """
    A new API key: ``key`` is the full secret, returned this once and never again.
    """

    api_key: ApiKeyView
    key: str


class CursorExpiredErrorData(BaseModel):
    """
    The data of an error of kind cursor_expired.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    after: int
    earliest: int
    kind: Literal["cursor_expired"]
    request_id: str
    """
    The request id; the server logs under it.
    """
    topic: str


class Comment(RootModel[str]):
    root: Annotated[str, Field(max_length=4000)]


class DecideRunParams(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
    )
    comment: Comment | None = None
    run_id: UUID


class Delivery(BaseModel):
    """
    A delivery with its (redacted) payload.
    """

    action: str | None
    delivery_id: str
    error: dict[str, Any] | None
    event: str
    id: UUID
    inserted_at: AwareDatetime
    payload: Any
    process_count: int
    processed_at: AwareDatetime | None
    reason: str | None
    received_at: AwareDatetime
    repo_full_name: str | None
    repo_id: UUID | None
    status: Literal["received", "processed", "ignored", "failed"]
    updated_at: AwareDatetime


class DeliveryEventPayload(BaseModel):
    """
    The ``data`` of an event on the ``deliveries`` topic: a delivery's move.
    """

    action: str | None
    delivery_id: str
    event: str
    id: UUID
    reason: str | None
    repo_full_name: str | None
    status: Literal["received", "processed", "ignored", "failed"]


class DeliveryRef(BaseModel):
    """
    Names one stored delivery by its id.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    id: UUID


class DeliverySummary(BaseModel):
    """
    A delivery without its payload, as lists show it.
    """

    action: str | None
    delivery_id: str
    error: dict[str, Any] | None
    event: str
    id: UUID
    inserted_at: AwareDatetime
    process_count: int
    processed_at: AwareDatetime | None
    reason: str | None
    received_at: AwareDatetime
    repo_full_name: str | None
    repo_id: UUID | None
    status: Literal["received", "processed", "ignored", "failed"]
    updated_at: AwareDatetime


class WorkspaceRoot(RootModel[str]):
    root: Annotated[str, Field(max_length=4096)]


class EnvironmentStep(BaseModel):
    """
    Deployment mode, default environment, and the workspace root when local.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    default_environment: Literal["sprite", "local"]
    deployment_mode: Literal["cloud_vm", "local"]
    step: Literal["environment"]
    workspace_root: WorkspaceRoot | None = None


class Event(BaseModel):
    """
    One event of a session, in ``seq`` order; ``data`` is redacted.
    """

    at: AwareDatetime
    data: dict[str, Any]
    exec_sequence: int | None
    seq: int
    session_id: UUID
    type: Literal[
        "session.started",
        "session.ready",
        "exec.started",
        "exec.output",
        "exec.completed",
        "session.needs_input",
        "session.input_applied",
        "session.failed",
        "session.cancelled",
        "session.completed",
        "checkpoint.created",
        "checkpoint.restored",
        "agent.init",
        "agent.message",
        "agent.tool_call",
        "agent.tool_result",
        "agent.result",
        "agent.warning",
    ]


class EventItem(BaseModel):
    """
    One event of a topic: exactly what ``GET /events`` sends as an event's data.
    """

    at: AwareDatetime
    data: dict[str, Any]
    seq: int
    topic: str
    type: str


class EventItemPage(BaseModel):
    """
    A topic's events after ``after``, in seq order.
    """

    items: list[EventItem]
    last_seq: int
    next_after: int


class EventPage(BaseModel):
    """
    Events after the cursor; ``next_cursor`` continues after the last one (pass it back
    to poll; it stays put when nothing new arrived).
    """

    items: list[Event]
    next_cursor: str


class EventsListParams(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
    )
    after: Annotated[int, Field(ge=0, le=9223372036854775807)] = 0
    """
    The seq of the last event already seen.
    """
    limit: Annotated[int, Field(ge=1, le=500)] = 100
    topic: Annotated[str, Field(max_length=200, min_length=1)]
    """
    run:<id>, runs, forge:session:<id>, forge:sessions or deliveries (the topics and their event types are the document's x-events).
    """


class Exec(BaseModel):
    """
    One execution of a session; sizes count output bytes as the command wrote them.
    """

    command: Any
    duration_ms: int | None
    error: str | None
    error_kind: str | None
    exit_code: int | None
    finished_at: AwareDatetime | None
    id: UUID
    output_size_bytes: int
    result: dict[str, Any]
    sequence: int
    session_id: UUID
    started_at: AwareDatetime
    status: Literal["started", "completed", "needs_input", "failed", "timeout"]
    stored_bytes: int
    truncated_bytes: int


class ExecDetail(BaseModel):
    """
    An execution with its stored output (the tail, behind a truncation marker).
    """

    command: Any
    duration_ms: int | None
    error: str | None
    error_kind: str | None
    exit_code: int | None
    finished_at: AwareDatetime | None
    id: UUID
    output: str
    output_size_bytes: int
    result: dict[str, Any]
    sequence: int
    session_id: UUID
    started_at: AwareDatetime
    status: Literal["started", "completed", "needs_input", "failed", "timeout"]
    stored_bytes: int
    truncated_bytes: int


class ExecRef(BaseModel):
    """
    One execution of a session, by its sequence number.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    sequence: Annotated[int, Field(ge=1, le=2147483647)]
    session_id: UUID


class ExecutionErrorErrorData(BaseModel):
    """
    The data of an error of kind execution_error.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    kind: Literal["execution_error"]
    reason: str
    request_id: str
    """
    The request id; the server logs under it.
    """


class FieldError(BaseModel):
    """
    One field that broke a rule.
    """

    field: str
    message: str


class ForbiddenErrorData(BaseModel):
    """
    The data of an error of kind forbidden.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    kind: Literal["forbidden"]
    reason: str
    request_id: str
    """
    The request id; the server logs under it.
    """


class GetDefinitionParams(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
    )
    name: Annotated[str, Field(pattern="^[a-z][a-z0-9_]{0,63}$")]


class GitHubErrorErrorData(BaseModel):
    """
    The data of an error of kind provider_error.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    kind: Literal["provider_error"]
    provider: str
    reason: str
    request_id: str
    """
    The request id; the server logs under it.
    """
    retry_after_s: int | None
    status: int | None


class GithubSetupStep(BaseModel):
    """
    Passes when a GitHub PAT or GitHub App credential is verified ``active``.

    The server calls GitHub at ``JIDOCODE_GITHUB_API_URL`` (GitHub Enterprise, or a local
    server speaking GitHub's REST API) and clones from ``JIDOCODE_GIT_CLONE_BASE_URL``.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    step: Literal["github_setup"]


class DefaultBranch(RootModel[str]):
    root: Annotated[str, Field(max_length=255, min_length=1)]


class Name1(RootModel[str]):
    root: Annotated[str, Field(max_length=200, min_length=1)]


class ImportProjectParams(BaseModel):
    """
    Import a repository by ``owner/repo``; importing it again returns the same project.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    default_branch: DefaultBranch | None = None
    environment_type: Literal["sprite", "local"] | None = None
    github_full_name: Annotated[str, Field(examples=["acme/app"], max_length=140)]
    name: Name1 | None = None


class ImportProjectStep(BaseModel):
    """
    Passes when a project's clone has reached ``ready``.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    step: Literal["import_project"]


class InternalErrorData(BaseModel):
    """
    Anything unexpected; details are in the server log under request_id.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    kind: Literal["internal"]
    request_id: str
    """
    The request id; the server logs under it.
    """


class Error(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
    )
    loc: list[str | int]
    msg: str
    type: str


class InvalidParamsErrorData(BaseModel):
    """
    The params do not match the method's params model.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    errors: list[Error]
    kind: Literal["invalid_params"]
    request_id: str
    """
    The request id; the server logs under it.
    """


class InvalidTransitionErrorData(BaseModel):
    """
    The data of an error of kind invalid_transition.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    from_: Annotated[str | None, Field(alias="from")]
    kind: Literal["invalid_transition"]
    request_id: str
    """
    The request id; the server logs under it.
    """
    resource: str
    to: str


class InventoryMismatchErrorData(BaseModel):
    """
    The data of an error of kind inventory_mismatch.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    client_version: str
    kind: Literal["inventory_mismatch"]
    request_id: str
    """
    The request id; the server logs under it.
    """
    server_version: int


class IssueAnalysis(BaseModel):
    """
    The issue bot's analysis of one issue.
    """

    analyser: str | None
    analyzed_at: AwareDatetime | None
    classification: (
        Literal["bug", "feature", "documentation", "question", "needs_triage"] | None
    )
    comment_posted: bool
    comment_url: str | None
    confidence: float | None
    delivery_id: UUID | None
    error: dict[str, Any] | None
    id: UUID
    inserted_at: AwareDatetime
    issue_number: int
    priority: Literal["low", "medium", "high", "critical"] | None
    proposed_response: str | None
    repo_full_name: str
    repo_id: UUID
    run_id: UUID | None
    status: Literal["pending", "analyzing", "analyzed", "failed"]
    suggested_labels: list[str]
    summary: str | None
    title: str
    updated_at: AwareDatetime


class IssueAnalysisPage(BaseModel):
    """
    One page of issue analyses, most recently updated first.
    """

    items: list[IssueAnalysis]
    next_cursor: str | None


class IssueAnalysisRef(BaseModel):
    """
    Names one issue analysis by its id.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    id: UUID


class SealedWebhookSecret(RootModel[str]):
    root: Annotated[str, Field(max_length=65536)]


class IssueBotStep(BaseModel):
    """
    The instance webhook secret (given here, or stored before) and the default policy.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    default_policy: Literal["manual", "auto_post"]
    sealed_webhook_secret: SealedWebhookSecret | None = None
    step: Literal["issue_bot"]
    webhook_secret: SecretStr | None = None


class ListArtifactsParams(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
    )
    cursor: str | None = None
    limit: Annotated[int, Field(ge=1, le=200)] = 50
    run_id: UUID


class ListAuditsParams(BaseModel):
    """
    Filter and page the audit trail.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    cursor: str | None = None
    limit: Annotated[int, Field(ge=1, le=200)] = 50
    secret_ref_id: UUID | None = None


class ListConfigsParams(BaseModel):
    """
    The configs of one project, or of every project when ``project_id`` is absent.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    project_id: UUID | None = None


class Cursor(RootModel[str]):
    root: Annotated[str, Field(max_length=200)]


class ListCredentialsParams(BaseModel):
    """
    A page of credentials, newest first; revoked and expired ones only on request.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    cursor: Cursor | None = None
    include_inactive: bool = False
    limit: Annotated[int, Field(ge=1, le=100)] = 50


class ListDefinitionsParams(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
    )
    category: Literal["builtin", "custom"] | None = None
    cursor: str | None = None
    limit: Annotated[int, Field(ge=1, le=200)] = 50


class Event1(RootModel[str]):
    root: Annotated[str, Field(max_length=100)]


class Repo(RootModel[str]):
    root: Annotated[
        str, Field(pattern="^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$")
    ]


class ListDeliveriesParams(BaseModel):
    """
    Filters for ``github.list_deliveries``; each applies only when given.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    cursor: str | None = None
    """
    From a previous page's next_cursor
    """
    event: Event1 | None = None
    limit: Annotated[int, Field(ge=1, le=200)] = 50
    repo: Repo | None = None
    status: Literal["received", "processed", "ignored", "failed"] | None = None


class Types(
    RootModel[
        list[
            Literal[
                "session.started",
                "session.ready",
                "exec.started",
                "exec.output",
                "exec.completed",
                "session.needs_input",
                "session.input_applied",
                "session.failed",
                "session.cancelled",
                "session.completed",
                "checkpoint.created",
                "checkpoint.restored",
                "agent.init",
                "agent.message",
                "agent.tool_call",
                "agent.tool_result",
                "agent.result",
                "agent.warning",
            ]
        ]
    ]
):
    root: Annotated[
        list[
            Literal[
                "session.started",
                "session.ready",
                "exec.started",
                "exec.output",
                "exec.completed",
                "session.needs_input",
                "session.input_applied",
                "session.failed",
                "session.cancelled",
                "session.completed",
                "checkpoint.created",
                "checkpoint.restored",
                "agent.init",
                "agent.message",
                "agent.tool_call",
                "agent.tool_result",
                "agent.result",
                "agent.warning",
            ]
        ],
        Field(max_length=20),
    ]


class ListEventsParams(BaseModel):
    """
    A session's events after ``cursor`` (a ``seq``), optionally of some types.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    cursor: str | None = None
    """
    The next_cursor of the last read
    """
    limit: Annotated[int, Field(ge=1, le=1000)] = 200
    session_id: UUID
    types: Types | None = None


class ListIssueAnalysesParams(BaseModel):
    """
    Filters for ``github.list_issue_analyses``; each applies only when given.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    classification: (
        Literal["bug", "feature", "documentation", "question", "needs_triage"] | None
    ) = None
    cursor: str | None = None
    """
    From a previous page's next_cursor
    """
    limit: Annotated[int, Field(ge=1, le=200)] = 50
    repo: Repo | None = None
    status: Literal["pending", "analyzing", "analyzed", "failed"] | None = None


class ListPendingApprovalsParams(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
    )
    cursor: str | None = None
    limit: Annotated[int, Field(ge=1, le=200)] = 50
    project_id: UUID | None = None


class ListProjectsParams(BaseModel):
    """
    A page of projects, newest first.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    cursor: Cursor | None = None
    limit: Annotated[int, Field(ge=1, le=200)] = 50


class ListPullRequestsParams(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
    )
    cursor: str | None = None
    limit: Annotated[int, Field(ge=1, le=200)] = 50
    project_id: UUID | None = None


class ListReposParams(BaseModel):
    """
    Page through the repositories the GitHub domain knows.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    cursor: str | None = None
    """
    From a previous page's next_cursor
    """
    limit: Annotated[int, Field(ge=1, le=200)] = 50


class ListRunEventsParams(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
    )
    cursor: str | None = None
    """
    A next_cursor from an earlier call.
    """
    limit: Annotated[int, Field(ge=1, le=1000)] = 100
    project_id: UUID | None = None
    run_id: UUID | None = None


class ListRunsParams(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
    )
    cursor: str | None = None
    limit: Annotated[int, Field(ge=1, le=200)] = 50
    project_id: UUID | None = None
    status: (
        Literal[
            "pending",
            "running",
            "awaiting_approval",
            "completed",
            "failed",
            "cancelled",
        ]
        | None
    ) = None


class ListSecretsParams(BaseModel):
    """
    Filter and page the secret list.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    cursor: str | None = None
    limit: Annotated[int, Field(ge=1, le=200)] = 50
    scope: Literal["instance", "project", "integration"] | None = None


class ListSessionsParams(BaseModel):
    """
    Sessions newest first, optionally of one project or in one phase.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    cursor: str | None = None
    """
    From a previous page's next_cursor
    """
    limit: Annotated[int, Field(ge=1, le=200)] = 50
    phase: (
        Literal[
            "created",
            "provisioning",
            "ready",
            "running",
            "needs_input",
            "completed",
            "failed",
            "cancelled",
        ]
        | None
    ) = None
    project_id: UUID | None = None


class NoParams(BaseModel):
    """
    For methods without params: accepts an absent ``params``, ``{}`` or ``[]``.
    """

    model_config = ConfigDict(
        extra="forbid",
    )


class NotFoundErrorData(BaseModel):
    """
    The data of an error of kind not_found.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    id: str
    kind: Literal["not_found"]
    request_id: str
    """
    The request id; the server logs under it.
    """
    resource: str


class OwnerBootstrapStep(BaseModel):
    """
    Confirms the owner exists (create it with ``accounts.bootstrap_owner``).
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    step: Literal["owner_bootstrap"]


class OwnerView(BaseModel):
    """
    The owner, without the password hash.
    """

    email: str
    id: UUID
    owner_bootstrapped_at: AwareDatetime
    password_changed_at: AwareDatetime


class PolicyViolationErrorData(BaseModel):
    """
    The data of an error of kind policy_violation.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    kind: Literal["policy_violation"]
    reason: str
    request_id: str
    """
    The request id; the server logs under it.
    """


class Pong(BaseModel):
    """
    The answer to ``system.ping``.
    """

    pong: bool


class ProjectDetail(BaseModel):
    """
    A project with its clone-status history, oldest first.
    """

    clone_error: str | None
    clone_history: list[CloneEvent]
    clone_status: Literal["pending", "cloning", "ready", "error"]
    default_branch: str | None
    environment_type: Literal["sprite", "local"]
    github_full_name: str
    id: UUID
    inserted_at: AwareDatetime
    last_synced_at: AwareDatetime | None
    name: str
    settings: dict[str, Any]
    updated_at: AwareDatetime
    workspace_path: str


class ProjectRef(BaseModel):
    """
    Names one project.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    project_id: UUID


class ProjectView(BaseModel):
    """
    A project as clients see it.
    """

    clone_error: str | None
    clone_status: Literal["pending", "cloning", "ready", "error"]
    default_branch: str | None
    environment_type: Literal["sprite", "local"]
    github_full_name: str
    id: UUID
    inserted_at: AwareDatetime
    last_synced_at: AwareDatetime | None
    name: str
    settings: dict[str, Any]
    updated_at: AwareDatetime
    workspace_path: str


class ProviderCredentialView(BaseModel):
    """
    A provider credential's state and metadata (never the secret).
    """

    metadata: dict[str, Any]
    provider: Literal[
        "anthropic", "openai", "google", "github_app", "github_pat", "sprites"
    ]
    secret_ref_id: UUID | None
    status: Literal["active", "invalid", "not_set", "rotating", "unverified"]
    status_reason: str | None
    updated_at: AwareDatetime | None
    verified_at: AwareDatetime | None


class ProviderErrorErrorData(BaseModel):
    """
    The data of an error of kind provider_error.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    kind: Literal["provider_error"]
    reason: str
    request_id: str
    """
    The request id; the server logs under it.
    """


class ProviderParams(BaseModel):
    """
    Names one provider.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    provider: Literal[
        "anthropic", "openai", "google", "github_app", "github_pat", "sprites"
    ]


class ProviderSetupStep(BaseModel):
    """
    Passes when at least one LLM provider credential is verified ``active``.

    Store one with ``setup.set_provider_credential`` and check it with
    ``setup.verify_provider_credential``. The server calls the provider at
    ``JIDOCODE_ANTHROPIC_BASE_URL``, ``JIDOCODE_OPENAI_BASE_URL`` or
    ``JIDOCODE_GOOGLE_BASE_URL``; offline, point one at a local server that speaks that API.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    step: Literal["provider_setup"]


class PullRequestIdParams(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
    )
    pull_request_id: UUID


class PullRequestTransition(BaseModel):
    """
    One status move of a pull request record, and what reported it (``webhook:<delivery
    id>`` or ``sync``).
    """

    at: AwareDatetime
    from_: Annotated[Literal["open", "merged", "closed"], Field(alias="from")]
    source: str
    to: Literal["open", "merged", "closed"]


class PullRequestView(BaseModel):
    """
    A pull request a run opened.
    """

    body: str
    branch: str
    closed_at: AwareDatetime | None
    github_updated_at: AwareDatetime | None
    head_sha: str | None
    id: UUID
    inserted_at: AwareDatetime
    last_synced_at: AwareDatetime | None
    merged_at: AwareDatetime | None
    number: int
    project_id: UUID
    run_id: UUID | None
    status: Literal["open", "merged", "closed"]
    status_transitions: list[PullRequestTransition]
    title: str
    updated_at: AwareDatetime
    url: str


class SealedValue(RootModel[str]):
    root: Annotated[str, Field(max_length=65536)]


class PutSecretParams(BaseModel):
    """
    Store a new secret under ``(scope, name)``.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    expires_at: AwareDatetime | None = None
    name: Annotated[str, Field(pattern="^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,199}$")]
    scope: Literal["instance", "project", "integration"]
    sealed_value: SealedValue | None = None
    value: SecretStr | None = None


class RateLimitedErrorData(BaseModel):
    """
    The data of an error of kind rate_limited.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    kind: Literal["rate_limited"]
    request_id: str
    """
    The request id; the server logs under it.
    """
    retry_after_s: int


class RejectPolicyInput(BaseModel):
    """
    What a rejection does: cancel the run, or send it back to a named step.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    action: Literal["cancel", "retry_step"] = "cancel"
    step: str | None = None


class RejectPolicyOutput(BaseModel):
    """
    What a rejection does: cancel the run, or send it back to a named step.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    action: Literal["cancel", "retry_step"]
    step: str | None


class Repo2(BaseModel):
    """
    A repository as the GitHub domain knows it (no secret, only whether one is set).
    """

    enabled: bool
    full_name: str
    id: UUID
    inserted_at: AwareDatetime
    name: str
    owner: str
    previous_webhook_secret_ref_id: UUID | None
    previous_webhook_secret_valid_until: AwareDatetime | None
    settings: dict[str, Any]
    updated_at: AwareDatetime
    webhook_secret_ref_id: UUID | None


class RepoPage(BaseModel):
    """
    One page of repositories, newest first.
    """

    items: list[Repo2]
    next_cursor: str | None


class Name2(RootModel[str]):
    root: Annotated[str, Field(pattern="^[A-Za-z0-9][A-Za-z0-9 ._:/-]{0,199}$")]


class Number(RootModel[int]):
    root: Annotated[int, Field(ge=1, le=2147483647)]


class RestoreCheckpointParams(BaseModel):
    """
    Put a checkpoint's workspace back: by ``number`` or ``name``.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    name: Name2 | None = None
    number: Number | None = None
    session_id: UUID


class RetryRunParams(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
    )
    from_step: str | None = None
    """
    Start at this step (the policy must allow it); else a full run.
    """
    run_id: UUID


class RevokeApiKeyParams(BaseModel):
    """
    The key to revoke.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    api_key_id: UUID


class RevokeTokenParams(BaseModel):
    """
    The token to revoke.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    token_id: UUID


class RewrapParams(BaseModel):
    """
    Rewrap batch size (each batch is one transaction).
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    batch_size: Annotated[int, Field(ge=1, le=5000)] = 500


class RewrapReport(BaseModel):
    """
    What a rewrap pass did.
    """

    batches: int
    failed: int
    newest_version: int
    remaining: int
    rewrapped: int


class RotateSecretParams(BaseModel):
    """
    Replace an active secret's value.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    expires_at: AwareDatetime | None = None
    sealed_value: SealedValue | None = None
    secret_ref_id: UUID
    value: SecretStr | None = None


class MaxAgentTurns(RootModel[int]):
    root: Annotated[int, Field(gt=0, le=100000)]


class MaxCostUsd(RootModel[float]):
    root: Annotated[float, Field(gt=0.0, le=100000.0)]


class MaxWallS(RootModel[float]):
    root: Annotated[float, Field(gt=0.0, le=2592000.0)]


class RunBudgetInput(BaseModel):
    """
    A run's limits: USD spent (LLM and agent cost), wall time spent running steps, and
    coding-agent turns. A key left out takes the next level's value (engine default →
    definition → project settings ``budget`` → the run's ``budget`` input).
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    max_agent_turns: MaxAgentTurns | None = None
    max_cost_usd: MaxCostUsd | None = None
    max_wall_s: MaxWallS | None = None


class RunBudgetOutput(BaseModel):
    """
    A run's limits: USD spent (LLM and agent cost), wall time spent running steps, and
    coding-agent turns. A key left out takes the next level's value (engine default →
    definition → project settings ``budget`` → the run's ``budget`` input).
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    max_agent_turns: MaxAgentTurns | None
    max_cost_usd: MaxCostUsd | None
    max_wall_s: MaxWallS | None


class RunError(BaseModel):
    """
    Why a run failed, in terms an owner can act on (redacted).
    """

    detail: str | None
    failed_step: str | None
    kind: str
    last_successful_step: str | None
    reason: str
    remediation: str | None


class RunEvent(BaseModel):
    """
    One entry of a run's event log; ``seq`` is its cursor position.
    """

    actor: str
    at: AwareDatetime
    data: dict[str, Any]
    from_: Annotated[
        Literal[
            "pending",
            "running",
            "awaiting_approval",
            "completed",
            "failed",
            "cancelled",
        ]
        | None,
        Field(alias="from"),
    ]
    project_id: UUID
    run_id: UUID
    seq: int
    step: str | None
    to: Literal[
        "pending", "running", "awaiting_approval", "completed", "failed", "cancelled"
    ]
    type: Literal[
        "run_started",
        "step_started",
        "step_session_started",
        "approval_requested",
        "approval_granted",
        "approval_rejected",
        "step_completed",
        "step_failed",
        "run_completed",
        "run_failed",
        "run_cancelled",
    ]
    workflow_name: str
    workflow_version: int


class RunEventPage(BaseModel):
    """
    Events after a cursor, oldest first; pass ``next_cursor`` back to continue.
    """

    items: list[RunEvent]
    next_cursor: str


class RunEventPayload(BaseModel):
    """
    The ``data`` of an event on a ``run:<id>`` or the ``runs`` topic.
    """

    actor: str
    data: dict[str, Any]
    from_: Annotated[
        Literal[
            "pending",
            "running",
            "awaiting_approval",
            "completed",
            "failed",
            "cancelled",
        ]
        | None,
        Field(alias="from"),
    ]
    project_id: UUID
    run_id: UUID
    step: str | None
    to: Literal[
        "pending", "running", "awaiting_approval", "completed", "failed", "cancelled"
    ]
    workflow_name: str
    workflow_version: int


class RunIdParams(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
    )
    run_id: UUID


class SealingKeyView(BaseModel):
    """
    The server's X25519 public key for libsodium sealed boxes (base64).
    """

    algorithm: Literal["x25519-xsalsa20-poly1305-sealedbox"]
    key_id: UUID
    public_key: str


class SecretAuditView(BaseModel):
    """
    One audit row: what happened to which secret, by whom; never the value.
    """

    action: Literal["create", "rotate", "revoke", "rewrap"]
    actor: str
    id: UUID
    key_version: int | None
    name: str
    occurred_at: AwareDatetime
    outcome: Literal["success", "failure"]
    scope: str
    secret_ref_id: UUID | None


class SecretBindingView(BaseModel):
    """
    A secret bound to an environment variable of a project's workspace commands.
    """

    env_var_name: str
    id: UUID
    inject_to_workspace: bool
    inserted_at: AwareDatetime
    project_id: UUID
    secret_ref_id: UUID
    updated_at: AwareDatetime


class SecretIdParams(BaseModel):
    """
    Names one secret.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    secret_ref_id: UUID


class SecretRefView(BaseModel):
    """
    A stored secret's metadata; the value never leaves the server this way.
    """

    expires_at: AwareDatetime | None
    id: UUID
    inserted_at: AwareDatetime
    key_version: int | None
    last_rotated_at: AwareDatetime | None
    name: str
    revoked_at: AwareDatetime | None
    scope: Literal["instance", "project", "integration"]
    source: Literal["env", "onboarding", "rotation", "api"]
    status: Literal["active", "revoked"]
    updated_at: AwareDatetime


class SecretUnavailableErrorData(BaseModel):
    """
    The data of an error of kind secret_unavailable.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    kind: Literal["secret_unavailable"]
    reason: str
    request_id: str
    """
    The request id; the server logs under it.
    """


class Session(BaseModel):
    """
    A Forge session as clients see it.
    """

    checkpoint_count: int
    completed_at: AwareDatetime | None
    environment: Literal["local", "sprite"]
    execution_count: int
    id: UUID
    inserted_at: AwareDatetime
    last_activity_at: AwareDatetime
    last_error: str | None
    name: str
    phase: Literal[
        "created",
        "provisioning",
        "ready",
        "running",
        "needs_input",
        "completed",
        "failed",
        "cancelled",
    ]
    project_id: UUID
    run_id: UUID | None
    runner: Literal["shell", "agent_cli", "workflow"]
    runner_state: dict[str, Any]
    spec: dict[str, Any]
    started_at: AwareDatetime
    updated_at: AwareDatetime
    workspace_path: str


class SessionDetail(BaseModel):
    """
    A session with its latest executions, checkpoints and open question.
    """

    checkpoint_count: int
    checkpoints: list[Checkpoint]
    completed_at: AwareDatetime | None
    environment: Literal["local", "sprite"]
    execs: list[Exec]
    execution_count: int
    id: UUID
    inserted_at: AwareDatetime
    last_activity_at: AwareDatetime
    last_error: str | None
    name: str
    phase: Literal[
        "created",
        "provisioning",
        "ready",
        "running",
        "needs_input",
        "completed",
        "failed",
        "cancelled",
    ]
    project_id: UUID
    question: str | None
    run_id: UUID | None
    runner: Literal["shell", "agent_cli", "workflow"]
    runner_state: dict[str, Any]
    spec: dict[str, Any]
    started_at: AwareDatetime
    updated_at: AwareDatetime
    workspace_path: str


class SessionEventPayload(BaseModel):
    """
    The ``data`` of an event on a ``forge:session:<id>`` topic: what ``Event`` holds.
    """

    data: dict[str, Any]
    exec_sequence: int | None
    session_id: UUID


class SessionPage(BaseModel):
    """
    A page of sessions, newest first.
    """

    items: list[Session]
    next_cursor: str | None


class SessionPhasePayload(BaseModel):
    """
    The ``data`` of an event on the ``forge:sessions`` topic: a session's phase move.
    """

    data: dict[str, Any]
    name: str
    phase: Literal[
        "created",
        "provisioning",
        "ready",
        "running",
        "needs_input",
        "completed",
        "failed",
        "cancelled",
    ]
    project_id: UUID
    run_id: UUID | None
    runner: Literal["shell", "agent_cli", "workflow"]
    session_id: UUID


class SessionRef(BaseModel):
    """
    One session.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    session_id: UUID


class BudgetUsd(RootModel[float]):
    root: Annotated[float, Field(gt=0.0, le=10000.0)]


class IdleTimeoutS(RootModel[float]):
    root: Annotated[float, Field(gt=0.0, le=604800.0)]


class KillGraceS(RootModel[float]):
    root: Annotated[float, Field(gt=0.0, le=60.0)]


class WallTimeoutS(RootModel[float]):
    root: Annotated[float, Field(gt=0.0, le=604800.0)]


class SessionSpec(BaseModel):
    """
    How a session's execs run; an unset timeout takes the server's default.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    agent_profile: Literal["claude", "codex"] = "claude"
    budget_usd: BudgetUsd | None = None
    env: dict[str, str] | None = None
    """
    Extra (non-secret) environment variables
    """
    environment: Literal["local", "sprite"] = "local"
    idle_timeout_s: IdleTimeoutS | None = None
    kill_grace_s: KillGraceS | None = None
    max_turns: Annotated[int, Field(ge=1, le=1000)] = 30
    wall_timeout_s: WallTimeoutS | None = None


class SetEnabledParams(BaseModel):
    """
    Switch a project's agent on or off.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    agent_type: Literal["github_issue_bot", "pr_review_bot", "dependency_bot"]
    enabled: bool
    project_id: UUID


class SetProviderCredentialParams(BaseModel):
    """
    Store (or replace) one provider's credential; it stays unverified until verified.
    For ``github_app`` the secret is JSON text with ``app_id``, ``installation_id`` and
    ``private_key`` (PEM).
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    provider: Literal[
        "anthropic", "openai", "google", "github_app", "github_pat", "sprites"
    ]
    sealed_value: SealedValue | None = None
    value: SecretStr | None = None


class Repo3(RootModel[str]):
    root: Annotated[
        str, Field(pattern="^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$")
    ]


class SetWebhookSecretParams(BaseModel):
    """
    The webhook secret GitHub signs deliveries with: for one repository (``repo``) or,
    without it, for the whole instance.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    repo: Repo3 | None = None
    sealed_value: SealedValue | None = None
    value: SecretStr | None = None


class SignInParams(BaseModel):
    """
    Email and password; ``mode`` chooses a session cookie or a bearer token.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    email: Annotated[str, Field(max_length=254, min_length=1)]
    mode: Literal["session", "bearer"] = "bearer"
    password: Annotated[SecretStr, Field(max_length=1024)]


class SignInResult(BaseModel):
    """
    A new session or bearer token.

    ``token`` is set only for ``bearer``: a session token travels only in its
    ``HttpOnly`` cookie, so page scripts never see it.
    """

    expires_at: AwareDatetime
    mode: Literal["session", "bearer"]
    owner: OwnerView
    token: str | None
    token_id: UUID


class SignOutResult(BaseModel):
    """
    Whether the current token was revoked (it always is unless already revoked).
    """

    revoked: bool


class StartRunParams(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
    )
    definition_name: Annotated[str, Field(pattern="^[a-z][a-z0-9_]{0,63}$")]
    inputs: dict[str, Any] | None = None
    project_id: UUID


class StartSessionParams(BaseModel):
    """
    A new session of ``runner`` in the project's workspace.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    name: Name2 | None = None
    project_id: UUID
    run_id: UUID | None = None
    runner: Literal["shell", "agent_cli", "workflow"]
    spec: SessionSpec | None = None


class StatusTransition(BaseModel):
    """
    One status move of a run.
    """

    actor: str
    at: AwareDatetime
    from_: Annotated[
        Literal[
            "pending",
            "running",
            "awaiting_approval",
            "completed",
            "failed",
            "cancelled",
        ]
        | None,
        Field(alias="from"),
    ]
    step: str | None
    to: Literal[
        "pending", "running", "awaiting_approval", "completed", "failed", "cancelled"
    ]


class StepInfo(BaseModel):
    """
    One onboarding step and whether it has passed.
    """

    done: bool
    name: Literal[
        "welcome",
        "owner_bootstrap",
        "provider_setup",
        "github_setup",
        "environment",
        "issue_bot",
        "import_project",
        "complete",
    ]
    number: int


class StepRun(BaseModel):
    """
    One attempt of one step of a run: the step's position (from 0) and name in the
    pinned definition, its kind, the attempt number (from 1), status, times, output and
    error (redacted) and what it cost in USD.
    """

    attempt: int
    cost_usd: float
    error: dict[str, Any] | None
    finished_at: AwareDatetime | None
    id: UUID
    kind: str
    output: dict[str, Any]
    run_id: UUID
    started_at: AwareDatetime
    status: Literal["running", "completed", "failed", "cancelled"]
    step_index: int
    step_name: str


class StepRunList(BaseModel):
    """
    Every attempt of a run's steps, in the order they started; each attempt's output
    and error as stored (redacted).
    """

    items: list[StepRun]


class StepSpecInput(BaseModel):
    """
    One step of a workflow: a unique name, what kind of work it is, and its options.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    kind: Literal[
        "llm",
        "agent",
        "shell",
        "plan",
        "coding_agent",
        "run_tests",
        "approval",
        "commit_and_pr",
        "reproduce",
        "diagnose",
        "fetch_issue",
        "triage",
        "research",
        "compose_response",
        "post_comment",
        "fetch_pull_request",
        "review",
        "post_review",
    ]
    name: Annotated[str, Field(pattern="^[a-z][a-z0-9_]{0,63}$")]
    options: dict[str, Any] | None = None


class StepSpecOutput(BaseModel):
    """
    One step of a workflow: a unique name, what kind of work it is, and its options.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    kind: Literal[
        "llm",
        "agent",
        "shell",
        "plan",
        "coding_agent",
        "run_tests",
        "approval",
        "commit_and_pr",
        "reproduce",
        "diagnose",
        "fetch_issue",
        "triage",
        "research",
        "compose_response",
        "post_comment",
        "fetch_pull_request",
        "review",
        "post_review",
    ]
    name: Annotated[str, Field(pattern="^[a-z][a-z0-9_]{0,63}$")]
    options: dict[str, Any]


class SystemConfigView(BaseModel):
    """
    The instance configuration and onboarding progress.
    """

    default_environment: Literal["sprite", "local"] | None
    deployment_mode: Literal["cloud_vm", "local"] | None
    issue_bot_policy: Literal["manual", "auto_post"] | None
    onboarding_completed: bool
    onboarding_completed_at: AwareDatetime | None
    onboarding_state: dict[str, Any]
    onboarding_step: int
    owner_bootstrapped_at: AwareDatetime | None
    rpc_inventory_version: int | None
    updated_at: AwareDatetime
    workspace_root: str | None


class TimeoutErrorData(BaseModel):
    """
    The data of an error of kind timeout.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    kind: Literal["timeout"]
    reason: str
    request_id: str
    """
    The request id; the server logs under it.
    """


class TokenView(BaseModel):
    """
    A session or bearer token's metadata (never the token).
    """

    current: bool
    expires_at: AwareDatetime
    id: UUID
    inserted_at: AwareDatetime
    kind: Literal["session", "bearer"]
    last_used_at: AwareDatetime | None
    revoked_at: AwareDatetime | None
    status: Literal["active", "expired", "revoked"]
    user_agent: str | None


class UnauthenticatedErrorData(BaseModel):
    """
    The data of an error of kind unauthenticated.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    kind: Literal["unauthenticated"]
    request_id: str
    """
    The request id; the server logs under it.
    """


class UnbindSecretParams(BaseModel):
    """
    Remove the binding of one environment variable.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    env_var_name: Annotated[str, Field(max_length=128)]
    project_id: UUID


class Unbound(BaseModel):
    """
    The binding is gone (the secret itself stays in the store).
    """

    env_var_name: str
    project_id: UUID
    unbound: bool


class UpdateConfigParams(BaseModel):
    """
    Change instance configuration; omitted fields stay as they are.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    default_environment: Literal["sprite", "local"] | None = None
    deployment_mode: Literal["cloud_vm", "local"] | None = None
    issue_bot_policy: Literal["manual", "auto_post"] | None = None
    workspace_root: WorkspaceRoot | None = None


class Description(RootModel[str]):
    root: Annotated[str, Field(max_length=2000)]


class ExpectedVersion(RootModel[int]):
    root: Annotated[int, Field(ge=1)]
    """
    Refuse with conflict unless this is the current version.
    """


class Steps(RootModel[list[StepSpecInput]]):
    root: Annotated[list[StepSpecInput], Field(max_length=50, min_length=1)]


class TriggerTypes(
    RootModel[list[Literal["manual", "webhook", "schedule", "support_agent"]]]
):
    root: Annotated[
        list[Literal["manual", "webhook", "schedule", "support_agent"]],
        Field(min_length=1),
    ]


class Name4(RootModel[str]):
    root: Annotated[str, Field(max_length=200, min_length=1)]


class UpdateProjectParams(BaseModel):
    """
    Change a project's name, default branch, environment or settings (absent = keep).
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    default_branch: DefaultBranch | None = None
    environment_type: Literal["sprite", "local"] | None = None
    name: Name4 | None = None
    project_id: UUID
    settings: dict[str, Any] | None = None


class WebhookEvents(RootModel[list[str]]):
    root: Annotated[list[str], Field(max_length=50)]


class UpsertConfigParams(BaseModel):
    """
    Create or change a project's config of one agent type; absent fields keep their value
    (or take the defaults on creation: disabled, the type's default events, manual approval).
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    agent_type: Literal["github_issue_bot", "pr_review_bot", "dependency_bot"]
    approval_policy: ApprovalPolicyInput | None = None
    configuration: dict[str, Any] | None = None
    enabled: bool | None = None
    project_id: UUID
    webhook_events: WebhookEvents | None = None


class ValidationErrorErrorData(BaseModel):
    """
    The data of an error of kind validation_error.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    field_errors: list[FieldError]
    kind: Literal["validation_error"]
    request_id: str
    """
    The request id; the server logs under it.
    """


class VersionInfo(BaseModel):
    """
    What a client needs to know about the server it talks to.
    """

    inventory_version: int
    package_version: str
    postgres_version: str


class WebhookSecretSet(BaseModel):
    """
    What ``github.set_webhook_secret`` did (the secret itself is never returned).
    """

    previous_valid_until: AwareDatetime | None
    repo: str | None
    rotated: bool
    secret_ref_id: UUID
    target: Literal["instance", "repository"]


class WelcomeStep(BaseModel):
    """
    Runs the prerequisite checks; passes when every check passes.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    step: Literal["welcome"]


class WorkflowApprovalPolicyInput(BaseModel):
    """
    How approvals and retries behave for a definition.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    on_reject: RejectPolicyInput | None = None
    retryable_steps: list[str] | None = None


class WorkflowApprovalPolicyOutput(BaseModel):
    """
    How approvals and retries behave for a definition.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    on_reject: RejectPolicyOutput
    retryable_steps: list[str]


class Name5(RootModel[str]):
    root: Annotated[str, Field(max_length=200)]


class WorkflowStep(BaseModel):
    """
    One exec step of a ``workflow`` session: a ``sh -c`` string or an argv list.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    command: str | list[str]
    """
    sh -c text, or an argv list
    """
    name: Name5 | None = None


class WorkspaceStatus(BaseModel):
    """
    The workspace as git sees it; git facts are null until the clone is ready.
    """

    branch: str | None
    changed_files: list[ChangedFile]
    clean: bool | None
    clone_error: str | None
    clone_status: Literal["pending", "cloning", "ready", "error"]
    head_commit: str | None
    last_synced_at: AwareDatetime | None
    project_id: UUID


class AccessibleRepositories(BaseModel):
    """
    Every repository the GitHub credential can see, by full name.
    """

    items: list[AccessibleRepository]


class AgentConfigView(BaseModel):
    """
    A project's config of one agent type.
    """

    agent_type: Literal["github_issue_bot", "pr_review_bot", "dependency_bot"]
    approval_policy: ApprovalPolicyOutput
    configuration: dict[str, Any]
    enabled: bool
    id: UUID
    inserted_at: AwareDatetime
    last_triggered_at: AwareDatetime | None
    project_id: UUID
    schedule_next_at: AwareDatetime | None
    """
    When the agent's cron schedule next starts its workflow (UTC); null when it is disabled or has no schedule.
    """
    updated_at: AwareDatetime
    webhook_events: list[str]


class ApiKeyPage(BaseModel):
    """
    API keys, newest first.
    """

    items: list[ApiKeyView]
    next_cursor: str | None


class ApprovalPage(BaseModel):
    """
    A page of pending approvals, newest first.
    """

    items: list[ApprovalView]
    next_cursor: str | None


class ArtifactPage(BaseModel):
    """
    A page of a run's artifacts, newest first.
    """

    items: list[ArtifactSummary]
    next_cursor: str | None


class CreateDefinitionParams(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
    )
    approval_policy: WorkflowApprovalPolicyInput | None = None
    budget: RunBudgetInput | None = None
    description: Annotated[str, Field(max_length=2000)] = ""
    input_schema: dict[str, Any] | None = None
    name: Annotated[str, Field(pattern="^[a-z][a-z0-9_]{0,63}$")]
    steps: Annotated[list[StepSpecInput], Field(max_length=50, min_length=1)]
    trigger_types: Annotated[
        list[Literal["manual", "webhook", "schedule", "support_agent"]] | None,
        Field(min_length=1),
    ] = None


class DefinitionView(BaseModel):
    """
    A workflow definition at its current version.
    """

    approval_policy: WorkflowApprovalPolicyOutput
    budget: RunBudgetOutput | None
    """
    The default budget of its runs (unset keys: the engine's).
    """
    category: Literal["builtin", "custom"]
    description: str
    id: UUID
    input_schema: dict[str, Any]
    inserted_at: AwareDatetime
    name: str
    shipping: bool
    """
    True when the last step commits and opens a pull request.
    """
    steps: list[StepSpecOutput]
    trigger_types: list[Literal["manual", "webhook", "schedule", "support_agent"]]
    updated_at: AwareDatetime
    version: int


class DeliveryPage(BaseModel):
    """
    One page of deliveries, newest first.
    """

    items: list[DeliverySummary]
    next_cursor: str | None


class ExecParams(BaseModel):
    """
    One iteration: shell ``command`` (sh -c text or argv), agent prompt, or workflow
    steps.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    command: str | list[str] | list[WorkflowStep]
    session_id: UUID


class MeView(BaseModel):
    """
    Who is calling, and through which credential.
    """

    auth_mode: Literal["session", "token", "api_key"]
    credential_id: UUID | None
    owner: OwnerView


class ProjectPage(BaseModel):
    """
    One page of projects, newest first.
    """

    items: list[ProjectView]
    next_cursor: str | None


class ProviderCredentialList(BaseModel):
    """
    Every known provider, ``not_set`` when nothing is stored.
    """

    items: list[ProviderCredentialView]


class PullRequestPage(BaseModel):
    """
    A page of pull requests, newest first.
    """

    items: list[PullRequestView]
    next_cursor: str | None


class RunView(BaseModel):
    """
    A workflow run.
    """

    completed_at: AwareDatetime | None
    current_step: str | None
    error: RunError | None
    id: UUID
    inputs: dict[str, Any]
    inserted_at: AwareDatetime
    project_id: UUID
    retry_attempt: int
    retry_of_run_id: UUID | None
    shipping: bool
    start_step: str | None
    started_at: AwareDatetime | None
    status: Literal[
        "pending", "running", "awaiting_approval", "completed", "failed", "cancelled"
    ]
    status_transitions: list[StatusTransition]
    step_results: dict[str, Any]
    trigger: Literal["manual", "webhook", "schedule", "support_agent"]
    trigger_context: dict[str, Any]
    updated_at: AwareDatetime
    workflow_definition_id: UUID
    workflow_name: str
    workflow_version: int


class SaveStepParams(BaseModel):
    """
    One onboarding step and its step-specific payload.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    payload: Annotated[
        WelcomeStep
        | OwnerBootstrapStep
        | ProviderSetupStep
        | GithubSetupStep
        | EnvironmentStep
        | IssueBotStep
        | ImportProjectStep
        | CompleteStep,
        Field(discriminator="step"),
    ]


class SaveStepResult(BaseModel):
    """
    The step's stored result and the configuration after it.
    """

    config: SystemConfigView
    result: dict[str, Any]
    step: Literal[
        "welcome",
        "owner_bootstrap",
        "provider_setup",
        "github_setup",
        "environment",
        "issue_bot",
        "import_project",
        "complete",
    ]


class SecretAuditPage(BaseModel):
    """
    A page of audit rows, newest first.
    """

    items: list[SecretAuditView]
    next_cursor: str | None


class SecretBindingList(BaseModel):
    """
    A project's secret bindings, by variable name.
    """

    items: list[SecretBindingView]


class SecretPage(BaseModel):
    """
    A page of secrets, newest first.
    """

    items: list[SecretRefView]
    next_cursor: str | None


class SetupStatus(BaseModel):
    """
    What a fresh frontend needs to route: bootstrap, sign in and onboard, or the app.
    """

    current_step: Literal[
        "welcome",
        "owner_bootstrap",
        "provider_setup",
        "github_setup",
        "environment",
        "issue_bot",
        "import_project",
        "complete",
    ]
    next_action: Literal["bootstrap_owner", "onboarding", "ready"]
    onboarding_completed: bool
    onboarding_step: int
    owner_exists: bool
    steps: list[StepInfo]


class TokenPage(BaseModel):
    """
    Tokens, newest first.
    """

    items: list[TokenView]
    next_cursor: str | None


class UpdateDefinitionParams(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
    )
    approval_policy: WorkflowApprovalPolicyInput | None = None
    budget: RunBudgetInput | None = None
    """
    Replaces the budget when given.
    """
    description: Description | None = None
    expected_version: ExpectedVersion | None = None
    """
    Refuse with conflict unless this is the current version.
    """
    input_schema: dict[str, Any] | None = None
    name: Annotated[str, Field(pattern="^[a-z][a-z0-9_]{0,63}$")]
    steps: Steps | None = None
    trigger_types: TriggerTypes | None = None


class AgentConfigList(BaseModel):
    """
    Configs by project and agent type.
    """

    items: list[AgentConfigView]


class DefinitionPage(BaseModel):
    """
    A page of definitions, by name.
    """

    items: list[DefinitionView]
    next_cursor: str | None


class RunPage(BaseModel):
    """
    A page of runs, newest first.
    """

    items: list[RunView]
    next_cursor: str | None

# Generated from codegen/openrpc.json by `jidocode codegen`. Do not edit.
# Docstrings come verbatim from the handlers, so lines may be long.
# ruff: noqa: E501
"""The typed async JidoCode RPC client: one attribute per domain, one coroutine per
method (``await client.system.ping()``), on top of ``codegen.python.runtime``.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any

from pydantic import BaseModel

from codegen.python import models
from codegen.python.events import StreamEvent, subscribe
from codegen.python.runtime import Transport

# The inventory version (info.version) this client was generated for.
INVENTORY_VERSION = 2

# Each method's params model: the CLI validates with it before sending.
PARAMS: dict[str, type[BaseModel]] = {
    "accounts.bootstrap_owner": models.BootstrapOwnerParams,
    "accounts.change_password": models.ChangePasswordParams,
    "accounts.create_api_key": models.CreateApiKeyParams,
    "accounts.list_api_keys": models.ListCredentialsParams,
    "accounts.list_tokens": models.ListCredentialsParams,
    "accounts.me": models.NoParams,
    "accounts.revoke_api_key": models.RevokeApiKeyParams,
    "accounts.revoke_token": models.RevokeTokenParams,
    "accounts.sign_in": models.SignInParams,
    "accounts.sign_out": models.NoParams,
    "agents.delete_config": models.AgentConfigRef,
    "agents.get_config": models.AgentConfigRef,
    "agents.list_configs": models.ListConfigsParams,
    "agents.set_enabled": models.SetEnabledParams,
    "agents.upsert_config": models.UpsertConfigParams,
    "events.list": models.EventsListParams,
    "forge.apply_input": models.ApplyInputParams,
    "forge.cancel_session": models.SessionRef,
    "forge.complete_session": models.SessionRef,
    "forge.create_checkpoint": models.CreateCheckpointParams,
    "forge.exec": models.ExecParams,
    "forge.get_exec": models.ExecRef,
    "forge.get_session": models.SessionRef,
    "forge.list_events": models.ListEventsParams,
    "forge.list_sessions": models.ListSessionsParams,
    "forge.restore_checkpoint": models.RestoreCheckpointParams,
    "forge.start_session": models.StartSessionParams,
    "github.get_delivery": models.DeliveryRef,
    "github.get_issue_analysis": models.IssueAnalysisRef,
    "github.list_deliveries": models.ListDeliveriesParams,
    "github.list_issue_analyses": models.ListIssueAnalysesParams,
    "github.list_repos": models.ListReposParams,
    "github.reprocess_delivery": models.DeliveryRef,
    "github.set_webhook_secret": models.SetWebhookSecretParams,
    "orchestration.approve_run": models.DecideRunParams,
    "orchestration.cancel_run": models.CancelRunParams,
    "orchestration.create_definition": models.CreateDefinitionParams,
    "orchestration.get_artifact": models.ArtifactIdParams,
    "orchestration.get_definition": models.GetDefinitionParams,
    "orchestration.get_pull_request": models.PullRequestIdParams,
    "orchestration.get_run": models.RunIdParams,
    "orchestration.list_artifacts": models.ListArtifactsParams,
    "orchestration.list_definitions": models.ListDefinitionsParams,
    "orchestration.list_pending_approvals": models.ListPendingApprovalsParams,
    "orchestration.list_pull_requests": models.ListPullRequestsParams,
    "orchestration.list_run_events": models.ListRunEventsParams,
    "orchestration.list_runs": models.ListRunsParams,
    "orchestration.list_step_runs": models.RunIdParams,
    "orchestration.reject_run": models.DecideRunParams,
    "orchestration.retry_run": models.RetryRunParams,
    "orchestration.start_run": models.StartRunParams,
    "orchestration.sync_pull_request": models.PullRequestIdParams,
    "orchestration.update_definition": models.UpdateDefinitionParams,
    "projects.bind_secret": models.BindSecretParams,
    "projects.get": models.ProjectRef,
    "projects.import": models.ImportProjectParams,
    "projects.list": models.ListProjectsParams,
    "projects.list_accessible_repositories": models.NoParams,
    "projects.list_secret_bindings": models.ProjectRef,
    "projects.sync": models.ProjectRef,
    "projects.unbind_secret": models.UnbindSecretParams,
    "projects.update": models.UpdateProjectParams,
    "projects.workspace_status": models.ProjectRef,
    "rpc.discover": models.NoParams,
    "setup.complete_onboarding": models.NoParams,
    "setup.get_config": models.NoParams,
    "setup.get_sealing_key": models.NoParams,
    "setup.list_provider_credentials": models.NoParams,
    "setup.list_secret_audits": models.ListAuditsParams,
    "setup.list_secrets": models.ListSecretsParams,
    "setup.put_secret": models.PutSecretParams,
    "setup.remove_provider_credential": models.ProviderParams,
    "setup.revoke_secret": models.SecretIdParams,
    "setup.rewrap_secrets": models.RewrapParams,
    "setup.rotate_secret": models.RotateSecretParams,
    "setup.run_checks": models.NoParams,
    "setup.save_step": models.SaveStepParams,
    "setup.set_provider_credential": models.SetProviderCredentialParams,
    "setup.status": models.NoParams,
    "setup.update_config": models.UpdateConfigParams,
    "setup.verify_provider_credential": models.ProviderParams,
    "system.ping": models.NoParams,
    "system.version": models.NoParams,
}

# Each method's result type, as the transport validates it.
RESULTS: dict[str, Any] = {
    "accounts.bootstrap_owner": models.OwnerView,
    "accounts.change_password": models.ChangePasswordResult,
    "accounts.create_api_key": models.CreatedApiKey,
    "accounts.list_api_keys": models.ApiKeyPage,
    "accounts.list_tokens": models.TokenPage,
    "accounts.me": models.MeView,
    "accounts.revoke_api_key": models.ApiKeyView,
    "accounts.revoke_token": models.TokenView,
    "accounts.sign_in": models.SignInResult,
    "accounts.sign_out": models.SignOutResult,
    "agents.delete_config": models.AgentConfigDeleted,
    "agents.get_config": models.AgentConfigView,
    "agents.list_configs": models.AgentConfigList,
    "agents.set_enabled": models.AgentConfigView,
    "agents.upsert_config": models.AgentConfigView,
    "events.list": models.EventItemPage,
    "forge.apply_input": models.Exec,
    "forge.cancel_session": models.Session,
    "forge.complete_session": models.Session,
    "forge.create_checkpoint": models.Checkpoint,
    "forge.exec": models.Exec,
    "forge.get_exec": models.ExecDetail,
    "forge.get_session": models.SessionDetail,
    "forge.list_events": models.EventPage,
    "forge.list_sessions": models.SessionPage,
    "forge.restore_checkpoint": models.Checkpoint,
    "forge.start_session": models.Session,
    "github.get_delivery": models.Delivery,
    "github.get_issue_analysis": models.IssueAnalysis,
    "github.list_deliveries": models.DeliveryPage,
    "github.list_issue_analyses": models.IssueAnalysisPage,
    "github.list_repos": models.RepoPage,
    "github.reprocess_delivery": models.Delivery,
    "github.set_webhook_secret": models.WebhookSecretSet,
    "orchestration.approve_run": models.RunView,
    "orchestration.cancel_run": models.RunView,
    "orchestration.create_definition": models.DefinitionView,
    "orchestration.get_artifact": models.ArtifactView,
    "orchestration.get_definition": models.DefinitionView,
    "orchestration.get_pull_request": models.PullRequestView,
    "orchestration.get_run": models.RunView,
    "orchestration.list_artifacts": models.ArtifactPage,
    "orchestration.list_definitions": models.DefinitionPage,
    "orchestration.list_pending_approvals": models.ApprovalPage,
    "orchestration.list_pull_requests": models.PullRequestPage,
    "orchestration.list_run_events": models.RunEventPage,
    "orchestration.list_runs": models.RunPage,
    "orchestration.list_step_runs": models.StepRunList,
    "orchestration.reject_run": models.RunView,
    "orchestration.retry_run": models.RunView,
    "orchestration.start_run": models.RunView,
    "orchestration.sync_pull_request": models.PullRequestView,
    "orchestration.update_definition": models.DefinitionView,
    "projects.bind_secret": models.SecretBindingView,
    "projects.get": models.ProjectDetail,
    "projects.import": models.ProjectView,
    "projects.list": models.ProjectPage,
    "projects.list_accessible_repositories": models.AccessibleRepositories,
    "projects.list_secret_bindings": models.SecretBindingList,
    "projects.sync": models.ProjectView,
    "projects.unbind_secret": models.Unbound,
    "projects.update": models.ProjectView,
    "projects.workspace_status": models.WorkspaceStatus,
    "rpc.discover": dict[str, Any],
    "setup.complete_onboarding": models.SystemConfigView,
    "setup.get_config": models.SystemConfigView,
    "setup.get_sealing_key": models.SealingKeyView,
    "setup.list_provider_credentials": models.ProviderCredentialList,
    "setup.list_secret_audits": models.SecretAuditPage,
    "setup.list_secrets": models.SecretPage,
    "setup.put_secret": models.SecretRefView,
    "setup.remove_provider_credential": models.ProviderCredentialView,
    "setup.revoke_secret": models.SecretRefView,
    "setup.rewrap_secrets": models.RewrapReport,
    "setup.rotate_secret": models.SecretRefView,
    "setup.run_checks": models.ChecksReport,
    "setup.save_step": models.SaveStepResult,
    "setup.set_provider_credential": models.ProviderCredentialView,
    "setup.status": models.SetupStatus,
    "setup.update_config": models.SystemConfigView,
    "setup.verify_provider_credential": models.ProviderCredentialView,
    "system.ping": models.Pong,
    "system.version": models.VersionInfo,
}

# The event log's topics (x-events): each family's event types and the model of
# their data.
TOPICS: dict[str, tuple[tuple[str, ...], type[BaseModel]]] = {
    "deliveries": (("delivery.failed", "delivery.ignored", "delivery.processed", "delivery.received", "delivery.requeued", ), models.DeliveryEventPayload),
    "forge:session:{id}": (("agent.init", "agent.message", "agent.result", "agent.tool_call", "agent.tool_result", "agent.warning", "checkpoint.created", "checkpoint.restored", "exec.completed", "exec.output", "exec.started", "session.cancelled", "session.completed", "session.failed", "session.input_applied", "session.needs_input", "session.ready", "session.started", ), models.SessionEventPayload),
    "forge:sessions": (("exec.completed", "exec.started", "session.cancelled", "session.completed", "session.failed", "session.input_applied", "session.needs_input", "session.ready", "session.started", ), models.SessionPhasePayload),
    "run:{id}": (("approval_granted", "approval_rejected", "approval_requested", "run_cancelled", "run_completed", "run_failed", "run_started", "step_completed", "step_failed", "step_session_started", "step_started", ), models.RunEventPayload),
    "runs": (("approval_granted", "approval_rejected", "approval_requested", "run_cancelled", "run_completed", "run_failed", "run_started", "step_completed", "step_failed", "step_session_started", "step_started", ), models.RunEventPayload),
}


def topic_family(topic: str) -> str | None:
    """The ``TOPICS`` key of a topic (``run:<id>`` → ``run:{id}``), or ``None``."""
    if topic in TOPICS:
        return topic
    for pattern in TOPICS:
        if pattern.endswith("{id}") and topic.startswith(pattern[: -len("{id}")]):
            return pattern
    return None


class AccountsApi:
    """Methods of the ``accounts`` domain."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    async def bootstrap_owner(
        self, params: models.BootstrapOwnerParams
    ) -> models.OwnerView:
        """Create the instance's one owner. Works only while no owner exists; afterwards
        (and for the loser of two simultaneous calls) it is a `conflict`. The password needs
        at least 12 characters.

        ``accounts.bootstrap_owner``: auth anonymous; group 1; not idempotent.
        """
        result: models.OwnerView = await self._transport.call(
            "accounts.bootstrap_owner", params, RESULTS["accounts.bootstrap_owner"]
        )
        return result

    async def change_password(
        self, params: models.ChangePasswordParams
    ) -> models.ChangePasswordResult:
        """Change the owner's password (the current one is required; wrong guesses are
        throttled like sign-in) and revoke every other session and bearer token. API keys stay
        valid. Only through a session or bearer token, never an API key.

        ``accounts.change_password``: auth session|token; group 1; not idempotent.
        """
        result: models.ChangePasswordResult = await self._transport.call(
            "accounts.change_password", params, RESULTS["accounts.change_password"]
        )
        return result

    async def create_api_key(
        self, params: models.CreateApiKeyParams
    ) -> models.CreatedApiKey:
        """Create a named API key (`jck_…`, for `Authorization: Bearer`). The full key is in
        this result only; store it now. Only through a session or bearer token, so a leaked
        key cannot mint others.

        ``accounts.create_api_key``: auth session|token; group 1; not idempotent.
        """
        result: models.CreatedApiKey = await self._transport.call(
            "accounts.create_api_key", params, RESULTS["accounts.create_api_key"]
        )
        return result

    async def list_api_keys(
        self, params: models.ListCredentialsParams | None = None
    ) -> models.ApiKeyPage:
        """The owner's API keys, newest first: names, visible prefixes, status and last use.

        ``accounts.list_api_keys``: auth api_key|session|token; group 1; idempotent.
        """
        result: models.ApiKeyPage = await self._transport.call(
            "accounts.list_api_keys", params, RESULTS["accounts.list_api_keys"]
        )
        return result

    async def list_tokens(
        self, params: models.ListCredentialsParams | None = None
    ) -> models.TokenPage:
        """The owner's session and bearer tokens, newest first; `current` marks the one this
        call is made with.

        ``accounts.list_tokens``: auth api_key|session|token; group 1; idempotent.
        """
        result: models.TokenPage = await self._transport.call(
            "accounts.list_tokens", params, RESULTS["accounts.list_tokens"]
        )
        return result

    async def me(
        self
    ) -> models.MeView:
        """The owner, and the auth mode and credential this call is made with.

        ``accounts.me``: auth api_key|session|token; group 1; idempotent.
        """
        result: models.MeView = await self._transport.call(
            "accounts.me", None, RESULTS["accounts.me"]
        )
        return result

    async def revoke_api_key(
        self, params: models.RevokeApiKeyParams
    ) -> models.ApiKeyView:
        """Revoke an API key; every server process refuses it from the next call on. Revoking
        it again is a `conflict`.

        ``accounts.revoke_api_key``: auth api_key|session|token; group 1; not idempotent.
        """
        result: models.ApiKeyView = await self._transport.call(
            "accounts.revoke_api_key", params, RESULTS["accounts.revoke_api_key"]
        )
        return result

    async def revoke_token(
        self, params: models.RevokeTokenParams
    ) -> models.TokenView:
        """Revoke a session or bearer token (the current one included); every server process
        refuses it from the next call on. Revoking it again is a `conflict`.

        ``accounts.revoke_token``: auth api_key|session|token; group 1; not idempotent.
        """
        result: models.TokenView = await self._transport.call(
            "accounts.revoke_token", params, RESULTS["accounts.revoke_token"]
        )
        return result

    async def sign_in(
        self, params: models.SignInParams
    ) -> models.SignInResult:
        """Sign in with email and password. `mode: "bearer"` returns a token for
        `Authorization: Bearer`; `mode: "session"` sets an HttpOnly `jidocode_session` cookie
        instead and returns no token. After 5 failed attempts in 15 minutes an email gets
        `rate_limited` with `retry_after_s`, whether or not it belongs to the owner.

        ``accounts.sign_in``: auth anonymous; group 1; not idempotent.
        """
        result: models.SignInResult = await self._transport.call(
            "accounts.sign_in", params, RESULTS["accounts.sign_in"]
        )
        return result

    async def sign_out(
        self
    ) -> models.SignOutResult:
        """Revoke the session or bearer token this call is made with (and clear the session
        cookie).

        ``accounts.sign_out``: auth session|token; group 1; idempotent.
        """
        result: models.SignOutResult = await self._transport.call(
            "accounts.sign_out", None, RESULTS["accounts.sign_out"]
        )
        return result

class AgentsApi:
    """Methods of the ``agents`` domain."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    async def delete_config(
        self, params: models.AgentConfigRef
    ) -> models.AgentConfigDeleted:
        """Delete a project's config of one agent type (the agent stops reacting to events).

        ``agents.delete_config``: auth api_key|session|token; group 7; not idempotent.
        """
        result: models.AgentConfigDeleted = await self._transport.call(
            "agents.delete_config", params, RESULTS["agents.delete_config"]
        )
        return result

    async def get_config(
        self, params: models.AgentConfigRef
    ) -> models.AgentConfigView:
        """Get a project's config of one agent type.

        ``agents.get_config``: auth api_key|session|token; group 7; idempotent.
        """
        result: models.AgentConfigView = await self._transport.call(
            "agents.get_config", params, RESULTS["agents.get_config"]
        )
        return result

    async def list_configs(
        self, params: models.ListConfigsParams | None = None
    ) -> models.AgentConfigList:
        """List support-agent configs of one project, or of every project without ``project_id``.

        ``agents.list_configs``: auth api_key|session|token; group 7; idempotent.
        """
        result: models.AgentConfigList = await self._transport.call(
            "agents.list_configs", params, RESULTS["agents.list_configs"]
        )
        return result

    async def set_enabled(
        self, params: models.SetEnabledParams
    ) -> models.AgentConfigView:
        """Switch a project's agent on or off.

        ``agents.set_enabled``: auth api_key|session|token; group 7; idempotent.
        """
        result: models.AgentConfigView = await self._transport.call(
            "agents.set_enabled", params, RESULTS["agents.set_enabled"]
        )
        return result

    async def upsert_config(
        self, params: models.UpsertConfigParams
    ) -> models.AgentConfigView:
        """Create or change a project's config of one agent type (one per project and type).

        ``webhook_events`` must be events the agent type handles (``github_issue_bot``:
        ``issues.opened``, ``issues.edited``, ``issue_comment.created``); absent fields keep
        their value, and a new config starts disabled with the type's default events and
        ``manual`` approval.

        A ``dependency_bot`` may carry ``configuration.schedule``, a five-field cron expression
        in UTC (``"0 6 * * 1"``: Mondays at 06:00), and must then carry
        ``configuration.update_command``, the shell command that updates the dependencies
        (``"pip-compile --upgrade"``, ``"npm update"``). While it is enabled, each slot starts
        one ``update_dependencies`` run (trigger ``schedule``); a slot missed while the server
        was down starts one run on recovery, and a slot that finds a shipping run in flight is
        skipped. A bad expression, or a schedule on another agent type, is a validation error.

        ``agents.upsert_config``: auth api_key|session|token; group 7; idempotent.
        """
        result: models.AgentConfigView = await self._transport.call(
            "agents.upsert_config", params, RESULTS["agents.upsert_config"]
        )
        return result

class EventsApi:
    """Methods of the ``events`` domain."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    async def list(
        self, params: models.EventsListParams
    ) -> models.EventItemPage:
        """Read a topic's events after a seq, in order: the backfill of ``GET /events``.

        An unknown topic is a ``validation_error``, a run or session that does not exist
        ``not_found``, and a cursor behind the topic's retention ``cursor_expired``: reload
        the snapshot (``get_run``, ``list_deliveries`` ...), then continue from
        ``data.earliest``.

        ``events.list``: auth api_key|session|token; group 3; idempotent.
        """
        result: models.EventItemPage = await self._transport.call(
            "events.list", params, RESULTS["events.list"]
        )
        return result

class ForgeApi:
    """Methods of the ``forge`` domain."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    async def apply_input(
        self, params: models.ApplyInputParams
    ) -> models.Exec:
        """Answer a session that needs input: an agent resumes its own session with the
        answer as the next prompt. Emits ``session.input_applied``; returns the new exec.

        ``forge.apply_input``: auth api_key|session|token; group 8; not idempotent.
        """
        result: models.Exec = await self._transport.call(
            "forge.apply_input", params, RESULTS["forge.apply_input"]
        )
        return result

    async def cancel_session(
        self, params: models.SessionRef
    ) -> models.Session:
        """Cancel a session that has not ended. A running execution's whole process group is
        ended within seconds; the output it wrote is kept.

        ``forge.cancel_session``: auth api_key|session|token; group 8; not idempotent.
        """
        result: models.Session = await self._transport.call(
            "forge.cancel_session", params, RESULTS["forge.cancel_session"]
        )
        return result

    async def complete_session(
        self, params: models.SessionRef
    ) -> models.Session:
        """End a ``ready`` or ``needs_input`` session as ``completed``.

        ``forge.complete_session``: auth api_key|session|token; group 8; not idempotent.
        """
        result: models.Session = await self._transport.call(
            "forge.complete_session", params, RESULTS["forge.complete_session"]
        )
        return result

    async def create_checkpoint(
        self, params: models.CreateCheckpointParams
    ) -> models.Checkpoint:
        """Checkpoint a session that is not running: its exec sequence and runner state, and
        its workspace as a commit on ``refs/jidocode/checkpoints/<session>/<n>`` (the working
        tree, index and branch are left as they are).

        ``forge.create_checkpoint``: auth api_key|session|token; group 8; not idempotent.
        """
        result: models.Checkpoint = await self._transport.call(
            "forge.create_checkpoint", params, RESULTS["forge.create_checkpoint"]
        )
        return result

    async def exec(
        self, params: models.ExecParams
    ) -> models.Exec:
        """Run one iteration in a ``ready`` session: for ``shell`` a command (text run by
        ``sh -c``, or an argv list), for ``agent_cli`` the prompt, for ``workflow`` the list
        of steps. Returns the execution ``started``; a worker runs it, its output arrives as
        ``exec.output`` events and it ends with ``exec.completed``. Secrets reach commands as
        bound variables; a command holding a secret value is refused.

        ``forge.exec``: auth api_key|session|token; group 8; not idempotent.
        """
        result: models.Exec = await self._transport.call(
            "forge.exec", params, RESULTS["forge.exec"]
        )
        return result

    async def get_exec(
        self, params: models.ExecRef
    ) -> models.ExecDetail:
        """One execution: status, exit code, duration, sizes and its stored output (the last
        1 MB, behind a truncation marker when more was written).

        ``forge.get_exec``: auth api_key|session|token; group 8; idempotent.
        """
        result: models.ExecDetail = await self._transport.call(
            "forge.get_exec", params, RESULTS["forge.get_exec"]
        )
        return result

    async def get_session(
        self, params: models.SessionRef
    ) -> models.SessionDetail:
        """One session with its phase, its latest executions, its checkpoints and, when it
        needs input, the question it asks.

        ``forge.get_session``: auth api_key|session|token; group 8; idempotent.
        """
        result: models.SessionDetail = await self._transport.call(
            "forge.get_session", params, RESULTS["forge.get_session"]
        )
        return result

    async def list_events(
        self, params: models.ListEventsParams
    ) -> models.EventPage:
        """Read a session's events after ``cursor`` (its ``seq``), in order; pass
        ``next_cursor`` back to continue. Events are kept 7 days.

        ``forge.list_events``: auth api_key|session|token; group 8; idempotent.
        """
        result: models.EventPage = await self._transport.call(
            "forge.list_events", params, RESULTS["forge.list_events"]
        )
        return result

    async def list_sessions(
        self, params: models.ListSessionsParams | None = None
    ) -> models.SessionPage:
        """List sessions newest first, optionally of one project or in one phase.

        ``forge.list_sessions``: auth api_key|session|token; group 8; idempotent.
        """
        result: models.SessionPage = await self._transport.call(
            "forge.list_sessions", params, RESULTS["forge.list_sessions"]
        )
        return result

    async def restore_checkpoint(
        self, params: models.RestoreCheckpointParams
    ) -> models.Checkpoint:
        """Put a checkpoint (by ``number`` or ``name``) back into a ``ready`` or
        ``needs_input`` session: the workspace's files as they were (files created since are
        removed, ignored files kept; the branch is not moved) and the runner state.

        ``forge.restore_checkpoint``: auth api_key|session|token; group 8; not idempotent.
        """
        result: models.Checkpoint = await self._transport.call(
            "forge.restore_checkpoint", params, RESULTS["forge.restore_checkpoint"]
        )
        return result

    async def start_session(
        self, params: models.StartSessionParams
    ) -> models.Session:
        """Start a session of ``runner`` (shell, agent_cli, workflow) in the project's
        workspace and return it ``ready``. ``spec`` sets the environment (``local``; ``sprite``
        needs a Sprites credential), the wall and idle-output timeouts (default 30 and 5
        minutes), extra environment variables and, for agents, the profile (claude, codex),
        turn limit and budget. Refused with the limit's name when too many are active.

        ``forge.start_session``: auth api_key|session|token; group 8; not idempotent.
        """
        result: models.Session = await self._transport.call(
            "forge.start_session", params, RESULTS["forge.start_session"]
        )
        return result

class GithubApi:
    """Methods of the ``github`` domain."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    async def get_delivery(
        self, params: models.DeliveryRef
    ) -> models.Delivery:
        """One webhook delivery with its payload (redacted before it was stored).

        ``github.get_delivery``: auth api_key|session|token; group 6; idempotent.
        """
        result: models.Delivery = await self._transport.call(
            "github.get_delivery", params, RESULTS["github.get_delivery"]
        )
        return result

    async def get_issue_analysis(
        self, params: models.IssueAnalysisRef
    ) -> models.IssueAnalysis:
        """One issue analysis: classification, confidence, priority, suggested labels,
        summary, proposed response, and the run and comment it led to.

        ``github.get_issue_analysis``: auth api_key|session|token; group 6; idempotent.
        """
        result: models.IssueAnalysis = await self._transport.call(
            "github.get_issue_analysis", params, RESULTS["github.get_issue_analysis"]
        )
        return result

    async def list_deliveries(
        self, params: models.ListDeliveriesParams | None = None
    ) -> models.DeliveryPage:
        """List webhook deliveries newest first (without payloads), filtered by event,
        status and repository when given.

        ``github.list_deliveries``: auth api_key|session|token; group 6; idempotent.
        """
        result: models.DeliveryPage = await self._transport.call(
            "github.list_deliveries", params, RESULTS["github.list_deliveries"]
        )
        return result

    async def list_issue_analyses(
        self, params: models.ListIssueAnalysesParams | None = None
    ) -> models.IssueAnalysisPage:
        """List the issue bot's analyses, most recently updated first, filtered by
        repository, classification and status when given.

        ``github.list_issue_analyses``: auth api_key|session|token; group 6; idempotent.
        """
        result: models.IssueAnalysisPage = await self._transport.call(
            "github.list_issue_analyses", params, RESULTS["github.list_issue_analyses"]
        )
        return result

    async def list_repos(
        self, params: models.ListReposParams | None = None
    ) -> models.RepoPage:
        """List the repositories the GitHub domain knows (from webhook secrets and verified
        deliveries), newest first, with whether each has its own webhook secret.

        ``github.list_repos``: auth api_key|session|token; group 6; idempotent.
        """
        result: models.RepoPage = await self._transport.call(
            "github.list_repos", params, RESULTS["github.list_repos"]
        )
        return result

    async def reprocess_delivery(
        self, params: models.DeliveryRef
    ) -> models.Delivery:
        """Process a processed, ignored or failed delivery again (it goes back to
        ``received`` and a worker picks it up); refused while it still waits.

        ``github.reprocess_delivery``: auth api_key|session|token; group 6; not idempotent.
        """
        result: models.Delivery = await self._transport.call(
            "github.reprocess_delivery", params, RESULTS["github.reprocess_delivery"]
        )
        return result

    async def set_webhook_secret(
        self, params: models.SetWebhookSecretParams | None = None
    ) -> models.WebhookSecretSet:
        """Set the webhook secret (``value`` or ``sealed_value``) for one repository or the
        instance. It is sealed at rest and never returned; the replaced secret keeps
        verifying deliveries until the rotation window ends (``previous_valid_until``).

        ``github.set_webhook_secret``: auth api_key|session|token; group 6; not idempotent.
        """
        result: models.WebhookSecretSet = await self._transport.call(
            "github.set_webhook_secret", params, RESULTS["github.set_webhook_secret"]
        )
        return result

class OrchestrationApi:
    """Methods of the ``orchestration`` domain."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    async def approve_run(
        self, params: models.DecideRunParams
    ) -> models.RunView:
        """Approve a run awaiting approval: it moves to ``running`` and resumes.

        Any other status is ``invalid_transition`` (also for the loser of two approvals).

        ``orchestration.approve_run``: auth api_key|session|token; group 4; not idempotent.
        """
        result: models.RunView = await self._transport.call(
            "orchestration.approve_run", params, RESULTS["orchestration.approve_run"]
        )
        return result

    async def cancel_run(
        self, params: models.CancelRunParams
    ) -> models.RunView:
        """Cancel a pending, running or awaiting-approval run; a finished run is refused.

        ``orchestration.cancel_run``: auth api_key|session|token; group 3; not idempotent.
        """
        result: models.RunView = await self._transport.call(
            "orchestration.cancel_run", params, RESULTS["orchestration.cancel_run"]
        )
        return result

    async def create_definition(
        self, params: models.CreateDefinitionParams
    ) -> models.DefinitionView:
        """Create a custom workflow definition at version 1.

        ``input_schema`` must be a valid JSON Schema (2020-12) describing an object; step
        names must be unique and the approval policy may only name existing steps.

        ``orchestration.create_definition``: auth api_key|session|token; group 3; not idempotent.
        """
        result: models.DefinitionView = await self._transport.call(
            "orchestration.create_definition", params, RESULTS["orchestration.create_definition"]
        )
        return result

    async def get_artifact(
        self, params: models.ArtifactIdParams
    ) -> models.ArtifactView:
        """Get one artifact with its (redacted) content.

        ``orchestration.get_artifact``: auth api_key|session|token; group 3; idempotent.
        """
        result: models.ArtifactView = await self._transport.call(
            "orchestration.get_artifact", params, RESULTS["orchestration.get_artifact"]
        )
        return result

    async def get_definition(
        self, params: models.GetDefinitionParams
    ) -> models.DefinitionView:
        """Get one workflow definition at its current version: steps, input schema, policy.

        ``orchestration.get_definition``: auth api_key|session|token; group 3; idempotent.
        """
        result: models.DefinitionView = await self._transport.call(
            "orchestration.get_definition", params, RESULTS["orchestration.get_definition"]
        )
        return result

    async def get_pull_request(
        self, params: models.PullRequestIdParams
    ) -> models.PullRequestView:
        """Get one pull request record.

        ``orchestration.get_pull_request``: auth api_key|session|token; group 5; idempotent.
        """
        result: models.PullRequestView = await self._transport.call(
            "orchestration.get_pull_request", params, RESULTS["orchestration.get_pull_request"]
        )
        return result

    async def get_run(
        self, params: models.RunIdParams
    ) -> models.RunView:
        """Get one run with its status history, step results, error and lineage.

        ``orchestration.get_run``: auth api_key|session|token; group 3; idempotent.
        """
        result: models.RunView = await self._transport.call(
            "orchestration.get_run", params, RESULTS["orchestration.get_run"]
        )
        return result

    async def list_artifacts(
        self, params: models.ListArtifactsParams
    ) -> models.ArtifactPage:
        """List a run's artifacts (without content), newest first.

        ``orchestration.list_artifacts``: auth api_key|session|token; group 3; idempotent.
        """
        result: models.ArtifactPage = await self._transport.call(
            "orchestration.list_artifacts", params, RESULTS["orchestration.list_artifacts"]
        )
        return result

    async def list_definitions(
        self, params: models.ListDefinitionsParams | None = None
    ) -> models.DefinitionPage:
        """List workflow definitions (builtin and custom) by name, optionally of one category.

        ``orchestration.list_definitions``: auth api_key|session|token; group 3; idempotent.
        """
        result: models.DefinitionPage = await self._transport.call(
            "orchestration.list_definitions", params, RESULTS["orchestration.list_definitions"]
        )
        return result

    async def list_pending_approvals(
        self, params: models.ListPendingApprovalsParams | None = None
    ) -> models.ApprovalPage:
        """List runs waiting for approval, newest first, with what the approver is shown:
        diff summary, test summary and risk notes.

        ``orchestration.list_pending_approvals``: auth api_key|session|token; group 4; idempotent.
        """
        result: models.ApprovalPage = await self._transport.call(
            "orchestration.list_pending_approvals", params, RESULTS["orchestration.list_pending_approvals"]
        )
        return result

    async def list_pull_requests(
        self, params: models.ListPullRequestsParams | None = None
    ) -> models.PullRequestPage:
        """List pull requests opened by runs, newest first, optionally of one project.

        ``orchestration.list_pull_requests``: auth api_key|session|token; group 5; idempotent.
        """
        result: models.PullRequestPage = await self._transport.call(
            "orchestration.list_pull_requests", params, RESULTS["orchestration.list_pull_requests"]
        )
        return result

    async def list_run_events(
        self, params: models.ListRunEventsParams | None = None
    ) -> models.RunEventPage:
        """Read run events after a cursor, oldest first: every event of one run, or the status
        moves of every run (of one project when given).

        Poll with the returned ``next_cursor``; no event is ever skipped. The same events are
        the ``run:<id>`` and ``runs`` topics of ``events.list`` and ``GET /events``.

        ``orchestration.list_run_events``: auth api_key|session|token; group 3; idempotent.
        """
        result: models.RunEventPage = await self._transport.call(
            "orchestration.list_run_events", params, RESULTS["orchestration.list_run_events"]
        )
        return result

    async def list_runs(
        self, params: models.ListRunsParams | None = None
    ) -> models.RunPage:
        """List runs newest first, optionally of one project and/or in one status.

        ``orchestration.list_runs``: auth api_key|session|token; group 3; idempotent.
        """
        result: models.RunPage = await self._transport.call(
            "orchestration.list_runs", params, RESULTS["orchestration.list_runs"]
        )
        return result

    async def list_step_runs(
        self, params: models.RunIdParams
    ) -> models.StepRunList:
        """List every attempt of a run's steps, in the order they started: step index and
        name, kind, attempt number, status, times, output and error (redacted) and cost.

        A step tried again (a retryable failure, or a worker that died mid-step) has one
        entry per attempt.

        ``orchestration.list_step_runs``: auth api_key|session|token; group 3; idempotent.
        """
        result: models.StepRunList = await self._transport.call(
            "orchestration.list_step_runs", params, RESULTS["orchestration.list_step_runs"]
        )
        return result

    async def reject_run(
        self, params: models.DecideRunParams
    ) -> models.RunView:
        """Reject a run awaiting approval, as its definition's policy says: cancel the run
        (the default), or send it back to a named step.

        ``orchestration.reject_run``: auth api_key|session|token; group 4; not idempotent.
        """
        result: models.RunView = await self._transport.call(
            "orchestration.reject_run", params, RESULTS["orchestration.reject_run"]
        )
        return result

    async def retry_run(
        self, params: models.RetryRunParams
    ) -> models.RunView:
        """Retry a failed or cancelled run as a new run with the same pinned version and inputs.

        The new run has ``retry_of_run_id`` and ``retry_attempt`` + 1. With ``from_step`` it
        starts at that step, if the definition's policy allows retrying from it.

        ``orchestration.retry_run``: auth api_key|session|token; group 3; not idempotent.
        """
        result: models.RunView = await self._transport.call(
            "orchestration.retry_run", params, RESULTS["orchestration.retry_run"]
        )
        return result

    async def start_run(
        self, params: models.StartRunParams
    ) -> models.RunView:
        """Start a run of a workflow for a project (manual trigger); it begins ``pending``.

        Inputs are validated against the definition's input schema; the definition's current
        version is pinned. A project has at most one shipping run (one that commits and opens a
        pull request) in flight: a second is a ``conflict``.

        ``orchestration.start_run``: auth api_key|session|token; group 3; not idempotent.
        """
        result: models.RunView = await self._transport.call(
            "orchestration.start_run", params, RESULTS["orchestration.start_run"]
        )
        return result

    async def sync_pull_request(
        self, params: models.PullRequestIdParams
    ) -> models.PullRequestView:
        """Read the pull request from GitHub and record its state as webhook deliveries do:
        ``merged`` or ``closed``, ``open`` again when reopened, and its head commit (a merged
        record is final and is returned without a call).

        ``orchestration.sync_pull_request``: auth api_key|session|token; group 5; idempotent.
        """
        result: models.PullRequestView = await self._transport.call(
            "orchestration.sync_pull_request", params, RESULTS["orchestration.sync_pull_request"]
        )
        return result

    async def update_definition(
        self, params: models.UpdateDefinitionParams
    ) -> models.DefinitionView:
        """Change a custom workflow definition; its version goes up by one.

        Builtin definitions are read-only (``policy_violation``). Runs already started keep
        the version they pinned. Pass ``expected_version`` to refuse a stale update.

        ``orchestration.update_definition``: auth api_key|session|token; group 3; not idempotent.
        """
        result: models.DefinitionView = await self._transport.call(
            "orchestration.update_definition", params, RESULTS["orchestration.update_definition"]
        )
        return result

class ProjectsApi:
    """Methods of the ``projects`` domain."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    async def bind_secret(
        self, params: models.BindSecretParams
    ) -> models.SecretBindingView:
        """Bind a stored secret to an environment variable of the project's workspace commands.

        ``env_var_name`` must match ``^[A-Z_][A-Z0-9_]*$`` and be unused in this project.

        ``projects.bind_secret``: auth api_key|session|token; group 2; not idempotent.
        """
        result: models.SecretBindingView = await self._transport.call(
            "projects.bind_secret", params, RESULTS["projects.bind_secret"]
        )
        return result

    async def get(
        self, params: models.ProjectRef
    ) -> models.ProjectDetail:
        """Get one project with its clone-status history (each move with its time and reason).

        ``projects.get``: auth api_key|session|token; group 2; idempotent.
        """
        result: models.ProjectDetail = await self._transport.call(
            "projects.get", params, RESULTS["projects.get"]
        )
        return result

    async def import_(
        self, params: models.ImportProjectParams
    ) -> models.ProjectView:
        """Import a GitHub repository (``owner/repo``) as a project and start cloning it.

        Idempotent: importing a repository again (in any letter case) returns the existing
        project. The clone runs in the background; follow ``clone_status``
        (``pending → cloning → ready | error``) with ``projects.get``.

        ``projects.import``: auth api_key|session|token; group 2; idempotent.
        """
        result: models.ProjectView = await self._transport.call(
            "projects.import", params, RESULTS["projects.import"]
        )
        return result

    async def list(
        self, params: models.ListProjectsParams | None = None
    ) -> models.ProjectPage:
        """List projects, newest first; pass ``next_cursor`` back as ``cursor`` for the next page.

        ``projects.list``: auth api_key|session|token; group 2; idempotent.
        """
        result: models.ProjectPage = await self._transport.call(
            "projects.list", params, RESULTS["projects.list"]
        )
        return result

    async def list_accessible_repositories(
        self
    ) -> models.AccessibleRepositories:
        """List every repository the stored GitHub credential (PAT or App installation) can see.

        Each carries ``project_id`` when it is already imported.

        ``projects.list_accessible_repositories``: auth api_key|session|token; group 2; idempotent.
        """
        result: models.AccessibleRepositories = await self._transport.call(
            "projects.list_accessible_repositories", None, RESULTS["projects.list_accessible_repositories"]
        )
        return result

    async def list_secret_bindings(
        self, params: models.ProjectRef
    ) -> models.SecretBindingList:
        """List a project's secret bindings: variable names and secret refs, never values.

        ``projects.list_secret_bindings``: auth api_key|session|token; group 2; idempotent.
        """
        result: models.SecretBindingList = await self._transport.call(
            "projects.list_secret_bindings", params, RESULTS["projects.list_secret_bindings"]
        )
        return result

    async def sync(
        self, params: models.ProjectRef
    ) -> models.ProjectView:
        """Fetch the latest from GitHub into the workspace (or clone it again after an error).

        Moves a ``ready`` or ``error`` project to ``cloning``; refused while a clone or sync
        is already under way.

        ``projects.sync``: auth api_key|session|token; group 2; not idempotent.
        """
        result: models.ProjectView = await self._transport.call(
            "projects.sync", params, RESULTS["projects.sync"]
        )
        return result

    async def unbind_secret(
        self, params: models.UnbindSecretParams
    ) -> models.Unbound:
        """Remove the binding of one environment variable (the secret stays in the store).

        ``projects.unbind_secret``: auth api_key|session|token; group 2; not idempotent.
        """
        result: models.Unbound = await self._transport.call(
            "projects.unbind_secret", params, RESULTS["projects.unbind_secret"]
        )
        return result

    async def update(
        self, params: models.UpdateProjectParams
    ) -> models.ProjectView:
        """Change a project's name, default branch, environment type or settings.

        Absent fields keep their value; the repository and workspace path never change.

        ``projects.update``: auth api_key|session|token; group 2; idempotent.
        """
        result: models.ProjectView = await self._transport.call(
            "projects.update", params, RESULTS["projects.update"]
        )
        return result

    async def workspace_status(
        self, params: models.ProjectRef
    ) -> models.WorkspaceStatus:
        """The workspace's clone status, checked-out branch, HEAD commit and changed files.

        ``projects.workspace_status``: auth api_key|session|token; group 2; idempotent.
        """
        result: models.WorkspaceStatus = await self._transport.call(
            "projects.workspace_status", params, RESULTS["projects.workspace_status"]
        )
        return result

class RpcApi:
    """Methods of the ``rpc`` domain."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    async def discover(
        self
    ) -> dict[str, Any]:
        """The OpenRPC 1.3 document describing every method of this server.

        ``rpc.discover``: auth anonymous; group 1; idempotent.
        """
        result: dict[str, Any] = await self._transport.call(
            "rpc.discover", None, RESULTS["rpc.discover"]
        )
        return result

class SetupApi:
    """Methods of the ``setup`` domain."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    async def complete_onboarding(
        self
    ) -> models.SystemConfigView:
        """Mark onboarding complete; refused until every earlier step has passed.

        ``setup.complete_onboarding``: auth api_key|session|token; group 1; idempotent.
        """
        result: models.SystemConfigView = await self._transport.call(
            "setup.complete_onboarding", None, RESULTS["setup.complete_onboarding"]
        )
        return result

    async def get_config(
        self
    ) -> models.SystemConfigView:
        """The instance configuration and onboarding state.

        ``setup.get_config``: auth api_key|session|token; group 1; idempotent.
        """
        result: models.SystemConfigView = await self._transport.call(
            "setup.get_config", None, RESULTS["setup.get_config"]
        )
        return result

    async def get_sealing_key(
        self
    ) -> models.SealingKeyView:
        """The server's X25519 public key (base64): seal a secret to it with a libsodium sealed
        box and send the base64 box as ``sealed_value`` to keep plaintext out of proxies and
        logs.

        ``setup.get_sealing_key``: auth api_key|session|token; group 1; idempotent.
        """
        result: models.SealingKeyView = await self._transport.call(
            "setup.get_sealing_key", None, RESULTS["setup.get_sealing_key"]
        )
        return result

    async def list_provider_credentials(
        self
    ) -> models.ProviderCredentialList:
        """Every provider with its credential status and metadata (never the secret).

        ``setup.list_provider_credentials``: auth api_key|session|token; group 1; idempotent.
        """
        result: models.ProviderCredentialList = await self._transport.call(
            "setup.list_provider_credentials", None, RESULTS["setup.list_provider_credentials"]
        )
        return result

    async def list_secret_audits(
        self, params: models.ListAuditsParams | None = None
    ) -> models.SecretAuditPage:
        """The secret audit trail (create, rotate, revoke, rewrap), newest first.

        ``setup.list_secret_audits``: auth api_key|session|token; group 1; idempotent.
        """
        result: models.SecretAuditPage = await self._transport.call(
            "setup.list_secret_audits", params, RESULTS["setup.list_secret_audits"]
        )
        return result

    async def list_secrets(
        self, params: models.ListSecretsParams | None = None
    ) -> models.SecretPage:
        """Stored secrets' metadata, newest first, paginated by cursor.

        ``setup.list_secrets``: auth api_key|session|token; group 1; idempotent.
        """
        result: models.SecretPage = await self._transport.call(
            "setup.list_secrets", params, RESULTS["setup.list_secrets"]
        )
        return result

    async def put_secret(
        self, params: models.PutSecretParams
    ) -> models.SecretRefView:
        """Store a new secret under ``(scope, name)`` from ``value`` or ``sealed_value``;
        answers its metadata, never the value.

        ``setup.put_secret``: auth api_key|session|token; group 1; not idempotent.
        """
        result: models.SecretRefView = await self._transport.call(
            "setup.put_secret", params, RESULTS["setup.put_secret"]
        )
        return result

    async def remove_provider_credential(
        self, params: models.ProviderParams
    ) -> models.ProviderCredentialView:
        """Forget a provider's credential and revoke its stored secret.

        ``setup.remove_provider_credential``: auth api_key|session|token; group 1; not idempotent.
        """
        result: models.ProviderCredentialView = await self._transport.call(
            "setup.remove_provider_credential", params, RESULTS["setup.remove_provider_credential"]
        )
        return result

    async def revoke_secret(
        self, params: models.SecretIdParams
    ) -> models.SecretRefView:
        """Revoke a secret: its value is erased at once; revoking twice is a conflict.

        ``setup.revoke_secret``: auth api_key|session|token; group 1; not idempotent.
        """
        result: models.SecretRefView = await self._transport.call(
            "setup.revoke_secret", params, RESULTS["setup.revoke_secret"]
        )
        return result

    async def rewrap_secrets(
        self, params: models.RewrapParams | None = None
    ) -> models.RewrapReport:
        """Re-seal every value under an older key with the newest key, in batches; safe to
        repeat (a second run changes nothing). Large stores: prefer ``jidocode secrets
        rewrap``, which is not bound by the call deadline.

        ``setup.rewrap_secrets``: auth api_key|session|token; group 1; idempotent.
        """
        result: models.RewrapReport = await self._transport.call(
            "setup.rewrap_secrets", params, RESULTS["setup.rewrap_secrets"]
        )
        return result

    async def rotate_secret(
        self, params: models.RotateSecretParams
    ) -> models.SecretRefView:
        """Replace an active secret's value (sealed with the newest key).

        ``setup.rotate_secret``: auth api_key|session|token; group 1; not idempotent.
        """
        result: models.SecretRefView = await self._transport.call(
            "setup.rotate_secret", params, RESULTS["setup.rotate_secret"]
        )
        return result

    async def run_checks(
        self
    ) -> models.ChecksReport:
        """Run the welcome step's prerequisite checks (database reachable, key ring loaded,
        workspace root writable when local), each ``pass``, ``fail`` or ``timeout`` with a
        remediation text.

        ``setup.run_checks``: auth api_key|session|token; group 1; idempotent.
        """
        result: models.ChecksReport = await self._transport.call(
            "setup.run_checks", None, RESULTS["setup.run_checks"]
        )
        return result

    async def save_step(
        self, params: models.SaveStepParams
    ) -> models.SaveStepResult:
        """Validate one onboarding step (``payload.step`` selects its fields) and store its
        result; onboarding advances only when the step passes. A failing step stores nothing
        and answers ``validation_error`` naming what to fix; a step after the current one is
        an ``invalid_transition``.

        ``setup.save_step``: auth api_key|session|token; group 1; idempotent.
        """
        result: models.SaveStepResult = await self._transport.call(
            "setup.save_step", params, RESULTS["setup.save_step"]
        )
        return result

    async def set_provider_credential(
        self, params: models.SetProviderCredentialParams
    ) -> models.ProviderCredentialView:
        """Store or replace a provider's credential, given as ``value`` or ``sealed_value``; it
        stays ``unverified`` until ``setup.verify_provider_credential``.

        ``setup.set_provider_credential``: auth api_key|session|token; group 1; not idempotent.
        """
        result: models.ProviderCredentialView = await self._transport.call(
            "setup.set_provider_credential", params, RESULTS["setup.set_provider_credential"]
        )
        return result

    async def status(
        self
    ) -> models.SetupStatus:
        """Where this instance stands: whether an owner exists, onboarding progress with each
        step's done flag, and ``next_action`` (``bootstrap_owner``, ``onboarding`` or ``ready``)
        so a fresh frontend knows where to route. Needs no credentials.

        ``setup.status``: auth anonymous; group 1; idempotent.
        """
        result: models.SetupStatus = await self._transport.call(
            "setup.status", None, RESULTS["setup.status"]
        )
        return result

    async def update_config(
        self, params: models.UpdateConfigParams | None = None
    ) -> models.SystemConfigView:
        """Change deployment mode, default environment, workspace root or the default issue-bot
        policy; a local workspace root must be an absolute, existing, writable directory.

        ``setup.update_config``: auth api_key|session|token; group 1; idempotent.
        """
        result: models.SystemConfigView = await self._transport.call(
            "setup.update_config", params, RESULTS["setup.update_config"]
        )
        return result

    async def verify_provider_credential(
        self, params: models.ProviderParams
    ) -> models.ProviderCredentialView:
        """Call the provider's API with the stored credential and record ``active`` or
        ``invalid`` with the provider's (redacted) reason.

        ``setup.verify_provider_credential``: auth api_key|session|token; group 1; idempotent.
        """
        result: models.ProviderCredentialView = await self._transport.call(
            "setup.verify_provider_credential", params, RESULTS["setup.verify_provider_credential"]
        )
        return result

class SystemApi:
    """Methods of the ``system`` domain."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    async def ping(
        self
    ) -> models.Pong:
        """Answer at once, touching nothing: the cheapest proof the server is up.

        ``system.ping``: auth anonymous; group 1; idempotent.
        """
        result: models.Pong = await self._transport.call(
            "system.ping", None, RESULTS["system.ping"]
        )
        return result

    async def version(
        self
    ) -> models.VersionInfo:
        """The package version, the inventory version clients must match, and PostgreSQL's.

        ``system.version``: auth anonymous; group 1; idempotent.
        """
        result: models.VersionInfo = await self._transport.call(
            "system.version", None, RESULTS["system.version"]
        )
        return result


class Client:
    """A JidoCode RPC client over one ``Transport`` (close it when done)."""

    def __init__(self, transport: Transport) -> None:
        self.transport = transport
        self.accounts = AccountsApi(transport)
        self.agents = AgentsApi(transport)
        self.events = EventsApi(transport)
        self.forge = ForgeApi(transport)
        self.github = GithubApi(transport)
        self.orchestration = OrchestrationApi(transport)
        self.projects = ProjectsApi(transport)
        self.rpc = RpcApi(transport)
        self.setup = SetupApi(transport)
        self.system = SystemApi(transport)

    @classmethod
    def connect(
        cls, url: str, *, api_key: str | None = None, timeout_s: float = 30.0
    ) -> Client:
        """A client with its own HTTP session, sending this inventory version."""
        return cls(
            Transport(
                url,
                api_key=api_key,
                timeout_s=timeout_s,
                inventory_version=INVENTORY_VERSION,
            )
        )

    def subscribe(
        self, topic: str, *, after: int = 0, **options: Any
    ) -> AsyncGenerator[StreamEvent, None]:
        """A topic's events after ``after``, live (``GET /events``), resuming after a
        dropped connection without a gap or a duplicate; ``options`` are
        ``codegen.python.events.subscribe``'s."""
        return subscribe(self.transport, topic, after=after, **options)

    async def __aenter__(self) -> Client:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.transport.close()

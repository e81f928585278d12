"""Orchestration's typed errors.

The tree (bases from ``rpc.errors``)::

    NotFound
    ├── WorkflowDefinitionNotFound
    ├── RunNotFound
    ├── ArtifactNotFound
    └── PullRequestNotFound
    Conflict
    ├── WorkflowDefinitionExists    the name is taken
    ├── StaleWorkflowDefinition     expected_version is not the current version
    ├── ShippingRunActive           the project already has a shipping run in flight
    ├── RunAlreadyRetried           a run is retried once; retry the newest attempt
    └── PullRequestExists           (project, number) is already recorded
    InvalidTransition
    └── RunTransitionRefused        the run status machine refuses the move
    PolicyViolation
    ├── BuiltinDefinitionReadOnly   builtins cannot be changed
    ├── StepRetryNotAllowed         the definition's policy does not allow that step retry
    └── TriggerNotAllowed           the definition does not accept that trigger
    ProviderError
    └── LlmProviderFailed           an LLM call failed: refused, 5xx, no text, no answer in time
    RateLimited
    └── LlmRateLimited              the LLM provider answered 429; retry after ``retry_after_s``

A run or pull request naming a missing project raises the projects domain's
``ProjectNotFound``. The LLM errors are raised by the step engine's jobs (``llm.complete``);
their ``reason`` is the provider's own message, redacted, and never holds the key.
"""

from __future__ import annotations

from uuid import UUID

from rpc.errors import (
    Conflict,
    InvalidTransition,
    NotFound,
    PolicyViolation,
    ProviderError,
    RateLimitData,
    RateLimited,
    ReasonData,
)


class WorkflowDefinitionNotFound(NotFound):
    """No workflow definition has that name."""

    def __init__(self, *, name: str) -> None:
        super().__init__(resource="workflow_definition", id=name)


class RunNotFound(NotFound):
    """No workflow run has that id."""

    def __init__(self, *, run_id: UUID) -> None:
        super().__init__(resource="workflow_run", id=str(run_id))


class ArtifactNotFound(NotFound):
    """No artifact has that id."""

    def __init__(self, *, artifact_id: UUID) -> None:
        super().__init__(resource="artifact", id=str(artifact_id))


class PullRequestNotFound(NotFound):
    """No pull request record has that id."""

    def __init__(self, *, pull_request_id: UUID) -> None:
        super().__init__(resource="pull_request", id=str(pull_request_id))


class WorkflowDefinitionExists(Conflict):
    """A definition with that name exists already."""

    def __init__(self, *, name: str) -> None:
        super().__init__(
            resource="workflow_definition", reason=f"a definition named {name!r} exists"
        )


class StaleWorkflowDefinition(Conflict):
    """The definition changed since the caller read it."""

    def __init__(self, *, name: str, expected: int, current: int) -> None:
        super().__init__(
            resource="workflow_definition",
            reason=f"{name} is at version {current}, not {expected}; read it again",
        )


class ShippingRunActive(Conflict):
    """At most one shipping (commit-and-PR) run may be in flight per project."""

    def __init__(self) -> None:
        super().__init__(
            resource="workflow_run",
            reason="this project already has a shipping run in flight; "
            "wait for it to finish or cancel it",
        )


class RunAlreadyRetried(Conflict):
    """A run is retried at most once; the newest attempt is the one to retry."""

    def __init__(self) -> None:
        super().__init__(
            resource="workflow_run", reason="this run was already retried; retry the newest attempt"
        )


class PullRequestExists(Conflict):
    """The project already has a record for that pull request number."""

    def __init__(self, *, number: int) -> None:
        super().__init__(resource="pull_request", reason=f"pull request #{number} is recorded")


class RunTransitionRefused(InvalidTransition):
    """The run status machine does not allow this move."""

    def __init__(self, *, from_: str | None, to: str) -> None:
        super().__init__(resource="workflow_run", **{"from": from_, "to": to})


class BuiltinDefinitionReadOnly(PolicyViolation):
    """Builtin workflow definitions are read-only."""

    def __init__(self, *, name: str) -> None:
        super().__init__(reason=f"{name} is a builtin workflow definition and is read-only")


class StepRetryNotAllowed(PolicyViolation):
    """The definition's approval policy does not allow a retry from that step."""

    def __init__(self, *, name: str, step: str, allowed: list[str]) -> None:
        allowed_text = ", ".join(allowed) if allowed else "none"
        super().__init__(
            reason=f"{name} does not allow a retry from step {step!r} (allowed: {allowed_text})"
        )


class TriggerNotAllowed(PolicyViolation):
    """The definition does not accept runs from this trigger."""

    def __init__(self, *, name: str, trigger: str) -> None:
        super().__init__(reason=f"{name} cannot be started by a {trigger} trigger")


class LlmFailureData(ReasonData):
    """Which provider failed, its HTTP status (None when it never answered) and why."""

    # Defaults keep the model's constructor compatible with ReasonData's, which mypy's
    # pydantic plugin requires of ``Data``; the error's ``__init__`` always passes both.
    provider: str = ""
    status: int | None = None


class LlmProviderFailed(ProviderError):
    """An LLM provider refused or failed a completion, answered without text, or did not
    answer in time."""

    message = "LLM provider failed"
    Data = LlmFailureData

    def __init__(self, *, provider: str, reason: str, status: int | None = None) -> None:
        super().__init__(provider=provider, reason=reason, status=status)


class LlmRateLimitData(RateLimitData):
    """Which provider limited the call, when to retry, and the provider's message."""

    # Defaulted for the same reason as LlmFailureData's; ``__init__`` passes them.
    provider: str = ""
    reason: str = ""


class LlmRateLimited(RateLimited):
    """The LLM provider answered 429; the call may be retried after ``retry_after_s``."""

    message = "LLM provider rate limit reached"
    Data = LlmRateLimitData

    def __init__(self, *, provider: str, retry_after_s: int, reason: str) -> None:
        super().__init__(provider=provider, retry_after_s=retry_after_s, reason=reason)

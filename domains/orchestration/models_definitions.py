"""Orchestration's workflow definitions: steps, input schema, approval policy, versions."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from domains.orchestration.models import (
    DEFAULT_PAGE,
    MAX_PAGE,
    STEP_NAME_PATTERN,
    WORKFLOW_NAME_PATTERN,
    Category,
    StepKind,
    Trigger,
)
from rpc.contract import Params, Result


class StepSpec(BaseModel):
    """One step of a workflow: a unique name, what kind of work it is, and its options."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=STEP_NAME_PATTERN)
    kind: StepKind
    options: dict[str, Any] = Field(default_factory=dict)


class RejectPolicy(BaseModel):
    """What a rejection does: cancel the run, or send it back to a named step."""

    model_config = ConfigDict(extra="forbid")

    action: Literal["cancel", "retry_step"] = "cancel"
    step: str | None = None


class WorkflowApprovalPolicy(BaseModel):
    """How approvals and retries behave for a definition."""

    model_config = ConfigDict(extra="forbid")

    on_reject: RejectPolicy = Field(default_factory=RejectPolicy)
    # Steps a failed or cancelled run may be retried from (a full retry is always allowed).
    retryable_steps: list[str] = Field(default_factory=list)


class RunBudget(BaseModel):
    """A run's limits: USD spent (LLM and agent cost), wall time spent running steps, and
    coding-agent turns. A key left out takes the next level's value (engine default →
    definition → project settings ``budget`` → the run's ``budget`` input)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    max_cost_usd: float | None = Field(default=None, gt=0, le=100_000)
    max_wall_s: float | None = Field(default=None, gt=0, le=30 * 24 * 3600)
    max_agent_turns: int | None = Field(default=None, gt=0, le=100_000)


class DefinitionView(Result):
    """A workflow definition at its current version."""

    id: UUID
    name: str
    category: Category
    version: int
    description: str
    steps: list[StepSpec]
    input_schema: dict[str, Any]
    approval_policy: WorkflowApprovalPolicy
    trigger_types: list[Trigger]
    shipping: bool = Field(description="True when the last step commits and opens a pull request.")
    budget: RunBudget | None = Field(
        default=None, description="The default budget of its runs (unset keys: the engine's)."
    )
    inserted_at: datetime
    updated_at: datetime


class DefinitionVersion(BaseModel):
    """One published version of a definition, as a run pins it."""

    workflow_definition_id: UUID
    name: str
    category: Category
    version: int
    steps: list[StepSpec]
    input_schema: dict[str, Any]
    approval_policy: WorkflowApprovalPolicy
    trigger_types: list[Trigger]
    shipping: bool
    budget: RunBudget | None = None

    def step_names(self) -> list[str]:
        """Step names in execution order."""
        return [s.name for s in self.steps]

    def step_after(self, step: str | None) -> str | None:
        """The step that follows ``step``, or ``None`` after the last one."""
        names = self.step_names()
        if step not in names:
            return None
        index = names.index(step) + 1
        return names[index] if index < len(names) else None


class DefinitionPage(Result):
    """A page of definitions, by name."""

    items: list[DefinitionView]
    next_cursor: str | None


class ListDefinitionsParams(Params):
    category: Category | None = None
    cursor: str | None = None
    limit: int = Field(default=DEFAULT_PAGE, ge=1, le=MAX_PAGE)


class GetDefinitionParams(Params):
    name: str = Field(pattern=WORKFLOW_NAME_PATTERN)


def _manual_only() -> list[Trigger]:
    return ["manual"]


class CreateDefinitionParams(Params):
    name: str = Field(pattern=WORKFLOW_NAME_PATTERN)
    description: str = Field(default="", max_length=2000)
    steps: list[StepSpec] = Field(min_length=1, max_length=50)
    input_schema: dict[str, Any] = Field(default_factory=lambda: {"type": "object"})
    approval_policy: WorkflowApprovalPolicy = Field(default_factory=WorkflowApprovalPolicy)
    trigger_types: list[Trigger] = Field(default_factory=_manual_only, min_length=1)
    budget: RunBudget | None = None


class UpdateDefinitionParams(Params):
    name: str = Field(pattern=WORKFLOW_NAME_PATTERN)
    expected_version: int | None = Field(
        default=None, ge=1, description="Refuse with conflict unless this is the current version."
    )
    description: str | None = Field(default=None, max_length=2000)
    steps: list[StepSpec] | None = Field(default=None, min_length=1, max_length=50)
    input_schema: dict[str, Any] | None = None
    approval_policy: WorkflowApprovalPolicy | None = None
    trigger_types: list[Trigger] | None = Field(default=None, min_length=1)
    budget: RunBudget | None = Field(default=None, description="Replaces the budget when given.")

"""SQL for workflow definitions and their pinned versions."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg

from domains.orchestration.errors import WorkflowDefinitionExists
from domains.orchestration.models_definitions import (
    DefinitionVersion,
    DefinitionView,
    RunBudget,
    StepSpec,
    WorkflowApprovalPolicy,
)
from sql.database import Connection
from sql.queries import query_file

Q = query_file("orchestration_definitions")


def _definition(row: asyncpg.Record) -> DefinitionView:
    data = dict(row)
    body = data.pop("definition")
    return DefinitionView(
        **data,
        steps=[StepSpec.model_validate(s) for s in body["steps"]],
        budget=_budget(body),
    )


def _version(row: asyncpg.Record) -> DefinitionVersion:
    data = dict(row)
    body = data.pop("definition")
    return DefinitionVersion(
        **data,
        steps=[StepSpec.model_validate(s) for s in body["steps"]],
        budget=_budget(body),
    )


def _budget(body: dict[str, Any]) -> RunBudget | None:
    raw = body.get("budget")
    return RunBudget.model_validate(raw) if raw else None


def _content(
    steps: list[StepSpec],
    input_schema: dict[str, Any],
    approval_policy: WorkflowApprovalPolicy,
    budget: RunBudget | None,
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    body: dict[str, Any] = {"steps": [s.model_dump(mode="json") for s in steps]}
    if budget is not None:
        # The budget rides in the document, so each pinned version keeps its own.
        body["budget"] = budget.model_dump(mode="json", exclude_none=True)
    return (
        body,
        input_schema,
        approval_policy.model_dump(mode="json"),
    )


async def list_definitions(
    conn: Connection,
    after: str,
    limit: int,
    *,
    category: str | None,
) -> list[DefinitionView]:
    """Definitions by name after the name ``after``, of one category when given."""
    rows = await conn.fetch(Q["list_workflow_definitions"], category, after, limit)
    return [_definition(r) for r in rows]


async def get_by_name(conn: Connection, *, name: str) -> DefinitionView | None:
    """One definition at its current version, or ``None``."""
    row = await conn.fetchrow(Q["get_workflow_definition_by_name"], name)
    return _definition(row) if row else None


async def insert_definition(
    conn: Connection,
    *,
    name: str,
    description: str,
    steps: list[StepSpec],
    input_schema: dict[str, Any],
    approval_policy: WorkflowApprovalPolicy,
    trigger_types: list[str],
    shipping: bool,
    budget: RunBudget | None = None,
) -> DefinitionView:
    """Create a custom definition at version 1; a taken name is ``WorkflowDefinitionExists``."""
    definition, schema, policy = _content(steps, input_schema, approval_policy, budget)
    try:
        row = await conn.fetchrow(
            Q["insert_workflow_definition"],
            name,
            description,
            definition,
            schema,
            policy,
            trigger_types,
            shipping,
        )
    except asyncpg.UniqueViolationError as exc:
        if exc.constraint_name == "workflow_definitions_name_key":
            raise WorkflowDefinitionExists(name=name) from exc
        raise
    assert row is not None
    return _definition(row)


async def update_definition(
    conn: Connection,
    *,
    definition_id: UUID,
    expected_version: int,
    description: str,
    steps: list[StepSpec],
    input_schema: dict[str, Any],
    approval_policy: WorkflowApprovalPolicy,
    trigger_types: list[str],
    shipping: bool,
    budget: RunBudget | None = None,
) -> DefinitionView | None:
    """Replace a custom definition's content and bump its version; ``None`` if it moved on."""
    definition, schema, policy = _content(steps, input_schema, approval_policy, budget)
    row = await conn.fetchrow(
        Q["update_workflow_definition"],
        definition_id,
        expected_version,
        description,
        definition,
        schema,
        policy,
        trigger_types,
        shipping,
    )
    return _definition(row) if row else None


async def insert_version(conn: Connection, *, definition: DefinitionView) -> None:
    """Record the definition's current content as a pinned version."""
    body, schema, policy = _content(
        definition.steps, definition.input_schema, definition.approval_policy, definition.budget
    )
    await conn.fetchval(
        Q["insert_workflow_definition_version"],
        definition.id,
        definition.version,
        body,
        schema,
        policy,
        list(definition.trigger_types),
        definition.shipping,
    )


async def get_version(
    conn: Connection, *, definition_id: UUID, version: int
) -> DefinitionVersion | None:
    """One pinned version, or ``None``."""
    row = await conn.fetchrow(Q["get_workflow_definition_version"], definition_id, version)
    return _version(row) if row else None

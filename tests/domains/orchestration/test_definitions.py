"""Workflow definitions: seeded builtins, read-only; custom ones versioned and checked."""

from __future__ import annotations

from typing import Any

import pytest

from domains.orchestration import service
from domains.orchestration.errors import (
    BuiltinDefinitionReadOnly,
    StaleWorkflowDefinition,
    WorkflowDefinitionExists,
)
from domains.orchestration.models_definitions import CreateDefinitionParams, UpdateDefinitionParams
from rpc.errors import ValidationFailed
from sql.database import Database

BUILTINS = {
    "implement_task": (
        "task_summary",
        ["plan", "coding_agent", "run_tests", "approval", "commit_and_pr"],
    ),
    "fix_failing_tests": (
        "failure_signal",
        ["reproduce", "diagnose", "coding_agent", "run_tests", "approval", "commit_and_pr"],
    ),
    "issue_triage": (
        "issue_reference",
        ["fetch_issue", "triage", "research", "compose_response", "approval", "post_comment"],
    ),
    "pr_review": (
        "pull_request_reference",
        ["fetch_pull_request", "review", "approval", "post_review"],
    ),
    "update_dependencies": ("update_command", ["shell", "run_tests", "approval", "commit_and_pr"]),
}


def custom(name: str = "lint_fix", **overrides: Any) -> CreateDefinitionParams:
    fields: dict[str, Any] = {
        "name": name,
        "description": "Run the linter and fix what it finds.",
        "steps": [
            {"name": "lint", "kind": "run_tests"},
            {"name": "fix", "kind": "coding_agent"},
            {"name": "review", "kind": "approval"},
        ],
        "input_schema": {
            "type": "object",
            "properties": {"paths": {"type": "array", "items": {"type": "string"}}},
            "required": ["paths"],
        },
        "approval_policy": {"on_reject": {"action": "retry_step", "step": "fix"}},
    }
    fields.update(overrides)
    return CreateDefinitionParams.model_validate(fields)


async def test_builtins_are_seeded_with_steps_inputs_and_policy(db: Database) -> None:
    page = await service.list_definitions(db, category="builtin", cursor=None, limit=50)
    by_name = {d.name: d for d in page.items}
    assert set(by_name) == set(BUILTINS)
    for name, (input_name, kinds) in BUILTINS.items():
        d = by_name[name]
        assert d.category == "builtin"
        assert d.version == 1
        assert [s.kind for s in d.steps] == kinds
        assert d.input_schema["required"] == [input_name]
        assert d.shipping == (kinds[-1] == "commit_and_pr")
        assert set(d.approval_policy.retryable_steps) <= {s.name for s in d.steps}
        assert "manual" in d.trigger_types


@pytest.mark.committing
async def test_builtins_are_read_only(db: Database, clean: None) -> None:
    with pytest.raises(BuiltinDefinitionReadOnly) as info:
        await service.update_definition(
            db, params=UpdateDefinitionParams(name="implement_task", description="mine now")
        )
    assert info.value.kind == "policy_violation"
    assert (await service.read_definition(db, name="implement_task")).version == 1


@pytest.mark.committing
async def test_custom_definition_update_bumps_version(db: Database, clean: None) -> None:
    created = await service.create_definition(db, params=custom())
    assert created.category == "custom"
    assert created.version == 1
    assert not created.shipping
    updated = await service.update_definition(
        db,
        params=UpdateDefinitionParams.model_validate(
            {
                "name": "lint_fix",
                "expected_version": 1,
                "steps": [
                    {"name": "lint", "kind": "run_tests"},
                    {"name": "fix", "kind": "coding_agent"},
                    {"name": "review", "kind": "approval"},
                    {"name": "ship", "kind": "commit_and_pr"},
                ],
            }
        ),
    )
    assert updated.version == 2
    assert updated.shipping
    assert updated.input_schema == created.input_schema
    with pytest.raises(StaleWorkflowDefinition):
        await service.update_definition(
            db, params=UpdateDefinitionParams(name="lint_fix", expected_version=1, description="x")
        )
    with pytest.raises(WorkflowDefinitionExists):
        await service.create_definition(db, params=custom())


@pytest.mark.committing
async def test_invalid_input_schema_is_refused(db: Database, clean: None) -> None:
    with pytest.raises(ValidationFailed) as info:
        await service.create_definition(
            db, params=custom("bad_schema", input_schema={"type": "object", "minProperties": -1})
        )
    assert info.value.fields.field_errors[0].field == "input_schema"  # type: ignore[attr-defined]
    with pytest.raises(ValidationFailed):
        await service.create_definition(
            db, params=custom("not_object", input_schema={"type": "string"})
        )
    with pytest.raises(ValidationFailed):
        await service.create_definition(
            db,
            params=custom(
                "remote_ref",
                input_schema={
                    "type": "object",
                    "properties": {"x": {"$ref": "https://example.com/s"}},
                },
            ),
        )


@pytest.mark.committing
async def test_steps_and_policy_are_checked(db: Database, clean: None) -> None:
    with pytest.raises(ValidationFailed) as info:
        await service.create_definition(
            db,
            params=custom(
                "dup_steps",
                steps=[{"name": "a", "kind": "plan"}, {"name": "a", "kind": "plan"}],
                approval_policy={
                    "on_reject": {"action": "retry_step", "step": "nowhere"},
                    "retryable_steps": ["b"],
                },
            ),
        )
    fields = {e.field for e in info.value.fields.field_errors}  # type: ignore[attr-defined]
    assert fields == {
        "steps.1.name",
        "approval_policy.on_reject.step",
        "approval_policy.retryable_steps.0",
    }


def test_input_validation_names_fields_without_echoing_values() -> None:
    schema = {
        "type": "object",
        "properties": {
            "task_summary": {"type": "string", "minLength": 5},
            "count": {"type": "integer", "minimum": 1},
        },
        "required": ["task_summary", "count"],
        "additionalProperties": False,
    }
    with pytest.raises(ValidationFailed) as info:
        service.validate_inputs(schema, {"task_summary": "sk-x", "extra": "ghp_secretvalue"})
    errors = {e.field: e.message for e in info.value.fields.field_errors}  # type: ignore[attr-defined]
    assert errors == {
        "inputs.count": "is required",
        "inputs.extra": "is not an allowed input",
        "inputs.task_summary": "must be at least 5 characters",
    }
    assert "sk-x" not in str(info.value.data())
    assert "ghp_" not in str(info.value.data())
    service.validate_inputs(schema, {"task_summary": "hello", "count": 2})

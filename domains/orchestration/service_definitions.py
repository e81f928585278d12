"""Workflow definitions: builtins are read-only; custom ones bump their version on change.

Every published version is kept, so a run pins the exact steps, input schema and policy it
started with. Input schemas must be valid JSON Schema (2020-12) describing an object, and
run inputs are checked against them with one field error per problem. Error messages name
the rule broken, never the value given (an input may hold a secret). The input ``budget``
is reserved: it overrides the run's budget, is checked against the budget's own rules, and
is accepted even by a schema that forbids other extra inputs.
"""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError
from jsonschema.exceptions import ValidationError as SchemaValidationError
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from domains.orchestration import repo_definitions as repo
from domains.orchestration.errors import (
    BuiltinDefinitionReadOnly,
    StaleWorkflowDefinition,
    WorkflowDefinitionNotFound,
)
from domains.orchestration.models import SHIPPING_KIND
from domains.orchestration.models_definitions import (
    CreateDefinitionParams,
    DefinitionPage,
    DefinitionView,
    RunBudget,
    StepSpec,
    UpdateDefinitionParams,
    WorkflowApprovalPolicy,
)
from domains.shared import cursors
from rpc.errors import FieldError, ValidationFailed
from sql.database import Connection, Database

MAX_FIELD_ERRORS = 20
# The run input that overrides the budget; no definition may use the name for its own.
BUDGET_INPUT = "budget"
# Reserved too: ``true`` makes the run's shipping step do everything but push and open.
DRY_RUN_INPUT = "dry_run"
RESERVED_INPUTS = (BUDGET_INPUT, DRY_RUN_INPUT)


# --- rules ------------------------------------------------------------------------------


def check_input_schema(schema: dict[str, Any]) -> None:
    """Refuse a schema that is not valid 2020-12 JSON Schema for an object of inputs."""
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        where = "/".join(str(p) for p in exc.path) or "the top level"
        raise ValidationFailed.on(
            "input_schema", f"not a valid JSON Schema at {where}: {exc.message[:200]}"
        ) from None
    if schema.get("type") != "object":
        raise ValidationFailed.on("input_schema", 'must describe an object ("type": "object")')
    properties = schema.get("properties")
    if isinstance(properties, dict) and BUDGET_INPUT in properties:
        raise ValidationFailed.on(
            f"input_schema.properties.{BUDGET_INPUT}", "is reserved for the run's budget"
        )
    for ref in _refs(schema):
        # Only local references: a remote one would make validation fetch a URL.
        if not ref.startswith("#"):
            raise ValidationFailed.on("input_schema", "only local $ref (#/...) is allowed")


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [v for k, v in node.items() if k in {"$ref", "$dynamicRef"} and isinstance(v, str)]
        for value in node.values():
            found.extend(_refs(value))
        return found
    if isinstance(node, list):
        return [r for item in node for r in _refs(item)]
    return []


def _describe(error: SchemaValidationError) -> list[FieldError]:
    """Field errors for one schema violation, naming the rule but never the value."""
    base = ".".join(["inputs", *(str(p) for p in error.absolute_path)])
    rule = str(error.validator)
    expected = error.validator_value
    instance = error.instance
    if rule == "required" and isinstance(instance, dict) and isinstance(expected, list):
        return [
            FieldError(field=f"{base}.{name}", message="is required")
            for name in expected
            if name not in instance
        ]
    if rule == "additionalProperties" and isinstance(instance, dict):
        known = set(error.schema.get("properties", {})) if isinstance(error.schema, dict) else set()
        return [
            FieldError(field=f"{base}.{name}", message="is not an allowed input")
            for name in instance
            if name not in known
        ]
    messages = {
        "type": f"must be of type {expected}",
        "minLength": f"must be at least {expected} characters",
        "maxLength": f"must be at most {expected} characters",
        "pattern": "does not have the expected format",
        "format": f"must be a valid {expected}",
        "enum": f"must be one of {expected}",
        "const": f"must be {expected!r}",
        "minimum": f"must be at least {expected}",
        "maximum": f"must be at most {expected}",
        "exclusiveMinimum": f"must be greater than {expected}",
        "exclusiveMaximum": f"must be less than {expected}",
        "minItems": f"must have at least {expected} items",
        "maxItems": f"must have at most {expected} items",
        "oneOf": "does not match exactly one allowed form",
        "anyOf": "does not match any allowed form",
    }
    return [FieldError(field=base, message=messages.get(rule, f"breaks the {rule} rule"))]


def budget_errors(raw: Any, field: str) -> list[FieldError]:
    """What is wrong with a budget override (``[]`` when nothing): an object whose keys are
    ``max_cost_usd``, ``max_wall_s`` (positive numbers) and ``max_agent_turns`` (a
    positive whole number)."""
    if not isinstance(raw, dict):
        return [FieldError(field=field, message="must be an object")]
    try:
        RunBudget.model_validate(raw)
    except ValidationError as exc:
        return [
            FieldError(field=".".join([field, *map(str, e["loc"])]), message=_budget_rule(e))
            for e in exc.errors()
        ]
    return []


def _budget_rule(error: ErrorDetails) -> str:
    """The budget rule a pydantic error names, without the value given."""
    kind = error["type"]
    if kind == "extra_forbidden":
        return "is not a budget key (max_cost_usd, max_wall_s, max_agent_turns)"
    if kind == "int_type":
        return "must be a positive whole number"
    if kind == "less_than_equal":
        return f"must be at most {(error.get('ctx') or {}).get('le')}"
    return "must be a positive number"


def validate_inputs(schema: dict[str, Any], inputs: dict[str, Any]) -> None:
    """Check run inputs against a definition's input schema; ``ValidationFailed`` lists why.

    The reserved inputs are checked as themselves, not against the schema: ``budget`` as
    a budget, ``dry_run`` as a boolean.
    """
    validator = Draft202012Validator(schema)
    problems: list[FieldError] = []
    if BUDGET_INPUT in inputs:
        problems.extend(budget_errors(inputs[BUDGET_INPUT], f"inputs.{BUDGET_INPUT}"))
    if DRY_RUN_INPUT in inputs and not isinstance(inputs[DRY_RUN_INPUT], bool):
        problems.append(FieldError(field=f"inputs.{DRY_RUN_INPUT}", message="must be a boolean"))
    rest = {k: v for k, v in inputs.items() if k not in RESERVED_INPUTS}
    for error in sorted(validator.iter_errors(rest), key=lambda e: list(map(str, e.path))):
        problems.extend(_describe(error))
        if len(problems) >= MAX_FIELD_ERRORS:
            break
    if problems:
        raise ValidationFailed(field_errors=problems[:MAX_FIELD_ERRORS])


def check_steps(steps: list[StepSpec], policy: WorkflowApprovalPolicy) -> bool:
    """Refuse duplicate step names or a policy naming unknown steps; returns ``shipping``."""
    names = [s.name for s in steps]
    problems: list[FieldError] = []
    seen: set[str] = set()
    for index, name in enumerate(names):
        if name in seen:
            problems.append(FieldError(field=f"steps.{index}.name", message="is used twice"))
        seen.add(name)
    reject = policy.on_reject
    if reject.action == "retry_step" and reject.step not in seen:
        problems.append(
            FieldError(field="approval_policy.on_reject.step", message="must name a step")
        )
    if reject.action == "cancel" and reject.step is not None:
        problems.append(
            FieldError(field="approval_policy.on_reject.step", message="is only for retry_step")
        )
    for index, step in enumerate(policy.retryable_steps):
        if step not in seen:
            problems.append(
                FieldError(
                    field=f"approval_policy.retryable_steps.{index}", message="must name a step"
                )
            )
    if problems:
        raise ValidationFailed(field_errors=problems)
    # Any commit-and-PR step makes a definition shipping, wherever it sits.
    return any(s.kind == SHIPPING_KIND for s in steps)


# --- reads ------------------------------------------------------------------------------


async def get_definition(conn: Connection, *, name: str) -> DefinitionView:
    """A definition at its current version; ``WorkflowDefinitionNotFound`` otherwise."""
    found = await repo.get_by_name(conn, name=name)
    if found is None:
        raise WorkflowDefinitionNotFound(name=name)
    return found


async def read_definition(db: Database, *, name: str) -> DefinitionView:
    """``get_definition`` on a pooled connection."""
    async with db.connection() as conn:
        return await get_definition(conn, name=name)


async def list_definitions(
    db: Database, *, category: str | None, cursor: str | None, limit: int
) -> DefinitionPage:
    """Definitions by name; the cursor is the last name of the previous page."""
    items, next_cursor = await cursors.BY_NAME.page(
        db, cursor, limit, lambda d: d.name, repo.list_definitions, category=category
    )
    return DefinitionPage(items=items, next_cursor=next_cursor)


# --- writes -----------------------------------------------------------------------------


async def create_definition(db: Database, *, params: CreateDefinitionParams) -> DefinitionView:
    """Create a custom definition at version 1 (its first pinned version with it)."""
    check_input_schema(params.input_schema)
    shipping = check_steps(params.steps, params.approval_policy)
    async with db.transaction() as conn:
        created = await repo.insert_definition(
            conn,
            name=params.name,
            description=params.description,
            steps=params.steps,
            input_schema=params.input_schema,
            approval_policy=params.approval_policy,
            trigger_types=list(dict.fromkeys(params.trigger_types)),
            shipping=shipping,
            budget=params.budget,
        )
        await repo.insert_version(conn, definition=created)
    return created


async def update_definition(db: Database, *, params: UpdateDefinitionParams) -> DefinitionView:
    """Change a custom definition and bump its version; builtins are read-only.

    Only from the version the caller read when it says which (``expected_version``);
    otherwise from the version read here, so two concurrent updates never both apply to
    the same version.
    """
    async with db.transaction() as conn:
        current = await get_definition(conn, name=params.name)
        if current.category == "builtin":
            raise BuiltinDefinitionReadOnly(name=current.name)
        expected = params.expected_version or current.version
        if expected != current.version:
            raise StaleWorkflowDefinition(
                name=current.name, expected=expected, current=current.version
            )
        steps = params.steps if params.steps is not None else current.steps
        policy = (
            params.approval_policy
            if params.approval_policy is not None
            else current.approval_policy
        )
        schema = params.input_schema if params.input_schema is not None else current.input_schema
        check_input_schema(schema)
        shipping = check_steps(steps, policy)
        updated = await repo.update_definition(
            conn,
            definition_id=current.id,
            expected_version=expected,
            description=(
                params.description if params.description is not None else current.description
            ),
            steps=steps,
            input_schema=schema,
            approval_policy=policy,
            trigger_types=list(
                dict.fromkeys(
                    params.trigger_types
                    if params.trigger_types is not None
                    else current.trigger_types
                )
            ),
            shipping=shipping,
            budget=params.budget if params.budget is not None else current.budget,
        )
        if updated is None:
            latest = await get_definition(conn, name=params.name)
            raise StaleWorkflowDefinition(
                name=current.name, expected=expected, current=latest.version
            )
        await repo.insert_version(conn, definition=updated)
    return updated

"""Runs: start (validation, pinning, the shipping rule), cancel, retry."""

from __future__ import annotations

import uuid

import pytest

from domains.orchestration import repo_runs, service
from domains.orchestration.errors import (
    RunAlreadyRetried,
    RunNotFound,
    RunTransitionRefused,
    ShippingRunActive,
    StepRetryNotAllowed,
    TriggerNotAllowed,
    WorkflowDefinitionNotFound,
)
from domains.orchestration.models_definitions import CreateDefinitionParams, UpdateDefinitionParams
from domains.projects.errors import ProjectNotFound
from rpc.context import Runtime
from rpc.errors import ValidationFailed
from sql.database import Connection, Database
from tests.domains.orchestration.factories import ACTOR, make_run, run_in
from tests.domains.projects.factories import make_project

# --- start ------------------------------------------------------------------------------


async def test_start_pins_the_version_and_records_the_first_move(
    conn: Connection, runtime: Runtime
) -> None:
    run = await make_run(conn, runtime, definition_name="implement_task")
    assert run.status == "pending"
    assert (run.workflow_name, run.workflow_version, run.shipping) == ("implement_task", 1, True)
    assert run.inputs == {"task_summary": "Add a health endpoint"}
    assert run.retry_of_run_id is None
    assert run.retry_attempt == 0
    assert run.started_at is None
    assert [(t.from_, t.to, t.actor) for t in run.status_transitions] == [(None, "pending", ACTOR)]
    started = await service.advance_run(conn, runtime, run_id=run.id, to="running", actor=ACTOR)
    assert started.current_step == "plan"  # the first step when none is named
    assert started.started_at is not None


async def test_inputs_are_validated_with_field_errors(conn: Connection, runtime: Runtime) -> None:
    project = await make_project(conn)
    with pytest.raises(ValidationFailed) as info:
        await make_run(
            conn,
            runtime,
            project_id=project.id,
            definition_name="implement_task",
            inputs={"task_summary": "", "surprise": 1},
        )
    errors = {e.field: e.message for e in info.value.fields.field_errors}  # type: ignore[attr-defined]
    assert errors == {
        "inputs.surprise": "is not an allowed input",
        "inputs.task_summary": "must be at least 1 characters",
    }
    with pytest.raises(ValidationFailed) as missing:
        await make_run(
            conn, runtime, project_id=project.id, definition_name="issue_triage", inputs={}
        )
    assert missing.value.data()["field_errors"] == [
        {"field": "inputs.issue_reference", "message": "is required"}
    ]
    # Both shapes of an issue reference are accepted.
    await make_run(conn, runtime, project_id=project.id, inputs={"issue_reference": "acme/app#12"})
    await make_run(
        conn,
        runtime,
        project_id=project.id,
        inputs={"issue_reference": {"repository": "acme/app", "number": 12}},
    )


async def test_start_refusals(conn: Connection, runtime: Runtime) -> None:
    project = await make_project(conn)
    with pytest.raises(WorkflowDefinitionNotFound):
        await make_run(conn, runtime, project_id=project.id, definition_name="no_such_flow")
    with pytest.raises(TriggerNotAllowed):
        await make_run(
            conn,
            runtime,
            project_id=project.id,
            definition_name="implement_task",
            trigger="webhook",
        )
    with pytest.raises(ValidationFailed):
        await make_run(conn, runtime, project_id=project.id, trigger="cron")
    with pytest.raises(ProjectNotFound):
        await make_run(conn, runtime, project_id=uuid.uuid4())
    # The refused insert ran in a savepoint: the caller's transaction is still usable.
    assert (await make_run(conn, runtime, project_id=project.id)).status == "pending"


async def test_one_shipping_run_per_project(conn: Connection, runtime: Runtime) -> None:
    project = await make_project(conn)
    first = await make_run(conn, runtime, project_id=project.id, definition_name="implement_task")
    with pytest.raises(ShippingRunActive) as info:
        await make_run(conn, runtime, project_id=project.id, definition_name="fix_failing_tests")
    assert info.value.kind == "conflict"
    # A non-shipping run and another project's shipping run are fine.
    await make_run(conn, runtime, project_id=project.id, definition_name="issue_triage")
    await make_run(conn, runtime, definition_name="implement_task")
    # Once the first finishes, the project may ship again.
    await service.advance_run(conn, runtime, run_id=first.id, to="cancelled", actor=ACTOR)
    again = await make_run(
        conn, runtime, project_id=project.id, definition_name="fix_failing_tests"
    )
    assert again.shipping


async def test_secrets_in_inputs_and_results_are_redacted(
    conn: Connection, runtime: Runtime
) -> None:
    token = "ghp_" + "A1b2C3d4" * 5
    run = await make_run(
        conn,
        runtime,
        definition_name="implement_task",
        inputs={"task_summary": f"use {token} to call the API"},
    )
    assert token not in str(run.inputs)
    await service.advance_run(conn, runtime, run_id=run.id, to="running", actor=ACTOR)
    failed = await service.advance_run(
        conn,
        runtime,
        run_id=run.id,
        to="failed",
        actor=ACTOR,
        step="implement",
        step_result={"log": f"Authorization: Bearer {token}", "api_key": "plain-secret-value"},
        error={"kind": "execution_error", "reason": f"git push with {token} failed"},
    )
    assert token not in str(failed.step_results)
    assert "plain-secret-value" not in str(failed.step_results)
    assert failed.error is not None
    assert token not in failed.error.reason
    assert failed.error.failed_step == "implement"


async def test_failure_records_the_steps(conn: Connection, runtime: Runtime) -> None:
    run = await run_in(conn, runtime, "running", definition_name="implement_task")
    await service.record_step(
        conn, runtime, run_id=run.id, step="plan", outcome="completed", actor=ACTOR, result={"a": 1}
    )
    await service.record_step(
        conn, runtime, run_id=run.id, step="implement", outcome="started", actor=ACTOR
    )
    failed = await service.advance_run(
        conn,
        runtime,
        run_id=run.id,
        to="failed",
        actor=ACTOR,
        error={"kind": "execution_error", "reason": "the agent crashed", "remediation": "retry"},
    )
    assert failed.error is not None
    assert failed.error.failed_step == "implement"
    assert failed.error.last_successful_step == "plan"
    assert failed.error.remediation == "retry"
    events, _ = await repo_runs.page_events(
        conn, run_id=run.id, project_id=None, after_seq=0, limit=50
    )
    assert [e.type for e in events] == [
        "run_started",
        "step_started",
        "step_completed",
        "step_started",
        "step_failed",
        "run_failed",
    ]


async def test_misplaced_extras_are_refused(conn: Connection, runtime: Runtime) -> None:
    run = await run_in(conn, runtime, "running")
    with pytest.raises(ValidationFailed):
        await service.advance_run(
            conn, runtime, run_id=run.id, to="completed", actor=ACTOR, error={"kind": "x"}
        )
    with pytest.raises(ValidationFailed):
        await service.advance_run(
            conn, runtime, run_id=run.id, to="completed", actor=ACTOR, approval_context={}
        )
    with pytest.raises(ValidationFailed):
        await service.advance_run(
            conn, runtime, run_id=run.id, to="failed", actor=ACTOR, step="nowhere"
        )
    with pytest.raises(RunNotFound):
        await service.advance_run(conn, runtime, run_id=uuid.uuid4(), to="running", actor=ACTOR)


# --- cancel and retry -------------------------------------------------------------------


async def test_cancel(db: Database, runtime: Runtime, clean: None) -> None:
    async with db.transaction() as conn:
        run = await run_in(conn, runtime, "running")
    cancelled = await service.cancel_run(
        db, runtime, run_id=run.id, actor=ACTOR, reason="not needed"
    )
    assert cancelled.status == "cancelled"
    assert cancelled.completed_at is not None
    with pytest.raises(RunTransitionRefused) as info:
        await service.cancel_run(db, runtime, run_id=run.id, actor=ACTOR, reason=None)
    assert info.value.data()["from"] == "cancelled"


async def test_retry_carries_its_lineage(db: Database, runtime: Runtime, clean: None) -> None:
    async with db.transaction() as conn:
        run = await run_in(conn, runtime, "failed", definition_name="implement_task")
    first = await service.retry_run(db, runtime, run_id=run.id, actor=ACTOR, from_step=None)
    assert first.status == "pending"
    assert first.retry_of_run_id == run.id
    assert first.retry_attempt == 1
    assert (first.workflow_definition_id, first.workflow_version) == (
        run.workflow_definition_id,
        run.workflow_version,
    )
    assert first.inputs == run.inputs
    assert first.project_id == run.project_id
    assert first.start_step is None
    with pytest.raises(RunAlreadyRetried):
        await service.retry_run(db, runtime, run_id=run.id, actor=ACTOR, from_step=None)
    # Only failed or cancelled runs are retried.
    with pytest.raises(RunTransitionRefused) as info:
        await service.retry_run(db, runtime, run_id=first.id, actor=ACTOR, from_step=None)
    assert info.value.data()["from"] == "pending"
    await service.cancel_run(db, runtime, run_id=first.id, actor=ACTOR, reason=None)
    second = await service.retry_run(db, runtime, run_id=first.id, actor=ACTOR, from_step=None)
    assert second.retry_of_run_id == first.id
    assert second.retry_attempt == 2
    events = await service.list_run_events(
        db, run_id=second.id, project_id=None, cursor=None, limit=5
    )
    assert events.items[0].data == {
        "trigger": "manual",
        "retry_of_run_id": str(first.id),
        "retry_attempt": 2,
    }


async def test_retry_from_a_step_follows_the_policy(
    db: Database, runtime: Runtime, clean: None
) -> None:
    async with db.transaction() as conn:
        run = await run_in(conn, runtime, "running", definition_name="implement_task")
        await service.record_step(
            conn,
            runtime,
            run_id=run.id,
            step="plan",
            outcome="completed",
            actor=ACTOR,
            result={"plan": "three steps"},
        )
        await service.record_step(
            conn,
            runtime,
            run_id=run.id,
            step="run_tests",
            outcome="completed",
            actor=ACTOR,
            result={"passed": False},
        )
        await service.advance_run(conn, runtime, run_id=run.id, to="failed", actor=ACTOR)
    with pytest.raises(StepRetryNotAllowed):
        await service.retry_run(db, runtime, run_id=run.id, actor=ACTOR, from_step="plan")
    with pytest.raises(ValidationFailed):
        await service.retry_run(db, runtime, run_id=run.id, actor=ACTOR, from_step="nowhere")
    retried = await service.retry_run(
        db, runtime, run_id=run.id, actor=ACTOR, from_step="implement"
    )
    assert retried.start_step == "implement"
    assert retried.step_results == {"plan": {"plan": "three steps"}}  # steps before it only
    async with db.transaction() as conn:
        started = await service.advance_run(
            conn, runtime, run_id=retried.id, to="running", actor=ACTOR
        )
    assert started.current_step == "implement"


async def test_retry_keeps_the_pinned_version(db: Database, runtime: Runtime, clean: None) -> None:
    await service.create_definition(
        db,
        params=CreateDefinitionParams.model_validate(
            {
                "name": "docs_pass",
                "steps": [{"name": "write", "kind": "coding_agent"}],
                "input_schema": {
                    "type": "object",
                    "properties": {"topic": {"type": "string"}},
                    "required": ["topic"],
                },
            }
        ),
    )
    async with db.transaction() as conn:
        run = await run_in(
            conn, runtime, "failed", definition_name="docs_pass", inputs={"topic": "install"}
        )
    await service.update_definition(
        db,
        params=UpdateDefinitionParams.model_validate(
            {
                "name": "docs_pass",
                "input_schema": {
                    "type": "object",
                    "properties": {"subject": {"type": "string"}},
                    "required": ["subject"],
                },
            }
        ),
    )
    retried = await service.retry_run(db, runtime, run_id=run.id, actor=ACTOR, from_step=None)
    assert retried.workflow_version == 1
    assert retried.inputs == {"topic": "install"}
    async with db.transaction() as conn:
        fresh = await make_run(conn, runtime, definition_name="docs_pass", inputs={"subject": "x"})
    assert fresh.workflow_version == 2

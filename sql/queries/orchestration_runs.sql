-- name: insert_workflow_run
-- Creates a run in pending with its first status transition.
INSERT INTO workflow_runs
    (project_id, workflow_definition_id, workflow_name, workflow_version, shipping, status,
     trigger, trigger_context, inputs, start_step, retry_of_run_id, retry_attempt,
     status_transitions, step_results)
VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, $8, $9, $10, $11, $12, $13)
RETURNING id, project_id, workflow_definition_id, workflow_name, workflow_version, shipping,
          status, trigger, trigger_context, inputs, start_step, current_step, step_results,
          error, status_transitions, retry_of_run_id, retry_attempt, started_at, completed_at,
          inserted_at, updated_at;

-- name: get_workflow_run
-- Reads one run.
SELECT id, project_id, workflow_definition_id, workflow_name, workflow_version, shipping,
       status, trigger, trigger_context, inputs, start_step, current_step, step_results,
       error, status_transitions, retry_of_run_id, retry_attempt, started_at, completed_at,
       inserted_at, updated_at
FROM workflow_runs
WHERE id = $1;

-- name: lock_workflow_run
-- Reads one run and locks it until the transaction ends, so moves on it are serialised.
SELECT id, project_id, workflow_definition_id, workflow_name, workflow_version, shipping,
       status, trigger, trigger_context, inputs, start_step, current_step, step_results,
       error, status_transitions, retry_of_run_id, retry_attempt, started_at, completed_at,
       inserted_at, updated_at
FROM workflow_runs
WHERE id = $1
FOR UPDATE;

-- name: move_workflow_run
-- Moves a run from the expected status, appending the transition and stamping the times.
UPDATE workflow_runs
SET status = $3,
    current_step = $4,
    step_results = $5,
    error = $6,
    status_transitions = status_transitions || jsonb_build_array($7::jsonb),
    started_at = CASE WHEN $3 = 'running' THEN COALESCE(started_at, now()) ELSE started_at END,
    completed_at = CASE WHEN $3 IN ('completed', 'failed', 'cancelled') THEN now() END,
    updated_at = now()
WHERE id = $1 AND status = $2
RETURNING id, project_id, workflow_definition_id, workflow_name, workflow_version, shipping,
          status, trigger, trigger_context, inputs, start_step, current_step, step_results,
          error, status_transitions, retry_of_run_id, retry_attempt, started_at, completed_at,
          inserted_at, updated_at;

-- name: record_workflow_run_step
-- Records step progress of a running run without a status move.
UPDATE workflow_runs
SET current_step = $2, step_results = $3, updated_at = now()
WHERE id = $1 AND status = 'running'
RETURNING id, project_id, workflow_definition_id, workflow_name, workflow_version, shipping,
          status, trigger, trigger_context, inputs, start_step, current_step, step_results,
          error, status_transitions, retry_of_run_id, retry_attempt, started_at, completed_at,
          inserted_at, updated_at;

-- name: list_workflow_runs
-- Lists runs newest first after an (inserted_at, id) position, by project and/or status when
-- given (a custom plan drops the absent filters, so workflow_runs_project_inserted or
-- workflow_runs_status_inserted serves a filtered page and workflow_runs_inserted the rest).
SELECT id, project_id, workflow_definition_id, workflow_name, workflow_version, shipping,
       status, trigger, trigger_context, inputs, start_step, current_step, step_results,
       error, status_transitions, retry_of_run_id, retry_attempt, started_at, completed_at,
       inserted_at, updated_at
FROM workflow_runs
WHERE ($1::uuid IS NULL OR project_id = $1)
  AND ($2::text IS NULL OR status = $2)
  AND (inserted_at, id) < ($3, $4)
ORDER BY inserted_at DESC, id DESC
LIMIT $5;

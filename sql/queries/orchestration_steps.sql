-- name: list_step_runs
-- Every attempt of every step of a run, in execution order.
SELECT id, run_id, step_index, step_name, kind, attempt, status, output, error,
       cost_usd::float8 AS cost_usd, started_at, finished_at
FROM workflow_step_runs
WHERE run_id = $1
ORDER BY started_at, step_index, attempt;

-- name: insert_step_run
-- Starts an attempt of a step (the unique index refuses a second running attempt).
INSERT INTO workflow_step_runs (run_id, step_index, step_name, kind, attempt)
VALUES ($1, $2, $3, $4, $5)
RETURNING id, run_id, step_index, step_name, kind, attempt, status, output, error,
          cost_usd::float8 AS cost_usd, started_at, finished_at;

-- name: finish_step_run
-- Ends a running attempt; nothing when it is no longer running (taken over as lost).
UPDATE workflow_step_runs
SET status = $2, output = $3, error = $4, cost_usd = $5, finished_at = now(), updated_at = now()
WHERE id = $1 AND status = 'running'
RETURNING id;

-- name: lose_running_step_runs
-- Ends the attempts a dead worker left running, as failed with the reason.
UPDATE workflow_step_runs
SET status = 'failed', error = $2, finished_at = now(), updated_at = now()
WHERE run_id = $1 AND status = 'running'
RETURNING step_index;

-- name: get_run_worktree
-- The worktree a run works in.
SELECT run_id, path, branch, base_commit, host, removed_at
FROM workflow_run_worktrees
WHERE run_id = $1;

-- name: insert_run_worktree
-- Records a run's worktree once (a second attempt keeps the first record).
INSERT INTO workflow_run_worktrees (run_id, path, branch, base_commit, host)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (run_id) DO NOTHING;

-- name: run_cost_usd
-- What a run has spent so far, over every attempt of every step.
SELECT coalesce(sum(cost_usd), 0)::float8 FROM workflow_step_runs WHERE run_id = $1;

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

-- name: get_run_worktree_host
-- The host holding the worktree a run works in: its own, else (a retry not driven yet)
-- its original's, which it will reuse unless retention removed it.
SELECT w.host
FROM workflow_runs AS r
JOIN workflow_run_worktrees AS w
  ON w.run_id = r.id OR (w.run_id = r.retry_of_run_id AND w.removed_at IS NULL)
WHERE r.id = $1
ORDER BY (w.run_id = r.id) DESC
LIMIT 1;

-- Retention of run worktrees. A worktree (a path on a host) is due when it is not removed
-- and no run using it is unfinished or ended at or after the cutoff: "using" is a run
-- recorded on it, or a retry of one (a retry not driven yet reuses its original's). A
-- run's completed_at is NULL exactly while it is unfinished (a CHECK on workflow_runs).

-- name: count_prunable_worktrees_by_host
-- Counts the worktrees due for removal, per host that holds them.
SELECT w.host, count(DISTINCT w.path)::int AS worktrees
FROM workflow_run_worktrees AS w
WHERE w.removed_at IS NULL
  AND NOT EXISTS (
      SELECT 1
      FROM workflow_run_worktrees AS s
      JOIN workflow_runs AS u ON u.id = s.run_id OR u.retry_of_run_id = s.run_id
      WHERE s.path = w.path AND s.host = w.host
        AND (u.completed_at IS NULL OR u.completed_at >= $1))
GROUP BY w.host
ORDER BY w.host;

-- name: list_prunable_worktrees
-- Lists one host's worktrees due for removal with their project, by path after a position.
SELECT DISTINCT ON (w.path) w.path, r.project_id
FROM workflow_run_worktrees AS w
JOIN workflow_runs AS r ON r.id = w.run_id
WHERE w.host = $1 AND w.removed_at IS NULL AND w.path > $3
  AND NOT EXISTS (
      SELECT 1
      FROM workflow_run_worktrees AS s
      JOIN workflow_runs AS u ON u.id = s.run_id OR u.retry_of_run_id = s.run_id
      WHERE s.path = w.path AND s.host = w.host
        AND (u.completed_at IS NULL OR u.completed_at >= $2))
ORDER BY w.path
LIMIT $4;

-- name: lock_runs_of_worktree
-- Locks the runs recorded on a worktree, so none is retried (retry_run locks the run it
-- repeats) until retention's claim or release of the worktree commits.
SELECT r.id
FROM workflow_runs AS r
WHERE r.id IN (SELECT run_id FROM workflow_run_worktrees WHERE path = $1 AND host = $2)
ORDER BY r.id
FOR UPDATE OF r;

-- name: claim_worktree_removal
-- Marks a worktree removed, before git removes it, if it is still due (after
-- lock_runs_of_worktree, so a retry started since is seen); when it was marked.
UPDATE workflow_run_worktrees AS w
SET removed_at = now(), updated_at = now()
WHERE w.path = $1 AND w.host = $2 AND w.removed_at IS NULL
  AND NOT EXISTS (
      SELECT 1
      FROM workflow_run_worktrees AS s
      JOIN workflow_runs AS u ON u.id = s.run_id OR u.retry_of_run_id = s.run_id
      WHERE s.path = w.path AND s.host = w.host
        AND (u.completed_at IS NULL OR u.completed_at >= $3))
RETURNING w.removed_at;

-- name: release_worktree_removal
-- Takes back a claim whose removal failed, so a later run tries again; not when a retry
-- started since (it was told the worktree is gone and makes its own).
UPDATE workflow_run_worktrees AS w
SET removed_at = NULL, updated_at = now()
WHERE w.path = $1 AND w.host = $2 AND w.removed_at = $3
  AND NOT EXISTS (
      SELECT 1
      FROM workflow_run_worktrees AS s
      JOIN workflow_runs AS u ON u.id = s.run_id OR u.retry_of_run_id = s.run_id
      WHERE s.path = w.path AND s.host = w.host
        AND (u.completed_at IS NULL OR u.completed_at >= $4))
RETURNING w.run_id;

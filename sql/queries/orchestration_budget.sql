-- name: run_budget_usage
-- What a run has spent over its step attempts, all of them or all but one (the running
-- one): USD, seconds spent running (a running attempt counts up to now) and agent turns.
SELECT coalesce(sum(cost_usd), 0)::float8 AS cost_usd,
       coalesce(sum(extract(epoch FROM coalesce(finished_at, now()) - started_at)), 0)::float8
           AS wall_s,
       coalesce(sum(CASE WHEN kind = 'agent' AND jsonb_typeof(output -> 'num_turns') = 'number'
                         THEN (output ->> 'num_turns')::numeric ELSE 0 END), 0)::int8
           AS agent_turns
FROM workflow_step_runs
WHERE run_id = $1 AND ($2::uuid IS NULL OR id <> $2);

-- name: count_budget_extensions
-- How many budget extensions a run was granted (approved approvals of that kind).
SELECT count(*)
FROM approvals
WHERE run_id = $1 AND decision = 'approved' AND context ->> 'kind' = 'budget_extension';

-- name: open_approval_context
-- The context of a run's open approval request (its `kind` tells a budget extension apart).
SELECT context
FROM approvals
WHERE run_id = $1 AND decision IS NULL;

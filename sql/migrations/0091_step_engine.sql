-- The step engine's checkpoints: one row per attempt of a step of a run, written in the
-- same transaction as the run's step event (and status move), so a worker that dies in
-- the middle of step N leaves a `running` row the next worker turns into a lost attempt
-- before running step N again as attempt 2; steps before N are never re-run.
CREATE TABLE workflow_step_runs (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    run_id uuid NOT NULL REFERENCES workflow_runs (id) ON DELETE CASCADE,
    step_index integer NOT NULL CHECK (step_index >= 0),
    step_name text NOT NULL,
    kind text NOT NULL,
    attempt integer NOT NULL CHECK (attempt >= 1),
    status text NOT NULL DEFAULT 'running'
        CHECK (status IN ('running', 'completed', 'failed', 'cancelled')),
    output jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(output) = 'object'),
    error jsonb CHECK (error IS NULL OR jsonb_typeof(error) = 'object'),
    cost_usd numeric(12, 6) NOT NULL DEFAULT 0 CHECK (cost_usd >= 0),
    started_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    inserted_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT workflow_step_runs_attempt_key UNIQUE (run_id, step_index, attempt),
    CONSTRAINT workflow_step_runs_finished CHECK ((status = 'running') = (finished_at IS NULL))
);

-- At most one attempt of a run is running at a time: two workers can never both run it.
CREATE UNIQUE INDEX workflow_step_runs_one_running ON workflow_step_runs (run_id)
    WHERE status = 'running';

-- Where a run works: its own git worktree and branch of the project's clone, on the host
-- that created it. Kept after the run ends (for inspection and retries) until retention
-- removes the folder (removed_at); a retried run reuses its original's worktree.
CREATE TABLE workflow_run_worktrees (
    run_id uuid PRIMARY KEY REFERENCES workflow_runs (id) ON DELETE CASCADE,
    path text NOT NULL,
    branch text NOT NULL,
    base_commit text NOT NULL CHECK (base_commit ~ '^[0-9a-f]{40,64}$'),
    host text NOT NULL,
    removed_at timestamptz,
    inserted_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

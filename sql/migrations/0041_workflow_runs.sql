-- Workflow runs and their event log.
CREATE TABLE workflow_runs (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    project_id uuid NOT NULL,
    workflow_definition_id uuid NOT NULL,
    -- Copied from the definition at start so events and lists need no join.
    workflow_name text NOT NULL,
    workflow_version integer NOT NULL,
    shipping boolean NOT NULL,
    status text NOT NULL DEFAULT 'pending' CHECK (
        status IN ('pending', 'running', 'awaiting_approval', 'completed', 'failed', 'cancelled')
    ),
    trigger text NOT NULL CHECK (trigger IN ('manual', 'webhook', 'schedule', 'support_agent')),
    trigger_context jsonb NOT NULL DEFAULT '{}'::jsonb
        CHECK (jsonb_typeof(trigger_context) = 'object'),
    inputs jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(inputs) = 'object'),
    -- The step a step retry starts at (NULL: the first step).
    start_step text,
    current_step text,
    step_results jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(step_results) = 'object'),
    error jsonb CHECK (error IS NULL OR jsonb_typeof(error) = 'object'),
    status_transitions jsonb NOT NULL DEFAULT '[]'::jsonb
        CHECK (jsonb_typeof(status_transitions) = 'array'),
    retry_of_run_id uuid,
    retry_attempt integer NOT NULL DEFAULT 0 CHECK (retry_attempt >= 0),
    started_at timestamptz,
    completed_at timestamptz,
    inserted_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT workflow_runs_project_id_fkey
        FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
    CONSTRAINT workflow_runs_definition_version_fkey
        FOREIGN KEY (workflow_definition_id, workflow_version)
        REFERENCES workflow_definition_versions (workflow_definition_id, version),
    CONSTRAINT workflow_runs_retry_of_run_id_fkey
        FOREIGN KEY (retry_of_run_id) REFERENCES workflow_runs (id) ON DELETE CASCADE,
    -- A run is retried at most once, so lineage is a chain, never a tree of duplicates.
    CONSTRAINT workflow_runs_retry_of_run_id_key UNIQUE (retry_of_run_id),
    CONSTRAINT workflow_runs_retry_lineage CHECK ((retry_of_run_id IS NULL) = (retry_attempt = 0)),
    CONSTRAINT workflow_runs_terminal_completed_at CHECK (
        (status IN ('completed', 'failed', 'cancelled')) = (completed_at IS NOT NULL)
    ),
    CONSTRAINT workflow_runs_started_at CHECK (
        status IN ('pending', 'cancelled') OR started_at IS NOT NULL
    )
);

-- DESIGN §5: newest-first lists by project and by status (id breaks ties in the cursor).
CREATE INDEX workflow_runs_project_inserted ON workflow_runs (project_id, inserted_at DESC, id DESC);
CREATE INDEX workflow_runs_status_inserted ON workflow_runs (status, inserted_at DESC, id DESC);
CREATE INDEX workflow_runs_inserted ON workflow_runs (inserted_at DESC, id DESC);

-- The shipping rule: at most one unfinished commit-and-PR run per project. A second
-- concurrent insert waits for the first and then fails on this index.
CREATE UNIQUE INDEX workflow_runs_one_shipping_per_project ON workflow_runs (project_id)
    WHERE shipping AND status IN ('pending', 'running', 'awaiting_approval');

-- One row per status move or step event, written in the same transaction as the move.
-- Readers page by seq; xid lets them skip past rows of transactions still in flight
-- (a smaller seq may commit after a larger one), so a cursor never jumps over an event.
CREATE TABLE workflow_run_events (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id uuid NOT NULL REFERENCES workflow_runs (id) ON DELETE CASCADE,
    project_id uuid NOT NULL,
    type text NOT NULL CHECK (type IN (
        'run_started', 'step_started', 'approval_requested', 'approval_granted',
        'approval_rejected', 'step_completed', 'step_failed', 'run_completed', 'run_failed',
        'run_cancelled'
    )),
    workflow_name text NOT NULL,
    workflow_version integer NOT NULL,
    from_status text,
    to_status text NOT NULL,
    step text,
    actor text NOT NULL,
    data jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(data) = 'object'),
    xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX workflow_run_events_run_seq ON workflow_run_events (run_id, seq);
CREATE INDEX workflow_run_events_project_seq ON workflow_run_events (project_id, seq);

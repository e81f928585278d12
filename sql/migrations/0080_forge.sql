-- Forge: execution sessions that run shell commands and coding agents in a project's
-- workspace, their executions, their ordered events and their checkpoints (DOMAIN.md,
-- Forge; DESIGN §11).

-- One session: a runner working in one workspace. Every phase move is a conditional
-- update (expected phase in the WHERE) with its event in the same transaction.
-- event_seq is the last seq handed to this session's events: taken with
-- `UPDATE … SET event_seq = event_seq + 1 RETURNING`, so the sequence is gapless and its
-- order is commit order (the row lock serialises writers).
CREATE TABLE forge_sessions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    runner text NOT NULL
        CONSTRAINT forge_sessions_runner_check
        CHECK (runner IN ('shell', 'agent_cli', 'workflow')),
    environment text NOT NULL DEFAULT 'local'
        CONSTRAINT forge_sessions_environment_check
        CHECK (environment IN ('local', 'sprite')),
    project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    run_id uuid REFERENCES workflow_runs (id) ON DELETE SET NULL,
    phase text NOT NULL DEFAULT 'created'
        CONSTRAINT forge_sessions_phase_check
        CHECK (phase IN ('created', 'provisioning', 'ready', 'running', 'needs_input',
                         'completed', 'failed', 'cancelled')),
    -- The directory the session's commands run in (the project's workspace or a run's
    -- worktree); fixed at start.
    workspace_path text NOT NULL,
    spec jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(spec) = 'object'),
    -- What the runner carries between execs: the agent's session id, the open question.
    runner_state jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(runner_state) = 'object'),
    execution_count integer NOT NULL DEFAULT 0 CHECK (execution_count >= 0),
    checkpoint_count integer NOT NULL DEFAULT 0 CHECK (checkpoint_count >= 0),
    event_seq bigint NOT NULL DEFAULT 0 CHECK (event_seq >= 0),
    last_error text,
    started_at timestamptz NOT NULL DEFAULT now(),
    completed_at timestamptz,
    last_activity_at timestamptz NOT NULL DEFAULT now(),
    inserted_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- forge.list_sessions pages newest first, optionally by project or phase; the limits
-- count the active phases.
CREATE INDEX forge_sessions_inserted ON forge_sessions (inserted_at DESC, id DESC);
CREATE INDEX forge_sessions_project ON forge_sessions (project_id, inserted_at DESC, id DESC);
CREATE INDEX forge_sessions_active ON forge_sessions (runner)
    WHERE phase IN ('created', 'provisioning', 'ready', 'running', 'needs_input');

-- One iteration of a session: a command (shell), a prompt (agent) or a workflow.
CREATE TABLE forge_exec_sessions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    session_id uuid NOT NULL REFERENCES forge_sessions (id) ON DELETE CASCADE,
    sequence integer NOT NULL CHECK (sequence >= 1),
    -- A string (sh -c, or the agent's prompt), an argv list, or a workflow's steps;
    -- redacted before it is stored.
    command jsonb NOT NULL,
    status text NOT NULL DEFAULT 'started'
        CONSTRAINT forge_exec_sessions_status_check
        CHECK (status IN ('started', 'completed', 'needs_input', 'failed', 'timeout')),
    exit_code integer,
    -- Why it did not complete: exit_code, budget_exceeded, crashed, agent_error,
    -- wall_timeout, idle_timeout, cancelled, spawn_failed, worker_lost.
    error_kind text,
    error text,
    output_size_bytes bigint NOT NULL DEFAULT 0 CHECK (output_size_bytes >= 0),
    stored_bytes bigint NOT NULL DEFAULT 0 CHECK (stored_bytes >= 0),
    truncated_bytes bigint NOT NULL DEFAULT 0 CHECK (truncated_bytes >= 0),
    duration_ms bigint CHECK (duration_ms >= 0),
    result jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(result) = 'object'),
    -- The process group while it runs, so a worker taking over after a crash can end a
    -- leftover group (checked against the exec's marker in its environment first).
    pgid integer,
    job_id uuid,
    started_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    CONSTRAINT forge_exec_sessions_sequence_key UNIQUE (session_id, sequence)
);

-- The session's ordered record; data is redacted before it is stored. Kept
-- forge_event_retention_days (7 by default).
CREATE TABLE forge_events (
    session_id uuid NOT NULL REFERENCES forge_sessions (id) ON DELETE CASCADE,
    seq bigint NOT NULL CHECK (seq >= 1),
    type text NOT NULL
        CONSTRAINT forge_events_type_check
        CHECK (type IN ('session.started', 'session.ready', 'exec.started', 'exec.output',
                        'exec.completed', 'session.needs_input', 'session.input_applied',
                        'session.failed', 'session.cancelled', 'session.completed',
                        'checkpoint.created', 'checkpoint.restored',
                        'agent.init', 'agent.message', 'agent.tool_call', 'agent.tool_result',
                        'agent.result', 'agent.warning')),
    exec_sequence integer,
    data jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(data) = 'object'),
    at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (session_id, seq)
);

CREATE INDEX forge_events_at ON forge_events (at);

-- A named point of a session: the exec sequence, the runner state and the workspace as a
-- commit on refs/jidocode/checkpoints/<session>/<number>.
CREATE TABLE forge_checkpoints (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    session_id uuid NOT NULL REFERENCES forge_sessions (id) ON DELETE CASCADE,
    number integer NOT NULL CHECK (number >= 1),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    exec_sequence integer NOT NULL CHECK (exec_sequence >= 0),
    state jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(state) = 'object'),
    ref text NOT NULL,
    commit_sha text NOT NULL CHECK (commit_sha ~ '^[0-9a-f]{40,64}$'),
    inserted_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT forge_checkpoints_number_key UNIQUE (session_id, number),
    CONSTRAINT forge_checkpoints_name_key UNIQUE (session_id, name)
);

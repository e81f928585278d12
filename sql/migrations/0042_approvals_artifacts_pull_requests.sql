-- Approval requests and decisions, run artifacts, and the pull requests runs open.
CREATE TABLE approvals (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    run_id uuid NOT NULL REFERENCES workflow_runs (id) ON DELETE CASCADE,
    step text NOT NULL,
    -- What the approver is shown (redacted on the way in).
    diff_summary text NOT NULL DEFAULT '',
    test_summary text NOT NULL DEFAULT '',
    risk_notes jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(risk_notes) = 'array'),
    context jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(context) = 'object'),
    requested_by text NOT NULL,
    requested_at timestamptz NOT NULL DEFAULT now(),
    decision text CHECK (decision IN ('approved', 'rejected')),
    actor text,
    comment text CHECK (length(comment) <= 4000),
    decided_at timestamptz,
    inserted_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT approvals_decision_complete CHECK (
        (decision IS NULL) = (decided_at IS NULL) AND (decision IS NULL) = (actor IS NULL)
    )
);

-- At most one open request per run; the pending list reads only open requests.
CREATE UNIQUE INDEX approvals_one_open_per_run ON approvals (run_id) WHERE decision IS NULL;
CREATE INDEX approvals_open_requested ON approvals (requested_at DESC, id DESC)
    WHERE decision IS NULL;
CREATE INDEX approvals_run ON approvals (run_id, requested_at DESC);

CREATE TABLE artifacts (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    run_id uuid NOT NULL REFERENCES workflow_runs (id) ON DELETE CASCADE,
    kind text NOT NULL
        CHECK (kind IN ('log', 'diff', 'report', 'transcript', 'pr_url', 'cost_summary')),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    content_type text NOT NULL CHECK (length(content_type) BETWEEN 1 AND 200),
    content text NOT NULL,
    size_bytes integer NOT NULL CHECK (size_bytes >= 0),
    metadata jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(metadata) = 'object'),
    -- Logs expire (DESIGN §5 retention); other kinds are kept with their run.
    expires_at timestamptz,
    inserted_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX artifacts_run_inserted ON artifacts (run_id, inserted_at DESC, id DESC);
CREATE INDEX artifacts_expires ON artifacts (expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE pull_requests (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    project_id uuid NOT NULL,
    run_id uuid REFERENCES workflow_runs (id) ON DELETE SET NULL,
    number integer NOT NULL CHECK (number >= 1),
    url text NOT NULL CHECK (length(url) BETWEEN 1 AND 2000),
    branch text NOT NULL CHECK (length(branch) BETWEEN 1 AND 255),
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    body text NOT NULL DEFAULT '',
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'merged', 'closed')),
    merged_at timestamptz,
    closed_at timestamptz,
    last_synced_at timestamptz,
    inserted_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pull_requests_project_id_fkey
        FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
    CONSTRAINT pull_requests_project_number_key UNIQUE (project_id, number),
    CONSTRAINT pull_requests_merged_at CHECK ((status = 'merged') = (merged_at IS NOT NULL)),
    CONSTRAINT pull_requests_closed_at CHECK ((status = 'open') = (closed_at IS NULL))
);

CREATE INDEX pull_requests_project_inserted ON pull_requests (project_id, inserted_at DESC, id DESC);
CREATE INDEX pull_requests_inserted ON pull_requests (inserted_at DESC, id DESC);
CREATE INDEX pull_requests_run ON pull_requests (run_id) WHERE run_id IS NOT NULL;

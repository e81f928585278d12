-- GitHub: repositories the webhook adapter knows, the deliveries it received, and the
-- issue analyses the issue bot made (DOMAIN.md, GitHub).

-- A repository as the GitHub domain knows it: created by github.set_webhook_secret or by
-- the first verified delivery that names it. Only references to sealed secrets (rows of
-- secret_refs) are kept; after a rotation the previous secret is still accepted until
-- previous_webhook_secret_valid_until. The instance-wide secret is the secret_refs row
-- (integration, github_webhook_secret), its predecessor (integration,
-- github_webhook_secret_previous) with expires_at set to the end of the window.
CREATE TABLE repos (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    owner text NOT NULL,
    name text NOT NULL,
    full_name text NOT NULL
        CONSTRAINT repos_full_name_format
        CHECK (full_name ~ '^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$'
               AND full_name = owner || '/' || name),
    webhook_secret_ref_id uuid,
    previous_webhook_secret_ref_id uuid,
    previous_webhook_secret_valid_until timestamptz,
    enabled boolean NOT NULL DEFAULT true,
    settings jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(settings) = 'object'),
    inserted_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- GitHub names are case-insensitive, as in projects.
CREATE UNIQUE INDEX repos_full_name_key ON repos (lower(full_name));
CREATE INDEX repos_inserted_at ON repos (inserted_at DESC, id DESC);

-- One row per verified delivery; delivery_id is GitHub's X-GitHub-Delivery and makes a
-- redelivery a no-op. The payload is redacted before it is stored.
CREATE TABLE webhook_deliveries (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    delivery_id text NOT NULL CONSTRAINT webhook_deliveries_delivery_id_key UNIQUE
        CHECK (length(delivery_id) BETWEEN 1 AND 200),
    event text NOT NULL CHECK (length(event) BETWEEN 1 AND 100),
    action text,
    repo_id uuid REFERENCES repos (id) ON DELETE SET NULL,
    repo_full_name text,
    payload jsonb NOT NULL,
    status text NOT NULL DEFAULT 'received'
        CONSTRAINT webhook_deliveries_status_check
        CHECK (status IN ('received', 'processed', 'ignored', 'failed')),
    reason text,
    error jsonb,
    process_count integer NOT NULL DEFAULT 0,
    received_at timestamptz NOT NULL DEFAULT now(),
    processed_at timestamptz,
    inserted_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- github.list_deliveries pages newest first, optionally by status, event or repository;
-- retention scans by age.
CREATE INDEX webhook_deliveries_received ON webhook_deliveries (received_at DESC, id DESC);
CREATE INDEX webhook_deliveries_status ON webhook_deliveries (status, received_at DESC, id DESC);
CREATE INDEX webhook_deliveries_repo ON webhook_deliveries (repo_id, received_at DESC, id DESC);

-- The issue bot's view of one issue: the latest analysis per (repository, issue).
CREATE TABLE issue_analyses (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    repo_id uuid NOT NULL REFERENCES repos (id) ON DELETE CASCADE,
    issue_number integer NOT NULL CHECK (issue_number > 0),
    delivery_id uuid REFERENCES webhook_deliveries (id) ON DELETE SET NULL,
    title text NOT NULL DEFAULT '',
    status text NOT NULL DEFAULT 'pending'
        CONSTRAINT issue_analyses_status_check
        CHECK (status IN ('pending', 'analyzing', 'analyzed', 'failed')),
    classification text
        CONSTRAINT issue_analyses_classification_check
        CHECK (classification IN ('bug', 'feature', 'documentation', 'question', 'needs_triage')),
    confidence double precision CHECK (confidence BETWEEN 0 AND 1),
    priority text CHECK (priority IN ('low', 'medium', 'high', 'critical')),
    suggested_labels text[] NOT NULL DEFAULT '{}',
    summary text,
    proposed_response text,
    analyser text,
    run_id uuid,
    comment_posted boolean NOT NULL DEFAULT false,
    comment_url text,
    error jsonb,
    analyzed_at timestamptz,
    inserted_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT issue_analyses_repo_issue_key UNIQUE (repo_id, issue_number)
);

CREATE INDEX issue_analyses_updated ON issue_analyses (updated_at DESC, id DESC);

-- When each periodic maintenance task is next due; a process that runs workers claims a
-- due task with one conditional upsert, so several processes enqueue it once.
CREATE TABLE github_schedules (
    task text PRIMARY KEY CHECK (task ~ '^[a-z][a-z0-9_.]*$'),
    next_due_at timestamptz NOT NULL,
    inserted_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Projects: imported GitHub repositories and their workspaces (DOMAIN.md, Projects).
-- The clone runs as a job; every clone-status move is kept in project_clone_events.
CREATE TABLE projects (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    github_full_name text NOT NULL
        CONSTRAINT projects_github_full_name_format
        CHECK (github_full_name ~ '^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$'
               AND split_part(github_full_name, '/', 2) NOT IN ('.', '..')),
    default_branch text,
    environment_type text NOT NULL DEFAULT 'local'
        CONSTRAINT projects_environment_type_check CHECK (environment_type IN ('sprite', 'local')),
    workspace_path text NOT NULL,
    clone_status text NOT NULL DEFAULT 'pending'
        CONSTRAINT projects_clone_status_check
        CHECK (clone_status IN ('pending', 'cloning', 'ready', 'error')),
    clone_error text,
    settings jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(settings) = 'object'),
    last_synced_at timestamptz,
    inserted_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- GitHub names are case-insensitive: "Acme/App" and "acme/app" are one repository, so
-- uniqueness (and the import's ON CONFLICT) is on the lower-cased name.
CREATE UNIQUE INDEX projects_github_full_name_key ON projects (lower(github_full_name));
-- projects.list pages newest first.
CREATE INDEX projects_inserted_at ON projects (inserted_at DESC, id DESC);

-- One row per clone-status move: pending -> cloning -> ready | error, and back through
-- cloning on a sync or retry.
CREATE TABLE project_clone_events (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    from_status text
        CHECK (from_status IN ('pending', 'cloning', 'ready', 'error')),
    to_status text NOT NULL
        CHECK (to_status IN ('pending', 'cloning', 'ready', 'error')),
    reason text NOT NULL,
    actor text NOT NULL,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    inserted_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX project_clone_events_project ON project_clone_events (project_id, occurred_at, id);

-- Secrets injected as environment variables into a project's workspace commands.
CREATE TABLE project_secret_bindings (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    env_var_name text NOT NULL
        CONSTRAINT project_secret_bindings_env_var_name_format
        CHECK (env_var_name ~ '^[A-Z_][A-Z0-9_]*$' AND length(env_var_name) <= 128),
    -- A binding to a secret that is deleted goes with it; a revoked secret keeps its row.
    secret_ref_id uuid NOT NULL REFERENCES secret_refs (id) ON DELETE CASCADE,
    inject_to_workspace boolean NOT NULL DEFAULT true,
    inserted_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT project_secret_bindings_env_var_key UNIQUE (project_id, env_var_name)
);

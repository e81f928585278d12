-- Workflow definitions and their immutable versions. A run pins one version, so an
-- update to a custom definition (which bumps its version) never changes a run in flight
-- or the one a retry repeats.
CREATE TABLE workflow_definitions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL CHECK (name ~ '^[a-z][a-z0-9_]{0,63}$'),
    category text NOT NULL CHECK (category IN ('builtin', 'custom')),
    version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    -- {"steps": [{"name": ..., "kind": ..., "options": {...}}, ...]} in execution order.
    definition jsonb NOT NULL CHECK (jsonb_typeof(definition -> 'steps') = 'array'),
    input_schema jsonb NOT NULL CHECK (jsonb_typeof(input_schema) = 'object'),
    approval_policy jsonb NOT NULL CHECK (jsonb_typeof(approval_policy) = 'object'),
    trigger_types text[] NOT NULL CHECK (
        cardinality(trigger_types) >= 1
        AND trigger_types <@ ARRAY['manual', 'webhook', 'schedule', 'support_agent']::text[]
    ),
    -- True when the last step commits and opens a pull request (the shipping rule).
    shipping boolean NOT NULL,
    inserted_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT workflow_definitions_name_key UNIQUE (name)
);

-- Every version ever published, written in the same transaction as the definition row.
CREATE TABLE workflow_definition_versions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workflow_definition_id uuid NOT NULL
        REFERENCES workflow_definitions (id) ON DELETE CASCADE,
    version integer NOT NULL CHECK (version >= 1),
    definition jsonb NOT NULL CHECK (jsonb_typeof(definition -> 'steps') = 'array'),
    input_schema jsonb NOT NULL CHECK (jsonb_typeof(input_schema) = 'object'),
    approval_policy jsonb NOT NULL CHECK (jsonb_typeof(approval_policy) = 'object'),
    trigger_types text[] NOT NULL CHECK (cardinality(trigger_types) >= 1),
    shipping boolean NOT NULL,
    inserted_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT workflow_definition_versions_definition_version_key
        UNIQUE (workflow_definition_id, version)
);

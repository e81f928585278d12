-- Setup: instance configuration and onboarding, sealed secrets, their audit trail and
-- provider credentials (DOMAIN.md "Setup", DESIGN §6). No secret is ever stored in
-- clear: secret_refs.ciphertext is XChaCha20-Poly1305 bound to table, column, row id and
-- key version.

-- The singleton: one row selected by a fixed key, created lazily with
-- INSERT ... ON CONFLICT DO NOTHING (tests truncate tables, so nothing is seeded).
CREATE TABLE system_config (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    singleton text NOT NULL DEFAULT 'system' CHECK (singleton = 'system'),
    onboarding_completed boolean NOT NULL DEFAULT false,
    onboarding_step integer NOT NULL DEFAULT 1 CHECK (onboarding_step BETWEEN 1 AND 8),
    onboarding_state jsonb NOT NULL DEFAULT '{}'::jsonb
        CHECK (jsonb_typeof(onboarding_state) = 'object'),
    deployment_mode text CHECK (deployment_mode IN ('cloud_vm', 'local')),
    default_environment text CHECK (default_environment IN ('sprite', 'local')),
    workspace_root text CHECK (workspace_root IS NULL OR left(workspace_root, 1) = '/'),
    issue_bot_policy text CHECK (issue_bot_policy IN ('manual', 'auto_post')),
    owner_bootstrapped_at timestamptz,
    rpc_inventory_version integer,
    onboarding_completed_at timestamptz,
    inserted_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT system_config_singleton_key UNIQUE (singleton)
);

CREATE TABLE secret_refs (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    scope text NOT NULL CHECK (scope IN ('instance', 'project', 'integration')),
    name text NOT NULL CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,199}$'),
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
    -- NULL once revoked: a revoked secret keeps its row (audits point at it) but not its value.
    ciphertext bytea,
    key_version integer CHECK (key_version >= 1),
    source text NOT NULL CHECK (source IN ('env', 'onboarding', 'rotation', 'api')),
    last_rotated_at timestamptz,
    expires_at timestamptz,
    revoked_at timestamptz,
    inserted_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT secret_refs_scope_name_key UNIQUE (scope, name),
    CONSTRAINT secret_refs_sealed_when_active CHECK (
        (status = 'active' AND ciphertext IS NOT NULL AND key_version IS NOT NULL)
        OR (status = 'revoked' AND ciphertext IS NULL AND revoked_at IS NOT NULL)
    )
);

-- Rewrap finds rows below the newest key version without scanning the whole table.
CREATE INDEX secret_refs_key_version ON secret_refs (key_version) WHERE ciphertext IS NOT NULL;
CREATE INDEX secret_refs_listing ON secret_refs (inserted_at DESC, id DESC);

-- Kept indefinitely; names what happened to which secret, never the secret.
CREATE TABLE secret_audits (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    secret_ref_id uuid REFERENCES secret_refs (id) ON DELETE SET NULL,
    scope text NOT NULL,
    name text NOT NULL,
    action text NOT NULL CHECK (action IN ('create', 'rotate', 'revoke', 'rewrap')),
    outcome text NOT NULL CHECK (outcome IN ('success', 'failure')),
    actor text NOT NULL CHECK (actor ~ '^[a-z_]+(:[A-Za-z0-9_.:-]+)?$' AND length(actor) <= 200),
    key_version integer,
    -- clock_timestamp(): several actions in one transaction keep their order.
    occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    inserted_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX secret_audits_newest ON secret_audits (occurred_at DESC, id DESC);
CREATE INDEX secret_audits_by_secret ON secret_audits (secret_ref_id, occurred_at DESC, id DESC);

CREATE TABLE provider_credentials (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    provider text NOT NULL
        CHECK (provider IN ('anthropic', 'openai', 'google', 'github_app', 'github_pat', 'sprites')),
    -- unverified: stored, not yet checked against the provider.
    status text NOT NULL DEFAULT 'not_set'
        CHECK (status IN ('active', 'invalid', 'not_set', 'rotating', 'unverified')),
    status_reason text,
    verified_at timestamptz,
    metadata jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(metadata) = 'object'),
    secret_ref_id uuid REFERENCES secret_refs (id) ON DELETE SET NULL,
    inserted_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT provider_credentials_provider_key UNIQUE (provider),
    CONSTRAINT provider_credentials_secret_when_set
        CHECK (status = 'not_set' OR secret_ref_id IS NOT NULL)
);

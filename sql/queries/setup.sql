-- name: setup_ensure_config
-- Creates the system_config singleton unless it exists (rows are never seeded).
INSERT INTO system_config (singleton)
VALUES ('system')
ON CONFLICT (singleton) DO NOTHING;

-- name: setup_get_config
-- Reads the system_config singleton.
SELECT onboarding_completed, onboarding_step, onboarding_state, deployment_mode,
       default_environment, workspace_root, issue_bot_policy, owner_bootstrapped_at,
       rpc_inventory_version, onboarding_completed_at, updated_at
FROM system_config
WHERE singleton = 'system';

-- name: setup_lock_config
-- Locks the system_config singleton for a read-modify-write in the caller's transaction.
SELECT onboarding_completed, onboarding_step, onboarding_state, deployment_mode,
       default_environment, workspace_root, issue_bot_policy, owner_bootstrapped_at,
       rpc_inventory_version, onboarding_completed_at, updated_at
FROM system_config
WHERE singleton = 'system'
FOR UPDATE;

-- name: setup_save_config
-- Writes every mutable field of the locked singleton.
UPDATE system_config
SET onboarding_completed = $1,
    onboarding_step = $2,
    onboarding_state = $3,
    deployment_mode = $4,
    default_environment = $5,
    workspace_root = $6,
    issue_bot_policy = $7,
    owner_bootstrapped_at = $8,
    rpc_inventory_version = $9,
    onboarding_completed_at = $10,
    updated_at = now()
WHERE singleton = 'system'
RETURNING onboarding_completed, onboarding_step, onboarding_state, deployment_mode,
          default_environment, workspace_root, issue_bot_policy, owner_bootstrapped_at,
          rpc_inventory_version, onboarding_completed_at, updated_at;

-- name: secret_insert
-- Stores a new sealed secret unless (scope, name) exists (insert first: no lock on a row that is not there yet); the id is chosen by the caller because it is sealed into the value.
INSERT INTO secret_refs (id, scope, name, ciphertext, key_version, source, expires_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (scope, name) DO NOTHING
RETURNING id, scope, name, status, key_version, source, last_rotated_at, expires_at,
          revoked_at, inserted_at, updated_at;

-- name: secret_insert_if_absent
-- Stores a server-managed secret unless another process stored it first.
INSERT INTO secret_refs (id, scope, name, ciphertext, key_version, source)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (scope, name) DO NOTHING
RETURNING id;

-- name: secret_get
-- Reads one secret with its ciphertext.
SELECT id, scope, name, status, key_version, source, last_rotated_at, expires_at,
       revoked_at, inserted_at, updated_at, ciphertext
FROM secret_refs
WHERE id = $1;

-- name: secret_get_by_name
-- Reads one secret with its ciphertext by scope and name.
SELECT id, scope, name, status, key_version, source, last_rotated_at, expires_at,
       revoked_at, inserted_at, updated_at, ciphertext
FROM secret_refs
WHERE scope = $1 AND name = $2;

-- name: secret_lock
-- Locks one secret for a rotate or revoke in the caller's transaction.
SELECT id, scope, name, status, key_version, source, last_rotated_at, expires_at,
       revoked_at, inserted_at, updated_at, ciphertext
FROM secret_refs
WHERE id = $1
FOR UPDATE;

-- name: secret_lock_by_name
-- Locks one secret by scope and name (store_secret decides create or rotate).
SELECT id, scope, name, status, key_version, source, last_rotated_at, expires_at,
       revoked_at, inserted_at, updated_at, ciphertext
FROM secret_refs
WHERE scope = $1 AND name = $2
FOR UPDATE;

-- name: secret_replace
-- Puts a new sealed value into a locked secret (rotation, or re-creation after revocation).
UPDATE secret_refs
SET ciphertext = $2, key_version = $3, source = $4, expires_at = $5, status = 'active',
    revoked_at = NULL, last_rotated_at = CASE WHEN $6 THEN now() ELSE last_rotated_at END,
    updated_at = now()
WHERE id = $1
RETURNING id, scope, name, status, key_version, source, last_rotated_at, expires_at,
          revoked_at, inserted_at, updated_at;

-- name: secret_revoke
-- Revokes an active secret and drops its ciphertext.
UPDATE secret_refs
SET status = 'revoked', ciphertext = NULL, key_version = NULL, revoked_at = now(),
    updated_at = now()
WHERE id = $1 AND status = 'active'
RETURNING id, scope, name, status, key_version, source, last_rotated_at, expires_at,
          revoked_at, inserted_at, updated_at;

-- name: secret_list
-- Lists secrets newest first after a position, optionally in one scope (not the server's own sealing key).
SELECT id, scope, name, status, key_version, source, last_rotated_at, expires_at,
       revoked_at, inserted_at, updated_at
FROM secret_refs
WHERE ($1::text IS NULL OR scope = $1)
  AND (scope, name) <> ('instance', 'sealing_key')
  AND (inserted_at, id) < ($2, $3)
ORDER BY inserted_at DESC, id DESC
LIMIT $4;

-- name: secret_list_sealed
-- Reads every active sealed value (to load the redactor's known values at start-up).
SELECT id, key_version, ciphertext
FROM secret_refs
WHERE status = 'active' AND ciphertext IS NOT NULL;

-- name: secret_count_below_version
-- Counts sealed values still under an older key.
SELECT count(*)
FROM secret_refs
WHERE ciphertext IS NOT NULL AND key_version < $1;

-- name: secret_claim_rewrap_batch
-- Locks a batch of values under older keys, skipping rows another rewrapper holds.
SELECT id, scope, name, key_version, ciphertext
FROM secret_refs
WHERE ciphertext IS NOT NULL AND key_version < $1 AND NOT (id = ANY($3::uuid[]))
ORDER BY id
LIMIT $2
FOR UPDATE SKIP LOCKED;

-- name: secret_rewrap_batch
-- Writes the re-sealed values of a locked batch under one key version.
UPDATE secret_refs AS s
SET ciphertext = u.ciphertext, key_version = $3, updated_at = now()
FROM unnest($1::uuid[], $2::bytea[]) AS u(id, ciphertext)
WHERE s.id = u.id
RETURNING s.id;

-- name: secret_audit_insert
-- Records one action on a secret, in the same transaction as the action.
INSERT INTO secret_audits (secret_ref_id, scope, name, action, outcome, actor, key_version)
VALUES ($1, $2, $3, $4, $5, $6, $7)
RETURNING id;

-- name: secret_audit_insert_many
-- Records one rewrap audit row per secret of a batch, in the batch's transaction.
INSERT INTO secret_audits (secret_ref_id, scope, name, action, outcome, actor, key_version)
SELECT u.id, u.scope, u.name, $4, $7, $5, $6
FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(id, scope, name)
RETURNING id;

-- name: secret_audit_list
-- Lists audit rows newest first after a position, optionally for one secret.
SELECT id, secret_ref_id, scope, name, action, outcome, actor, key_version, occurred_at
FROM secret_audits
WHERE ($1::uuid IS NULL OR secret_ref_id = $1)
  AND (occurred_at, id) < ($2, $3)
ORDER BY occurred_at DESC, id DESC
LIMIT $4;

-- name: provider_credential_get
-- Reads one provider's credential row.
SELECT provider, status, status_reason, verified_at, metadata, secret_ref_id, updated_at
FROM provider_credentials
WHERE provider = $1;

-- name: provider_credential_list
-- Reads every stored provider credential.
SELECT provider, status, status_reason, verified_at, metadata, secret_ref_id, updated_at
FROM provider_credentials
ORDER BY provider;

-- name: provider_credential_upsert
-- Points a provider at a (new) secret; its status restarts as given (unverified).
INSERT INTO provider_credentials (provider, status, secret_ref_id, metadata)
VALUES ($1, $2, $3, $4)
ON CONFLICT (provider) DO UPDATE
SET status = EXCLUDED.status, status_reason = NULL, verified_at = NULL,
    metadata = EXCLUDED.metadata, secret_ref_id = EXCLUDED.secret_ref_id, updated_at = now()
RETURNING provider, status, status_reason, verified_at, metadata, secret_ref_id, updated_at;

-- name: provider_credential_set_status
-- Records a verification outcome, only if the credential was not replaced meanwhile.
UPDATE provider_credentials
SET status = $3, status_reason = $4, verified_at = now(), metadata = $5, updated_at = now()
WHERE provider = $1 AND secret_ref_id = $2
RETURNING provider, status, status_reason, verified_at, metadata, secret_ref_id, updated_at;

-- name: provider_credential_clear
-- Forgets a provider's credential (its secret is revoked separately).
UPDATE provider_credentials
SET status = 'not_set', status_reason = NULL, verified_at = NULL, metadata = '{}'::jsonb,
    secret_ref_id = NULL, updated_at = now()
WHERE provider = $1 AND status <> 'not_set'
RETURNING provider, status, status_reason, verified_at, metadata, secret_ref_id, updated_at;

-- name: provider_credential_active
-- Names the providers among the given ones whose credential is verified active.
SELECT provider
FROM provider_credentials
WHERE provider = ANY($1::text[]) AND status = 'active'
ORDER BY provider;

-- name: setup_ping_database
-- Proves the database answers (the welcome step's first check).
SELECT 1;

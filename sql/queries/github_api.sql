-- name: get_github_app_token
-- Reads the cached, sealed installation token of one GitHub App installation.
SELECT id, installation_id, ciphertext, key_version, expires_at
FROM github_app_tokens
WHERE installation_id = $1;

-- name: put_github_app_token
-- Caches a freshly minted installation token, sealed to its (new) row id.
INSERT INTO github_app_tokens (id, installation_id, ciphertext, key_version, expires_at)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT ON CONSTRAINT github_app_tokens_installation_key DO UPDATE
SET id = EXCLUDED.id,
    ciphertext = EXCLUDED.ciphertext,
    key_version = EXCLUDED.key_version,
    expires_at = EXCLUDED.expires_at,
    updated_at = now()
RETURNING id;

-- name: delete_github_app_token
-- Forgets a cached installation token GitHub refused, so the next call mints a new one.
DELETE FROM github_app_tokens
WHERE installation_id = $1
RETURNING id;

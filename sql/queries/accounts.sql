-- name: accounts_get_owner
-- Reads the owner (there is at most one user row).
SELECT id, email, password_hash, owner_bootstrapped_at, password_changed_at
FROM users
LIMIT 1;

-- name: accounts_get_user
-- Reads one user by id.
SELECT id, email, password_hash, owner_bootstrapped_at, password_changed_at
FROM users
WHERE id = $1;

-- name: accounts_get_user_by_email
-- Reads the user with this email, compared case-insensitively.
SELECT id, email, password_hash, owner_bootstrapped_at, password_changed_at
FROM users
WHERE lower(email) = lower($1);

-- name: accounts_insert_owner
-- Creates the owner; the singleton constraint refuses a second row.
INSERT INTO users (email, password_hash)
VALUES ($1, $2)
RETURNING id, email, password_hash, owner_bootstrapped_at, password_changed_at;

-- name: accounts_set_password_hash
-- Replaces the password hash; `changed` says whether the password itself changed.
UPDATE users
SET password_hash = $2,
    password_changed_at = CASE WHEN $3::boolean THEN now() ELSE password_changed_at END,
    updated_at = now()
WHERE id = $1
RETURNING id, email, password_hash, owner_bootstrapped_at, password_changed_at;

-- name: accounts_insert_token
-- Records a new session or bearer token by its digest, expiring after $4 seconds.
INSERT INTO tokens (user_id, kind, digest, expires_at, user_agent)
VALUES ($1, $2, $3, now() + make_interval(secs => $4), $5)
RETURNING id, kind,
    'active' AS status, expires_at, revoked_at, last_used_at, user_agent, inserted_at;

-- name: accounts_use_token
-- Finds a token by digest and, when usable and not marked used in the last $2 seconds,
-- records the use (one round trip; a write only about once a minute per token).
WITH hit AS (
    SELECT id, user_id, digest, kind, last_used_at,
        revoked_at IS NULL AND expires_at > now() AS usable
    FROM tokens
    WHERE digest = $1
), touched AS (
    UPDATE tokens AS t
    SET last_used_at = now()
    FROM hit
    WHERE t.id = hit.id
      AND hit.usable
      AND (hit.last_used_at IS NULL OR hit.last_used_at < now() - make_interval(secs => $2))
    RETURNING t.id
)
SELECT id, user_id, digest, kind, usable FROM hit;

-- name: accounts_use_api_key
-- Finds an API key by digest and, when usable and not marked used in the last $2 seconds,
-- records the use (one round trip; a write only about once a minute per key).
WITH hit AS (
    SELECT id, user_id, digest, last_used_at,
        revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now()) AS usable
    FROM api_keys
    WHERE digest = $1
), touched AS (
    UPDATE api_keys AS k
    SET last_used_at = now()
    FROM hit
    WHERE k.id = hit.id
      AND hit.usable
      AND (hit.last_used_at IS NULL OR hit.last_used_at < now() - make_interval(secs => $2))
    RETURNING k.id
)
SELECT id, user_id, digest, 'api_key' AS kind, usable FROM hit;

-- name: accounts_list_tokens
-- Lists a user's tokens newest first after an (inserted_at, id) position.
SELECT id, kind,
    CASE WHEN revoked_at IS NOT NULL THEN 'revoked'
         WHEN expires_at <= now() THEN 'expired'
         ELSE 'active' END AS status,
    expires_at, revoked_at, last_used_at, user_agent, inserted_at
FROM tokens
WHERE user_id = $1
  AND ($2::boolean OR (revoked_at IS NULL AND expires_at > now()))
  AND (inserted_at, id) < ($3, $4)
ORDER BY inserted_at DESC, id DESC
LIMIT $5;

-- name: accounts_revoke_token
-- Revokes one token of a user unless it is revoked already.
UPDATE tokens
SET revoked_at = now(), updated_at = now()
WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL
RETURNING id, kind, 'revoked' AS status,
    expires_at, revoked_at, last_used_at, user_agent, inserted_at;

-- name: accounts_token_exists
-- Tells whether a user has a token with this id (revoked or not).
SELECT EXISTS (SELECT 1 FROM tokens WHERE id = $1 AND user_id = $2);

-- name: accounts_revoke_other_tokens
-- Revokes every unrevoked token of a user except one (or all when $2 is null).
WITH revoked AS (
    UPDATE tokens
    SET revoked_at = now(), updated_at = now()
    WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR id <> $2::uuid)
    RETURNING id
)
SELECT count(*) FROM revoked;

-- name: accounts_insert_api_key
-- Records a new API key by its digest and visible prefix.
INSERT INTO api_keys (user_id, name, prefix, digest, expires_at)
VALUES ($1, $2, $3, $4, $5)
RETURNING id, name, prefix, 'active' AS status,
    expires_at, revoked_at, last_used_at, inserted_at;

-- name: accounts_list_api_keys
-- Lists a user's API keys newest first after an (inserted_at, id) position.
SELECT id, name, prefix,
    CASE WHEN revoked_at IS NOT NULL THEN 'revoked'
         WHEN expires_at IS NOT NULL AND expires_at <= now() THEN 'expired'
         ELSE 'active' END AS status,
    expires_at, revoked_at, last_used_at, inserted_at
FROM api_keys
WHERE user_id = $1
  AND ($2::boolean OR (revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())))
  AND (inserted_at, id) < ($3, $4)
ORDER BY inserted_at DESC, id DESC
LIMIT $5;

-- name: accounts_revoke_api_key
-- Revokes one API key of a user unless it is revoked already.
UPDATE api_keys
SET revoked_at = now(), updated_at = now()
WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL
RETURNING id, name, prefix, 'revoked' AS status,
    expires_at, revoked_at, last_used_at, inserted_at;

-- name: accounts_api_key_exists
-- Tells whether a user has an API key with this id (revoked or not).
SELECT EXISTS (SELECT 1 FROM api_keys WHERE id = $1 AND user_id = $2);

-- name: accounts_record_signin_attempt
-- Records a sign-in attempt before the password is checked (committed on its own, so
-- concurrent attempts all see each other when they count), pruning everyone's attempts
-- older than the window of $2 seconds.
WITH pruned AS (
    DELETE FROM signin_attempts
    WHERE attempted_at <= now() - make_interval(secs => $2)
    RETURNING id
)
INSERT INTO signin_attempts (email_digest)
VALUES ($1)
RETURNING id;

-- name: accounts_signin_window
-- Counts an email's attempts inside the window and, when there are at least $3, says in
-- how many seconds the $3-th newest leaves the window (when one more attempt may pass).
SELECT
    count(*)::int AS attempts,
    (SELECT greatest(1, ceil(extract(epoch FROM
                a.attempted_at + make_interval(secs => $2) - now())))::int
     FROM signin_attempts AS a
     WHERE a.email_digest = $1 AND a.attempted_at > now() - make_interval(secs => $2)
     ORDER BY a.attempted_at DESC
     OFFSET $3 - 1
     LIMIT 1) AS retry_after_s
FROM signin_attempts
WHERE email_digest = $1 AND attempted_at > now() - make_interval(secs => $2);

-- name: accounts_delete_signin_attempt
-- Forgets one attempt (the one that was refused as throttled, so it does not extend
-- the lockout).
DELETE FROM signin_attempts
WHERE id = $1
RETURNING id;

-- name: accounts_clear_signin_attempts
-- Forgets an email's attempts after a successful sign-in.
WITH cleared AS (
    DELETE FROM signin_attempts
    WHERE email_digest = $1
    RETURNING id
)
SELECT count(*) FROM cleared;

-- name: insert_artifact
-- Stores one (already redacted) artifact of a run.
INSERT INTO artifacts
    (run_id, kind, name, content_type, content, size_bytes, metadata, expires_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
RETURNING id, run_id, kind, name, content_type, content, size_bytes, metadata, expires_at,
          inserted_at;

-- name: get_artifact
-- Reads one artifact with its content.
SELECT id, run_id, kind, name, content_type, content, size_bytes, metadata, expires_at,
       inserted_at
FROM artifacts
WHERE id = $1;

-- name: list_run_artifacts
-- Lists a run's artifacts without content, newest first, after a cursor.
SELECT id, run_id, kind, name, content_type, size_bytes, metadata, expires_at, inserted_at
FROM artifacts
WHERE run_id = $1 AND (inserted_at, id) < ($2, $3)
ORDER BY inserted_at DESC, id DESC
LIMIT $4;

-- name: delete_expired_artifacts
-- Deletes up to a batch of artifacts whose retention ended before the given time.
DELETE FROM artifacts
WHERE id IN (
    SELECT id FROM artifacts
    WHERE expires_at IS NOT NULL AND expires_at < $1
    ORDER BY expires_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED
)
RETURNING id;

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
-- Lists a run's artifacts without content, newest first, after an (inserted_at, id) position.
SELECT id, run_id, kind, name, content_type, size_bytes, metadata, expires_at, inserted_at
FROM artifacts
WHERE run_id = $1 AND (inserted_at, id) < ($2, $3)
ORDER BY inserted_at DESC, id DESC
LIMIT $4;

-- name: prune_artifact_logs
-- Deletes one batch of log artifacts made before the cutoff by runs that have finished.
WITH doomed AS (
    SELECT a.id FROM artifacts AS a
    JOIN workflow_runs AS r ON r.id = a.run_id
    WHERE a.kind = 'log' AND a.inserted_at < $1
      AND r.status IN ('completed', 'failed', 'cancelled')
    ORDER BY a.inserted_at
    LIMIT $2
    FOR UPDATE OF a SKIP LOCKED
), gone AS (
    DELETE FROM artifacts AS x USING doomed WHERE x.id = doomed.id RETURNING 1
)
SELECT count(*) FROM gone;

-- name: count_prunable_artifact_logs
-- Counts the log artifacts of finished runs made before the cutoff (a dry run).
SELECT count(*)
FROM artifacts AS a
JOIN workflow_runs AS r ON r.id = a.run_id
WHERE a.kind = 'log' AND a.inserted_at < $1
  AND r.status IN ('completed', 'failed', 'cancelled');

-- name: insert_pull_request
-- Records a pull request a run opened.
INSERT INTO pull_requests (project_id, run_id, number, url, branch, title, body)
VALUES ($1, $2, $3, $4, $5, $6, $7)
RETURNING id, project_id, run_id, number, url, branch, title, body, status, merged_at,
          closed_at, last_synced_at, inserted_at, updated_at;

-- name: get_pull_request
-- Reads one pull request record.
SELECT id, project_id, run_id, number, url, branch, title, body, status, merged_at,
       closed_at, last_synced_at, inserted_at, updated_at
FROM pull_requests
WHERE id = $1;

-- name: list_pull_requests
-- Lists pull requests, of one project when given, newest first after an (inserted_at, id)
-- position.
SELECT id, project_id, run_id, number, url, branch, title, body, status, merged_at,
       closed_at, last_synced_at, inserted_at, updated_at
FROM pull_requests
WHERE ($1::uuid IS NULL OR project_id = $1)
  AND (inserted_at, id) < ($2, $3)
ORDER BY inserted_at DESC, id DESC
LIMIT $4;

-- name: close_pull_request
-- Moves an open pull request to merged or closed; nothing when it is no longer open.
UPDATE pull_requests
SET status = $2, merged_at = $3, closed_at = $4, last_synced_at = now(), updated_at = now()
WHERE id = $1 AND status = 'open'
RETURNING id, project_id, run_id, number, url, branch, title, body, status, merged_at,
          closed_at, last_synced_at, inserted_at, updated_at;

-- name: touch_pull_request_synced
-- Records that a pull request was checked against GitHub and found unchanged.
UPDATE pull_requests
SET last_synced_at = now(), updated_at = now()
WHERE id = $1
RETURNING id, project_id, run_id, number, url, branch, title, body, status, merged_at,
          closed_at, last_synced_at, inserted_at, updated_at;

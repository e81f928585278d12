-- name: insert_pull_request
-- Records a pull request a run opened.
INSERT INTO pull_requests (project_id, run_id, number, url, branch, title, body)
VALUES ($1, $2, $3, $4, $5, $6, $7)
RETURNING id, project_id, run_id, number, url, branch, title, body, status, merged_at,
          closed_at, last_synced_at, head_sha, github_updated_at, status_transitions,
          inserted_at, updated_at;

-- name: get_pull_request
-- Reads one pull request record.
SELECT id, project_id, run_id, number, url, branch, title, body, status, merged_at,
       closed_at, last_synced_at, head_sha, github_updated_at, status_transitions,
       inserted_at, updated_at
FROM pull_requests
WHERE id = $1;

-- name: get_pull_request_by_number
-- Reads the record of a project's pull request by its GitHub number.
SELECT id, project_id, run_id, number, url, branch, title, body, status, merged_at,
       closed_at, last_synced_at, head_sha, github_updated_at, status_transitions,
       inserted_at, updated_at
FROM pull_requests
WHERE project_id = $1 AND number = $2;

-- name: list_pull_requests
-- Lists pull requests, of one project when given, newest first after an (inserted_at, id)
-- position.
SELECT id, project_id, run_id, number, url, branch, title, body, status, merged_at,
       closed_at, last_synced_at, head_sha, github_updated_at, status_transitions,
       inserted_at, updated_at
FROM pull_requests
WHERE ($1::uuid IS NULL OR project_id = $1)
  AND (inserted_at, id) < ($2, $3)
ORDER BY inserted_at DESC, id DESC
LIMIT $4;

-- name: move_pull_request
-- Moves a pull request from the status it was read in ($2) to $3 with GitHub's times,
-- appending the move to its history; nothing when it is no longer in $2 or GitHub's
-- updated_at ($7) is older than the state already recorded.
UPDATE pull_requests
SET status = $3,
    merged_at = $4,
    closed_at = $5,
    head_sha = COALESCE($6, head_sha),
    github_updated_at = COALESCE($7, github_updated_at),
    last_synced_at = now(),
    status_transitions = status_transitions || jsonb_build_array(jsonb_build_object(
        'from', status, 'to', $3::text, 'at', now(), 'source', $8::text)),
    updated_at = now()
WHERE id = $1
  AND status = $2
  AND ($7::timestamptz IS NULL OR github_updated_at IS NULL OR github_updated_at <= $7)
RETURNING id, project_id, run_id, number, url, branch, title, body, status, merged_at,
          closed_at, last_synced_at, head_sha, github_updated_at, status_transitions,
          inserted_at, updated_at;

-- name: stamp_pull_request_head
-- Records a new head commit of a pull request that is not merged; nothing when the head
-- is already that commit or GitHub's updated_at ($3) is older than the state recorded.
UPDATE pull_requests
SET head_sha = $2,
    github_updated_at = COALESCE($3, github_updated_at),
    last_synced_at = now(),
    updated_at = now()
WHERE id = $1
  AND status <> 'merged'
  AND head_sha IS DISTINCT FROM $2
  AND ($3::timestamptz IS NULL OR github_updated_at IS NULL OR github_updated_at <= $3)
RETURNING id, project_id, run_id, number, url, branch, title, body, status, merged_at,
          closed_at, last_synced_at, head_sha, github_updated_at, status_transitions,
          inserted_at, updated_at;

-- name: touch_pull_request_synced
-- Records that a pull request was checked against GitHub and found unchanged.
UPDATE pull_requests
SET last_synced_at = now(), updated_at = now()
WHERE id = $1
RETURNING id, project_id, run_id, number, url, branch, title, body, status, merged_at,
          closed_at, last_synced_at, head_sha, github_updated_at, status_transitions,
          inserted_at, updated_at;

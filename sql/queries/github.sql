-- name: github_get_repo_by_full_name
-- Finds a repository by its owner/name, case-insensitively (GitHub names are).
SELECT id, owner, name, full_name, webhook_secret_ref_id, previous_webhook_secret_ref_id,
       previous_webhook_secret_valid_until, enabled, settings, inserted_at, updated_at
FROM repos
WHERE lower(full_name) = lower($1);

-- name: github_get_repo_by_id
-- Reads one repository.
SELECT id, owner, name, full_name, webhook_secret_ref_id, previous_webhook_secret_ref_id,
       previous_webhook_secret_valid_until, enabled, settings, inserted_at, updated_at
FROM repos
WHERE id = $1;

-- name: github_insert_repo
-- Records a repository unless it is already known (then returns nothing).
INSERT INTO repos (owner, name, full_name)
VALUES ($1, $2, $3)
ON CONFLICT (lower(full_name)) DO NOTHING
RETURNING id, owner, name, full_name, webhook_secret_ref_id, previous_webhook_secret_ref_id,
          previous_webhook_secret_valid_until, enabled, settings, inserted_at, updated_at;

-- name: github_lock_repo
-- Locks a repository row while its webhook secret is rotated.
SELECT id, owner, name, full_name, webhook_secret_ref_id, previous_webhook_secret_ref_id,
       previous_webhook_secret_valid_until, enabled, settings, inserted_at, updated_at
FROM repos
WHERE id = $1
FOR UPDATE;

-- name: github_list_repos
-- Pages repositories newest first, after an (inserted_at, id) position.
SELECT id, owner, name, full_name, webhook_secret_ref_id, previous_webhook_secret_ref_id,
       previous_webhook_secret_valid_until, enabled, settings, inserted_at, updated_at
FROM repos
WHERE (inserted_at, id) < ($1, $2)
ORDER BY inserted_at DESC, id DESC
LIMIT $3;

-- name: github_set_repo_webhook_secret
-- Points a repository at a new webhook secret, remembering the previous one until a time.
UPDATE repos
SET webhook_secret_ref_id = $2,
    previous_webhook_secret_ref_id = $3,
    previous_webhook_secret_valid_until = $4,
    updated_at = now()
WHERE id = $1
RETURNING id, owner, name, full_name, webhook_secret_ref_id, previous_webhook_secret_ref_id,
          previous_webhook_secret_valid_until, enabled, settings, inserted_at, updated_at;

-- name: github_insert_delivery
-- Stores a verified delivery once; a known delivery id returns nothing.
INSERT INTO webhook_deliveries (delivery_id, event, action, repo_id, repo_full_name, payload)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (delivery_id) DO NOTHING
RETURNING id, delivery_id, event, action, repo_full_name, status;

-- name: github_get_delivery
-- Reads one delivery with its payload.
SELECT id, delivery_id, event, action, repo_id, repo_full_name, payload, status, reason,
       error, process_count, received_at, processed_at, inserted_at, updated_at
FROM webhook_deliveries
WHERE id = $1;

-- name: github_lock_received_delivery
-- Locks a delivery that still waits to be processed (nothing when another worker did it).
SELECT id, delivery_id, event, action, repo_id, repo_full_name, payload, status, reason,
       error, process_count, received_at, processed_at, inserted_at, updated_at
FROM webhook_deliveries
WHERE id = $1 AND status = 'received'
FOR UPDATE;

-- name: github_finish_delivery
-- Moves a received delivery to processed, ignored or failed, with the reason or error.
UPDATE webhook_deliveries
SET status = $2, reason = $3, error = $4, processed_at = now(),
    process_count = process_count + 1, updated_at = now()
WHERE id = $1 AND status = 'received'
RETURNING id, delivery_id, event, action, repo_full_name, status;

-- name: github_requeue_delivery
-- Puts a processed, ignored or failed delivery back to received for reprocessing.
UPDATE webhook_deliveries
SET status = 'received', reason = NULL, error = NULL, processed_at = NULL, updated_at = now()
WHERE id = $1 AND status <> 'received'
RETURNING id, delivery_id, event, action, repo_full_name, status;

-- name: github_list_deliveries
-- Pages deliveries newest first after a (received_at, id) position, filtered by event,
-- status and repository when given.
SELECT id, delivery_id, event, action, repo_id, repo_full_name, status, reason, error,
       process_count, received_at, processed_at, inserted_at, updated_at
FROM webhook_deliveries
WHERE ($1::text IS NULL OR event = $1)
  AND ($2::text IS NULL OR status = $2)
  AND ($3::text IS NULL OR lower(repo_full_name) = lower($3))
  AND (received_at, id) < ($4, $5)
ORDER BY received_at DESC, id DESC
LIMIT $6;

-- name: github_start_analysis
-- Creates or re-opens the analysis of one issue, marking it as being analysed.
INSERT INTO issue_analyses (repo_id, issue_number, delivery_id, title, status)
VALUES ($1, $2, $3, $4, 'analyzing')
ON CONFLICT ON CONSTRAINT issue_analyses_repo_issue_key DO UPDATE
SET delivery_id = EXCLUDED.delivery_id, title = EXCLUDED.title, status = 'analyzing',
    error = NULL, run_id = NULL, comment_posted = false, comment_url = NULL,
    updated_at = now()
RETURNING id;

-- name: github_link_analysis_run
-- Names the run that analyses the issue now (a later delivery's run replaces it).
UPDATE issue_analyses SET run_id = $2, updated_at = now() WHERE id = $1
RETURNING id;

-- name: github_relink_analysis_run
-- Hands the analysis to a retry of the run that analyses the issue now.
UPDATE issue_analyses SET run_id = $2, updated_at = now() WHERE id = $1 AND run_id = $3
RETURNING id;

-- name: github_save_analysis
-- Records the analyser's result, if the run is still the one analysing the issue.
UPDATE issue_analyses
SET status = 'analyzed', classification = $2, confidence = $3, priority = $4,
    suggested_labels = $5, summary = $6, proposed_response = $7, analyser = $8,
    comment_posted = false, comment_url = NULL, error = NULL,
    analyzed_at = now(), updated_at = now()
WHERE id = $1 AND run_id = $9
RETURNING id;

-- name: github_fail_analysis
-- Records that analysing an issue failed, with a redacted error (for its current run).
UPDATE issue_analyses
SET status = 'failed', error = $2, updated_at = now()
WHERE id = $1 AND run_id = $3
RETURNING id;

-- name: github_mark_comment_posted
-- Records the comment the issue bot posted for an analysis (by its current run).
UPDATE issue_analyses
SET comment_posted = true, comment_url = $2, status = 'analyzed', error = NULL,
    updated_at = now()
WHERE id = $1 AND run_id = $3
RETURNING id;

-- name: github_get_analysis
-- Reads one issue analysis with its repository's name.
SELECT a.id, a.repo_id, r.full_name AS repo_full_name, a.issue_number, a.delivery_id,
       a.title, a.status, a.classification, a.confidence, a.priority, a.suggested_labels,
       a.summary, a.proposed_response, a.analyser, a.run_id, a.comment_posted,
       a.comment_url, a.error, a.analyzed_at, a.inserted_at, a.updated_at
FROM issue_analyses AS a
JOIN repos AS r ON r.id = a.repo_id
WHERE a.id = $1;

-- name: github_list_analyses
-- Pages issue analyses, most recently updated first after an (updated_at, id) position,
-- filtered when asked.
SELECT a.id, a.repo_id, r.full_name AS repo_full_name, a.issue_number, a.delivery_id,
       a.title, a.status, a.classification, a.confidence, a.priority, a.suggested_labels,
       a.summary, a.proposed_response, a.analyser, a.run_id, a.comment_posted,
       a.comment_url, a.error, a.analyzed_at, a.inserted_at, a.updated_at
FROM issue_analyses AS a
JOIN repos AS r ON r.id = a.repo_id
WHERE ($1::text IS NULL OR lower(r.full_name) = lower($1))
  AND ($2::text IS NULL OR a.classification = $2)
  AND ($3::text IS NULL OR a.status = $3)
  AND (a.updated_at, a.id) < ($4, $5)
ORDER BY a.updated_at DESC, a.id DESC
LIMIT $6;

-- name: github_prune_deliveries
-- Deletes one batch of finished deliveries received before the cutoff; returns how many.
WITH doomed AS (
    SELECT id FROM webhook_deliveries
    WHERE received_at < $1 AND status <> 'received'
    ORDER BY received_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED
), gone AS (
    DELETE FROM webhook_deliveries AS d USING doomed WHERE d.id = doomed.id RETURNING 1
)
SELECT count(*) FROM gone;

-- name: github_count_prunable_deliveries
-- Counts the finished deliveries received before the cutoff (a dry run).
SELECT count(*)
FROM webhook_deliveries
WHERE received_at < $1 AND status <> 'received';

-- name: github_count_deliveries_by_status
-- Counts the stored deliveries per status for the metrics scrape (the status index
-- serves it).
SELECT status, count(*)::float8 AS deliveries
FROM webhook_deliveries
GROUP BY status
ORDER BY status;

-- name: github_record_webhook_failure
-- Records one failed webhook attempt from a client address, pruning up to 100 of
-- anyone's failures older than the window of $2 seconds (skipping rows another
-- process is pruning), so the table stays small between retention runs.
WITH pruned AS (
    DELETE FROM webhook_failures
    WHERE id IN (
        SELECT id FROM webhook_failures
        WHERE failed_at <= now() - make_interval(secs => $2)
        ORDER BY failed_at
        LIMIT 100
        FOR UPDATE SKIP LOCKED
    )
    RETURNING id
)
INSERT INTO webhook_failures (client)
VALUES ($1)
RETURNING id;

-- name: github_webhook_retry_after
-- Says, when a client address has at least $3 failures inside the window of $2
-- seconds, in how many seconds the $3-th newest leaves it (no row: not throttled).
SELECT greatest(1, ceil(extract(epoch FROM
           failed_at + make_interval(secs => $2) - now())))::int AS retry_after_s
FROM webhook_failures
WHERE client = $1 AND failed_at > now() - make_interval(secs => $2)
ORDER BY failed_at DESC
OFFSET $3 - 1
LIMIT 1;

-- name: github_prune_webhook_failures
-- Deletes one batch of failed webhook attempts older than the cutoff.
WITH gone AS (
    DELETE FROM webhook_failures
    WHERE id IN (
        SELECT id FROM webhook_failures
        WHERE failed_at < $1
        ORDER BY failed_at
        LIMIT $2
        FOR UPDATE SKIP LOCKED
    )
    RETURNING 1
)
SELECT count(*) FROM gone;

-- name: github_count_prunable_webhook_failures
-- Counts the failed webhook attempts older than the cutoff (a dry run).
SELECT count(*)
FROM webhook_failures
WHERE failed_at < $1;

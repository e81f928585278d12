-- name: enqueue_job
-- Records a job to run after a delay, unless an unfinished one has its dedupe key; the caller's transaction decides whether it exists.
INSERT INTO jobs (kind, payload, run_at, max_attempts, dedupe_key, affinity)
VALUES ($1, $2, now() + make_interval(secs => $3), $4, $5, $6)
ON CONFLICT (kind, dedupe_key) WHERE dedupe_key IS NOT NULL AND status IN ('queued', 'running')
DO NOTHING
RETURNING id;

-- name: get_unfinished_job_by_dedupe_key
-- Finds the unfinished job that holds a dedupe key (an enqueue that deduplicated).
SELECT id FROM jobs
WHERE kind = $1 AND dedupe_key = $2 AND status IN ('queued', 'running');

-- name: notify_jobs
-- Wakes listening workers when the enqueuing transaction commits.
SELECT pg_notify('jidocode_jobs', $1);

-- name: claim_job
-- Claims the oldest due job of the given kinds, or a running one whose lease expired,
-- that this host may run: a job for any host, for this host ($4), or for a host whose
-- workers sent no heartbeat within a lease (its handler sees it is on a foreign host).
WITH next AS (
    SELECT id FROM jobs
    WHERE kind = ANY($2::text[])
      AND ((status = 'queued' AND run_at <= now())
           OR (status = 'running' AND lease_expires_at < now()))
      -- Only a filter on the rows the status indexes already chose (the plan is theirs);
      -- worker_hosts has a row per host, so its check costs one small lookup per claim.
      AND (affinity IS NULL
           OR affinity = $4::text
           OR NOT EXISTS (
               SELECT 1 FROM worker_hosts AS h
               WHERE h.host = jobs.affinity
                 AND h.last_seen_at >= now() - make_interval(secs => $3)))
    ORDER BY run_at, inserted_at
    LIMIT 1
    FOR UPDATE SKIP LOCKED
)
UPDATE jobs AS j
SET status = 'running',
    attempts = j.attempts + 1,
    locked_by = $1,
    lease_token = j.lease_token + 1,
    lease_expires_at = now() + make_interval(secs => $3),
    updated_at = now()
FROM next
WHERE j.id = next.id
RETURNING j.id, j.kind, j.payload, j.attempts, j.max_attempts, j.lease_token, j.affinity;

-- name: extend_job_lease
-- Keeps a long job's lease alive while its holder's lease token is still the job's.
UPDATE jobs
SET lease_expires_at = now() + make_interval(secs => $3), updated_at = now()
WHERE id = $1 AND lease_token = $2 AND status = 'running'
RETURNING id;

-- name: set_job_affinity
-- Pins a running job to a host, only under the lease token of its current holder, so
-- its retries run where the holder made what they need (a run's worktree).
UPDATE jobs
SET affinity = $3, updated_at = now()
WHERE id = $1 AND lease_token = $2 AND status = 'running'
RETURNING id;

-- name: complete_job
-- Marks a job done, only under the lease token of its current holder.
UPDATE jobs
SET status = 'done', finished_at = now(), locked_by = NULL, lease_expires_at = NULL,
    last_error = NULL, updated_at = now()
WHERE id = $1 AND lease_token = $2 AND status = 'running'
RETURNING id;

-- name: job_lease_state
-- Reads a job's status and lease token (why a fenced write found nothing to change).
SELECT status, lease_token FROM jobs WHERE id = $1;

-- name: fail_job
-- Records a failed attempt: back to the queue after a delay, or dead when out of attempts.
UPDATE jobs
SET status = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END,
    run_at = now() + make_interval(secs => $3),
    finished_at = CASE WHEN attempts >= max_attempts THEN now() END,
    last_error = $4,
    locked_by = NULL,
    lease_expires_at = NULL,
    updated_at = now()
WHERE id = $1 AND lease_token = $2 AND status = 'running'
RETURNING status;

-- name: get_job
-- Reads one job for inspection.
SELECT id, kind, payload, status, attempts, max_attempts, run_at, locked_by, lease_token,
       lease_expires_at, dedupe_key, affinity, last_error, finished_at, inserted_at, updated_at
FROM jobs
WHERE id = $1;

-- name: heartbeat_worker_host
-- Records that a host's workers are alive, so jobs pinned to it keep waiting for it.
INSERT INTO worker_hosts (host, last_seen_at)
VALUES ($1, now())
ON CONFLICT (host) DO UPDATE
SET last_seen_at = now(), updated_at = now()
RETURNING last_seen_at;

-- name: claim_schedule
-- Claims a periodic task when it is due (or new), pushing its next due time forward.
INSERT INTO job_schedules (task, next_due_at)
VALUES ($1, now() + make_interval(secs => $2))
ON CONFLICT (task) DO UPDATE
SET next_due_at = EXCLUDED.next_due_at, updated_at = now()
WHERE job_schedules.next_due_at <= now()
RETURNING task;

-- name: job_counts
-- Counts queued, running and dead jobs per kind for the metrics scrape (the partial
-- indexes on those statuses serve it; done rows are never read).
SELECT kind, status, count(*)::float8 AS jobs
FROM jobs
WHERE status IN ('queued', 'running', 'dead')
GROUP BY kind, status
ORDER BY kind, status;

-- name: job_oldest_due
-- Says per kind how many seconds the oldest due queued job has waited past its run_at.
SELECT kind, extract(epoch FROM now() - min(run_at))::float8 AS waited_s
FROM jobs
WHERE status = 'queued' AND run_at <= now()
GROUP BY kind
ORDER BY kind;

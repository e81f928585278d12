-- name: doctor_job_listeners
-- Counts connections listening on the jobs channel: one per running worker process.
SELECT count(*)::int
FROM pg_stat_activity
WHERE datname = current_database()
  AND state = 'idle'
  AND query ILIKE 'LISTEN %' || $1::text || '%';

-- name: doctor_job_backlog
-- Counts queued jobs overdue by more than $1 seconds, running jobs and dead jobs.
SELECT
    count(*) FILTER (
        WHERE status = 'queued' AND run_at < now() - make_interval(secs => $1::float8)
    )::int AS overdue,
    count(*) FILTER (WHERE status = 'running')::int AS running,
    count(*) FILTER (WHERE status = 'dead')::int AS dead
FROM jobs;

-- name: doctor_secret_key_versions
-- Counts active sealed secrets per key version (rotation leaves older versions to rewrap).
SELECT key_version, count(*)::int AS secrets
FROM secret_refs
WHERE status = 'active'
GROUP BY key_version
ORDER BY key_version;

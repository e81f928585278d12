-- Fenced leases: every claim takes a new lease_token, and completing, failing or
-- heartbeating a job is conditional on it. A worker whose lease expired and was taken
-- over (frozen, partitioned, or one loop of the same process) holds a stale token, so it
-- can no longer commit anything for the job; the worker id alone could not tell two
-- loops of one process apart.
ALTER TABLE jobs ADD COLUMN lease_token bigint NOT NULL DEFAULT 0;

-- Jobs that must exist at most once while unfinished (one clone or sync per project, one
-- processing of a delivery): enqueueing another with the same key returns the first.
ALTER TABLE jobs ADD COLUMN dedupe_key text CHECK (length(dedupe_key) BETWEEN 1 AND 200);
CREATE UNIQUE INDEX jobs_dedupe_unfinished ON jobs (kind, dedupe_key)
    WHERE dedupe_key IS NOT NULL AND status IN ('queued', 'running');

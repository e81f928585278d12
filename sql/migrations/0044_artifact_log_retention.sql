-- Artifact-log retention prunes by age (kind = 'log' AND inserted_at < now - retention,
-- so a changed retention setting applies to logs already stored), not by expires_at:
-- index what the prune query reads and drop the index nothing reads any more.
CREATE INDEX artifacts_log_inserted ON artifacts (inserted_at) WHERE kind = 'log';
DROP INDEX artifacts_expires;

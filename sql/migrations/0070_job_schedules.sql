-- Periodic tasks belong to the jobs runtime, not to GitHub: the retention job runs every
-- domain's pruners. Forge events are pruned by the Forge domain's own pruner once its
-- tables exist, so the schema-probing function the GitHub domain carried goes.
ALTER TABLE github_schedules RENAME TO job_schedules;
ALTER TABLE job_schedules RENAME CONSTRAINT github_schedules_pkey TO job_schedules_pkey;
DELETE FROM job_schedules WHERE task = 'github.prune';
DROP FUNCTION github_prune_forge_events(timestamptz, integer, boolean);

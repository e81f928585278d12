-- Shipping records every git side effect of a run (its branch, commit, push and pull
-- request) as an `audit` artifact, kept with the run like every kind but logs.
ALTER TABLE artifacts DROP CONSTRAINT artifacts_kind_check;
ALTER TABLE artifacts ADD CONSTRAINT artifacts_kind_check
    CHECK (kind IN ('log', 'diff', 'report', 'transcript', 'pr_url', 'cost_summary', 'audit'));

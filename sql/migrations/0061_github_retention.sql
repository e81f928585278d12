-- Retention of Forge events (DESIGN §5: 7 days) without depending on the Forge schema:
-- the function works on whatever forge_events table exists when it runs, and answers
-- NULL when there is none, so the GitHub domain's prune job can name it in a static
-- query. Events of sessions that are not in a terminal phase are never touched.
CREATE FUNCTION github_prune_forge_events(cutoff timestamptz, batch integer, dry_run boolean)
RETURNS bigint
LANGUAGE plpgsql
AS $$
DECLARE
    time_col text;
    cond text;
    n bigint;
BEGIN
    IF to_regclass('public.forge_events') IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT CASE WHEN EXISTS (
        SELECT 1 FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = 'forge_events' AND column_name = 'at'
    ) THEN 'at' ELSE 'inserted_at' END INTO time_col;
    cond := format('e.%I < $1', time_col);
    IF to_regclass('public.forge_sessions') IS NOT NULL AND EXISTS (
        SELECT 1 FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = 'forge_events'
          AND column_name = 'session_id'
    ) THEN
        cond := cond || ' AND EXISTS (SELECT 1 FROM forge_sessions s WHERE s.id = e.session_id'
                     || ' AND s.phase IN (''completed'', ''failed'', ''cancelled''))';
    END IF;
    IF dry_run THEN
        EXECUTE 'SELECT count(*) FROM forge_events e WHERE ' || cond INTO n USING cutoff;
    ELSE
        EXECUTE 'WITH doomed AS (SELECT e.id FROM forge_events e WHERE ' || cond
             || ' ORDER BY e.' || quote_ident(time_col) || ' LIMIT $2 FOR UPDATE OF e SKIP LOCKED),'
             || ' gone AS (DELETE FROM forge_events f USING doomed WHERE f.id = doomed.id'
             || ' RETURNING 1) SELECT count(*) FROM gone'
            INTO n USING cutoff, batch;
    END IF;
    RETURN n;
END;
$$;

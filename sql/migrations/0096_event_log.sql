-- The event log (DESIGN §12): one table for every topic — `run:<id>`, `runs`,
-- `forge:session:<id>`, `forge:sessions`, `deliveries`. Within a topic `seq` is gapless
-- and in commit order: a writer takes the next number with
-- `INSERT … ON CONFLICT DO UPDATE SET last_seq = last_seq + 1` on the topic's row of
-- `event_topics`, which holds that row's lock until its transaction ends, so the next
-- writer of the topic gets its number only once this one has committed or rolled back
-- (a global sequence can commit out of order, and a reader resuming after it would skip
-- the late one). The run and Forge event tables become this log.
CREATE TABLE event_topics (
    topic text PRIMARY KEY CHECK (length(topic) BETWEEN 1 AND 200),
    last_seq bigint NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
    -- Every seq at or below this one may have been pruned: a cursor behind it is expired.
    pruned_through bigint NOT NULL DEFAULT 0 CHECK (pruned_through >= 0)
);

CREATE TABLE events (
    topic text NOT NULL,
    seq bigint NOT NULL CHECK (seq >= 1),
    type text NOT NULL CHECK (length(type) BETWEEN 1 AND 100),
    data jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(data) = 'object'),
    at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (topic, seq)
);

CREATE INDEX events_at ON events (at);

-- Forge's events keep their numbers: a session's seq was already gapless per session.
INSERT INTO events (topic, seq, type, data, at)
SELECT 'forge:session:' || session_id, seq, type,
       jsonb_build_object('session_id', session_id, 'exec_sequence', exec_sequence,
                          'data', data),
       at
FROM forge_events;

-- Forge's retention already deleted the oldest events of ended sessions: the floor sits
-- below the oldest one left (or at the last seq when none is), so a cursor behind it is
-- expired rather than silently short.
INSERT INTO event_topics (topic, last_seq, pruned_through)
SELECT 'forge:session:' || s.id, s.event_seq,
       coalesce((SELECT min(e.seq) - 1 FROM forge_events e WHERE e.session_id = s.id),
                s.event_seq)
FROM forge_sessions s
WHERE s.event_seq > 0;

-- A run's events are numbered within the run, in their old global order.
INSERT INTO events (topic, seq, type, data, at)
SELECT 'run:' || run_id, row_number() OVER (PARTITION BY run_id ORDER BY seq), type,
       jsonb_build_object('run_id', run_id, 'project_id', project_id,
                          'workflow_name', workflow_name, 'workflow_version', workflow_version,
                          'from', from_status, 'to', to_status, 'step', step, 'actor', actor,
                          'data', data),
       at
FROM workflow_run_events;

-- The `runs` topic: every run's status moves.
INSERT INTO events (topic, seq, type, data, at)
SELECT 'runs', row_number() OVER (ORDER BY seq), type,
       jsonb_build_object('run_id', run_id, 'project_id', project_id,
                          'workflow_name', workflow_name, 'workflow_version', workflow_version,
                          'from', from_status, 'to', to_status, 'step', step, 'actor', actor,
                          'data', data),
       at
FROM workflow_run_events
WHERE from_status IS DISTINCT FROM to_status;

INSERT INTO event_topics (topic, last_seq)
SELECT topic, max(seq) FROM events WHERE topic LIKE 'run:%' OR topic = 'runs' GROUP BY topic;

DROP TABLE workflow_run_events;
DROP TABLE forge_events;
ALTER TABLE forge_sessions DROP COLUMN event_seq;

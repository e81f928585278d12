-- name: forge_lock_limits
-- Serialises session starts across every server process while the limits are counted
-- (released at commit).
SELECT pg_advisory_xact_lock(hashtext('jidocode.forge.limits'));

-- name: forge_count_active
-- Counts the active sessions (any phase that is not terminal) per runner.
SELECT runner, count(*)::int AS active
FROM forge_sessions
WHERE phase IN ('created', 'provisioning', 'ready', 'running', 'needs_input')
GROUP BY runner;

-- name: forge_insert_session
-- Records a new session in phase created.
INSERT INTO forge_sessions (name, runner, environment, project_id, run_id, workspace_path, spec)
VALUES ($1, $2, $3, $4, $5, $6, $7)
RETURNING *;

-- name: forge_get_session
-- Reads one session.
SELECT * FROM forge_sessions WHERE id = $1;

-- name: forge_lock_session
-- Locks one session while an exec, an input or a checkpoint is added to it.
SELECT * FROM forge_sessions WHERE id = $1 FOR UPDATE;

-- name: forge_list_sessions
-- Pages sessions newest first after an (inserted_at, id) position, optionally by project
-- and phase.
SELECT * FROM forge_sessions
WHERE (inserted_at, id) < ($1, $2)
  AND ($4::uuid IS NULL OR project_id = $4)
  AND ($5::text IS NULL OR phase = $5)
ORDER BY inserted_at DESC, id DESC
LIMIT $3;

-- name: forge_move_phase
-- Moves a session to a phase if it is in one of the expected phases; a terminal phase
-- sets completed_at. runner_state and last_error are replaced only when given.
UPDATE forge_sessions
SET phase = $2,
    runner_state = coalesce($4, runner_state),
    last_error = CASE WHEN $5::boolean THEN $6 ELSE last_error END,
    completed_at = CASE WHEN $2 IN ('completed', 'failed', 'cancelled') THEN now()
                        ELSE completed_at END,
    last_activity_at = now(),
    updated_at = now()
WHERE id = $1 AND phase = ANY($3::text[])
RETURNING *;

-- name: forge_set_runner_state
-- Replaces a session's runner state (the agent's session id, an open question).
UPDATE forge_sessions SET runner_state = $2, updated_at = now() WHERE id = $1;

-- name: forge_touch_session
-- Marks a session active now (an event of it is being written).
UPDATE forge_sessions SET last_activity_at = now() WHERE id = $1;

-- name: forge_list_events
-- Reads a session's events (its event-log topic) after a seq, in order, optionally of
-- some types.
SELECT seq, type, data, at
FROM events
WHERE topic = $1 AND seq > $2
  AND ($4::text[] IS NULL OR type = ANY($4::text[]))
ORDER BY seq
LIMIT $3;

-- name: forge_exec_output_events
-- Reads the stored output chunks of one exec, in order.
SELECT seq, data -> 'data' AS data FROM events
WHERE topic = $1 AND type = 'exec.output' AND (data ->> 'exec_sequence')::int = $2
ORDER BY seq;

-- name: forge_drop_output_events
-- Empties output chunks that fell out of an exec's stored tail; the events stay, so the
-- sequence keeps no gap, marked dropped with their size.
UPDATE events
SET data = jsonb_set(data, '{data}',
                     jsonb_build_object('dropped', true,
                                        'bytes', (data -> 'data' ->> 'bytes')::bigint))
WHERE topic = $1 AND seq = ANY($2::bigint[]) AND type = 'exec.output';

-- name: forge_next_exec_sequence
-- Counts one more execution of a session and returns its sequence number.
UPDATE forge_sessions
SET execution_count = execution_count + 1, last_activity_at = now(), updated_at = now()
WHERE id = $1
RETURNING execution_count;

-- name: forge_insert_exec
-- Records an execution in status started.
INSERT INTO forge_exec_sessions (session_id, sequence, command)
VALUES ($1, $2, $3)
RETURNING *;

-- name: forge_set_exec_job
-- Records the job that runs an execution.
UPDATE forge_exec_sessions SET job_id = $2 WHERE id = $1;

-- name: forge_get_exec
-- Reads one execution by id.
SELECT * FROM forge_exec_sessions WHERE id = $1;

-- name: forge_get_exec_by_sequence
-- Reads one execution of a session by its sequence number.
SELECT * FROM forge_exec_sessions WHERE session_id = $1 AND sequence = $2;

-- name: forge_list_execs
-- Reads a session's executions, newest first.
SELECT * FROM forge_exec_sessions WHERE session_id = $1 ORDER BY sequence DESC LIMIT $2;

-- name: forge_set_exec_pgid
-- Records the process group of a running execution (fenced: only while it is started).
UPDATE forge_exec_sessions SET pgid = $2 WHERE id = $1 AND status = 'started'
RETURNING id;

-- name: forge_record_exec_output
-- Records an execution's output sizes so far (fenced: only while it is started).
UPDATE forge_exec_sessions
SET output_size_bytes = $2, stored_bytes = $3, truncated_bytes = $4
WHERE id = $1 AND status = 'started'
RETURNING id;

-- name: forge_finish_exec
-- Ends an execution if it is still started: its status, exit code, why, duration, result.
UPDATE forge_exec_sessions
SET status = $2, exit_code = $3, error_kind = $4, error = $5, duration_ms = $6,
    result = $7, pgid = NULL, finished_at = now()
WHERE id = $1 AND status = 'started'
RETURNING *;

-- name: forge_next_checkpoint_number
-- Counts one more checkpoint of a session and returns its number.
UPDATE forge_sessions
SET checkpoint_count = checkpoint_count + 1, updated_at = now()
WHERE id = $1
RETURNING checkpoint_count;

-- name: forge_insert_checkpoint
-- Records a checkpoint (unless its name is taken in the session: then nothing).
INSERT INTO forge_checkpoints (session_id, number, name, exec_sequence, state, ref, commit_sha)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (session_id, name) DO NOTHING
RETURNING *;

-- name: forge_get_checkpoint
-- Reads one checkpoint of a session by number or by name.
SELECT * FROM forge_checkpoints
WHERE session_id = $1 AND (number = $2 OR name = $3)
ORDER BY number
LIMIT 1;

-- name: forge_list_checkpoints
-- Reads a session's checkpoints in order.
SELECT * FROM forge_checkpoints WHERE session_id = $1 ORDER BY number;

-- name: forge_count_prunable_events
-- Counts events older than the retention cutoff of sessions that have ended.
SELECT count(*)::bigint
FROM events e
JOIN forge_sessions s ON e.topic = 'forge:session:' || s.id
WHERE e.topic LIKE 'forge:session:%' AND e.at < $1
  AND s.phase IN ('completed', 'failed', 'cancelled');

-- name: forge_prune_events
-- Deletes one batch of events older than the retention cutoff of sessions that have ended
-- (an active session's record is unfinished work and stays whatever its age), raising
-- each touched topic's prune floor past what went.
WITH doomed AS (
    SELECT e.topic, e.seq
    FROM events e
    JOIN forge_sessions s ON e.topic = 'forge:session:' || s.id
    WHERE e.topic LIKE 'forge:session:%' AND e.at < $1
      AND s.phase IN ('completed', 'failed', 'cancelled')
    ORDER BY e.topic, e.seq
    LIMIT $2
), gone AS (
    DELETE FROM events e USING doomed d
    WHERE e.topic = d.topic AND e.seq = d.seq
    RETURNING e.topic, e.seq
), floors AS (
    UPDATE event_topics t SET pruned_through = GREATEST(t.pruned_through, g.top)
    FROM (SELECT topic, max(seq) AS top FROM gone GROUP BY topic) g
    WHERE t.topic = g.topic
)
SELECT count(*) FROM gone;

-- name: forge_exec_pgid
-- Reads the process group recorded for a running execution.
SELECT pgid FROM forge_exec_sessions WHERE id = $1;

-- name: forge_lock_active_sessions_of_run
-- Locks a workflow run's sessions that have not ended, oldest first (cancelling the run
-- ends them); the active phases' partial index finds them.
SELECT * FROM forge_sessions
WHERE run_id = $1 AND phase IN ('created', 'provisioning', 'ready', 'running', 'needs_input')
ORDER BY inserted_at, id
FOR UPDATE;

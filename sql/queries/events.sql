-- name: append_event
-- Appends an event with its topic's next seq (the topic row's lock, held to commit, keeps
-- the sequence gapless and in commit order) and NOTIFYs a pointer to it on commit.
WITH next AS (
    INSERT INTO event_topics AS t (topic, last_seq) VALUES ($1, 1)
    ON CONFLICT (topic) DO UPDATE SET last_seq = t.last_seq + 1
    RETURNING topic, last_seq
), added AS (
    INSERT INTO events (topic, seq, type, data)
    SELECT topic, last_seq, $2, $3 FROM next
    RETURNING topic, seq, type, data, at
)
SELECT added.topic, added.seq, added.type, added.data, added.at,
       pg_notify('jidocode_events', added.topic || ' ' || added.seq)::text AS notified
FROM added;

-- name: read_events
-- A topic's events after a seq, in order, with the topic's prune floor (NULL floor: the
-- topic has no event yet; no rows: nothing after the seq).
SELECT t.pruned_through, t.last_seq, e.seq, e.type, e.data, e.at
FROM (SELECT $1::text AS topic) q
LEFT JOIN event_topics t ON t.topic = q.topic
LEFT JOIN LATERAL (
    SELECT seq, type, data, at FROM events
    WHERE topic = q.topic AND seq > $2
    ORDER BY seq
    LIMIT $3
) e ON t.topic IS NOT NULL
ORDER BY e.seq;

-- name: count_prunable_events
-- Counts the events of one topic older than a cutoff.
SELECT count(*) FROM events WHERE topic = $1 AND at < $2;

-- name: prune_events
-- Deletes up to a batch of one topic's events older than a cutoff, oldest first (by its
-- primary key), and raises the topic's prune floor past what went.
WITH doomed AS (
    SELECT topic, seq FROM events
    WHERE topic = $1 AND at < $2
    ORDER BY seq
    LIMIT $3
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

-- name: listener_probe
-- Proves the LISTEN connection still answers (a dropped one is reconnected).
SELECT 1;

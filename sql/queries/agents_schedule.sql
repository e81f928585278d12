-- name: list_due_agent_schedules
-- The enabled configs whose next schedule slot is at or before $1, oldest due first.
SELECT id, project_id, agent_type, enabled, webhook_events, configuration, approval_policy,
       last_triggered_at, schedule_next_at, inserted_at, updated_at
FROM support_agent_configs
WHERE enabled AND schedule_next_at IS NOT NULL AND schedule_next_at <= $1
ORDER BY schedule_next_at, id
LIMIT $2;

-- name: claim_agent_schedule_slot
-- Moves a due config's next slot on, only if it is still enabled and due at the time read:
-- of two processes firing one slot, exactly one gets the row back.
UPDATE support_agent_configs
SET schedule_next_at = $3, updated_at = now()
WHERE id = $1 AND enabled AND schedule_next_at = $2
RETURNING id, project_id, agent_type, enabled, webhook_events, configuration, approval_policy,
          last_triggered_at, schedule_next_at, inserted_at, updated_at;

-- name: insert_agent_schedule_fire
-- Records a fired slot (the run it started, or why it was skipped); nothing if already recorded.
INSERT INTO support_agent_schedule_fires (config_id, slot_at, outcome, run_id, reason)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT ON CONSTRAINT support_agent_schedule_fires_slot_key DO NOTHING
RETURNING id, config_id, slot_at, outcome, run_id, reason, inserted_at;

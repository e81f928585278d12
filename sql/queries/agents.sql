-- name: upsert_agent_config
-- Creates a project's config of one agent type or replaces its fields (unique per project and type).
INSERT INTO support_agent_configs
    (project_id, agent_type, enabled, webhook_events, configuration, approval_policy,
     schedule_next_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT ON CONSTRAINT support_agent_configs_project_type_key DO UPDATE
SET enabled = EXCLUDED.enabled,
    webhook_events = EXCLUDED.webhook_events,
    configuration = EXCLUDED.configuration,
    approval_policy = EXCLUDED.approval_policy,
    schedule_next_at = EXCLUDED.schedule_next_at,
    updated_at = now()
RETURNING id, project_id, agent_type, enabled, webhook_events, configuration, approval_policy,
          last_triggered_at, schedule_next_at, inserted_at, updated_at;

-- name: get_agent_config
-- Reads a project's config of one agent type.
SELECT id, project_id, agent_type, enabled, webhook_events, configuration, approval_policy,
       last_triggered_at, schedule_next_at, inserted_at, updated_at
FROM support_agent_configs
WHERE project_id = $1 AND agent_type = $2;

-- name: get_agent_config_for_update
-- Reads and locks a project's config of one agent type, so a partial update merges safely.
SELECT id, project_id, agent_type, enabled, webhook_events, configuration, approval_policy,
       last_triggered_at, schedule_next_at, inserted_at, updated_at
FROM support_agent_configs
WHERE project_id = $1 AND agent_type = $2
FOR UPDATE;

-- name: list_agent_configs
-- The configs of one project, or of every project when no project is given.
SELECT id, project_id, agent_type, enabled, webhook_events, configuration, approval_policy,
       last_triggered_at, schedule_next_at, inserted_at, updated_at
FROM support_agent_configs
WHERE $1::uuid IS NULL OR project_id = $1
ORDER BY project_id, agent_type;

-- name: set_agent_config_enabled
-- Switches a config on or off, with the next slot its schedule is due at (NULL when off).
UPDATE support_agent_configs
SET enabled = $3, schedule_next_at = $4, updated_at = now()
WHERE project_id = $1 AND agent_type = $2
RETURNING id, project_id, agent_type, enabled, webhook_events, configuration, approval_policy,
          last_triggered_at, schedule_next_at, inserted_at, updated_at;

-- name: delete_agent_config
-- Removes a project's config of one agent type.
DELETE FROM support_agent_configs
WHERE project_id = $1 AND agent_type = $2
RETURNING id;

-- name: mark_agent_config_triggered
-- Records that an agent was just triggered by an event.
UPDATE support_agent_configs
SET last_triggered_at = now(), updated_at = now()
WHERE id = $1
RETURNING id;

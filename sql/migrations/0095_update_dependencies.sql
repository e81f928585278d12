-- The dependency bot (DOMAIN.md, Agents): a support-agent config may carry a cron
-- `configuration.schedule`; a periodic job starts the bot's workflow at each slot
-- (trigger `schedule`), exactly once across server processes.

-- The next slot the config is due at, set by the service whenever its schedule or
-- enabled flag changes (NULL: disabled or no schedule). Firing moves it on with one
-- conditional update (`WHERE schedule_next_at = <the value read>`), in the transaction
-- that starts the run, so two processes can never both fire one slot.
ALTER TABLE support_agent_configs ADD COLUMN schedule_next_at timestamptz;

CREATE INDEX support_agent_configs_schedule_due ON support_agent_configs (schedule_next_at)
    WHERE enabled AND schedule_next_at IS NOT NULL;

-- Every slot fired: the run it started, or why it was skipped (a shipping run already in
-- flight, a run that refused to start). Unique per (config, slot): a second guard
-- behind the conditional update.
CREATE TABLE support_agent_schedule_fires (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    config_id uuid NOT NULL REFERENCES support_agent_configs (id) ON DELETE CASCADE,
    slot_at timestamptz NOT NULL,
    outcome text NOT NULL CHECK (outcome IN ('started', 'skipped')),
    run_id uuid REFERENCES workflow_runs (id) ON DELETE SET NULL,
    reason text CHECK (reason IS NULL OR length(reason) <= 2000),
    inserted_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT support_agent_schedule_fires_skip_reason
        CHECK (outcome = 'started' OR reason IS NOT NULL),
    CONSTRAINT support_agent_schedule_fires_slot_key UNIQUE (config_id, slot_at)
);

CREATE INDEX support_agent_schedule_fires_run ON support_agent_schedule_fires (run_id)
    WHERE run_id IS NOT NULL;

-- The builtin `update_dependencies` workflow: the bot's update command (run input
-- `update_command`, read by the shell step's `command_input` option), the project's
-- tests, the owner's approval (skipped when the bot auto-posts), then commit and PR.
WITH builtin (name, description, definition, input_schema, approval_policy, trigger_types, shipping) AS (
    VALUES (
        'update_dependencies',
        'Run the dependency bot''s update command, run the tests, ask for approval unless the bot auto-posts, then commit and open a pull request.',
        '{"steps": [
            {"name": "update", "kind": "shell",
             "options": {"command_input": "update_command", "timeout_s": 1800}},
            {"name": "run_tests", "kind": "run_tests", "options": {}},
            {"name": "approval", "kind": "approval", "options": {"skip_when_mode": "auto_post"}},
            {"name": "ship", "kind": "commit_and_pr", "options": {"commit_type": "chore", "summary": "Update dependencies"}}
          ],
          "budget": {"max_cost_usd": 1, "max_wall_s": 3600, "max_agent_turns": 1}}'::jsonb,
        '{"$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "properties": {
            "update_command": {"type": "string", "minLength": 1, "maxLength": 2000,
                               "description": "The shell command that updates the dependencies, run by sh -c in the run''s worktree (e.g. \"pip-compile --upgrade\", \"npm update\")."}
          },
          "required": ["update_command"],
          "additionalProperties": false}'::jsonb,
        '{"on_reject": {"action": "cancel", "step": null},
          "retryable_steps": ["update", "run_tests", "ship"]}'::jsonb,
        ARRAY['manual', 'schedule']::text[],
        true
    )
),
defs AS (
    INSERT INTO workflow_definitions
        (name, category, version, description, definition, input_schema, approval_policy,
         trigger_types, shipping)
    SELECT name, 'builtin', 1, description, definition, input_schema, approval_policy,
           trigger_types, shipping
    FROM builtin
    RETURNING id, name
)
INSERT INTO workflow_definition_versions
    (workflow_definition_id, version, definition, input_schema, approval_policy, trigger_types,
     shipping)
SELECT defs.id, 1, b.definition, b.input_schema, b.approval_policy, b.trigger_types, b.shipping
FROM defs JOIN builtin b ON b.name = defs.name;

-- Run budgets (USD, wall time, agent turns). A definition's default budget sits in its
-- document next to its steps (`{"steps": [...], "budget": {...}}`), so every pinned
-- version keeps the budget it was published with; project settings and a run's inputs
-- may override it. A breach parks the run for a `budget_extension` approval.

-- The builtins' budgets: the coding workflows get the engine's defaults spelled out, the
-- triage (a few LLM calls, no agent) a smaller one.
WITH budget (name, value) AS (
    VALUES
    ('implement_task', '{"max_cost_usd": 10, "max_wall_s": 7200, "max_agent_turns": 200}'::jsonb),
    ('fix_failing_tests', '{"max_cost_usd": 10, "max_wall_s": 7200, "max_agent_turns": 200}'::jsonb),
    ('issue_triage', '{"max_cost_usd": 2, "max_wall_s": 1800, "max_agent_turns": 50}'::jsonb)
),
definitions AS (
    UPDATE workflow_definitions d
    SET definition = d.definition || jsonb_build_object('budget', b.value), updated_at = now()
    FROM budget b
    WHERE d.name = b.name AND d.category = 'builtin' AND NOT d.definition ? 'budget'
    RETURNING d.id, b.value
)
UPDATE workflow_definition_versions v
SET definition = v.definition || jsonb_build_object('budget', s.value)
FROM definitions s
WHERE v.workflow_definition_id = s.id AND NOT v.definition ? 'budget';

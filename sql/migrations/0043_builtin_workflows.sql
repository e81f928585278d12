-- The three builtin workflow definitions (DOMAIN.md Orchestration), version 1. They are
-- read-only: the service refuses to update a builtin, and tests keep these rows.
WITH builtin (name, description, definition, input_schema, approval_policy, trigger_types, shipping) AS (
    VALUES
    (
        'implement_task',
        'Plan a task, implement it with a coding agent, run the tests, ask for approval, then commit and open a pull request.',
        '{"steps": [
            {"name": "plan", "kind": "plan", "options": {}},
            {"name": "implement", "kind": "coding_agent", "options": {}},
            {"name": "run_tests", "kind": "run_tests", "options": {}},
            {"name": "approval", "kind": "approval", "options": {}},
            {"name": "ship", "kind": "commit_and_pr", "options": {"commit_type": "feat"}}
        ]}'::jsonb,
        '{"$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "properties": {
            "task_summary": {"type": "string", "minLength": 1, "maxLength": 20000,
                             "description": "What to build or change, in plain words."}
          },
          "required": ["task_summary"],
          "additionalProperties": false}'::jsonb,
        '{"on_reject": {"action": "cancel", "step": null},
          "retryable_steps": ["implement", "run_tests", "ship"]}'::jsonb,
        ARRAY['manual', 'schedule']::text[],
        true
    ),
    (
        'fix_failing_tests',
        'Reproduce a test failure, diagnose it, fix it with a coding agent, run the tests, ask for approval, then commit and open a pull request.',
        '{"steps": [
            {"name": "reproduce", "kind": "reproduce", "options": {}},
            {"name": "diagnose", "kind": "diagnose", "options": {}},
            {"name": "fix", "kind": "coding_agent", "options": {}},
            {"name": "run_tests", "kind": "run_tests", "options": {}},
            {"name": "approval", "kind": "approval", "options": {}},
            {"name": "ship", "kind": "commit_and_pr", "options": {"commit_type": "fix"}}
        ]}'::jsonb,
        '{"$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "properties": {
            "failure_signal": {"type": "string", "minLength": 1, "maxLength": 100000,
                               "description": "The failing test, command output or CI link."}
          },
          "required": ["failure_signal"],
          "additionalProperties": false}'::jsonb,
        '{"on_reject": {"action": "retry_step", "step": "fix"},
          "retryable_steps": ["diagnose", "fix", "run_tests", "ship"]}'::jsonb,
        ARRAY['manual', 'webhook', 'schedule']::text[],
        true
    ),
    (
        'issue_triage',
        'Fetch a GitHub issue, triage and research it, compose a response, ask for approval unless the bot auto-posts, then post the comment.',
        '{"steps": [
            {"name": "fetch_issue", "kind": "fetch_issue", "options": {}},
            {"name": "triage", "kind": "triage", "options": {}},
            {"name": "research", "kind": "research", "options": {}},
            {"name": "compose_response", "kind": "compose_response", "options": {}},
            {"name": "approval", "kind": "approval", "options": {"skip_when_mode": "auto_post"}},
            {"name": "post_comment", "kind": "post_comment", "options": {}}
        ]}'::jsonb,
        '{"$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "properties": {
            "issue_reference": {
              "description": "The issue: \"owner/repo#123\", or an object with repository and number.",
              "oneOf": [
                {"type": "string", "pattern": "^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+#[1-9][0-9]*$"},
                {"type": "object",
                 "properties": {
                   "repository": {"type": "string", "pattern": "^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$"},
                   "number": {"type": "integer", "minimum": 1},
                   "url": {"type": "string"},
                   "title": {"type": "string"}
                 },
                 "required": ["repository", "number"]}
              ]
            }
          },
          "required": ["issue_reference"],
          "additionalProperties": false}'::jsonb,
        '{"on_reject": {"action": "retry_step", "step": "compose_response"},
          "retryable_steps": ["research", "compose_response", "post_comment"]}'::jsonb,
        ARRAY['manual', 'webhook', 'support_agent']::text[],
        false
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

-- The pull request lifecycle and the pr_review builtin.
--
-- A pull_requests row follows GitHub: webhook deliveries (closed, merged, reopened,
-- synchronize) and orchestration.sync_pull_request record what GitHub reports, each by a
-- conditional update. `github_updated_at` is GitHub's `updated_at` of the last state
-- recorded, so an older observation (a late redelivery, a slow sync) never overwrites a
-- newer one; `head_sha` is the head commit last seen; `status_transitions` keeps every
-- status move ({from, to, at, source}), so "moved once" can be read back.
ALTER TABLE pull_requests
    ADD COLUMN head_sha text CHECK (head_sha ~ '^[0-9a-f]{40,64}$'),
    ADD COLUMN github_updated_at timestamptz,
    ADD COLUMN status_transitions jsonb NOT NULL DEFAULT '[]'::jsonb
        CHECK (jsonb_typeof(status_transitions) = 'array');

-- The pr_review builtin (DOMAIN.md Orchestration): fetch the pull request's diff, review
-- it with an LLM, ask for approval unless the bot auto-posts, post the review as a
-- comment. It changes no file, so its runs get no worktree; its budget is the triage's.
WITH builtin (name, description, definition, input_schema, approval_policy, trigger_types, shipping) AS (
    VALUES (
        'pr_review',
        'Fetch a pull request''s diff, review it with an LLM, ask for approval unless the bot auto-posts, then post the review as a comment.',
        '{"steps": [
            {"name": "fetch_pull_request", "kind": "fetch_pull_request", "options": {}},
            {"name": "review", "kind": "review", "options": {}},
            {"name": "approval", "kind": "approval", "options": {"skip_when_mode": "auto_post"}},
            {"name": "post_review", "kind": "post_review", "options": {}}
        ],
        "budget": {"max_cost_usd": 2, "max_wall_s": 1800, "max_agent_turns": 50}}'::jsonb,
        '{"$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "properties": {
            "pull_request_reference": {
              "description": "The pull request: \"owner/repo#123\", or an object with repository and number.",
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
          "required": ["pull_request_reference"],
          "additionalProperties": false}'::jsonb,
        '{"on_reject": {"action": "cancel", "step": null},
          "retryable_steps": ["review", "post_review"]}'::jsonb,
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

-- Support agents (bots) per project: which GitHub events they react to and whether their
-- output needs the owner's approval (DOMAIN.md, Agents).
CREATE TABLE support_agent_configs (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    agent_type text NOT NULL
        CONSTRAINT support_agent_configs_agent_type_check
        CHECK (agent_type IN ('github_issue_bot', 'pr_review_bot', 'dependency_bot')),
    enabled boolean NOT NULL DEFAULT false,
    webhook_events text[] NOT NULL DEFAULT '{}',
    configuration jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(configuration) = 'object'),
    approval_policy jsonb NOT NULL DEFAULT '{"mode": "manual"}'::jsonb
        CONSTRAINT support_agent_configs_approval_mode_check
        CHECK (approval_policy ->> 'mode' IN ('manual', 'auto_post')),
    last_triggered_at timestamptz,
    inserted_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT support_agent_configs_project_type_key UNIQUE (project_id, agent_type)
);

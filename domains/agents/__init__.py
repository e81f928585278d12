"""Agents: per-project support-agent (bot) configuration and trigger policy.

A project has at most one config per agent type (``github_issue_bot``,
``pr_review_bot``, ``dependency_bot``): whether it is enabled, which GitHub webhook
events it reacts to (a fixed set per type), its own options, and its approval policy
(``manual``: the owner approves each response; ``auto_post``: it posts directly). The
GitHub domain reads a config with ``find_config`` and stamps it with ``mark_triggered``.
A ``dependency_bot`` may carry a cron ``configuration.schedule``: the periodic job
``agents.fire_schedules`` starts its ``update_dependencies`` run once per slot across
every server process (``service_schedule``).
"""

"""What DOMAIN.md requires, per action group, and how much of it a registry covers.

"Names may gain siblings": extra methods are fine; a missing one is a gap.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rpc.contract import Group

if TYPE_CHECKING:
    from rpc.registry import Registry


GROUP_TITLES: dict[Group, str] = {
    Group.SETUP: "Setup and onboarding",
    Group.PROJECTS: "Project import, sync and workspace",
    Group.RUNS: "Workflow run lifecycle",
    Group.APPROVALS: "Approvals",
    Group.GIT: "Git and pull requests",
    Group.GITHUB: "GitHub webhook and issue-bot control",
    Group.AGENTS: "Support-agent configuration",
    Group.FORGE: "Forge orchestration",
}

REQUIRED: dict[Group, tuple[str, ...]] = {
    Group.SETUP: (
        "system.ping",
        "system.version",
        "rpc.discover",
        "setup.status",
        "setup.run_checks",
        "setup.save_step",
        "setup.complete_onboarding",
        "setup.get_config",
        "setup.update_config",
        "accounts.bootstrap_owner",
        "accounts.sign_in",
        "accounts.sign_out",
        "accounts.me",
        "accounts.change_password",
        "accounts.create_api_key",
        "accounts.list_api_keys",
        "accounts.revoke_api_key",
        "accounts.list_tokens",
        "accounts.revoke_token",
        "setup.list_provider_credentials",
        "setup.set_provider_credential",
        "setup.verify_provider_credential",
        "setup.remove_provider_credential",
        "setup.get_sealing_key",
        "setup.put_secret",
        "setup.list_secrets",
        "setup.rotate_secret",
        "setup.revoke_secret",
        "setup.list_secret_audits",
        "setup.rewrap_secrets",
    ),
    Group.PROJECTS: (
        "projects.list_accessible_repositories",
        "projects.import",
        "projects.list",
        "projects.get",
        "projects.update",
        "projects.sync",
        "projects.workspace_status",
        "projects.bind_secret",
        "projects.list_secret_bindings",
        "projects.unbind_secret",
    ),
    Group.RUNS: (
        "orchestration.list_definitions",
        "orchestration.get_definition",
        "orchestration.create_definition",
        "orchestration.update_definition",
        "orchestration.start_run",
        "orchestration.get_run",
        "orchestration.list_runs",
        "orchestration.cancel_run",
        "orchestration.retry_run",
        "orchestration.list_run_events",
        "events.list",
        "orchestration.list_artifacts",
        "orchestration.get_artifact",
    ),
    Group.APPROVALS: (
        "orchestration.list_pending_approvals",
        "orchestration.approve_run",
        "orchestration.reject_run",
    ),
    Group.GIT: (
        "orchestration.list_pull_requests",
        "orchestration.get_pull_request",
        "orchestration.sync_pull_request",
    ),
    Group.GITHUB: (
        "github.list_repos",
        "github.set_webhook_secret",
        "github.list_deliveries",
        "github.get_delivery",
        "github.reprocess_delivery",
        "github.list_issue_analyses",
        "github.get_issue_analysis",
    ),
    Group.AGENTS: (
        "agents.list_configs",
        "agents.get_config",
        "agents.upsert_config",
        "agents.set_enabled",
        "agents.delete_config",
    ),
    Group.FORGE: (
        "forge.start_session",
        "forge.get_session",
        "forge.list_sessions",
        "forge.exec",
        "forge.apply_input",
        "forge.cancel_session",
        "forge.list_events",
        "forge.create_checkpoint",
    ),
}

# Methods DOMAIN.md marks "anon"; every other required method is for the owner.
ANONYMOUS_REQUIRED: frozenset[str] = frozenset(
    {
        "system.ping",
        "system.version",
        "rpc.discover",
        "setup.status",
        "accounts.bootstrap_owner",
        "accounts.sign_in",
    }
)


@dataclass(frozen=True)
class GroupCoverage:
    """One action group: each required method and whether the registry has it."""

    group: Group
    title: str
    methods: tuple[tuple[str, bool], ...]
    extra: tuple[str, ...]
    wrong_auth: tuple[str, ...]

    @property
    def total(self) -> int:
        """How many methods the group requires."""
        return len(self.methods)

    @property
    def present_count(self) -> int:
        """How many of them are registered."""
        return sum(1 for _, present in self.methods if present)


def coverage(registry: Registry) -> list[GroupCoverage]:
    """Per action group, the required methods present or missing (plus extras)."""
    required_anywhere = {name for names in REQUIRED.values() for name in names}
    out = []
    for group in Group:
        names = REQUIRED[group]
        wrong_auth = tuple(
            name
            for name in names
            if name in registry.methods
            and registry.methods[name].auth.anonymous != (name in ANONYMOUS_REQUIRED)
        )
        extra = tuple(
            m.name for m in registry if m.group == group and m.name not in required_anywhere
        )
        out.append(
            GroupCoverage(
                group=group,
                title=GROUP_TITLES[group],
                methods=tuple((name, name in registry.methods) for name in names),
                extra=extra,
                wrong_auth=wrong_auth,
            )
        )
    return out

"""Projects' rules: import (idempotent), list, update, sync, secret bindings, run worktrees.

Services open the transaction; every effect (the clone, a sync) is a job enqueued in the
same transaction as the state change that wants it. The functions taking a ``conn`` are
the domain's interface to other domains (INTERFACES.md) and run in the caller's
transaction.
"""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from domains.projects import repo
from domains.projects.errors import (
    CloneInProgress,
    ProjectNotFound,
    SecretBindingNotFound,
)
from domains.projects.models import (
    AccessibleRepositories,
    AccessibleRepository,
    EnvironmentType,
    ProjectDetail,
    ProjectPage,
    ProjectView,
    SecretBindingList,
    SecretBindingView,
    Unbound,
)
from domains.projects.service_clone import JOB_KIND, move

# Run worktrees and shipping them (orchestration's engine calls these); the
# implementations are there.
from domains.projects.service_shipping import commit_run_worktree as commit_run_worktree
from domains.projects.service_shipping import push_run_branch as push_run_branch
from domains.projects.service_shipping import (
    run_worktree_changed_paths as run_worktree_changed_paths,
)
from domains.projects.service_shipping import run_worktree_head as run_worktree_head
from domains.projects.service_shipping import run_worktree_state as run_worktree_state
from domains.projects.service_worktrees import create_run_worktree as create_run_worktree
from domains.projects.service_worktrees import remove_run_worktree as remove_run_worktree
from domains.projects.service_worktrees import run_worktree_changes as run_worktree_changes
from domains.setup.service import (
    get_system_config,
    github_client,
    reveal_secret,
    workspace_root,
)
from domains.shared import cursors
from domains.shared.git_refs import branch_name_problem
from rpc.context import Runtime
from rpc.errors import ValidationFailed
from rpc.jobs import enqueue
from sql.database import Connection, Database

# GitHub's rules: an owner is 1–39 letters, digits or inner hyphens; a repository name is
# 1–100 of letters, digits, '.', '_' and '-', never '.' or '..' (they would leave the
# workspace root).
_OWNER = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
_REPO = re.compile(r"^[A-Za-z0-9._-]{1,100}$")
_ENV_VAR = re.compile(r"^[A-Z_][A-Z0-9_]*$")
# Names git and the workbench rely on; a project secret must not shadow them.
_RESERVED_ENV = frozenset({"PATH", "HOME", "SHELL", "USER", "PWD", "LANG", "LC_ALL", "TMPDIR"})
_RESERVED_ENV_PREFIXES = ("GIT_", "JIDOCODE_", "SSH_")


def parse_full_name(value: str) -> tuple[str, str]:
    """``owner/repo`` split and checked; raises ``ValidationFailed`` on ``github_full_name``."""
    owner, sep, name = value.strip().partition("/")
    if not sep or not _OWNER.fullmatch(owner) or not _REPO.fullmatch(name) or name in (".", ".."):
        raise ValidationFailed.on(
            "github_full_name", "must be owner/repo as GitHub names them (e.g. acme/app)"
        )
    return owner, name


def check_env_var_name(name: str) -> None:
    """Refuse a name that is not ``^[A-Z_][A-Z0-9_]*$`` or would shadow git or the runtime."""
    if not _ENV_VAR.fullmatch(name) or len(name) > 128:
        raise ValidationFailed.on(
            "env_var_name", "must match ^[A-Z_][A-Z0-9_]*$ (128 characters at most)"
        )
    if name in _RESERVED_ENV or name.startswith(_RESERVED_ENV_PREFIXES):
        raise ValidationFailed.on(
            "env_var_name", f"{name} is reserved for git and the workbench; choose another name"
        )


def check_branch(name: str) -> None:
    """Refuse a branch name git would refuse (``git check-ref-format --branch`` rules)."""
    problem = branch_name_problem(name)
    if problem is not None:
        raise ValidationFailed.on("default_branch", f"is not a valid git branch name: {problem}")


async def _default_environment(conn: Connection) -> EnvironmentType:
    """Onboarding's default environment for new projects, else ``local``."""
    config = await get_system_config(conn)
    return "sprite" if config.default_environment == "sprite" else "local"


# -- the interface other domains call (INTERFACES.md) ------------------------------------


async def get_project(conn: Connection, *, project_id: UUID) -> ProjectView:
    """One project; raises ``ProjectNotFound``."""
    project = await repo.get_project(conn, project_id=project_id)
    if project is None:
        raise ProjectNotFound(project_id=project_id)
    return project


async def find_by_full_name(conn: Connection, *, github_full_name: str) -> ProjectView | None:
    """The project of ``owner/repo`` (case-insensitive, as GitHub), or ``None``."""
    return await repo.get_project_by_full_name(conn, github_full_name=github_full_name)


async def any_ready_project(conn: Connection) -> bool:
    """Whether some project's clone has reached ``ready`` (onboarding's import step)."""
    return await repo.any_ready_project(conn)


async def workspace_env(conn: Connection, runtime: Runtime, *, project_id: UUID) -> dict[str, str]:
    """The bound secrets to inject into the project's workspace commands, by variable name.

    Raises ``SecretUnavailable`` when a bound secret cannot be opened (revoked, key gone).
    """
    env: dict[str, str] = {}
    for binding in await repo.list_secret_bindings(conn, project_id=project_id):
        if binding.inject_to_workspace:
            env[binding.env_var_name] = await reveal_secret(
                conn, runtime, secret_ref_id=binding.secret_ref_id
            )
    return env


# -- the methods of group 2 --------------------------------------------------------------


async def list_accessible_repositories(runtime: Runtime) -> AccessibleRepositories:
    """What the GitHub credential can see, each marked with its project when imported."""
    async with runtime.db.connection() as conn:
        client = await github_client(conn, runtime)
        projects = {p.github_full_name.lower(): p.id for p in await repo.list_project_names(conn)}
    repos = await client.list_accessible_repositories()
    return AccessibleRepositories(
        items=[
            AccessibleRepository(**r.model_dump(), project_id=projects.get(r.full_name.lower()))
            for r in repos
        ]
    )


async def import_project(
    runtime: Runtime,
    *,
    github_full_name: str,
    actor: str,
    name: str | None = None,
    environment_type: EnvironmentType | None = None,
    default_branch: str | None = None,
) -> ProjectView:
    """Import ``owner/repo`` and enqueue its clone; importing it again returns the same project.

    Two imports at once also yield one project: the insert is ``ON CONFLICT DO NOTHING``
    on the case-insensitive name, and the loser reads the winner's row once it commits.
    """
    owner, repo_name = parse_full_name(github_full_name)
    full_name = f"{owner}/{repo_name}"
    if default_branch is not None:
        check_branch(default_branch)
    async with runtime.db.transaction() as conn:
        existing = await repo.get_project_by_full_name(conn, github_full_name=full_name)
        if existing is not None:
            return existing
        root = await workspace_root(conn, runtime.settings)
        created = await repo.insert_project_if_absent(
            conn,
            name=(name or repo_name).strip() or repo_name,
            github_full_name=full_name,
            default_branch=default_branch,
            environment_type=environment_type or await _default_environment(conn),
            workspace_path=str(root / owner / repo_name),
        )
        if created is None:
            # Another import of this repository committed first.
            return await get_project_by_name_or_fail(conn, full_name)
        await repo.insert_clone_event(
            conn,
            project_id=created.id,
            from_status=None,
            to_status="pending",
            reason="imported",
            actor=actor,
        )
        await enqueue(conn, JOB_KIND, {"project_id": str(created.id), "operation": "clone"})
        return created


async def get_project_by_name_or_fail(conn: Connection, full_name: str) -> ProjectView:
    """The project of a repository known to exist (the winner of an import race)."""
    project = await repo.get_project_by_full_name(conn, github_full_name=full_name)
    if project is None:  # deleted between the conflict and this read
        raise ValidationFailed.on("github_full_name", "the import raced a removal; try again")
    return project


async def list_projects(db: Database, *, limit: int, cursor: str | None) -> ProjectPage:
    """A page of projects, newest first, and the cursor of the next page."""
    items, next_cursor = await cursors.NEWEST_FIRST.page(
        db, cursor, limit, cursors.by_inserted_at, repo.list_projects_page
    )
    return ProjectPage(items=items, next_cursor=next_cursor)


async def get_project_detail(db: Database, *, project_id: UUID) -> ProjectDetail:
    """One project with its clone-status history."""
    async with db.connection() as conn:
        project = await get_project(conn, project_id=project_id)
        history = await repo.list_clone_events(conn, project_id=project_id)
    return ProjectDetail(**project.model_dump(), clone_history=history)


async def update_project(
    db: Database,
    *,
    project_id: UUID,
    name: str | None = None,
    default_branch: str | None = None,
    environment_type: EnvironmentType | None = None,
    settings: dict[str, Any] | None = None,
) -> ProjectView:
    """Change the owner-editable fields; the repository and workspace never change."""
    if name is not None and not name.strip():
        raise ValidationFailed.on("name", "must not be blank")
    if default_branch is not None:
        check_branch(default_branch)
    async with db.transaction() as conn:
        return await repo.update_project_fields(
            conn,
            project_id=project_id,
            name=name.strip() if name is not None else None,
            default_branch=default_branch,
            environment_type=environment_type,
            settings=settings,
        )


async def sync_project(db: Database, *, project_id: UUID, actor: str) -> ProjectView:
    """Move a ``ready`` or ``error`` project to ``cloning`` and enqueue the fetch (or re-clone).

    A project still ``pending`` or ``cloning`` is refused with ``invalid_transition``.
    """
    async with db.transaction() as conn:
        moved = await move(
            conn,
            project_id=project_id,
            expected=["ready", "error"],
            to="cloning",
            reason="sync requested",
            actor=actor,
        )
        if moved is None:
            project = await get_project(conn, project_id=project_id)
            raise CloneInProgress(from_=project.clone_status)
        await enqueue(conn, JOB_KIND, {"project_id": str(project_id), "operation": "sync"})
        return moved


async def bind_secret(
    db: Database,
    *,
    project_id: UUID,
    env_var_name: str,
    secret_ref_id: UUID,
    inject_to_workspace: bool,
) -> SecretBindingView:
    """Bind a stored secret to a variable name; the name is unique per project."""
    check_env_var_name(env_var_name)
    async with db.transaction() as conn:
        await get_project(conn, project_id=project_id)
        return await repo.insert_secret_binding(
            conn,
            project_id=project_id,
            env_var_name=env_var_name,
            secret_ref_id=secret_ref_id,
            inject_to_workspace=inject_to_workspace,
        )


async def list_secret_bindings(db: Database, *, project_id: UUID) -> SecretBindingList:
    """A project's bindings (names and secret refs; never a value)."""
    async with db.connection() as conn:
        await get_project(conn, project_id=project_id)
        return SecretBindingList(items=await repo.list_secret_bindings(conn, project_id=project_id))


async def unbind_secret(db: Database, *, project_id: UUID, env_var_name: str) -> Unbound:
    """Remove a binding; the secret stays in the store."""
    async with db.transaction() as conn:
        await get_project(conn, project_id=project_id)
        removed = await repo.delete_secret_binding(
            conn, project_id=project_id, env_var_name=env_var_name
        )
    if removed is None:
        raise SecretBindingNotFound(env_var_name=env_var_name)
    return Unbound(project_id=project_id, env_var_name=env_var_name)

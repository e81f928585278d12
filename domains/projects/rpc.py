"""Project methods (action group 2): import, list, update, sync, workspace and secret bindings."""

from __future__ import annotations

from domains.github_api.errors import GitHubError
from domains.projects import service, service_clone
from domains.projects.errors import (
    CloneInProgress,
    ProjectNotFound,
    SecretBindingExists,
    SecretBindingNotFound,
    SecretRefNotFound,
    WorkspaceCommandFailed,
)
from domains.projects.models import (
    AccessibleRepositories,
    BindSecretParams,
    ImportProjectParams,
    ListProjectsParams,
    ProjectDetail,
    ProjectPage,
    ProjectRef,
    ProjectView,
    SecretBindingList,
    SecretBindingView,
    UnbindSecretParams,
    Unbound,
    UpdateProjectParams,
    WorkspaceStatus,
)
from domains.setup.service import PROJECT_READY
from rpc.context import RpcContext
from rpc.contract import DomainRegistration, Group, MethodTable, NoParams
from rpc.errors import SecretUnavailable, ValidationFailed

methods = MethodTable("projects")


@methods.method(
    "projects.list_accessible_repositories",
    group=Group.PROJECTS,
    errors=[SecretUnavailable, GitHubError],
    idempotent=True,
)
async def list_accessible_repositories(ctx: RpcContext, params: NoParams) -> AccessibleRepositories:
    """List every repository the stored GitHub credential (PAT or App installation) can see.

    Each carries ``project_id`` when it is already imported.
    """
    return await service.list_accessible_repositories(ctx.runtime)


@methods.method("projects.import", group=Group.PROJECTS, errors=[ValidationFailed], idempotent=True)
async def import_project(ctx: RpcContext, params: ImportProjectParams) -> ProjectView:
    """Import a GitHub repository (``owner/repo``) as a project and start cloning it.

    Idempotent: importing a repository again (in any letter case) returns the existing
    project. The clone runs in the background; follow ``clone_status``
    (``pending → cloning → ready | error``) with ``projects.get``.
    """
    return await service.import_project(
        ctx.runtime,
        github_full_name=params.github_full_name,
        actor=ctx.actor,
        name=params.name,
        environment_type=params.environment_type,
        default_branch=params.default_branch,
    )


@methods.method("projects.list", group=Group.PROJECTS, errors=[ValidationFailed], idempotent=True)
async def list_projects(ctx: RpcContext, params: ListProjectsParams) -> ProjectPage:
    """List projects, newest first; pass ``next_cursor`` back as ``cursor`` for the next page."""
    return await service.list_projects(ctx.db, limit=params.limit, cursor=params.cursor)


@methods.method("projects.get", group=Group.PROJECTS, errors=[ProjectNotFound], idempotent=True)
async def get_project(ctx: RpcContext, params: ProjectRef) -> ProjectDetail:
    """Get one project with its clone-status history (each move with its time and reason)."""
    return await service.get_project_detail(ctx.db, project_id=params.project_id)


@methods.method(
    "projects.update",
    group=Group.PROJECTS,
    errors=[ProjectNotFound, ValidationFailed],
    idempotent=True,
)
async def update_project(ctx: RpcContext, params: UpdateProjectParams) -> ProjectView:
    """Change a project's name, default branch, environment type or settings.

    Absent fields keep their value; the repository and workspace path never change.
    """
    return await service.update_project(
        ctx.db,
        project_id=params.project_id,
        name=params.name,
        default_branch=params.default_branch,
        environment_type=params.environment_type,
        settings=params.settings,
    )


@methods.method("projects.sync", group=Group.PROJECTS, errors=[ProjectNotFound, CloneInProgress])
async def sync_project(ctx: RpcContext, params: ProjectRef) -> ProjectView:
    """Fetch the latest from GitHub into the workspace (or clone it again after an error).

    Moves a ``ready`` or ``error`` project to ``cloning``; refused while a clone or sync
    is already under way.
    """
    return await service.sync_project(ctx.db, project_id=params.project_id, actor=ctx.actor)


@methods.method(
    "projects.workspace_status",
    group=Group.PROJECTS,
    errors=[ProjectNotFound, WorkspaceCommandFailed],
    idempotent=True,
)
async def workspace_status(ctx: RpcContext, params: ProjectRef) -> WorkspaceStatus:
    """The workspace's clone status, checked-out branch, HEAD commit and changed files."""
    return await service_clone.workspace_status(ctx.runtime, project_id=params.project_id)


@methods.method(
    "projects.bind_secret",
    group=Group.PROJECTS,
    errors=[ProjectNotFound, SecretRefNotFound, SecretBindingExists, ValidationFailed],
)
async def bind_secret(ctx: RpcContext, params: BindSecretParams) -> SecretBindingView:
    """Bind a stored secret to an environment variable of the project's workspace commands.

    ``env_var_name`` must match ``^[A-Z_][A-Z0-9_]*$`` and be unused in this project.
    """
    return await service.bind_secret(
        ctx.db,
        project_id=params.project_id,
        env_var_name=params.env_var_name,
        secret_ref_id=params.secret_ref_id,
        inject_to_workspace=params.inject_to_workspace,
    )


@methods.method(
    "projects.list_secret_bindings", group=Group.PROJECTS, errors=[ProjectNotFound], idempotent=True
)
async def list_secret_bindings(ctx: RpcContext, params: ProjectRef) -> SecretBindingList:
    """List a project's secret bindings: variable names and secret refs, never values."""
    return await service.list_secret_bindings(ctx.db, project_id=params.project_id)


@methods.method(
    "projects.unbind_secret", group=Group.PROJECTS, errors=[ProjectNotFound, SecretBindingNotFound]
)
async def unbind_secret(ctx: RpcContext, params: UnbindSecretParams) -> Unbound:
    """Remove the binding of one environment variable (the secret stays in the store)."""
    return await service.unbind_secret(
        ctx.db, project_id=params.project_id, env_var_name=params.env_var_name
    )


REGISTRATION = DomainRegistration(
    name="projects",
    methods=methods,
    job_handlers={service_clone.JOB_KIND: service_clone.run_clone_job},
    probes={PROJECT_READY: service.any_ready_project},
)

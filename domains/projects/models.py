"""Params, results and row models of the projects domain."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from rpc.contract import Params, Result

CloneStatus = Literal["pending", "cloning", "ready", "error"]
EnvironmentType = Literal["sprite", "local"]


# -- rows and views ----------------------------------------------------------------------


class ProjectView(Result):
    """A project as clients see it."""

    id: UUID
    name: str
    github_full_name: str
    default_branch: str | None
    environment_type: EnvironmentType
    workspace_path: str
    clone_status: CloneStatus
    clone_error: str | None
    settings: dict[str, Any]
    last_synced_at: datetime | None
    inserted_at: datetime
    updated_at: datetime


class CloneEvent(Result):
    """One clone-status move and why it happened."""

    id: UUID
    from_status: CloneStatus | None
    to_status: CloneStatus
    reason: str
    actor: str
    occurred_at: datetime


class ProjectDetail(ProjectView):
    """A project with its clone-status history, oldest first."""

    clone_history: list[CloneEvent]


class ProjectPage(Result):
    """One page of projects, newest first."""

    items: list[ProjectView]
    next_cursor: str | None


class AccessibleRepository(Result):
    """A repository the GitHub credential can see, and its project if imported."""

    full_name: str
    owner: str
    name: str
    private: bool
    default_branch: str | None
    description: str | None
    html_url: str | None
    project_id: UUID | None


class AccessibleRepositories(Result):
    """Every repository the GitHub credential can see, by full name."""

    items: list[AccessibleRepository]


class ChangedFile(Result):
    """One entry of ``git status --porcelain``: its two-letter status and path."""

    status: str
    path: str


class WorkspaceStatus(Result):
    """The workspace as git sees it; git facts are null until the clone is ready."""

    project_id: UUID
    clone_status: CloneStatus
    clone_error: str | None
    last_synced_at: datetime | None
    branch: str | None
    head_commit: str | None
    changed_files: list[ChangedFile]
    clean: bool | None


FileChangeStatus = Literal["added", "modified", "deleted", "renamed"]


class CreatedWorktree(Result):
    """A run's own worktree of the project's clone: where, on which branch, from which commit.

    ``base_commit`` is the head of origin's default branch when the worktree was made; the
    run's changes are measured against it.
    """

    path: str
    branch: str
    base_commit: str


class FileChange(Result):
    """One file a run changed against its base commit; line counts are 0 for binary files."""

    path: str
    status: FileChangeStatus
    added: int
    removed: int
    binary: bool
    old_path: str | None = None  # the path before a rename


class WorktreeChanges(Result):
    """Everything a run's worktree changed against its base commit, untracked files included.

    ``untracked`` are new files git did not know before (not even staged); ``changed_lines``
    sums added and removed lines over text files; ``binary_files`` are the changed files git
    sees as binary, whatever their status. ``diff`` is the unified diff, not redacted (the
    secret scan reads it as it is; redact before persisting), cut to the size limit with a
    marker when ``truncated``.
    """

    base_commit: str
    # The tree id of everything in the worktree: equal states ship the same files.
    state: str
    files: list[FileChange]
    untracked: list[str]
    changed_lines: int
    binary_files: list[str]
    diff: str
    truncated: bool


class SecretBindingView(Result):
    """A secret bound to an environment variable of a project's workspace commands."""

    id: UUID
    project_id: UUID
    env_var_name: str
    secret_ref_id: UUID
    inject_to_workspace: bool
    inserted_at: datetime
    updated_at: datetime


class SecretBindingList(Result):
    """A project's secret bindings, by variable name."""

    items: list[SecretBindingView]


class Unbound(Result):
    """The binding is gone (the secret itself stays in the store)."""

    project_id: UUID
    env_var_name: str
    unbound: bool = True


class ProjectNames(BaseModel):
    """A project's id and repository name (for marking listed repositories)."""

    id: UUID
    github_full_name: str


# -- params ------------------------------------------------------------------------------


class ImportProjectParams(Params):
    """Import a repository by ``owner/repo``; importing it again returns the same project."""

    github_full_name: str = Field(max_length=140, examples=["acme/app"])
    name: str | None = Field(default=None, min_length=1, max_length=200)
    environment_type: EnvironmentType | None = None
    default_branch: str | None = Field(default=None, min_length=1, max_length=255)


class ListProjectsParams(Params):
    """A page of projects, newest first."""

    limit: int = Field(default=50, ge=1, le=200)
    cursor: str | None = Field(default=None, max_length=200)


class ProjectRef(Params):
    """Names one project."""

    project_id: UUID


class UpdateProjectParams(Params):
    """Change a project's name, default branch, environment or settings (absent = keep)."""

    project_id: UUID
    name: str | None = Field(default=None, min_length=1, max_length=200)
    default_branch: str | None = Field(default=None, min_length=1, max_length=255)
    environment_type: EnvironmentType | None = None
    settings: dict[str, Any] | None = None


class BindSecretParams(Params):
    """Bind a stored secret to an environment variable of the project's workspace commands."""

    project_id: UUID
    env_var_name: str = Field(max_length=128, examples=["NPM_TOKEN"])
    secret_ref_id: UUID
    inject_to_workspace: bool = True


class UnbindSecretParams(Params):
    """Remove the binding of one environment variable."""

    project_id: UUID
    env_var_name: str = Field(max_length=128)


class WorktreeHead(Result):
    """Where a run's worktree stands: its checked-out branch (``None`` when detached), the
    head commit, that commit's tree and its message."""

    branch: str | None
    commit: str
    tree: str
    message: str


PushStatus = Literal["pushed", "up_to_date", "rejected"]


class PushOutcome(Result):
    """What a push of a run's commit to a remote branch came to.

    ``rejected``: the remote holds a branch of that name that the commit does not
    fast-forward (it is never forced); ``refreshed``: the first credential was refused
    and a fresh one was used.
    """

    status: PushStatus
    branch: str
    commit: str
    reason: str | None = None
    refreshed: bool = False

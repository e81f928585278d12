"""The projects domain's typed errors (subclasses of ``rpc.errors``)."""

from __future__ import annotations

from uuid import UUID

from rpc.errors import Conflict, ExecutionError, InvalidTransition, NotFound


class ProjectNotFound(NotFound):
    """No project has this id."""

    def __init__(self, *, project_id: UUID) -> None:
        super().__init__(resource="project", id=str(project_id))


class CloneInProgress(InvalidTransition):
    """A sync was asked for while the workspace is still pending or cloning."""

    message = "The workspace is already being cloned or synced"

    def __init__(self, *, from_: str) -> None:
        super().__init__(resource="project_clone", from_=from_, to="cloning")


class SecretBindingExists(Conflict):
    """The project already binds a secret to this environment variable."""

    def __init__(self, *, env_var_name: str) -> None:
        super().__init__(
            resource="project_secret_binding",
            reason=f"{env_var_name} is already bound for this project; unbind it first",
        )


class SecretBindingNotFound(NotFound):
    """The project binds nothing to this environment variable."""

    def __init__(self, *, env_var_name: str) -> None:
        super().__init__(resource="project_secret_binding", id=env_var_name)


class SecretRefNotFound(NotFound):
    """No stored secret has this id."""

    def __init__(self, *, secret_ref_id: UUID) -> None:
        super().__init__(resource="secret_ref", id=str(secret_ref_id))


class WorkspaceCommandFailed(ExecutionError):
    """A git command in the workspace failed; the reason is redacted and path-free."""


class WorkspaceNotReady(Conflict):
    """Run worktrees are made from a cloned workspace: the project's clone must be ready."""

    def __init__(self, *, clone_status: str, reason: str) -> None:
        self.clone_status = clone_status
        super().__init__(resource="project_workspace", reason=reason)


class WorktreeBranchTaken(Conflict):
    """A run's branch and its one deterministic alternative (``<branch>-2``) are both taken."""

    def __init__(self, *, branch: str) -> None:
        self.branch = branch
        super().__init__(
            resource="worktree_branch",
            reason=(
                f"{branch} and {branch}-2 already exist, or their worktree folders do; "
                "start a new run"
            ),
        )

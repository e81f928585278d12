"""Typed errors of the Forge domain.

::

    NotFound
    ├── SessionNotFound          no such session
    ├── ExecNotFound             no such execution in the session
    └── CheckpointNotFound       no such checkpoint in the session
    Conflict
    ├── ForgeLimitReached        a concurrency limit (named) is reached
    ├── CheckpointExists         the session already has a checkpoint of that name
    └── WorkspaceNotReady        the project's workspace is not cloned (or is gone)
    InvalidTransition
    └── SessionPhaseRefused      the session's phase does not allow the call
    ValidationFailed             a command the runner cannot take (raised with .on)
    SecretUnavailable
    └── EnvironmentUnavailable   the environment asked for is not configured
    ExecutionError
    └── CheckpointFailed         git could not snapshot or restore the workspace
"""

from __future__ import annotations

from uuid import UUID

from rpc.errors import Conflict, ExecutionError, InvalidTransition, NotFound, SecretUnavailable


class SessionNotFound(NotFound):
    """No Forge session has this id."""

    def __init__(self, *, session_id: UUID) -> None:
        super().__init__(resource="forge_session", id=str(session_id))


class ExecNotFound(NotFound):
    """The session has no execution with this sequence number."""

    def __init__(self, *, session_id: UUID, sequence: int) -> None:
        super().__init__(resource="forge_exec", id=f"{session_id}/{sequence}")


class CheckpointNotFound(NotFound):
    """The session has no checkpoint with this number or name."""

    def __init__(self, *, session_id: UUID, which: str) -> None:
        super().__init__(resource="forge_checkpoint", id=f"{session_id}/{which}")


class ForgeLimitReached(Conflict):
    """Starting a session would pass a concurrency limit; ``reason`` names the setting."""

    def __init__(self, *, setting: str, limit: int, what: str) -> None:
        super().__init__(
            resource="forge_session",
            reason=(f"{setting} reached: {limit} active {what} at most; complete or cancel one"),
        )


class CheckpointExists(Conflict):
    """Checkpoint names are unique within a session."""

    def __init__(self, *, name: str) -> None:
        super().__init__(resource="forge_checkpoint", reason=f"a checkpoint named {name!r} exists")


class WorkspaceNotReady(Conflict):
    """Sessions run in a cloned workspace: the project's clone must be ready."""

    def __init__(self, *, reason: str) -> None:
        super().__init__(resource="project_workspace", reason=reason)


class SessionPhaseRefused(InvalidTransition):
    """The session is not in a phase that allows this (e.g. exec while running)."""

    def __init__(self, *, phase: str, to: str) -> None:
        super().__init__(resource="forge_session", from_=phase, to=to)


class EnvironmentUnavailable(SecretUnavailable):
    """The session's environment cannot be provisioned; ``reason`` says what to configure."""

    def __init__(self, *, reason: str) -> None:
        super().__init__(reason=reason)


class CheckpointFailed(ExecutionError):
    """git failed to snapshot or restore the workspace; ``reason`` is git's short message."""

    def __init__(self, *, reason: str) -> None:
        super().__init__(reason=reason)

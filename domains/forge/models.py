"""Forge's params, results and row models (DOMAIN.md, Forge).

A session's ``spec`` says where and how its execs run: the environment, the timeouts
(unset: the server's defaults), extra environment variables, and for ``agent_cli`` the
agent profile, turn limit and budget. ``command`` is a string (``sh -c``, or the agent's
prompt), an argv list (shell only) or, for ``workflow``, the list of steps.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator

from rpc.contract import Params, Result

Runner = Literal["shell", "agent_cli", "workflow"]
EnvironmentName = Literal["local", "sprite"]
Phase = Literal[
    "created", "provisioning", "ready", "running", "needs_input", "completed", "failed", "cancelled"
]
ACTIVE_PHASES: tuple[Phase, ...] = ("created", "provisioning", "ready", "running", "needs_input")
TERMINAL_PHASES: frozenset[str] = frozenset({"completed", "failed", "cancelled"})
ExecStatus = Literal["started", "completed", "needs_input", "failed", "timeout"]
AgentProfileName = Literal["claude", "codex"]
EventType = Literal[
    "session.started",
    "session.ready",
    "exec.started",
    "exec.output",
    "exec.completed",
    "session.needs_input",
    "session.input_applied",
    "session.failed",
    "session.cancelled",
    "session.completed",
    "checkpoint.created",
    "checkpoint.restored",
    "agent.init",
    "agent.message",
    "agent.tool_call",
    "agent.tool_result",
    "agent.result",
    "agent.warning",
]

NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9 ._:/-]{0,199}$"
DEFAULT_PAGE = 50
MAX_PAGE = 200
MAX_COMMAND_CHARS = 100_000
MAX_ARGV = 1000
MAX_WORKFLOW_STEPS = 100


class SessionSpec(BaseModel):
    """How a session's execs run; an unset timeout takes the server's default."""

    model_config = ConfigDict(extra="forbid")

    environment: EnvironmentName = "local"
    wall_timeout_s: float | None = Field(default=None, gt=0, le=7 * 24 * 3600)
    idle_timeout_s: float | None = Field(default=None, gt=0, le=7 * 24 * 3600)
    kill_grace_s: float | None = Field(default=None, gt=0, le=60)
    env: dict[str, str] = Field(
        default_factory=dict, description="Extra (non-secret) environment variables"
    )
    agent_profile: AgentProfileName = "claude"
    max_turns: int = Field(default=30, ge=1, le=1000)
    budget_usd: float | None = Field(default=None, gt=0, le=10_000)

    @field_validator("env")
    @classmethod
    def _env_size(cls, value: dict[str, str]) -> dict[str, str]:
        if len(value) > 100:
            raise ValueError("at most 100 variables")
        for key, text in value.items():
            if len(key) > 128 or len(text) > 10_000:
                raise ValueError("a variable name is at most 128 and a value 10000 characters")
        return value


class WorkflowStep(BaseModel):
    """One exec step of a ``workflow`` session: a ``sh -c`` string or an argv list."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, max_length=200)
    command: str | list[str] = Field(description="sh -c text, or an argv list")

    @field_validator("command")
    @classmethod
    def _not_empty(cls, value: str | list[str]) -> str | list[str]:
        if not (value.strip() if isinstance(value, str) else value):
            raise ValueError("must not be empty")
        return value


Command = str | list[str] | list[WorkflowStep]


# -- rows -------------------------------------------------------------------------------------


class Session(Result):
    """A Forge session as clients see it."""

    id: UUID
    name: str
    runner: Runner
    environment: EnvironmentName
    project_id: UUID
    run_id: UUID | None
    phase: Phase
    workspace_path: str
    spec: dict[str, Any]
    runner_state: dict[str, Any]
    execution_count: int
    checkpoint_count: int
    last_error: str | None
    started_at: datetime
    completed_at: datetime | None
    last_activity_at: datetime
    inserted_at: datetime
    updated_at: datetime


class Exec(Result):
    """One execution of a session; sizes count output bytes as the command wrote them."""

    id: UUID
    session_id: UUID
    sequence: int
    command: Any
    status: ExecStatus
    exit_code: int | None
    error_kind: str | None
    error: str | None
    output_size_bytes: int
    stored_bytes: int
    truncated_bytes: int
    duration_ms: int | None
    result: dict[str, Any]
    started_at: datetime
    finished_at: datetime | None


class ExecDetail(Exec):
    """An execution with its stored output (the tail, behind a truncation marker)."""

    output: str


class Event(Result):
    """One event of a session, in ``seq`` order; ``data`` is redacted."""

    session_id: UUID
    seq: int
    type: EventType
    exec_sequence: int | None
    data: dict[str, Any]
    at: datetime


class SessionEventPayload(Result):
    """The ``data`` of an event on a ``forge:session:<id>`` topic: what ``Event`` holds."""

    session_id: UUID
    exec_sequence: int | None
    data: dict[str, Any]


class SessionPhasePayload(Result):
    """The ``data`` of an event on the ``forge:sessions`` topic: a session's phase move."""

    session_id: UUID
    project_id: UUID
    run_id: UUID | None
    runner: Runner
    name: str
    phase: Phase
    data: dict[str, Any]


class Checkpoint(Result):
    """A named point of a session: its exec sequence, runner state and workspace commit."""

    id: UUID
    session_id: UUID
    number: int
    name: str
    exec_sequence: int
    state: dict[str, Any]
    ref: str
    commit_sha: str
    inserted_at: datetime


class SessionDetail(Session):
    """A session with its latest executions, checkpoints and open question."""

    execs: list[Exec]
    checkpoints: list[Checkpoint]
    question: str | None


class SessionPage(Result):
    """A page of sessions, newest first."""

    items: list[Session]
    next_cursor: str | None


class EventPage(Result):
    """Events after the cursor; ``next_cursor`` continues after the last one (pass it back
    to poll; it stays put when nothing new arrived)."""

    items: list[Event]
    next_cursor: str


# -- params -----------------------------------------------------------------------------------


class StartSessionParams(Params):
    """A new session of ``runner`` in the project's workspace."""

    project_id: UUID
    runner: Runner
    name: str | None = Field(default=None, pattern=NAME_PATTERN)
    run_id: UUID | None = None
    spec: SessionSpec = Field(default_factory=SessionSpec)


class SessionRef(Params):
    """One session."""

    session_id: UUID


class ListSessionsParams(Params):
    """Sessions newest first, optionally of one project or in one phase."""

    project_id: UUID | None = None
    phase: Phase | None = None
    cursor: str | None = Field(default=None, description="From a previous page's next_cursor")
    limit: int = Field(default=DEFAULT_PAGE, ge=1, le=MAX_PAGE)


class ExecParams(Params):
    """One iteration: shell ``command`` (sh -c text or argv), agent prompt, or workflow
    steps."""

    session_id: UUID
    command: Command

    @field_validator("command")
    @classmethod
    def _bounded(cls, value: Command) -> Command:
        if isinstance(value, str):
            if not value.strip() or len(value) > MAX_COMMAND_CHARS:
                raise ValueError(f"must be 1 to {MAX_COMMAND_CHARS} characters, not blank")
        elif not value:
            raise ValueError("must not be empty")
        elif isinstance(value[0], WorkflowStep):
            if len(value) > MAX_WORKFLOW_STEPS:
                raise ValueError(f"at most {MAX_WORKFLOW_STEPS} steps")
        elif len(value) > MAX_ARGV or sum(len(str(a)) for a in value) > MAX_COMMAND_CHARS:
            raise ValueError(f"at most {MAX_ARGV} arguments, {MAX_COMMAND_CHARS} characters")
        return value


class ExecRef(Params):
    """One execution of a session, by its sequence number."""

    session_id: UUID
    sequence: int = Field(ge=1, le=2**31 - 1)


class ApplyInputParams(Params):
    """The answer to a session's open question (for agents: the next prompt)."""

    session_id: UUID
    input: str = Field(min_length=1, max_length=MAX_COMMAND_CHARS)


class ListEventsParams(Params):
    """A session's events after ``cursor`` (a ``seq``), optionally of some types."""

    session_id: UUID
    cursor: str | None = Field(default=None, description="The next_cursor of the last read")
    limit: int = Field(default=200, ge=1, le=1000)
    types: list[EventType] | None = Field(default=None, max_length=20)


class CreateCheckpointParams(Params):
    """Snapshot the session's workspace and state under ``name`` (default ``cp-<n>``)."""

    session_id: UUID
    name: str | None = Field(default=None, pattern=NAME_PATTERN)


class RestoreCheckpointParams(Params):
    """Put a checkpoint's workspace back: by ``number`` or ``name``."""

    session_id: UUID
    number: int | None = Field(default=None, ge=1, le=2**31 - 1)
    name: str | None = Field(default=None, pattern=NAME_PATTERN)

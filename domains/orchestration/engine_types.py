"""The step engine's shared shapes: what a step handler gets and what it returns."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Literal
from uuid import UUID

from domains.orchestration.models import RunView
from domains.orchestration.models_definitions import DefinitionVersion, StepSpec
from domains.orchestration.models_steps import RunWorktree, StepRun
from domains.orchestration.service_artifacts import add_artifact
from rpc.context import Runtime
from sql.database import Connection

# Old builtin kinds are purposes of the general kinds: ``plan`` is an ``llm`` step whose
# purpose is planning, ``reproduce`` a test run that is expected to fail.
KIND_ALIASES: dict[str, tuple[str, dict[str, Any]]] = {
    "plan": ("llm", {"purpose": "plan"}),
    "diagnose": ("llm", {"purpose": "diagnose"}),
    "triage": ("llm", {"purpose": "triage"}),
    "research": ("llm", {"purpose": "research"}),
    "compose_response": ("llm", {"purpose": "compose_response"}),
    "review": ("llm", {"purpose": "review"}),
    "coding_agent": ("agent", {}),
    "reproduce": ("run_tests", {"expect": "fail"}),
}
# Kinds that work on files: a run with one of them gets its own worktree and branch.
WORKTREE_KINDS = frozenset({"agent", "run_tests", "shell", "commit_and_pr"})
# Kinds that call a remote service (an LLM provider, GitHub): retried by default.
REMOTE_KINDS = frozenset(
    {"llm", "fetch_issue", "post_comment", "fetch_pull_request", "post_review"}
)
# Where a file step's output holds the worktree's state it left (a tree id): shipping
# compares the worktree with the latest one.
STATE_KEY = "worktree_state"
# A step's timeout unless its ``timeout_s`` option says otherwise.
DEFAULT_TIMEOUT_S: dict[str, float] = {"llm": 300.0, "agent": 1800.0, "run_tests": 1800.0}
FALLBACK_TIMEOUT_S = 600.0


def resolve(step: StepSpec) -> tuple[str, dict[str, Any]]:
    """The step's general kind and its options, alias defaults under the step's own."""
    kind, defaults = KIND_ALIASES.get(step.kind, (step.kind, {}))
    return kind, {**defaults, **step.options}


def needs_worktree(version: DefinitionVersion) -> bool:
    """Whether the definition has a step that works on files (an issue's triage has none,
    so it runs without a clone of the repository)."""
    return any(resolve(step)[0] in WORKTREE_KINDS for step in version.steps)


@dataclass(frozen=True)
class RetryPolicy:
    """How often a failing step is tried, and how long to wait between tries."""

    attempts: int = 1
    backoff_s: float = 2.0

    @classmethod
    def of(cls, kind: str, options: dict[str, Any]) -> RetryPolicy:
        """From the step's ``retry`` option; calls to remote services retry their hiccups
        by default."""
        raw = options.get("retry")
        given = raw if isinstance(raw, dict) else {}
        default = 3 if kind in REMOTE_KINDS else 1
        attempts = int(given.get("attempts", default))
        backoff = float(given.get("backoff_s", 2.0))
        return cls(attempts=max(1, min(attempts, 10)), backoff_s=max(0.0, min(backoff, 600.0)))

    def delay_s(self, attempt: int, retry_after_s: float | None) -> float:
        """The wait before attempt ``attempt + 1``: exponential, at least the provider's."""
        return max(self.backoff_s * 2.0 ** (attempt - 1), retry_after_s or 0.0)


@dataclass(frozen=True)
class ArtifactOut:
    """An artifact a step produced (stored redacted with the step's completion)."""

    kind: str
    name: str
    content: str
    content_type: str = "text/plain"
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StepOutcome:
    """What one attempt of a step came to."""

    # ``budget``: stopped because the run's budget is spent; the run parks for an
    # extension and this step runs again as a new attempt once it is granted.
    status: Literal["completed", "failed", "approval", "budget"]
    output: dict[str, Any] = field(default_factory=dict)
    cost_usd: float = 0.0
    error: dict[str, Any] | None = None  # kind, reason, remediation
    retryable: bool = False
    retry_after_s: float | None = None
    approval_context: dict[str, Any] | None = None
    artifacts: tuple[ArtifactOut, ...] = ()


async def store_artifact(
    conn: Connection, runtime: Runtime, run_id: UUID, art: ArtifactOut, **metadata: Any
) -> None:
    """Store a step's artifact (redacted) in the caller's transaction, ``metadata`` added."""
    await add_artifact(
        conn,
        runtime,
        run_id=run_id,
        kind=art.kind,
        name=art.name,
        content_type=art.content_type,
        content=art.content,
        metadata={**art.metadata, **metadata},
    )


def failed(
    kind: str,
    reason: str,
    *,
    remediation: str | None = None,
    retryable: bool = False,
    retry_after_s: float | None = None,
    output: dict[str, Any] | None = None,
    cost_usd: float = 0.0,
    artifacts: tuple[ArtifactOut, ...] = (),
) -> StepOutcome:
    """A failed attempt with its typed reason (and what it produced before failing)."""
    error = {"kind": kind, "reason": reason}
    if remediation:
        error["remediation"] = remediation
    return StepOutcome(
        status="failed",
        output=output or {},
        cost_usd=cost_usd,
        error=error,
        retryable=retryable,
        retry_after_s=retry_after_s,
        artifacts=artifacts,
    )


@dataclass(frozen=True)
class StepContext:
    """What a step handler is given."""

    runtime: Runtime
    run: RunView
    version: DefinitionVersion
    index: int
    step: StepSpec
    kind: str
    options: dict[str, Any]
    step_run: StepRun
    worktree: RunWorktree | None  # None for a run whose steps need no files
    project_settings: dict[str, Any]
    # Whether the run is still running (False once it was cancelled): polled by long steps.
    still_running: Callable[[], Awaitable[bool]]

    def own_worktree(self) -> RunWorktree:
        """The run's worktree, for a step that works on files (every run with such a step
        gets one before its first step, so its absence is the engine's own fault)."""
        if self.worktree is None:
            raise RuntimeError(f"step {self.step.name} needs a worktree the run does not have")
        return self.worktree

    def results_before(self) -> dict[str, Any]:
        """The checkpointed outputs of the steps before this one, in definition order."""
        earlier = self.version.step_names()[: self.index]
        return {n: self.run.step_results[n] for n in earlier if n in self.run.step_results}

    def latest_with(self, key: str) -> tuple[str, dict[str, Any]] | None:
        """The latest earlier step whose output carries ``key``: its name and output."""
        for name, output in reversed(list(self.results_before().items())):
            if isinstance(output, dict) and key in output:
                return name, output
        return None

    def earlier_output(self, key: str) -> dict[str, Any] | None:
        """The latest earlier output that carries ``key``."""
        found = self.latest_with(key)
        return found[1] if found else None


StepHandler = Callable[[StepContext], Awaitable[StepOutcome]]

"""Run budgets: how much a run may spend, what it has spent, and parking it when spent.

A budget limits a run's USD (LLM and agent cost), its wall time (seconds spent running
steps: the sum of its attempts' durations, so time parked in ``awaiting_approval`` does
not count) and its coding-agent turns. Each limit is resolved in order, a later level
overriding an earlier one key by key: the engine's default → the definition's ``budget``
→ the project's ``budget`` setting → the run's ``budget`` input.

The engine checks the budget after every step (in the transaction that checkpoints it;
not after the last, when nothing more would be spent) and during an agent step on every
poll of the agent's events. A breach is never a silent
kill: the run parks in ``awaiting_approval`` with a ``budget_extension`` request (its
``approval_requested`` event carries ``kind: budget_extension`` and the numbers). After
a completed step it parks at the next step; after an interrupted agent step (or a
failure about to be retried) at the same step, which runs again as a new attempt.
Approving grants one more budget of the same size (limits become
base × (1 + extensions granted)); rejecting cancels the run.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal
from uuid import UUID

from domains.orchestration import repo_budget
from domains.orchestration.engine_types import StepContext
from domains.orchestration.models_definitions import RunBudget
from domains.orchestration.models_steps import BudgetUsage
from domains.orchestration.service_runs import advance_run
from rpc.context import Runtime
from sql.database import Connection

log = logging.getLogger(__name__)

EXTENSION_KIND = "budget_extension"
BUDGET_KEYS = ("max_cost_usd", "max_wall_s", "max_agent_turns")
ACTOR = "engine"
Resume = Literal["next_step", "same_step"]


@dataclass(frozen=True)
class Budget:
    """A run's resolved limits, every one set."""

    max_cost_usd: float
    max_wall_s: float
    max_agent_turns: int

    def extended(self, extensions: int) -> Budget:
        """The limits after ``extensions`` granted extensions, each one more budget."""
        times = 1 + max(extensions, 0)
        return Budget(
            max_cost_usd=self.max_cost_usd * times,
            max_wall_s=self.max_wall_s * times,
            max_agent_turns=self.max_agent_turns * times,
        )

    def as_json(self) -> dict[str, Any]:
        """The limits as the approval context and events show them."""
        return {
            "max_cost_usd": self.max_cost_usd,
            "max_wall_s": self.max_wall_s,
            "max_agent_turns": self.max_agent_turns,
        }


# Generous for a coding run (a few agent sessions and LLM calls), small enough that a
# runaway loop parks within the afternoon.
DEFAULT_BUDGET = Budget(max_cost_usd=10.0, max_wall_s=2 * 3600.0, max_agent_turns=200)


def _layer(raw: object, where: str) -> dict[str, float]:
    """The valid keys of one budget level. Definitions and run inputs were validated when
    they were written; project settings are free-form, so a bad key there is skipped."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        log.warning("ignoring a budget that is not an object", extra={"where": where})
        return {}
    found: dict[str, float] = {}
    for key in BUDGET_KEYS:
        value = raw.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            log.warning(
                "ignoring a budget key that is not a positive number",
                extra={"where": where, "key": key},
            )
            continue
        found[key] = float(value)
    return found


def resolve_budget(
    *,
    definition: RunBudget | None,
    project_settings: Mapping[str, Any],
    inputs: Mapping[str, Any],
) -> Budget:
    """A run's base limits: engine default → definition → project settings → run inputs."""
    merged: dict[str, float] = dict(DEFAULT_BUDGET.as_json())
    if definition is not None:
        merged |= definition.model_dump(exclude_none=True)
    merged |= _layer(project_settings.get("budget"), "project settings")
    merged |= _layer(inputs.get("budget"), "run inputs")
    return Budget(
        max_cost_usd=float(merged["max_cost_usd"]),
        max_wall_s=float(merged["max_wall_s"]),
        # A whole number of turns; a fractional setting rounds down, but never to none.
        max_agent_turns=max(1, int(merged["max_agent_turns"])),
    )


def breached(limits: Budget, used: BudgetUsage) -> list[str]:
    """The limits ``used`` has reached. Reaching one counts: nothing is left of it."""
    over: list[str] = []
    if used.cost_usd >= limits.max_cost_usd:
        over.append("max_cost_usd")
    if used.wall_s >= limits.max_wall_s:
        over.append("max_wall_s")
    if used.agent_turns >= limits.max_agent_turns:
        over.append("max_agent_turns")
    return over


@dataclass(frozen=True)
class BudgetState:
    """A run's budget at one moment: its base limits, the extensions granted, its usage."""

    base: Budget
    extensions: int
    used: BudgetUsage

    @property
    def limits(self) -> Budget:
        """The limits in force (the base times one plus the extensions)."""
        return self.base.extended(self.extensions)

    @property
    def breached(self) -> list[str]:
        """The limits reached."""
        return breached(self.limits, self.used)

    def plus(self, *, cost_usd: float, wall_s: float, agent_turns: int) -> BudgetState:
        """The state with a running attempt's own spending added."""
        used = BudgetUsage(
            cost_usd=self.used.cost_usd + max(cost_usd, 0.0),
            wall_s=self.used.wall_s + max(wall_s, 0.0),
            agent_turns=self.used.agent_turns + max(agent_turns, 0),
        )
        return BudgetState(base=self.base, extensions=self.extensions, used=used)

    def cost_left(self) -> float:
        """USD left before the cost limit."""
        return self.limits.max_cost_usd - self.used.cost_usd

    def turns_left(self) -> int:
        """Agent turns left before the turn limit."""
        return self.limits.max_agent_turns - self.used.agent_turns

    def approval_context(
        self, *, step: str, resume: Resume, over: list[str], interrupted: str | None
    ) -> dict[str, Any]:
        """What the approver of an extension is shown."""
        limits, used = self.limits, self.used
        spent = {
            "max_cost_usd": f"cost: {used.cost_usd:.6g} USD of {limits.max_cost_usd:.6g} USD",
            "max_wall_s": f"wall time: {used.wall_s:.0f}s of {limits.max_wall_s:.0f}s",
            "max_agent_turns": f"agent turns: {used.agent_turns} of {limits.max_agent_turns}",
        }
        granted = self.base.extended(self.extensions + 1)
        notes = [f"the run's budget is spent: {spent[k]}" for k in over]
        notes.append(
            "approve to grant one more budget of the same size (then "
            f"{granted.max_cost_usd:.6g} USD, {granted.max_wall_s:.0f}s, "
            f"{granted.max_agent_turns} agent turns); reject to cancel the run"
        )
        return {
            "kind": EXTENSION_KIND,
            "budget": limits.as_json(),
            "base_budget": self.base.as_json(),
            "used": used.model_dump(mode="json"),
            "breached": over,
            "extensions": self.extensions,
            "step": step,
            "resume": resume,
            "interrupted_step": interrupted,
            "diff_summary": "",
            "test_summary": "",
            "risk_notes": notes,
        }


async def read_state(
    conn: Connection, sc: StepContext, *, excluding: UUID | None = None
) -> BudgetState:
    """The run's budget now, its attempts' spending summed (less ``excluding``)."""
    base = resolve_budget(
        definition=sc.version.budget, project_settings=sc.project_settings, inputs=sc.run.inputs
    )
    extensions = await repo_budget.granted_extensions(conn, run_id=sc.run.id)
    used = await repo_budget.run_usage(conn, run_id=sc.run.id, excluding=excluding)
    return BudgetState(base=base, extensions=extensions, used=used)


async def park_if_spent(
    conn: Connection,
    runtime: Runtime,
    sc: StepContext,
    *,
    at_step: str,
    resume: Resume,
    reported: list[str] | None = None,
) -> bool:
    """In the step's checkpoint transaction: when the run's budget is spent, park the run
    at ``at_step`` for an extension; True if parked. A step that ``reported`` the budget
    spent (it was stopped for it) always parks, with the limits it saw reached."""
    state = await read_state(conn, sc)
    over = state.breached or list(reported or [])
    if not over and reported is None:
        return False
    interrupted = sc.step.name if resume == "same_step" else None
    context = state.approval_context(
        step=at_step, resume=resume, over=over, interrupted=interrupted
    )
    await advance_run(
        conn,
        runtime,
        run_id=sc.run.id,
        to="awaiting_approval",
        actor=ACTOR,
        step=at_step,
        approval_context=context,
        # The request's event says it is a budget extension and why (a distinct event
        # type would widen the run event enum, an inventory-breaking change).
        event_data={
            "kind": EXTENSION_KIND,
            "budget": context["budget"],
            "used": context["used"],
            "breached": over,
            "extensions": state.extensions,
            "resume": resume,
            "after_step": sc.step.name,
            "attempt": sc.step_run.attempt,
        },
    )
    return True


def granted_budget(context: Mapping[str, Any]) -> dict[str, Any] | None:
    """The limits an approval of this extension request grants (``None`` when the request
    is not a budget extension or its context is unreadable)."""
    base = _layer(context.get("base_budget"), "approval context")
    extensions = context.get("extensions")
    if set(base) != set(BUDGET_KEYS) or not isinstance(extensions, int):
        return None
    return (
        Budget(
            max_cost_usd=base["max_cost_usd"],
            max_wall_s=base["max_wall_s"],
            max_agent_turns=int(base["max_agent_turns"]),
        )
        .extended(extensions + 1)
        .as_json()
    )

"""The run's cost summary: what every step attempt cost, stored as a ``cost_summary``
artifact each time the run parks for approval or ends, so the owner sees what was spent
before deciding and after the end (failed attempts count: their calls were paid for)."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from domains.orchestration import repo_steps
from domains.orchestration.engine_types import ArtifactOut
from domains.orchestration.models_steps import StepRun
from domains.orchestration.service_artifacts import add_artifact
from rpc.context import Runtime
from sql.database import Connection


def _tokens(output: dict[str, Any], key: str) -> int:
    value = output.get(key)
    return int(value) if isinstance(value, int | float) else 0


def cost_summary(attempts: list[StepRun], *, moment: str) -> ArtifactOut:
    """The summary of ``attempts`` (a run's, as checkpointed) at ``moment`` (the status
    the run moves to), as a JSON artifact."""
    rows: list[dict[str, Any]] = [
        {
            "step": a.step_name,
            "kind": a.kind,
            "attempt": a.attempt,
            "status": a.status,
            "cost_usd": round(a.cost_usd, 6),
            "input_tokens": _tokens(a.output, "input_tokens"),
            "output_tokens": _tokens(a.output, "output_tokens"),
            "agent_turns": _tokens(a.output, "num_turns"),
        }
        for a in attempts
    ]
    summary = {
        "moment": moment,
        "total_usd": round(sum(a.cost_usd for a in attempts), 6),
        "llm_usd": round(sum(a.cost_usd for a in attempts if a.kind == "llm"), 6),
        "agent_usd": round(sum(a.cost_usd for a in attempts if a.kind == "agent"), 6),
        "input_tokens": sum(int(r["input_tokens"]) for r in rows),
        "output_tokens": sum(int(r["output_tokens"]) for r in rows),
        "agent_turns": sum(int(r["agent_turns"]) for r in rows),
        "attempts": rows,
    }
    return ArtifactOut(
        kind="cost_summary",
        name="cost_summary",
        content=json.dumps(summary, indent=2),
        content_type="application/json",
        metadata={"moment": moment, "total_usd": summary["total_usd"]},
    )


async def record_cost_summary(
    conn: Connection, runtime: Runtime, *, run_id: UUID, moment: str
) -> None:
    """Store the run's cost summary now, in the caller's transaction (the one that moves
    the run to ``moment``)."""
    art = cost_summary(await repo_steps.list_step_runs(conn, run_id=run_id), moment=moment)
    await add_artifact(
        conn,
        runtime,
        run_id=run_id,
        kind=art.kind,
        name=art.name,
        content_type=art.content_type,
        content=art.content,
        metadata=art.metadata,
    )

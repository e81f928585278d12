"""Processing stored deliveries: the issue bot's analyses and ``issue_triage`` runs.

A delivery's job runs ``process_delivery`` exactly once per stored delivery: the
delivery row is locked while it is still ``received`` and moved to its outcome in the
same transaction that records the effect (the analysis and the run), so a redelivered
job, a second worker or a restart after a crash finds nothing left to do.

- ``ping`` → ``processed``;
- ``issues.opened``, ``issues.edited``, ``issue_comment.created`` on a repository a
  project imported, whose ``github_issue_bot`` is enabled and subscribed to the event →
  an issue analysis (``IssueAnalyser``, outside any transaction) and an ``issue_triage``
  run (trigger ``webhook``; the delivery and issue in ``trigger_context``): with approval
  mode ``manual`` the run waits in ``awaiting_approval`` with the proposed response as its
  approval context; with ``auto_post`` a job posts the comment at once;
- anything else → ``ignored`` with the reason.

Posting the comment lives in ``service_posting``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domains.agents.service import find_config, mark_triggered
from domains.github import repo
from domains.github.analyser import BOT_MARKER, HeuristicAnalyser, IssueAnalyser
from domains.github.models import AnalysisOutcome, Delivery, IssueInput
from domains.orchestration.service import advance_run, start_run
from domains.projects.service import find_by_full_name
from rpc.context import Runtime
from rpc.errors import AppError
from rpc.jobs import enqueue
from sql.database import Connection

log = logging.getLogger(__name__)

AGENT_TYPE = "github_issue_bot"
WORKFLOW = "issue_triage"
ACTOR = "github:webhook"
POST_JOB = "github.post_comment"
HANDLED: frozenset[tuple[str, str]] = frozenset(
    {("issues", "opened"), ("issues", "edited"), ("issue_comment", "created")}
)


# The issue bot's analyser: deterministic and offline. An LLM-backed one would be chosen
# here, from the project's settings, when the issue bot calls a provider.
ANALYSER: IssueAnalyser = HeuristicAnalyser()


@dataclass(frozen=True)
class _Plan:
    """What phase one decided for a delivery that will start a run."""

    analysis_id: UUID
    project_id: UUID
    config_id: UUID
    mode: str
    issue: IssueInput
    trigger_context: dict[str, Any]


def _subscribed(events: list[str], event: str, action: str) -> bool:
    # A config may name the event (``issues``) or the event and action (``issues.opened``).
    return event in events or f"{event}.{action}" in events


def _issue_input(payload: dict[str, Any], full_name: str) -> IssueInput | None:
    issue = payload.get("issue")
    if not isinstance(issue, dict) or not isinstance(issue.get("number"), int):
        return None
    user = issue.get("user") if isinstance(issue.get("user"), dict) else {}
    labels = tuple(
        str(label["name"])
        for label in issue.get("labels") or []
        if isinstance(label, dict) and isinstance(label.get("name"), str)
    )
    comment = payload.get("comment")
    comment_body = str(comment.get("body") or "") if isinstance(comment, dict) else None
    return IssueInput(
        repo_full_name=full_name,
        number=issue["number"],
        title=str(issue.get("title") or "")[:1000],
        body=str(issue.get("body") or "")[:65536],
        author=str(user.get("login")) if isinstance(user, dict) and user.get("login") else None,
        labels=labels,
        comment=comment_body[:65536] if comment_body is not None else None,
    )


def _ignore_reason_for_comment(payload: dict[str, Any]) -> str | None:
    issue = payload.get("issue")
    if isinstance(issue, dict) and issue.get("pull_request"):
        return "comment on a pull request"
    comment = payload.get("comment")
    if not isinstance(comment, dict):
        return "issue_comment without a comment"
    user = comment.get("user")
    if isinstance(user, dict) and user.get("type") == "Bot":
        return "comment by a bot"
    if BOT_MARKER in str(comment.get("body") or ""):
        return "comment posted by the issue bot"
    return None


async def _plan(conn: Connection, delivery: Delivery) -> tuple[_Plan | None, str | None]:
    """Phase one (in a transaction): a plan for a run, or the reason to ignore."""
    event, action = delivery.event, delivery.action or ""
    if (event, action) not in HANDLED:
        return None, f"{event}.{action} is not handled" if action else f"{event} is not handled"
    payload = delivery.payload if isinstance(delivery.payload, dict) else {}
    full_name = delivery.repo_full_name
    if full_name is None or delivery.repo_id is None:
        return None, "the payload names no repository"
    if event == "issue_comment":
        reason = _ignore_reason_for_comment(payload)
        if reason:
            return None, reason
    issue = _issue_input(payload, full_name)
    if issue is None:
        return None, "the payload has no issue"
    known = await repo.get_repo(conn, repo_id=delivery.repo_id)
    if known is not None and not known.enabled:
        return None, "the repository is disabled"
    project = await find_by_full_name(conn, github_full_name=full_name)
    if project is None:
        return None, "no project imports this repository"
    config = await find_config(conn, project_id=project.id, agent_type=AGENT_TYPE)
    if config is None:
        return None, "the project has no github_issue_bot"
    if not config.enabled:
        return None, "the project's github_issue_bot is disabled"
    if not _subscribed(list(config.webhook_events), event, action):
        return None, f"the github_issue_bot is not subscribed to {event}.{action}"
    analysis_id = await repo.start_analysis(
        conn,
        repo_id=delivery.repo_id,
        issue_number=issue.number,
        delivery_id=delivery.id,
        title=issue.title,
    )
    issue_obj = payload.get("issue") if isinstance(payload.get("issue"), dict) else {}
    assert isinstance(issue_obj, dict)
    context: dict[str, Any] = {
        "delivery_id": str(delivery.id),
        "github_delivery_id": delivery.delivery_id,
        "event": f"{event}.{action}",
        "analysis_id": str(analysis_id),
        "repository": full_name,
        "issue": {
            "number": issue.number,
            "title": issue.title,
            "url": issue_obj.get("html_url"),
            "author": issue.author,
        },
    }
    mode = str(config.approval_policy.mode)
    return _Plan(analysis_id, project.id, config.id, mode, issue, context), None


def full_name_of(plan: _Plan) -> str:
    """The repository a plan is about."""
    return plan.issue.repo_full_name


def approval_context(
    analysis: dict[str, Any], *, issue: dict[str, Any], repository: str
) -> dict[str, Any]:
    """What the approver sees: the proposed response first, then how it was reached."""
    notes = [f"classified {analysis['classification']} ({analysis['confidence']:.0%} confidence)"]
    if analysis["priority"] in ("high", "critical"):
        notes.append(f"priority {analysis['priority']}")
    return {
        "diff_summary": "",
        "test_summary": "",
        "risk_notes": notes,
        "proposed_response": analysis["proposed_response"],
        "repository": repository,
        "issue": issue,
        **{k: v for k, v in analysis.items() if k != "proposed_response"},
    }


def _error_map(exc: AppError, *, step: str | None = None) -> dict[str, Any]:
    data = exc.data()
    out: dict[str, Any] = {"kind": exc.kind, "reason": str(data.get("reason") or exc.message)}
    if step:
        out["failed_step"] = step
    return out


async def process_delivery(runtime: Runtime, *, id: UUID, final_attempt: bool) -> str | None:
    """Process one stored delivery once; returns its new status (``None``: nothing to do).

    An unexpected error propagates (the job retries) unless this is the final attempt,
    when the delivery is marked ``failed`` instead of staying ``received`` forever.
    """
    db = runtime.db
    async with db.transaction() as conn:
        delivery = await repo.lock_received_delivery(conn, id=id)
        if delivery is None:
            return None
        if delivery.event == "ping":
            await repo.finish_delivery(conn, id=id, status="processed", reason="ping")
            return "processed"
        plan, reason = await _plan(conn, delivery)
        if plan is None:
            await repo.finish_delivery(conn, id=id, status="ignored", reason=reason)
            return "ignored"

    try:
        outcome = await ANALYSER.analyse(plan.issue)
        status = await _start_run(runtime, delivery_id=id, plan=plan, outcome=outcome)
    except AppError as exc:
        return await _fail(runtime, id=id, plan=plan, error=_error_map(exc))
    except Exception:
        if not final_attempt:
            raise
        log.exception("delivery processing failed", extra={"delivery": str(id)})
        return await _fail(
            runtime, id=id, plan=plan, error={"kind": "internal", "reason": "processing failed"}
        )
    return status


async def _fail(runtime: Runtime, *, id: UUID, plan: _Plan, error: dict[str, Any]) -> str | None:
    async with runtime.db.transaction() as conn:
        if await repo.lock_received_delivery(conn, id=id) is None:
            return None
        await repo.fail_analysis(conn, id=plan.analysis_id, error=error)
        await repo.finish_delivery(conn, id=id, status="failed", error=error)
    return "failed"


async def _start_run(
    runtime: Runtime, *, delivery_id: UUID, plan: _Plan, outcome: AnalysisOutcome
) -> str | None:
    """Phase two: record the analysis, start the run and finish the delivery, atomically."""
    analyser = ANALYSER
    async with runtime.db.transaction() as conn:
        if await repo.lock_received_delivery(conn, id=delivery_id) is None:
            return None  # another worker finished it while we analysed
        reference = f"{plan.issue.repo_full_name}#{plan.issue.number}"
        run = await start_run(
            conn,
            runtime,
            project_id=plan.project_id,
            definition_name=WORKFLOW,
            inputs={"issue_reference": reference},
            trigger="webhook",
            trigger_context=plan.trigger_context,
            actor=ACTOR,
        )
        analysis = {
            "analysis_id": str(plan.analysis_id),
            "classification": outcome.classification,
            "confidence": outcome.confidence,
            "priority": outcome.priority,
            "suggested_labels": outcome.suggested_labels,
            "summary": outcome.summary,
            "proposed_response": outcome.proposed_response,
            "analyser": analyser.name,
        }
        await advance_run(
            conn,
            runtime,
            run_id=run.id,
            to="running",
            actor=ACTOR,
            step="triage",
            step_result=analysis,
        )
        await repo.save_analysis(
            conn,
            id=plan.analysis_id,
            classification=outcome.classification,
            confidence=outcome.confidence,
            priority=outcome.priority,
            suggested_labels=outcome.suggested_labels,
            summary=outcome.summary,
            proposed_response=outcome.proposed_response,
            analyser=analyser.name,
            run_id=run.id,
        )
        if plan.mode == "auto_post":
            await enqueue(
                conn, POST_JOB, {"run_id": str(run.id), "analysis_id": str(plan.analysis_id)}
            )
        else:
            await advance_run(
                conn,
                runtime,
                run_id=run.id,
                to="awaiting_approval",
                actor=ACTOR,
                step="approval",
                approval_context=approval_context(
                    analysis, issue=plan.trigger_context["issue"], repository=full_name_of(plan)
                ),
            )
        await mark_triggered(conn, config_id=plan.config_id)
        await repo.finish_delivery(conn, id=delivery_id, status="processed")
    return "processed"

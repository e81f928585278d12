"""Processing stored deliveries: the issue bot's ``issue_triage`` runs, and pull requests.

A delivery's job runs ``process_delivery`` exactly once per stored delivery: the
delivery row is locked while it is still ``received`` and moved to its outcome in the
same transaction that records the effect (the analysis and the run), so a redelivered
job, a second worker or a restart after a crash finds nothing left to do.

- ``ping`` → ``processed``;
- ``issues.opened``, ``issues.edited``, ``issue_comment.created`` on a repository a
  project imported, whose ``github_issue_bot`` is enabled and subscribed to the event →
  an issue analysis (``analyzing``) and an ``issue_triage`` run (trigger ``webhook``; the
  delivery, the issue, the analysis and the bot's approval mode in ``trigger_context``),
  which the step engine runs (``triage_steps``): with approval mode ``manual`` it waits in
  ``awaiting_approval`` with the proposed response; with ``auto_post`` it posts at once;
- ``pull_request`` → the pull request's record and the review bot's ``pr_review`` run
  (``service_pull_requests``);
- anything else → ``ignored`` with the reason.
"""

from __future__ import annotations

import logging
from typing import Any
from uuid import UUID

from domains.agents.service import find_config, mark_triggered
from domains.github import repo
from domains.github.analyser import BOT_MARKER
from domains.github.models import Delivery, IssueInput
from domains.github.service_pull_requests import process_pull_request
from domains.orchestration.service import start_run
from domains.projects.service import find_by_full_name
from rpc.context import Runtime
from rpc.errors import AppError
from sql.database import Connection

log = logging.getLogger(__name__)

AGENT_TYPE = "github_issue_bot"
WORKFLOW = "issue_triage"
ACTOR = "github:webhook"
HANDLED: frozenset[tuple[str, str]] = frozenset(
    {("issues", "opened"), ("issues", "edited"), ("issue_comment", "created")}
)


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


async def _start_triage(conn: Connection, runtime: Runtime, delivery: Delivery) -> str | None:
    """In the delivery's transaction: start the analysis and its run; ``None`` when it
    did, else the reason the delivery is ignored."""
    event, action = delivery.event, delivery.action or ""
    if (event, action) not in HANDLED:
        return f"{event}.{action} is not handled" if action else f"{event} is not handled"
    payload = delivery.payload if isinstance(delivery.payload, dict) else {}
    full_name = delivery.repo_full_name
    if full_name is None or delivery.repo_id is None:
        return "the payload names no repository"
    if event == "issue_comment":
        reason = _ignore_reason_for_comment(payload)
        if reason:
            return reason
    issue = _issue_input(payload, full_name)
    if issue is None:
        return "the payload has no issue"
    known = await repo.get_repo(conn, repo_id=delivery.repo_id)
    if known is not None and not known.enabled:
        return "the repository is disabled"
    project = await find_by_full_name(conn, github_full_name=full_name)
    if project is None:
        return "no project imports this repository"
    config = await find_config(conn, project_id=project.id, agent_type=AGENT_TYPE)
    if config is None:
        return "the project has no github_issue_bot"
    if not config.enabled:
        return "the project's github_issue_bot is disabled"
    if not _subscribed(list(config.webhook_events), event, action):
        return f"the github_issue_bot is not subscribed to {event}.{action}"
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
        "approval_mode": str(config.approval_policy.mode),
    }
    run = await start_run(
        conn,
        runtime,
        project_id=project.id,
        definition_name=WORKFLOW,
        inputs={"issue_reference": f"{full_name}#{issue.number}"},
        trigger="webhook",
        trigger_context=context,
        actor=ACTOR,
    )
    await repo.link_analysis_run(conn, id=analysis_id, run_id=run.id)
    await mark_triggered(conn, config_id=config.id)
    return None


def _error_map(exc: AppError) -> dict[str, Any]:
    return {"kind": exc.kind, "reason": str(exc.data().get("reason") or exc.message)}


async def process_delivery(runtime: Runtime, *, id: UUID, final_attempt: bool) -> str | None:
    """Process one stored delivery once; returns its new status (``None``: nothing to do).

    A typed error (the run refused to start) fails the delivery with its reason; an
    unexpected one propagates (the job retries) unless this is the final attempt, when
    the delivery is marked ``failed`` instead of staying ``received`` forever.
    """
    try:
        async with runtime.db.transaction() as conn:
            delivery = await repo.lock_received_delivery(conn, id=id)
            if delivery is None:
                return None
            if delivery.event == "ping":
                await repo.finish_delivery(conn, id=id, status="processed", reason="ping")
                return "processed"
            if delivery.event == "pull_request":
                status, why = await process_pull_request(conn, runtime, delivery)
                await repo.finish_delivery(conn, id=id, status=status, reason=why)
                return status
            reason = await _start_triage(conn, runtime, delivery)
            if reason is not None:
                await repo.finish_delivery(conn, id=id, status="ignored", reason=reason)
                return "ignored"
            await repo.finish_delivery(conn, id=id, status="processed")
            return "processed"
    except AppError as exc:
        return await _fail(runtime, id=id, error=_error_map(exc))
    except Exception:
        if not final_attempt:
            raise
        log.exception("delivery processing failed", extra={"delivery": str(id)})
        return await _fail(
            runtime, id=id, error={"kind": "internal", "reason": "processing failed"}
        )


async def _fail(runtime: Runtime, *, id: UUID, error: dict[str, Any]) -> str | None:
    async with runtime.db.transaction() as conn:
        if await repo.lock_received_delivery(conn, id=id) is None:
            return None
        await repo.finish_delivery(conn, id=id, status="failed", error=error)
    return "failed"

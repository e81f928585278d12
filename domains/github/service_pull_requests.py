"""Processing ``pull_request`` deliveries: the pull request lifecycle and the review bot.

Both happen in the delivery's transaction (``service_processing.process_delivery``), so
the delivery's outcome and its effects commit together, once:

- ``closed`` (merged or not), ``reopened`` and ``synchronize`` record GitHub's state on
  the pull request's record, matched by the project importing the repository and the
  number (orchestration's ``observe_pull_request``: conditional updates, the same state
  twice or an older one changes nothing; merged is final);
- ``opened`` and ``synchronize`` (and ``reopened``, ``ready_for_review`` when the bot is
  subscribed to them) start a ``pr_review`` run when the project's ``pr_review_bot`` is
  enabled and subscribed to the event (trigger ``webhook``; the delivery, the pull
  request and the bot's approval mode in ``trigger_context``). A draft is reviewed only
  when the bot's configuration sets ``review_drafts``.

The delivery is ``processed`` when either changed something, else ``ignored``; its reason
says what happened to each (``pull request #7 open → merged``, ``no pull request record
for acme/app#9``, ``the project's pr_review_bot is disabled``).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domains.agents.service import find_config, mark_triggered
from domains.github import repo
from domains.github.models import Delivery, DeliveryStatus
from domains.orchestration.service import observe_pull_request, start_run
from domains.projects.service import find_by_full_name
from rpc.context import Runtime
from sql.database import Connection

EVENT = "pull_request"
LIFECYCLE_ACTIONS = frozenset({"closed", "reopened", "synchronize"})
REVIEW_ACTIONS = frozenset({"opened", "synchronize", "reopened", "ready_for_review"})
AGENT_TYPE = "pr_review_bot"
WORKFLOW = "pr_review"
ACTOR = "github:webhook"


def subscribed(events: list[str], event: str, action: str) -> bool:
    """Whether a config names the event (``pull_request``) or the event and action
    (``pull_request.opened``)."""
    return event in events or f"{event}.{action}" in events


async def process_pull_request(
    conn: Connection, runtime: Runtime, delivery: Delivery
) -> tuple[DeliveryStatus, str]:
    """In the delivery's transaction: record the pull request's state and start its
    review as the delivery calls for; the delivery's status and the reason."""
    action = delivery.action or ""
    if action not in LIFECYCLE_ACTIONS | REVIEW_ACTIONS:
        return (
            "ignored",
            f"{EVENT}.{action} is not handled" if action else f"{EVENT} is not handled",
        )
    payload = delivery.payload if isinstance(delivery.payload, dict) else {}
    pull = payload.get("pull_request")
    if not isinstance(pull, dict) or not isinstance(pull.get("number"), int):
        return "ignored", "the payload has no pull request"
    number: int = pull["number"]
    full_name = delivery.repo_full_name
    if full_name is None or delivery.repo_id is None:
        return "ignored", "the payload names no repository"
    known = await repo.get_repo(conn, repo_id=delivery.repo_id)
    if known is not None and not known.enabled:
        return "ignored", "the repository is disabled"
    project = await find_by_full_name(conn, github_full_name=full_name)
    if project is None:
        return "ignored", "no project imports this repository"
    changed = False
    notes: list[str] = []
    if action in LIFECYCLE_ACTIONS:
        change = await observe_pull_request(
            conn,
            project_id=project.id,
            number=number,
            pull=pull,
            source=f"webhook:{delivery.delivery_id}",
        )
        if change is None:
            notes.append(f"no pull request record for {full_name}#{number}")
        else:
            changed = change.changed
            notes.append(change.note)
    if action in REVIEW_ACTIONS:
        started, note = await _start_review(conn, runtime, delivery, project.id, pull)
        changed = changed or started
        notes.append(note)
    return ("processed" if changed else "ignored"), "; ".join(notes)


async def _start_review(
    conn: Connection, runtime: Runtime, delivery: Delivery, project_id: UUID, pull: dict[str, Any]
) -> tuple[bool, str]:
    """Start the pull request's review run if the bot wants it: whether it did, and why."""
    action = delivery.action or ""
    config = await find_config(conn, project_id=project_id, agent_type=AGENT_TYPE)
    if config is None:
        return False, "the project has no pr_review_bot"
    if not config.enabled:
        return False, "the project's pr_review_bot is disabled"
    if not subscribed(list(config.webhook_events), EVENT, action):
        return False, f"the pr_review_bot is not subscribed to {EVENT}.{action}"
    if pull.get("state") == "closed":
        return False, "the pull request is closed"
    if pull.get("draft") is True and config.configuration.get("review_drafts") is not True:
        return False, "the pull request is a draft (set review_drafts to review drafts)"
    full_name = str(delivery.repo_full_name)
    number = int(pull["number"])
    head = pull.get("head") if isinstance(pull.get("head"), dict) else {}
    user = pull.get("user") if isinstance(pull.get("user"), dict) else {}
    context: dict[str, Any] = {
        "delivery_id": str(delivery.id),
        "github_delivery_id": delivery.delivery_id,
        "event": f"{EVENT}.{action}",
        "repository": full_name,
        "pull_request": {
            "number": number,
            "url": pull.get("html_url"),
            "title": str(pull.get("title") or "")[:1000],
            "head_sha": head.get("sha") if isinstance(head, dict) else None,
            "author": user.get("login") if isinstance(user, dict) else None,
        },
        "approval_mode": str(config.approval_policy.mode),
    }
    run = await start_run(
        conn,
        runtime,
        project_id=project_id,
        definition_name=WORKFLOW,
        inputs={"pull_request_reference": f"{full_name}#{number}"},
        trigger="webhook",
        trigger_context=context,
        actor=ACTOR,
    )
    await mark_triggered(conn, config_id=config.id)
    return True, f"pr_review run {run.id} started"

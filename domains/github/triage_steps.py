"""The ``issue_triage`` workflow's steps, run by the step engine (registered as its
``step_handlers``): fetch issue → triage → research → compose response → (approval) →
post comment.

- ``fetch_issue`` reads the issue and its comments through the GitHub client;
- ``triage``, ``research`` and ``compose_response`` are real LLM calls (the project's
  ``llm_provider``, else the first active credential); with no provider active, the
  keyword analyser (``HeuristicAnalyser``) is the offline fallback: it classifies and
  writes the reply, and research is skipped, saying so. The analysis records which was
  used (``analyser``: ``llm:<provider>/<model>`` or ``heuristic:v1``);
- ``compose_response`` saves the issue analysis (for a run a webhook started) and
  proposes the reply for the approval step;
- ``post_comment`` posts the reply once (``step_calls.post_once``): the comment carries
  the composing run's hidden marker, and every attempt (a retried run's too) first looks
  for it among the comments made since the reply was composed, so a post that went
  through before its worker died is found instead of posted twice.

Outside the issue bot's workflow (no fetched issue before them), ``triage``, ``research``
and ``compose_response`` are the engine's general ``llm`` step.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from domains.github import repo
from domains.github.analyser import BOT_MARKER, HeuristicAnalyser
from domains.github.models import AnalysisOutcome, IssueInput
from domains.github.step_calls import github_failed, post_once
from domains.github.triage_prompts import (
    COMPOSE_SYSTEM,
    RESEARCH_SYSTEM,
    TRIAGE_SYSTEM,
    issue_text,
    parse_verdict,
    run_marker,
    signed_reply,
    verdict_text,
)
from domains.orchestration.service import (
    ArtifactOut,
    StepContext,
    StepOutcome,
    ask_llm,
    failed,
    llm_provider_for,
    run_llm,
)
from domains.setup.service import github_client
from rpc.errors import AppError

Handler = Callable[[StepContext], Awaitable[StepOutcome]]
OFFLINE = HeuristicAnalyser()
GITHUB_REMEDIATION = (
    "check the GitHub credential (setup.verify_provider_credential) and that it can read "
    "and comment on the repository's issues, then retry the run"
)


def issue_reference(inputs: dict[str, Any]) -> tuple[str, int]:
    """``(owner/repo, number)`` from the run's ``issue_reference`` input (validated by the
    definition's input schema: ``"owner/repo#12"`` or ``{repository, number}``)."""
    ref = inputs.get("issue_reference")
    if isinstance(ref, dict):
        return str(ref["repository"]), int(ref["number"])
    full_name, _, number = str(ref).rpartition("#")
    return full_name, int(number)


def _github_failed(exc: AppError, what: str) -> StepOutcome:
    return github_failed(exc, what, remediation=GITHUB_REMEDIATION)


def _analysis_id(sc: StepContext) -> UUID | None:
    raw = sc.run.trigger_context.get("analysis_id")
    try:
        return UUID(str(raw)) if raw else None
    except ValueError:
        return None


async def _own_analysis(sc: StepContext) -> UUID | None:
    """The analysis the run writes to (a webhook's run has one); a retry of the run that
    has it takes it over, so the retry's results are the ones recorded."""
    analysis_id = _analysis_id(sc)
    if analysis_id is not None and sc.run.retry_of_run_id is not None:
        async with sc.runtime.db.transaction() as conn:
            await repo.relink_analysis_run(
                conn, id=analysis_id, run_id=sc.run.id, retry_of=sc.run.retry_of_run_id
            )
    return analysis_id


async def _record_failure(sc: StepContext, error: dict[str, Any]) -> None:
    analysis_id = await _own_analysis(sc)
    if analysis_id is None:
        return
    async with sc.runtime.db.transaction() as conn:
        await repo.fail_analysis(
            conn,
            id=analysis_id,
            error=sc.runtime.redactor.redact({**error, "failed_step": sc.step.name}),
            run_id=sc.run.id,
        )


async def _recorded(sc: StepContext, outcome: StepOutcome) -> StepOutcome:
    """Record a failed attempt on the run's issue analysis too (a later success re-saves
    it), so the analysis says why its run stopped."""
    if outcome.status == "failed" and outcome.error:
        await _record_failure(sc, outcome.error)
    return outcome


def _recording(handler: Handler) -> Handler:
    """``handler``, recording on the analysis what it did not return: an error of ours,
    or the step's timeout (the engine types both for the run itself)."""

    @functools.wraps(handler)
    async def run(sc: StepContext) -> StepOutcome:
        try:
            return await handler(sc)
        except asyncio.CancelledError:
            error = {
                "kind": "timeout",
                "reason": "the step was stopped (its timeout, or a shutdown)",
            }
            await asyncio.shield(_record_failure(sc, error))
            raise
        except Exception:
            error = {"kind": "internal", "reason": "the server failed while running this step"}
            await _record_failure(sc, error)
            raise

    return run


async def fetch_issue(sc: StepContext) -> StepOutcome:
    """Read the issue and its 20 newest comments (the bot's own left out) from GitHub."""
    full_name, number = issue_reference(sc.run.inputs)
    owner, _, name = full_name.partition("/")
    try:
        async with sc.runtime.db.connection() as conn:
            client = await github_client(conn, sc.runtime)
        raw = await client.get_issue(owner, name, number)
        comments = await client.list_issue_comments(owner, name, number)
    except AppError as exc:
        return await _recorded(sc, _github_failed(exc, f"reading {full_name}#{number}"))
    user = raw.get("user") if isinstance(raw.get("user"), dict) else {}
    issue = {
        "repository": full_name,
        "number": number,
        "title": str(raw.get("title") or ""),
        "body": str(raw.get("body") or ""),
        "state": str(raw.get("state") or "open"),
        "author": user.get("login") if isinstance(user, dict) else None,
        "labels": [
            str(label["name"])
            for label in raw.get("labels") or []
            if isinstance(label, dict) and isinstance(label.get("name"), str)
        ],
        "url": raw.get("html_url"),
        "comments": [
            {
                "author": (c.get("user") or {}).get("login"),
                "body": str(c.get("body") or ""),
                "created_at": c.get("created_at"),
            }
            for c in comments
            if BOT_MARKER not in str(c.get("body") or "")
        ][-20:],
    }
    issue["text"] = issue_text(issue)
    return StepOutcome(status="completed", output=issue)


def _offline_input(issue: dict[str, Any]) -> IssueInput:
    comments = issue.get("comments") or []
    return IssueInput(
        repo_full_name=str(issue["repository"]),
        number=int(issue["number"]),
        title=str(issue.get("title") or "")[:1000],
        body=str(issue.get("body") or "")[:65536],
        author=issue.get("author"),
        labels=tuple(issue.get("labels") or ()),
        comment=str(comments[-1]["body"])[:65536] if comments else None,
    )


async def triage(sc: StepContext) -> StepOutcome:
    """Classify the issue: an LLM's JSON verdict, or the keyword analyser's offline."""
    issue = sc.earlier_output("comments")
    if issue is None:
        return await run_llm(sc)
    found = await llm_provider_for(sc)
    if found is None:
        verdict = OFFLINE.analyse_now(_offline_input(issue))
        output = verdict.model_dump(exclude={"proposed_response"})
        output.update(analyser=OFFLINE.name, text=verdict_text(output))
        return StepOutcome(status="completed", output=output)
    answer = await ask_llm(
        sc, found, purpose="triage", system=TRIAGE_SYSTEM, prompt=issue_text(issue)
    )
    if answer.status != "completed":
        return await _recorded(sc, answer)
    verdict_out = parse_verdict(str(answer.output.get("text") or ""))
    analyser = f"llm:{answer.output.get('provider')}/{answer.output.get('model')}"
    output = {**answer.output, **verdict_out, "analyser": analyser}
    output["text"] = verdict_text(output)
    return StepOutcome(status="completed", output=output, cost_usd=answer.cost_usd)


async def research(sc: StepContext) -> StepOutcome:
    """What the issue concerns and what would resolve it; skipped (saying so) offline."""
    issue = sc.earlier_output("comments")
    if issue is None:
        return await run_llm(sc)
    verdict = sc.earlier_output("classification") or {}
    found = await llm_provider_for(sc)
    if found is None:
        return StepOutcome(
            status="completed",
            output={
                "skipped": True,
                "analyser": OFFLINE.name,
                "reason": "no LLM provider is active; the offline analyser does no research",
            },
        )
    prompt = f"{issue_text(issue)}\n\n{verdict_text(verdict)}"
    return await _recorded(
        sc, await ask_llm(sc, found, purpose="research", system=RESEARCH_SYSTEM, prompt=prompt)
    )


async def compose_response(sc: StepContext) -> StepOutcome:
    """Write the reply, save the issue analysis and propose the reply for approval."""
    issue = sc.earlier_output("comments")
    if issue is None:
        return await run_llm(sc)
    verdict = sc.earlier_output("classification") or {}
    if not verdict:
        return await _recorded(
            sc, failed("validation_error", "no triage verdict before compose_response")
        )
    found = await llm_provider_for(sc)
    cost = 0.0
    output: dict[str, Any] = {}
    if found is None or str(verdict.get("analyser")) == OFFLINE.name:
        reply = OFFLINE.analyse_now(_offline_input(issue)).proposed_response
    else:
        findings = [
            o
            for o in sc.results_before().values()
            if isinstance(o, dict) and o.get("purpose") == "research"
        ]
        research_text = f"\n\n## Research\n{findings[-1].get('text')}" if findings else ""
        prompt = f"{issue_text(issue)}\n\n{verdict_text(verdict)}{research_text}"
        answer = await ask_llm(
            sc, found, purpose="compose_response", system=COMPOSE_SYSTEM, prompt=prompt
        )
        if answer.status != "completed":
            return await _recorded(sc, answer)
        output, cost = dict(answer.output), answer.cost_usd
        reply = str(answer.output.get("text") or "")
    # Redacted as it would be stored: what the owner approves is exactly what is posted.
    proposed = sc.runtime.redactor.redact_str(signed_reply(reply, sc.run.id))
    outcome = AnalysisOutcome.model_validate({**verdict, "proposed_response": proposed})
    analyser = str(verdict.get("analyser") or OFFLINE.name)
    analysis_id = await _own_analysis(sc)
    if analysis_id is not None:
        async with sc.runtime.db.transaction() as conn:
            await repo.save_analysis(
                conn,
                id=analysis_id,
                **outcome.model_dump(),
                analyser=analyser,
                run_id=sc.run.id,
            )
    notes = [f"classified {outcome.classification} ({outcome.confidence:.0%} confidence)"]
    if outcome.priority in ("high", "critical"):
        notes.append(f"priority {outcome.priority}")
    analysis = {**outcome.model_dump(exclude={"proposed_response"}), "analyser": analyser}
    output.update(
        text=proposed,
        proposed_response=proposed,
        # What post_comment looks for before posting: the reply's hidden marker, among
        # the comments made since it was composed.
        marker=run_marker(sc.run.id),
        composed_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        approval_context={
            "proposed_response": proposed,
            "repository": issue["repository"],
            "issue": {k: issue.get(k) for k in ("number", "title", "url", "author")},
            "analysis_id": str(analysis_id) if analysis_id else None,
            "risk_notes": notes,
            **analysis,
        },
    )
    return StepOutcome(status="completed", output=output, cost_usd=cost)


async def post_comment(sc: StepContext) -> StepOutcome:
    """Post the proposed reply on the issue, once, and record its URL."""
    composed = sc.earlier_output("proposed_response")
    if composed is None:
        return await _recorded(
            sc, failed("validation_error", "no composed response before post_comment")
        )
    body = str(composed["proposed_response"])
    full_name, number = issue_reference(sc.run.inputs)
    owner, _, name = full_name.partition("/")
    try:
        async with sc.runtime.db.connection() as conn:
            client = await github_client(conn, sc.runtime)
        # An earlier attempt, or the run this one retries, may have posted before it
        # stopped: its comment carries the marker of the run that composed the reply.
        since = composed.get("composed_at")
        comment = await post_once(
            client,
            owner,
            name,
            number,
            body=body,
            marker=str(composed.get("marker") or run_marker(sc.run.id)),
            since=str(since) if since else None,
        )
    except AppError as exc:
        return await _recorded(sc, _github_failed(exc, f"commenting on {full_name}#{number}"))
    url = str(comment.get("html_url") or "")
    analysis_id = await _own_analysis(sc)
    if analysis_id is not None:
        async with sc.runtime.db.transaction() as conn:
            await repo.mark_comment_posted(conn, id=analysis_id, comment_url=url, run_id=sc.run.id)
    report = ArtifactOut(
        kind="report",
        name="issue_comment",
        content=url,
        content_type="text/uri-list",
        metadata={
            "repository": full_name,
            "issue_number": number,
            "comment_id": comment.get("id"),
            "analysis_id": str(analysis_id) if analysis_id else None,
        },
    )
    return StepOutcome(
        status="completed",
        output={"comment_url": url, "comment_id": comment.get("id")},
        artifacts=(report,),
    )


STEP_HANDLERS = {
    "fetch_issue": _recording(fetch_issue),
    "triage": _recording(triage),
    "research": _recording(research),
    "compose_response": _recording(compose_response),
    "post_comment": _recording(post_comment),
}

"""Posting the issue bot's comment, and resuming ``issue_triage`` runs.

``post_triage_comment`` (from the ``github.post_comment`` job for ``auto_post``, or the
``issue_triage`` resumer after an approval) calls the GitHub client outside any
transaction, then records the comment URL as the run's ``report`` artifact (the URL of an
issue comment is not a pull request, so not ``pr_url``) and completes the run; a refused
post fails the run with ``CommentPostFailed`` (kind ``provider_error``).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domains.github import repo
from domains.github.errors import CommentPostFailed
from domains.github.models import IssueAnalysis
from domains.github.service_processing import ACTOR, approval_context
from domains.orchestration.models import RunView
from domains.orchestration.service import add_artifact, advance_run, get_run
from domains.setup.service import github_client
from rpc.context import JobContext, Runtime
from rpc.errors import AppError


async def post_triage_comment(runtime: Runtime, *, run_id: UUID, analysis_id: UUID) -> None:
    """Post the analysis's proposed response on its issue and complete (or fail) the run."""
    async with runtime.db.connection() as conn:
        analysis = await repo.get_analysis(conn, id=analysis_id)
    if analysis is None or analysis.proposed_response is None:
        await _fail_run(
            runtime,
            run_id=run_id,
            error=CommentPostFailed(reason="the issue analysis no longer exists"),
        )
        return
    if analysis.comment_posted and analysis.run_id == run_id and analysis.comment_url:
        # Posted by an earlier attempt whose completion did not commit: finish only.
        await _complete(runtime, run_id=run_id, analysis=analysis, comment={})
        return
    owner, _, name = analysis.repo_full_name.partition("/")
    try:
        async with runtime.db.connection() as conn:
            client = await github_client(conn, runtime)
        comment = await client.create_issue_comment(
            owner, name, analysis.issue_number, analysis.proposed_response
        )
    except AppError as exc:
        reason = str(exc.data().get("reason") or exc.message)
        await _fail_run(runtime, run_id=run_id, error=CommentPostFailed(reason=reason))
        return
    await _complete(runtime, run_id=run_id, analysis=analysis, comment=comment)


async def _complete(
    runtime: Runtime, *, run_id: UUID, analysis: IssueAnalysis, comment: dict[str, Any]
) -> None:
    url = str(comment.get("html_url") or analysis.comment_url or "")
    async with runtime.db.transaction() as conn:
        if not analysis.comment_posted:
            await repo.mark_comment_posted(conn, id=analysis.id, comment_url=url)
        await add_artifact(
            conn,
            runtime,
            run_id=run_id,
            kind="report",
            name="issue_comment",
            content_type="text/uri-list",
            content=url,
            metadata={
                "repository": analysis.repo_full_name,
                "issue_number": analysis.issue_number,
                "comment_id": comment.get("id"),
                "analysis_id": str(analysis.id),
            },
        )
        await advance_run(
            conn,
            runtime,
            run_id=run_id,
            to="completed",
            actor=ACTOR,
            step="post_comment",
            step_result={"comment_url": url, "comment_id": comment.get("id")},
        )


async def _fail_run(runtime: Runtime, *, run_id: UUID, error: CommentPostFailed) -> None:
    async with runtime.db.transaction() as conn:
        await advance_run(
            conn,
            runtime,
            run_id=run_id,
            to="failed",
            actor=ACTOR,
            step="post_comment",
            error={
                "kind": error.kind,
                "reason": str(error.data()["reason"]),
                "failed_step": "post_comment",
                "remediation": "check the GitHub credential and the repository's permissions, "
                "then retry the run",
            },
        )


async def resume_issue_triage(job_ctx: JobContext, run_id: UUID) -> None:
    """Orchestration's resumer for ``issue_triage`` runs back in ``running``.

    After an approval the run is at ``post_comment``: post the comment. After a rejection
    with the definition's retry route it is at ``compose_response``: the (latest)
    analysis's response is proposed again for approval.
    """
    async with job_ctx.db.connection() as conn:
        run = await get_run(conn, run_id=run_id)
    raw = run.trigger_context.get("analysis_id")
    try:
        analysis_id = UUID(str(raw))
    except ValueError:
        await _fail_run(
            job_ctx.runtime,
            run_id=run.id,
            error=CommentPostFailed(reason="the run names no issue analysis"),
        )
        return
    if run.current_step == "compose_response":
        await _ask_again(job_ctx.runtime, run=run, analysis_id=analysis_id)
        return
    await post_triage_comment(job_ctx.runtime, run_id=run.id, analysis_id=analysis_id)


async def _ask_again(runtime: Runtime, *, run: RunView, analysis_id: UUID) -> None:
    async with runtime.db.transaction() as conn:
        analysis = await repo.get_analysis(conn, id=analysis_id)
        if analysis is None or analysis.proposed_response is None:
            raise CommentPostFailed(reason="the issue analysis no longer exists")
        summary = {
            "analysis_id": str(analysis.id),
            "classification": analysis.classification,
            "confidence": analysis.confidence or 0.0,
            "priority": analysis.priority,
            "suggested_labels": analysis.suggested_labels,
            "summary": analysis.summary,
            "proposed_response": analysis.proposed_response,
            "analyser": analysis.analyser,
        }
        await advance_run(
            conn,
            runtime,
            run_id=run.id,
            to="awaiting_approval",
            actor=ACTOR,
            step="approval",
            approval_context=approval_context(
                summary,
                issue=dict(run.trigger_context.get("issue") or {}),
                repository=analysis.repo_full_name,
            ),
        )

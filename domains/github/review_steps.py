"""The ``pr_review`` workflow's steps, run by the step engine (registered with the
triage's as this domain's ``step_handlers``): fetch the pull request → review →
(approval) → post the review.

- ``fetch_pull_request`` reads the pull request and its diff through the GitHub client
  (the diff media type, read up to a size cap; a diff GitHub will not render whole is
  assembled from its file list). The diff passes the runtime's redactor before anything
  else sees it: the stored output, the ``diff`` artifact and the LLM prompt carry the
  masked text;
- ``review`` is a real LLM call (the project's ``llm_provider``, else the first active
  credential). There is no offline reviewer: with no provider active the step fails,
  typed, saying how to configure one. The review, redacted and signed, is stored as a
  ``report`` artifact and proposed for the approval step;
- ``post_review`` posts it as a pull request comment once (``step_calls.post_once``: the
  composing run's hidden marker is looked for first, so a retried attempt or run never
  posts it twice).

Outside the review workflow (no fetched pull request before it), ``review`` is the
engine's general ``llm`` step with the ``review`` purpose.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from domains.github.review_prompts import (
    REVIEW_SYSTEM,
    diff_from_files,
    diff_stats,
    diff_summary,
    pull_request_text,
    signed_review,
)
from domains.github.step_calls import github_failed, post_once
from domains.github.triage_prompts import run_marker
from domains.github_api.client import PullRequestDiff
from domains.github_api.errors import GitHubError
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

GITHUB_REMEDIATION = (
    "check the GitHub credential (setup.verify_provider_credential) and that it can read "
    "the repository's pull requests and comment on them, then retry the run"
)
LLM_REMEDIATION = (
    "store and verify an anthropic, openai or google credential "
    "(setup.set_provider_credential, setup.verify_provider_credential), then retry the run"
)
# The diff is read up to this many bytes unless the step's ``max_diff_bytes`` says
# otherwise: about 64k tokens, inside every provider's context window.
DIFF_BYTES = 256 * 1024
# GitHub's answer when it will not render a diff (too many files or lines).
DIFF_TOO_LARGE = 406


def pull_request_reference(inputs: dict[str, Any]) -> tuple[str, int]:
    """``(owner/repo, number)`` from the run's ``pull_request_reference`` input (validated
    by the definition's input schema: ``"owner/repo#12"`` or ``{repository, number}``)."""
    ref = inputs.get("pull_request_reference")
    if isinstance(ref, dict):
        return str(ref["repository"]), int(ref["number"])
    full_name, _, number = str(ref).rpartition("#")
    return full_name, int(number)


def _login(value: Any) -> str | None:
    login = value.get("login") if isinstance(value, dict) else None
    return str(login) if login else None


def _ref(pull: dict[str, Any], side: str) -> str | None:
    branch = pull.get(side)
    ref = branch.get("ref") if isinstance(branch, dict) else None
    return str(ref) if ref else None


async def fetch_pull_request(sc: StepContext) -> StepOutcome:
    """Read the pull request and its diff (redacted, capped) from GitHub."""
    full_name, number = pull_request_reference(sc.run.inputs)
    owner, _, name = full_name.partition("/")
    max_bytes = int(sc.options.get("max_diff_bytes") or DIFF_BYTES)
    what = f"reading pull request {full_name}#{number}"
    try:
        async with sc.runtime.db.connection() as conn:
            client = await github_client(conn, sc.runtime)
        pull = await client.get_pull_request(owner, name, number)
        try:
            fetched = await client.get_pull_request_diff(owner, name, number, max_bytes=max_bytes)
            source = "diff"
        except GitHubError as exc:
            if exc.data().get("status") != DIFF_TOO_LARGE:
                raise
            listed = await client.list_pull_request_files(owner, name, number)
            fetched = PullRequestDiff(*diff_from_files(listed, max_bytes))
            source = "files"
    except AppError as exc:
        return github_failed(exc, what, remediation=GITHUB_REMEDIATION)
    rd = sc.runtime.redactor
    # Masked before it is stored, shown to the approver or sent to the LLM.
    diff = rd.redact_str(fetched.text)
    files, additions, deletions = diff_stats(diff)
    head = pull.get("head") if isinstance(pull.get("head"), dict) else {}
    sha = head.get("sha") if isinstance(head, dict) else None
    output = {
        "repository": full_name,
        "number": number,
        "title": rd.redact_str(str(pull.get("title") or "")),
        "body": rd.redact_str(str(pull.get("body") or "")),
        "author": _login(pull.get("user")),
        "url": pull.get("html_url"),
        "state": str(pull.get("state") or "open"),
        "draft": bool(pull.get("draft", False)),
        "base_ref": _ref(pull, "base"),
        "head_ref": _ref(pull, "head"),
        "head_sha": str(sha) if sha else None,
        "diff": diff,
        "diff_source": source,
        "diff_truncated": fetched.truncated,
        "diff_masked": diff != fetched.text,
        "files": files,
        "additions": additions,
        "deletions": deletions,
    }
    artifact = ArtifactOut(
        kind="diff",
        name="pull_request_diff",
        content=diff,
        content_type="text/x-diff",
        metadata={
            "repository": full_name,
            "number": number,
            "head_sha": output["head_sha"],
            "source": source,
            "truncated": fetched.truncated,
        },
    )
    return StepOutcome(status="completed", output=output, artifacts=(artifact,))


def _risk_notes(pr: dict[str, Any]) -> list[str]:
    notes: list[str] = []
    if pr.get("diff_truncated"):
        notes.append("the diff is larger than what was read: the review saw part of it")
    if pr.get("diff_masked"):
        notes.append("the secret scan found a secret-like value in the diff (shown masked)")
    if pr.get("state") != "open":
        notes.append(f"the pull request is {pr.get('state')} now")
    return notes


async def review(sc: StepContext) -> StepOutcome:
    """Ask the LLM for a review of the fetched pull request and propose it for approval."""
    pr = sc.earlier_output("diff_source")
    if pr is None:
        return await run_llm(sc)
    found = await llm_provider_for(sc)
    if found is None:
        return failed(
            "provider_error",
            "no LLM provider credential is active, and a pull request review needs one "
            "(nothing is reviewed offline)",
            remediation=LLM_REMEDIATION,
        )
    answer = await ask_llm(
        sc, found, purpose="review", system=REVIEW_SYSTEM, prompt=pull_request_text(pr)
    )
    if answer.status != "completed":
        return answer
    text = str(answer.output.get("text") or "").strip()
    if not text:
        return failed("provider_error", "the LLM answered with an empty review", retryable=True)
    head_sha = pr.get("head_sha")
    # Redacted as it will be stored: what the owner approves is exactly what is posted.
    proposed = sc.runtime.redactor.redact_str(
        signed_review(text, sc.run.id, str(head_sha) if head_sha else None)
    )
    subject = {k: pr.get(k) for k in ("number", "title", "url", "author", "head_sha")}
    output = {
        **answer.output,
        "proposed_review": proposed,
        # What post_review looks for before posting: the review's hidden marker, among
        # the comments made since it was composed.
        "marker": run_marker(sc.run.id),
        "composed_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "head_sha": head_sha,
        "approval_context": {
            "proposed_review": proposed,
            "repository": pr.get("repository"),
            "pull_request": subject,
            "diff_summary": diff_summary(pr),
            "risk_notes": _risk_notes(pr),
        },
    }
    report = ArtifactOut(
        kind="report",
        name="pr_review",
        content=proposed,
        content_type="text/markdown",
        metadata={
            "repository": pr.get("repository"),
            "number": pr.get("number"),
            "head_sha": head_sha,
            "provider": answer.output.get("provider"),
            "model": answer.output.get("model"),
        },
    )
    return StepOutcome(
        status="completed", output=output, cost_usd=answer.cost_usd, artifacts=(report,)
    )


async def post_review(sc: StepContext) -> StepOutcome:
    """Post the proposed review on the pull request, once, and record its URL."""
    composed = sc.earlier_output("proposed_review")
    if composed is None:
        return failed("validation_error", "no composed review before post_review")
    full_name, number = pull_request_reference(sc.run.inputs)
    owner, _, name = full_name.partition("/")
    since = composed.get("composed_at")
    try:
        async with sc.runtime.db.connection() as conn:
            client = await github_client(conn, sc.runtime)
        comment = await post_once(
            client,
            owner,
            name,
            number,
            body=str(composed["proposed_review"]),
            marker=str(composed.get("marker") or run_marker(sc.run.id)),
            since=str(since) if since else None,
        )
    except AppError as exc:
        return github_failed(
            exc, f"commenting on pull request {full_name}#{number}", remediation=GITHUB_REMEDIATION
        )
    url = str(comment.get("html_url") or "")
    report = ArtifactOut(
        kind="report",
        name="pr_review_comment",
        content=url,
        content_type="text/uri-list",
        metadata={
            "repository": full_name,
            "number": number,
            "comment_id": comment.get("id"),
            "head_sha": composed.get("head_sha"),
        },
    )
    return StepOutcome(
        status="completed",
        output={"comment_url": url, "comment_id": comment.get("id")},
        artifacts=(report,),
    )


STEP_HANDLERS = {
    "fetch_pull_request": fetch_pull_request,
    "review": review,
    "post_review": post_review,
}

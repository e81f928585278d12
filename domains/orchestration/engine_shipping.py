"""The ``commit_and_pr`` step: ship a run's worktree as a commit, a pushed branch and a
pull request, after the safety checks (DOMAIN.md, Orchestration → Shipping).

In order, each step re-entrant so an attempt after a crash neither repeats nor loses an
effect:

1. the worktree must be on the run's branch, and hold nothing the run did not make: its
   state is compared with the one the run's last file step left (``worktree_state`` in
   that step's output, recorded by the engine), or with the base commit when none did;
2. the changes against the base commit must pass ``shipping_checks`` (no secret, at most
   the changed-line limit, no binary file, scannable whole) — a refusal is a typed
   ``policy_violation`` with every reason, an audit artifact, and nothing committed;
3. commit everything (once: a head commit with the JidoCode trailer and nothing left
   uncommitted is the commit of an earlier attempt, or of the run this one retries), then
   check the commit holds exactly what was checked;
4. unless dry run: push the commit to the run's branch, never forced; a remote branch of
   that name it does not fast-forward is tried once more as ``<branch>-2``, then the step
   fails; an authentication failure refreshes the credential once (in ``projects``);
5. unless dry run: open the pull request (or find the one an earlier attempt opened); a
   422 keeps the branch and fails the step with GitHub's redacted reason; record it.

Every git side effect is an ``audit`` artifact; the worktree's branch has its own from
when the engine made it.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

from domains.github_api.errors import GitHubUnauthorized, GitHubUnprocessable
from domains.orchestration.engine_approval import diff_summary, test_summary
from domains.orchestration.engine_types import (
    STATE_KEY,
    WORKTREE_KINDS,
    ArtifactOut,
    StepContext,
    StepOutcome,
    failed,
)
from domains.orchestration.errors import PullRequestExists
from domains.orchestration.service_definitions import DRY_RUN_INPUT
from domains.orchestration.service_pull_requests import record_pull_request
from domains.orchestration.shipping_checks import Violation, check_changes, unexpected_changes
from domains.orchestration.shipping_text import (
    TRAILER_START,
    commit_paragraphs,
    pull_request_body,
    subject,
)
from domains.projects.models import CreatedWorktree, PushOutcome, WorktreeChanges, WorktreeHead
from domains.projects.service import (
    commit_run_worktree,
    get_project,
    push_run_branch,
    run_worktree_changed_paths,
    run_worktree_changes,
    run_worktree_head,
    run_worktree_state,
)
from domains.setup.service import github_client

# The steps whose end state shipping compares the worktree with.
STATEFUL_KINDS = (WORKTREE_KINDS - {"commit_and_pr"}) | {"approval"}


def audit(action: str, **record: Any) -> ArtifactOut:
    """An audit artifact of one git side effect (or a refusal to make one)."""
    return ArtifactOut(
        kind="audit",
        name=f"audit_{action}",
        content=json.dumps({"action": action, **record}, sort_keys=True),
        content_type="application/json",
        metadata={"action": action},
    )


def branch_audit(created: CreatedWorktree) -> ArtifactOut:
    """The audit of a run's branch, made with its worktree from the base commit."""
    return audit("branch_created", branch=created.branch, base_commit=created.base_commit)


async def with_worktree_state(sc: StepContext, outcome: StepOutcome) -> StepOutcome:
    """The outcome of a file step with the worktree's state added to its output, so the
    shipping step can tell the run's changes from anyone else's."""
    if sc.worktree is None or sc.kind not in STATEFUL_KINDS:
        return outcome
    if outcome.status not in ("completed", "approval") or STATE_KEY in outcome.output:
        return outcome  # failed, or the step measured the state itself (approval)
    state = await run_worktree_state(sc.runtime, path=sc.worktree.path)
    return StepOutcome(
        status=outcome.status,
        output={**outcome.output, STATE_KEY: state},
        cost_usd=outcome.cost_usd,
        error=outcome.error,
        retryable=outcome.retryable,
        retry_after_s=outcome.retry_after_s,
        approval_context=outcome.approval_context,
        artifacts=outcome.artifacts,
    )


def is_dry_run(sc: StepContext) -> bool:
    """A dry run: the run's ``dry_run`` input, else the step's ``dry_run`` option."""
    given = sc.run.inputs.get(DRY_RUN_INPUT)
    return given if isinstance(given, bool) else sc.options.get("dry_run") is True


def _refuse(violations: list[Violation], audits: list[ArtifactOut]) -> StepOutcome:
    record = audit("ship_refused", violations=[v.as_dict() for v in violations])
    return failed(
        "policy_violation",
        "shipping refused: " + "; ".join(v.reason for v in violations),
        remediation="nothing was pushed; retry the run from a step that makes the changes "
        "(what it leaves is what ships), or review the worktree and ship by hand",
        output={"refused": [v.check for v in violations]},
        artifacts=(*audits, record),
    )


async def run_commit_and_pr(sc: StepContext) -> StepOutcome:
    """Check, commit, push and open the pull request for the run's changes."""
    runtime, run = sc.runtime, sc.run
    worktree = sc.own_worktree()
    head = await run_worktree_head(runtime, path=worktree.path)
    checked = await _check(sc, head)
    if isinstance(checked, StepOutcome):
        return checked
    checked_state, changes = checked
    dry_run = is_dry_run(sc)
    if not dry_run:
        # Without a GitHub credential there is no pull request: fail before any effect.
        async with runtime.db.connection() as conn:
            await github_client(conn, runtime)

    # 3. The commit, once: a head commit with the trailer and nothing left uncommitted is
    # the one an earlier attempt (or the run this one retries) made.
    summary, tests = diff_summary(changes), test_summary(sc.results_before())
    reused = (
        head.commit != worktree.base_commit
        and head.tree == checked_state
        and TRAILER_START in head.message
    )
    commit = head.commit
    if not reused:
        paragraphs = commit_paragraphs(run, sc.options, diff_summary=summary, test_summary=tests)
        redacted = [runtime.redactor.redact_str(p) for p in paragraphs]
        commit = await commit_run_worktree(runtime, path=worktree.path, paragraphs=redacted)
    audits = [
        audit(
            "commit",
            branch=worktree.branch,
            commit=commit,
            files=len(changes.files),
            changed_lines=changes.changed_lines,
            reused=reused,
        )
    ]
    committed = await run_worktree_head(runtime, path=worktree.path)
    if committed.tree != checked_state:
        # Something changed the files between the checks and the commit: the commit stays
        # local (it is never pushed) and the run fails.
        return _refuse(
            [Violation("unexpected_changes", "the files changed while the run was shipping")],
            audits,
        )
    output: dict[str, Any] = {
        "branch": worktree.branch,
        "commit": commit,
        "files": len(changes.files),
        "changed_lines": changes.changed_lines,
        "dry_run": dry_run,
    }
    title = runtime.redactor.redact_str(subject(run, sc.options))
    body = runtime.redactor.redact_str(
        pull_request_body(
            run, sc.options, sc.results_before(), diff_summary=summary, test_summary=tests
        )
    )
    if dry_run:
        audits.append(audit("dry_run", skipped=["push", "pull_request"], branch=worktree.branch))
        preview = ArtifactOut(
            kind="report",
            name="pull_request_preview",
            content=f"# {title}\n\n{body}",
            content_type="text/markdown",
            metadata={"dry_run": True},
        )
        return StepOutcome(status="completed", output=output, artifacts=(*audits, preview))

    pushed = await _push(sc, commit, audits)
    if pushed is None:
        return failed(
            "conflict",
            f"the remote already has branches {worktree.branch} and {worktree.branch}-2 that "
            "this run's commit does not fast-forward; nothing was forced",
            remediation="rename or remove those remote branches, then retry from this step",
            output=output,
            artifacts=tuple(audits),
        )
    output.update(branch=pushed.branch, push=pushed.status)
    return await _ship_pull_request(sc, pushed.branch, title, body, output, audits)


async def _check(sc: StepContext, head: WorktreeHead) -> tuple[str, WorktreeChanges] | StepOutcome:
    """Steps 1 and 2: the worktree's state and changes when shipping them is allowed,
    else the refusal."""
    runtime, worktree = sc.runtime, sc.own_worktree()
    if head.branch != worktree.branch:
        where = f"branch {head.branch}" if head.branch else "a detached head"
        return _refuse(
            [Violation("wrong_branch", f"the worktree is on {where}, not {worktree.branch}")],
            [],
        )
    # What the run's latest file step left (the engine records it), else the base commit.
    since, since_what = worktree.base_commit, "the base commit"
    last = sc.latest_with(STATE_KEY)
    if last is not None and isinstance(last[1][STATE_KEY], str):
        since, since_what = last[1][STATE_KEY], f"step {last[0]}"
    changes = await run_worktree_changes(
        runtime, path=worktree.path, base_commit=worktree.base_commit
    )
    drift: list[str] = []
    if changes.state != since:
        drift = await run_worktree_changed_paths(
            runtime, path=worktree.path, old=since, new=changes.state
        )
    if not changes.files:
        return failed(
            "execution_error",
            "the run changed nothing: there is nothing to ship",
            remediation="read the agent's transcript; retry the run from the step that edits",
        )
    violations = unexpected_changes(drift, since_what) + check_changes(
        changes,
        redactor=runtime.redactor,
        max_changed_lines=runtime.settings.shipping_max_changed_lines,
    )
    if violations:
        return _refuse(violations, [])
    return changes.state, changes


async def _push(sc: StepContext, commit: str, audits: list[ArtifactOut]) -> PushOutcome | None:
    """Step 4: push to the run's branch, never forced, else once to ``<branch>-2``;
    ``None`` when both are taken by other history. Each attempt is audited."""
    worktree = sc.own_worktree()
    for tried, name in enumerate((worktree.branch, f"{worktree.branch}-2"), start=1):
        attempt = await push_run_branch(
            sc.runtime, project_id=sc.run.project_id, path=worktree.path, commit=commit, branch=name
        )
        audits.append(
            audit(
                "push",
                tried=tried,
                branch=name,
                commit=commit,
                status=attempt.status,
                refreshed=attempt.refreshed,
                reason=attempt.reason,
            )
        )
        if attempt.status != "rejected":
            return attempt
    return None


async def _ship_pull_request(
    sc: StepContext,
    branch: str,
    title: str,
    body: str,
    output: dict[str, Any],
    audits: list[ArtifactOut],
) -> StepOutcome:
    """Step 5: the pull request of the pushed branch, opened once and recorded once."""
    runtime, run = sc.runtime, sc.run
    async with runtime.db.connection() as conn:
        project = await get_project(conn, project_id=run.project_id)
    owner, repo = project.github_full_name.split("/", 1)
    base = project.default_branch or "main"
    try:
        pull, opened = await _open_pull_request(
            sc, owner, repo, head=branch, base=base, title=title, body=body
        )
    except GitHubUnprocessable as exc:
        reason = str(exc.data().get("reason") or exc.message)
        audits.append(audit("pull_request_refused", branch=branch, reason=reason))
        return failed(
            "provider_error",
            f"GitHub refused the pull request: {reason}",
            remediation=f"the branch {branch} is pushed and kept; open the pull request by "
            "hand, or fix the cause and retry from this step",
            output=output,
            artifacts=tuple(audits),
        )
    number, url = int(pull["number"]), str(pull.get("html_url") or "")
    async with runtime.db.transaction() as conn:
        # An earlier attempt may have recorded it before it was cut short.
        with contextlib.suppress(PullRequestExists):
            await record_pull_request(
                conn,
                runtime,
                project_id=run.project_id,
                run_id=run.id,
                number=number,
                url=url,
                branch=branch,
                title=title,
                body=body,
            )
    audits.append(
        audit("pull_request", number=number, url=url, branch=branch, base=base, reused=not opened)
    )
    output["pull_request"] = {"number": number, "url": url}
    pr_url = ArtifactOut(kind="pr_url", name="pr_url", content=url, metadata={"number": number})
    return StepOutcome(status="completed", output=output, artifacts=(*audits, pr_url))


async def _open_pull_request(
    sc: StepContext, owner: str, repo: str, *, head: str, base: str, title: str, body: str
) -> tuple[dict[str, Any], bool]:
    """The pull request of ``head``: the one an earlier attempt opened, else a new one;
    and whether this call opened it. A refused credential is refreshed once (the client
    drops a refused installation token, so the next client mints another)."""
    try:
        return await _pull_request_once(
            sc, owner, repo, head=head, base=base, title=title, body=body
        )
    except GitHubUnauthorized:
        return await _pull_request_once(
            sc, owner, repo, head=head, base=base, title=title, body=body
        )


async def _pull_request_once(
    sc: StepContext, owner: str, repo: str, *, head: str, base: str, title: str, body: str
) -> tuple[dict[str, Any], bool]:
    async with sc.runtime.db.connection() as conn:
        client = await github_client(conn, sc.runtime)
    found = await client.find_pull_request(owner, repo, head=head)
    if found is not None:
        return found, False
    made = await client.create_pull_request(
        owner, repo, head=head, base=base, title=title, body=body
    )
    return made, True

"""The ``approval`` step.

``approval`` measures what the run changed in its worktree against its base commit (new
untracked files included), takes the test summary from the latest test step, adds risk
notes (a large diff, binaries, files outside the usual source tree, secret-scan hits)
and parks the run in ``awaiting_approval`` with that context; the diff is stored as an
artifact, redacted. A run without a worktree (an issue's triage changes no file) has no
diff; what an earlier step proposes to post (its output's ``approval_context``) is shown
with the context.
"""

from __future__ import annotations

from typing import Any

from domains.orchestration.engine_types import STATE_KEY, ArtifactOut, StepContext, StepOutcome
from domains.projects.models import WorktreeChanges
from domains.projects.service import run_worktree_changes

# Paths a reviewer should look at twice: CI, build and dependency configuration.
_SENSITIVE_PREFIXES = (".github/", ".gitlab-ci", ".ci/", "Dockerfile", "Makefile")
_SENSITIVE_NAMES = ("package.json", "pyproject.toml", "setup.py", "requirements.txt", ".env")


def diff_summary(changes: WorktreeChanges) -> str:
    """Files and changed lines, one line per file, untracked files marked new."""
    if not changes.files:
        return "no changes"
    lines = [
        f"{len(changes.files)} file(s) changed, {changes.changed_lines} line(s) "
        f"(+{sum(f.added for f in changes.files)} -{sum(f.removed for f in changes.files)})"
    ]
    untracked = set(changes.untracked)
    for f in changes.files:
        mark = " (new, untracked)" if f.path in untracked else ""
        counts = "binary" if f.binary else f"+{f.added} -{f.removed}"
        lines.append(f"{f.status} {f.path}: {counts}{mark}")
    return "\n".join(lines)


def risk_notes(sc: StepContext, changes: WorktreeChanges) -> list[str]:
    """What the approver should weigh beyond the diff itself."""
    notes: list[str] = []
    limit = sc.runtime.settings.shipping_max_changed_lines
    if changes.changed_lines > limit:
        notes.append(f"large diff: {changes.changed_lines} changed lines (limit {limit})")
    if changes.binary_files:
        notes.append("binary files: " + ", ".join(changes.binary_files[:20]))
    unusual = [
        f.path
        for f in changes.files
        if f.path.startswith(_SENSITIVE_PREFIXES) or f.path.rsplit("/", 1)[-1] in _SENSITIVE_NAMES
    ]
    if unusual:
        notes.append("build, CI or dependency files changed: " + ", ".join(unusual[:20]))
    if sc.runtime.redactor.redact_str(changes.diff) != changes.diff:
        notes.append("the secret scan found a secret-like value in the diff (shown masked)")
    if changes.truncated:
        notes.append("the diff is larger than what is shown")
    return notes


def test_summary(results: dict[str, Any]) -> str:
    """The latest test step's result, as one line."""
    for output in reversed(list(results.values())):
        if isinstance(output, dict) and "passed" in output and "exit_code" in output:
            verdict = "passed" if output["passed"] else "failed"
            return f"`{output.get('command')}` {verdict} (exit code {output.get('exit_code')})"
    return "no tests were run"


def proposal(results: dict[str, Any]) -> dict[str, Any]:
    """What an earlier step proposes for the approver to see (an issue reply it composed):
    the latest output's ``approval_context``, if any."""
    for output in reversed(list(results.values())):
        if isinstance(output, dict) and isinstance(output.get("approval_context"), dict):
            return dict(output["approval_context"])
    return {}


async def run_approval(sc: StepContext) -> StepOutcome:
    """Park the run for the owner's decision, with the diff, test summary and risks."""
    mode = sc.options.get("skip_when_mode")
    if mode and sc.run.trigger_context.get("approval_mode") == mode:
        return StepOutcome(status="completed", output={"skipped": True, "mode": mode})
    results = sc.results_before()
    proposed = proposal(results)
    context: dict[str, Any] = {
        "diff_summary": "",
        "test_summary": test_summary(results),
        "risk_notes": list(proposed.pop("risk_notes", [])),
    }
    output: dict[str, Any] = {}
    artifacts: tuple[ArtifactOut, ...] = ()
    if sc.worktree is not None:
        changes = await run_worktree_changes(
            sc.runtime, path=sc.worktree.path, base_commit=sc.worktree.base_commit
        )
        summary = diff_summary(changes)
        context.update(
            diff_summary=summary,
            risk_notes=[*risk_notes(sc, changes), *context["risk_notes"]],
            files=[f.model_dump(mode="json") for f in changes.files],
            changed_lines=changes.changed_lines,
            branch=sc.worktree.branch,
            base_commit=sc.worktree.base_commit,
        )
        output = {
            "diff_summary": summary,
            "changed_lines": changes.changed_lines,
            STATE_KEY: changes.state,  # what the owner approves is what ships
        }
        artifacts = (
            ArtifactOut(
                kind="diff",
                name="diff",
                content=changes.diff,
                content_type="text/x-diff",
                metadata={"base_commit": changes.base_commit, "files": len(changes.files)},
            ),
        )
    return StepOutcome(
        status="approval",
        output=output,
        approval_context={**context, **proposed},
        artifacts=artifacts,
    )

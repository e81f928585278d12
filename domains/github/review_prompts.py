"""What the pull request review bot asks an LLM, and the review as it is posted.

The fetched pull request (title, description, branches and its diff, already redacted)
is rendered once as a Markdown prompt by ``pull_request_text``. The review is posted as
the LLM wrote it, followed by the bot's signature, the commit it reviewed and the hidden
markers: the bot's own (so its comments are recognisable) and the run's (so a retried
post finds what it already posted).
"""

from __future__ import annotations

from typing import Any

from domains.github.triage_prompts import run_marker

# Cut so the description never crowds out the diff in the prompt.
MAX_BODY_CHARS = 8_000

REVIEW_SYSTEM = (
    "You review a GitHub pull request for the repository's maintainers. Read its "
    "description and its diff below and write the review you would post: first a one- or "
    "two-sentence summary of the change, then concrete findings, most important first "
    "(bugs, missing tests, security and performance risks, unclear code), each naming "
    "the file and, where you can, the line. Comment only on what the diff shows; if "
    "nothing needs changing, say so plainly. Answer in GitHub Markdown, at most about 40 "
    "lines, with the review text only."
)
REVIEW_MARKER = "<!-- jidocode:pr-review -->"
SIGNATURE = "_Automated review by JidoCode._"


def diff_stats(diff: str) -> tuple[int, int, int]:
    """``(files, added lines, removed lines)`` of a unified diff."""
    files = added = removed = 0
    for line in diff.splitlines():
        if line.startswith("diff --git "):
            files += 1
        elif line.startswith("+") and not line.startswith("+++ "):
            added += 1
        elif line.startswith("-") and not line.startswith("--- "):
            removed += 1
    return files, added, removed


def diff_from_files(files: list[dict[str, Any]], max_bytes: int) -> tuple[str, bool]:
    """A unified diff assembled from GitHub's file list (for a diff GitHub will not render
    whole), at most ``max_bytes``; whether anything was left out."""
    parts: list[str] = []
    size = 0
    left_out = False
    for f in files:
        path = str(f.get("filename") or "?")
        patch = f.get("patch")
        header = f"diff --git a/{path} b/{path}\n--- a/{path}\n+++ b/{path}\n"
        text = header + (
            f"{patch}\n" if isinstance(patch, str) else "(no patch: binary or too large)\n"
        )
        if size + len(text.encode()) > max_bytes:
            left_out = True
            break
        parts.append(text)
        size += len(text.encode())
    return "".join(parts), left_out or any(not isinstance(f.get("patch"), str) for f in files)


def diff_summary(pr: dict[str, Any]) -> str:
    """The diff's size, as the approver and the prompt see it."""
    cut = " (cut: the diff is larger than what was read)" if pr.get("diff_truncated") else ""
    return f"{pr.get('files')} file(s) changed, +{pr.get('additions')} -{pr.get('deletions')}{cut}"


def pull_request_text(pr: dict[str, Any]) -> str:
    """The fetched pull request as the review prompt."""
    lines = [
        f"# {pr.get('repository')}#{pr.get('number')}: {pr.get('title')}",
        f"Author: {pr.get('author') or 'unknown'}; {pr.get('head_ref')} → {pr.get('base_ref')}"
        f"; head commit {pr.get('head_sha') or 'unknown'}",
        diff_summary(pr),
        "",
        "## Description",
        str(pr.get("body") or "(no description)")[:MAX_BODY_CHARS],
        "",
        "## Diff",
        "````diff",
        str(pr.get("diff") or "(empty diff)"),
        "````",
    ]
    return "\n".join(lines)


def signed_review(text: str, run_id: object, head_sha: str | None) -> str:
    """The review as posted: the text, the signature with the commit it reviewed, and the
    bot's and the run's hidden markers."""
    reviewed = f" Reviewed commit {head_sha[:12]}." if head_sha else ""
    return f"{text.strip()}\n\n{SIGNATURE}{reviewed}\n{REVIEW_MARKER}\n{run_marker(run_id)}"

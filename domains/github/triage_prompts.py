"""What the issue bot asks an LLM, and how it reads the answers.

The issue (title, body, labels, recent comments) is rendered once as Markdown by
``issue_text`` and handed to each of the triage steps with what the steps before found.
The triage step asks for one JSON object; ``parse_verdict`` takes it from the answer
(bare, or in a fenced block) and checks every field, so a chatty or malformed answer
becomes a ``needs_triage`` verdict that says so instead of a wrong label.
"""

from __future__ import annotations

import json
import re
from typing import Any, get_args

from domains.github.analyser import BOT_MARKER
from domains.github.models import Classification, Priority

CLASSIFICATIONS: tuple[str, ...] = get_args(Classification)
PRIORITIES: tuple[str, ...] = get_args(Priority)
# Cut so the prompts stay well inside every provider's context window.
MAX_BODY_CHARS = 12_000
MAX_COMMENT_CHARS = 2_000
MAX_COMMENTS = 20

TRIAGE_SYSTEM = (
    "You triage GitHub issues for the repository's maintainers. Read the issue and answer "
    "with one JSON object and nothing else, with these keys: "
    '"classification" (one of ' + ", ".join(CLASSIFICATIONS) + '), "confidence" (a number '
    'from 0 to 1), "priority" (one of ' + ", ".join(PRIORITIES) + '), "suggested_labels" (a '
    'list of at most 5 short label names) and "summary" (two or three sentences on what the '
    "reporter needs)."
)
RESEARCH_SYSTEM = (
    "You research a GitHub issue for its maintainers. From the issue, its comments and the "
    "triage below, say what part of the project it most likely concerns, what information "
    "is missing from the report, and what would resolve it. Answer in short Markdown."
)
COMPOSE_SYSTEM = (
    "Write the reply the maintainers would post on the GitHub issue below: friendly, "
    "specific to this issue, and short (at most about 12 lines). Use the triage and the "
    "research, ask for missing information if any, and promise nothing on the maintainers' "
    "behalf. Answer with the reply text only, in GitHub Markdown."
)
SIGNATURE = "_Automated triage by JidoCode._"


def issue_text(issue: dict[str, Any]) -> str:
    """The fetched issue as a Markdown section of a prompt."""
    labels = ", ".join(issue.get("labels") or []) or "none"
    lines = [
        f"# {issue.get('repository')}#{issue.get('number')}: {issue.get('title')}",
        f"State: {issue.get('state')}; author: {issue.get('author') or 'unknown'}; "
        f"labels: {labels}",
        "",
        str(issue.get("body") or "(no description)")[:MAX_BODY_CHARS],
    ]
    for comment in issue.get("comments") or []:
        lines += ["", f"## Comment by {comment.get('author') or 'unknown'}"]
        lines.append(str(comment.get("body") or "")[:MAX_COMMENT_CHARS])
    return "\n".join(lines)


def verdict_text(verdict: dict[str, Any]) -> str:
    """The triage verdict as a prompt section."""
    return (
        f"## Triage\nClassification: {verdict.get('classification')} "
        f"({float(verdict.get('confidence') or 0):.0%} confidence); priority: "
        f"{verdict.get('priority')}; labels: {', '.join(verdict.get('suggested_labels') or [])}"
        f"\n\n{verdict.get('summary') or ''}"
    )


_FENCED = re.compile(r"```(?:json)?\s*(\{.*?\})\s*```", re.DOTALL)


def _json_object(text: str) -> dict[str, Any] | None:
    candidates = [m.group(1) for m in _FENCED.finditer(text)]
    start, end = text.find("{"), text.rfind("}")
    if start != -1 and end > start:
        candidates.append(text[start : end + 1])
    for candidate in candidates:
        try:
            value = json.loads(candidate)
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    return None


def parse_verdict(text: str) -> dict[str, Any]:
    """The triage verdict in an LLM's answer, every field checked; an answer without a
    usable one is ``needs_triage`` at confidence 0, with the answer kept as the summary."""
    raw = _json_object(text) or {}
    classification = raw.get("classification")
    priority = raw.get("priority")
    try:
        confidence = min(max(float(raw.get("confidence", 0.0)), 0.0), 1.0)
    except (TypeError, ValueError):
        confidence = 0.0
    labels = raw.get("suggested_labels")
    summary = raw.get("summary")
    usable = classification in CLASSIFICATIONS
    return {
        "classification": classification if usable else "needs_triage",
        "confidence": confidence if usable else 0.0,
        "priority": priority if priority in PRIORITIES else "medium",
        "suggested_labels": [str(x)[:50] for x in labels][:5] if isinstance(labels, list) else [],
        "summary": str(summary)[:4000] if isinstance(summary, str) and summary else text[:4000],
        "verdict_parsed": usable,
    }


def run_marker(run_id: object) -> str:
    """Hidden in a posted comment: which run posted it, so a retried post finds it."""
    return f"<!-- jidocode:run:{run_id} -->"


def signed_reply(text: str, run_id: object) -> str:
    """The reply as posted: the text, the bot's signature and its hidden markers (the bot
    never answers its own comments, and a retry finds what it already posted)."""
    body = text.strip()
    if BOT_MARKER in body:  # the offline analyser signs its own replies
        return f"{body}\n{run_marker(run_id)}"
    return f"{body}\n\n{SIGNATURE}\n{BOT_MARKER}\n{run_marker(run_id)}"

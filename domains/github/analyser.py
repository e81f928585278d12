"""Issue analysers: the ``IssueAnalyser`` interface and the deterministic heuristic one.

An analyser turns an issue (title, body, labels, the triggering comment) into a
classification, a confidence, a priority, suggested labels, a summary and a proposed
response. ``HeuristicAnalyser`` does it with keyword scores, no network and no clock, so
the same issue always gets the same analysis. The ``issue_triage`` steps ask an LLM and
use this analyser only when no LLM provider is active (``triage_steps``).
"""

from __future__ import annotations

import re
from typing import Protocol

from domains.github.models import AnalysisOutcome, Classification, IssueInput, Priority

# Hidden in every comment the bot posts, so its own comments never trigger it again.
BOT_MARKER = "<!-- jidocode:issue-triage -->"


class IssueAnalyser(Protocol):
    """Anything that can analyse one issue."""

    name: str

    async def analyse(self, issue: IssueInput) -> AnalysisOutcome:
        """The analysis of ``issue``; raises a typed error when it cannot be made."""
        ...


# Each class: (pattern, weight). Patterns match whole words or phrases, case-insensitively.
_SIGNALS: dict[Classification, tuple[tuple[str, float], ...]] = {
    "bug": (
        (r"bug", 2.0),
        (r"crash(es|ed|ing)?", 2.0),
        (r"error", 1.5),
        (r"exception", 1.5),
        (r"traceback|stack ?trace|panic(ked)?|segfault", 2.0),
        (r"broken|breaks", 1.5),
        (r"fail(s|ed|ing|ure)?", 1.0),
        (r"regression", 2.0),
        (r"(doesn'?t|does not|isn'?t|is not|no longer) work(ing)?", 2.0),
        (r"not working|unexpected(ly)?|wrong result", 1.5),
        (r"steps to reproduce|expected behaviou?r|actual behaviou?r", 1.5),
    ),
    "feature": (
        (r"feature( request)?", 2.0),
        (r"enhancement", 2.0),
        (r"add support|support for", 1.5),
        (r"would be (nice|great|useful)", 1.5),
        (r"(could|can) (you|we) add|please add|it would help", 1.5),
        (r"proposal|propose|suggestion|suggest", 1.0),
        (r"allow(s|ing)? (users? )?to", 1.0),
        (r"new option|option to|ability to", 1.0),
    ),
    "documentation": (
        (r"docs?|documentation", 2.0),
        (r"readme", 2.0),
        (r"typo", 2.0),
        (r"tutorial|guide|example", 1.0),
        (r"docstring|man page|changelog", 1.5),
        (r"(is )?(unclear|outdated|misleading) (in the )?(docs|documentation)", 1.5),
    ),
    "question": (
        (r"how (do|can|should) (i|we|you)", 2.0),
        (r"how to", 1.5),
        (r"question", 2.0),
        (r"is (it|there) (possible|a way)", 2.0),
        (r"what is|what are|why (does|is|do)", 1.0),
        (r"help( needed| wanted)?", 0.5),
    ),
}

_COMPILED: dict[Classification, tuple[tuple[re.Pattern[str], float], ...]] = {
    cls: tuple((re.compile(rf"\b(?:{p})\b", re.IGNORECASE), w) for p, w in signals)
    for cls, signals in _SIGNALS.items()
}

# Existing labels are strong evidence: the reporter or a maintainer already said so.
_LABEL_CLASS: dict[str, Classification] = {
    "bug": "bug",
    "type: bug": "bug",
    "kind/bug": "bug",
    "enhancement": "feature",
    "feature": "feature",
    "feature request": "feature",
    "kind/feature": "feature",
    "documentation": "documentation",
    "docs": "documentation",
    "question": "question",
    "support": "question",
}
_LABEL_WEIGHT = 4.0

_CLASS_LABEL: dict[Classification, str] = {
    "bug": "bug",
    "feature": "enhancement",
    "documentation": "documentation",
    "question": "question",
    "needs_triage": "needs-triage",
}

_CRITICAL = re.compile(
    r"\b(security|vulnerab\w*|cve-\d+|data (loss|corruption)|exploit\w*|rce)\b", re.IGNORECASE
)
_HIGH = re.compile(
    r"\b(crash(es|ed|ing)?|production|outage|urgent|blocker|blocking|regression|"
    r"panic(ked)?|segfault|cannot start|can'?t start)\b",
    re.IGNORECASE,
)

# Below this score nothing is said with any confidence.
_MIN_SCORE = 1.5
_SUMMARY_MAX = 280


def _score(text: str, labels: tuple[str, ...]) -> dict[Classification, float]:
    scores: dict[Classification, float] = {cls: 0.0 for cls in _COMPILED}
    for cls, patterns in _COMPILED.items():
        for pattern, weight in patterns:
            if pattern.search(text):
                scores[cls] += weight
    if text.rstrip().endswith("?") or "?\n" in text:
        scores["question"] += 1.0
    for label in labels:
        labelled = _LABEL_CLASS.get(label.strip().lower())
        if labelled is not None:
            scores[labelled] += _LABEL_WEIGHT
    return scores


def _classify(scores: dict[Classification, float]) -> tuple[Classification, float]:
    # Ties break by this fixed order, so the result never depends on dict order.
    order: tuple[Classification, ...] = ("bug", "feature", "documentation", "question")
    ranked = sorted(order, key=lambda c: (-scores[c], order.index(c)))
    best, runner_up = ranked[0], ranked[1]
    total = sum(scores[c] for c in order)
    if scores[best] < _MIN_SCORE or scores[best] == scores[runner_up]:
        spread = 0.0 if total == 0 else 1 - (scores[best] - scores[runner_up]) / total
        return "needs_triage", round(min(0.5, 0.2 + 0.3 * spread), 2)
    share = scores[best] / total
    strength = min(scores[best] / 6.0, 1.0)
    return best, round(min(0.95, 0.35 + 0.4 * share + 0.2 * strength), 2)


def _priority(cls: Classification, text: str) -> Priority:
    if _CRITICAL.search(text):
        return "critical"
    if _HIGH.search(text):
        return "high"
    if cls == "bug":
        return "medium"
    return "low"


def _first_sentence(text: str) -> str:
    flat = " ".join(text.split())
    match = re.match(r"(.+?[.!?])(\s|$)", flat)
    sentence = match.group(1) if match else flat
    if len(sentence) > _SUMMARY_MAX:
        sentence = sentence[: _SUMMARY_MAX - 1].rstrip() + "…"
    return sentence


def _summary(issue: IssueInput, cls: Classification, priority: Priority) -> str:
    kind = {
        "bug": "Bug report",
        "feature": "Feature request",
        "documentation": "Documentation issue",
        "question": "Question",
        "needs_triage": "Issue needing triage",
    }[cls]
    title = " ".join(issue.title.split())
    head = f"{kind} ({priority} priority): {title}"
    if not head.endswith((".", "!", "?")):
        head += "."
    detail = _first_sentence(issue.body)
    return f"{head} {detail}" if detail else head


_RESPONSES: dict[Classification, str] = {
    "bug": (
        "Thanks for reporting this. It looks like a bug. To help us reproduce it, please "
        "share the exact steps, what you expected and what happened instead, the version "
        "you are running, and any error output or stack trace."
    ),
    "feature": (
        "Thanks for the suggestion. We are treating this as a feature request. It helps to "
        "know the problem you are trying to solve and how you would expect the feature to "
        "behave; we will follow up once it has been discussed."
    ),
    "documentation": (
        "Thanks for pointing this out. It looks like a documentation issue. If you can, "
        "link the page or section involved and say what was missing or unclear."
    ),
    "question": (
        "Thanks for the question. A maintainer will follow up. In the meantime, the "
        "project's documentation and existing issues may already cover it; please add any "
        "details about your setup that could help us answer."
    ),
    "needs_triage": (
        "Thanks for opening this issue. A maintainer will take a look and triage it. Any "
        "extra context (what you are trying to do, your environment, examples) will help."
    ),
}


def _response(issue: IssueInput, cls: Classification, labels: list[str]) -> str:
    greeting = f"Hi @{issue.author}! " if issue.author else "Hi! "
    lines = [greeting + _RESPONSES[cls], "", f"Suggested labels: {', '.join(labels)}."]
    lines += ["", "_Automated triage by JidoCode._", BOT_MARKER]
    return "\n".join(lines)


class HeuristicAnalyser:
    """Keyword scores over the title, body, triggering comment and existing labels."""

    name = "heuristic:v1"

    async def analyse(self, issue: IssueInput) -> AnalysisOutcome:
        """The deterministic analysis of ``issue``."""
        return self.analyse_now(issue)

    def analyse_now(self, issue: IssueInput) -> AnalysisOutcome:
        """The same analysis, synchronously (it touches nothing outside its input)."""
        text = "\n".join(part for part in (issue.title, issue.body, issue.comment or "") if part)
        scores = _score(text, issue.labels)
        cls, confidence = _classify(scores)
        priority = _priority(cls, text)
        labels = [_CLASS_LABEL[cls]]
        if priority in ("high", "critical"):
            labels.append(f"priority: {priority}")
        return AnalysisOutcome(
            classification=cls,
            confidence=confidence,
            priority=priority,
            suggested_labels=labels,
            summary=_summary(issue, cls, priority),
            proposed_response=_response(issue, cls, labels),
        )

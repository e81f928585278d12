"""The heuristic issue analyser: deterministic, and sensible on ordinary issues."""

from __future__ import annotations

from typing import Any

import pytest

from domains.github.analyser import BOT_MARKER, HeuristicAnalyser, IssueAnalyser
from domains.github.models import IssueInput


def issue(title: str, body: str = "", **kw: Any) -> IssueInput:
    return IssueInput(repo_full_name="acme/app", number=7, title=title, body=body, **kw)


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        ("App crashes on start", "Traceback below. Steps to reproduce: run it.", "bug"),
        ("Login is broken", "It does not work since 2.1, regression.", "bug"),
        ("Add support for YAML config", "It would be nice to have this feature.", "feature"),
        ("Typo in README", "The documentation says teh.", "documentation"),
        ("How do I set the port?", "Is there a way to configure it?", "question"),
        ("Hello", "world", "needs_triage"),
        ("", "", "needs_triage"),
    ],
)
async def test_classifies(title: str, body: str, expected: str) -> None:
    outcome = await HeuristicAnalyser().analyse(issue(title, body, author="octocat"))
    assert outcome.classification == expected
    assert 0 <= outcome.confidence <= 1
    assert outcome.summary
    assert outcome.proposed_response.startswith("Hi @octocat!")
    assert BOT_MARKER in outcome.proposed_response


async def test_is_deterministic() -> None:
    analyser = HeuristicAnalyser()
    one = issue("Crash when saving", "Segfault in production, urgent.", labels=("bug",))
    results = {(await analyser.analyse(one)).model_dump_json() for _ in range(5)}
    assert len(results) == 1


async def test_existing_labels_weigh_in() -> None:
    outcome = await HeuristicAnalyser().analyse(issue("Something", "", labels=("enhancement",)))
    assert outcome.classification == "feature"
    assert outcome.suggested_labels == ["enhancement"]


async def test_priority_and_labels() -> None:
    security = await HeuristicAnalyser().analyse(
        issue("Bug: token leak", "A security vulnerability exposes data.")
    )
    assert security.priority == "critical"
    assert security.suggested_labels == ["bug", "priority: critical"]
    plain_bug = await HeuristicAnalyser().analyse(issue("Wrong result", "An error in output."))
    assert (plain_bug.classification, plain_bug.priority) == ("bug", "medium")
    question = await HeuristicAnalyser().analyse(issue("How to deploy?", "question"))
    assert question.priority == "low"


async def test_a_clear_issue_is_more_confident_than_a_mixed_one() -> None:
    analyser = HeuristicAnalyser()
    clear = await analyser.analyse(issue("Crash", "Traceback, exception, regression, broken."))
    mixed = await analyser.analyse(issue("Crash in the docs example?", "How do I fix this error?"))
    assert clear.confidence > mixed.confidence


def test_satisfies_the_interface() -> None:
    analyser: IssueAnalyser = HeuristicAnalyser()
    assert analyser.name == "heuristic:v1"

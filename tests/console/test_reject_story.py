"""Deciding against a run, in the browser: a rejection needs a reason and follows the
definition's route (here back to ``implement``: the agent works again and asks again);
a failed run shows its typed failure (kind, failed step, last good step, remediation) and
is retried from the failed step into a new run that completes."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.async_api import Page, expect

from tests.console import prepare, ui
from tests.console.browser import shoot
from tests.console.stack import Stack

pytestmark = pytest.mark.committing

REASON = "Say more about the app in the notes"


async def start_from_project(page: Page, project_id: str, definition: str) -> str:
    """Start ``definition`` on the project page; the new run's id (its page is open)."""
    await ui.go(page, f"/projects/{project_id}", "start-run-definition")
    chooser = page.get_by_test_id("start-run-definition")
    # The page preselects implement_task once the list arrives; choose after that.
    await expect(chooser).to_have_value("implement_task")
    await chooser.select_option(definition)
    await page.get_by_test_id("start-run-submit").click()
    await expect(page).to_have_url(re.compile(r"#/runs/[0-9a-f-]{36}$"))
    await expect(page.get_by_test_id("run-workflow")).to_contain_text(definition)
    return page.url.rsplit("/", 1)[-1]


async def event_types(page: Page) -> list[Any]:
    """The run's timeline, as event types in order."""
    items = page.get_by_test_id("timeline-item")
    return list(await items.evaluate_all("(els) => els.map((e) => e.dataset.type)"))


async def test_a_rejection_follows_the_retry_route_back_to_implement(
    page: Page, stack: Stack, test_name: str
) -> None:
    project_id = await prepare.ready(stack)
    await prepare.define(stack, prepare.REVISE)
    await page.goto("/")
    await ui.sign_in(page)
    run_id = await start_from_project(page, project_id, "revise_notes")

    status = page.get_by_test_id("run-status")
    await expect(status).to_have_text("awaiting_approval", timeout=120_000)
    approval = page.get_by_test_id("approval-panel")
    route = approval.get_by_test_id("approval-route")
    await expect(route).to_have_text("retry_step — the run goes back to step implement")
    await approval.get_by_test_id("reject-button").click()
    await expect(approval.get_by_test_id("reject-reason-missing")).to_be_visible()
    await approval.get_by_test_id("reject-reason").fill(REASON)
    await shoot(page, test_name, "reject-with-reason")
    await approval.get_by_test_id("reject-button").click()

    # Back to implement: the agent runs again (editing its notes now), then asks again.
    rejected = page.locator('[data-testid="timeline-item"][data-type="approval_rejected"]')
    await expect(rejected).to_contain_text(REASON)
    await expect(rejected).to_contain_text("on_reject: retry_step")
    await expect(rejected).to_have_attribute("data-step", "implement")
    asks = page.locator('[data-testid="timeline-item"][data-type="approval_requested"]')
    await expect(asks).to_have_count(2, timeout=120_000)
    await expect(status).to_have_text("awaiting_approval")
    edited = page.get_by_test_id("output-line").filter(has_text="tool Edit:")
    await expect(edited.first).to_have_attribute("data-step", "implement")
    await shoot(page, test_name, "asked-again")
    types = await event_types(page)
    assert types.count("step_session_started") >= 3, types  # implement twice, check once+

    await approval.get_by_test_id("approve-button").click()
    await expect(status).to_have_text("completed", timeout=120_000)
    assert (await event_types(page))[-1] == "run_completed"
    run = await stack.rpc("orchestration.get_run", {"run_id": run_id})
    assert run["status"] == "completed"
    await shoot(page, test_name, "completed")


async def test_a_failed_run_shows_why_and_is_retried_from_its_failed_step(
    page: Page, stack: Stack, test_name: str
) -> None:
    project_id = await prepare.ready(stack)
    ready = stack.tmp / "READY"
    await prepare.define(
        stack,
        {
            "name": "needs_ready",
            "steps": [
                {"name": "build", "kind": "shell", "options": {"command": "echo built"}},
                {
                    "name": "check",
                    "kind": "shell",
                    "options": {"command": f"test -f {ready} || (echo not ready; exit 3)"},
                },
            ],
            "approval_policy": {"retryable_steps": ["check"]},
        },
    )
    await page.goto("/")
    await ui.sign_in(page)
    first = await start_from_project(page, project_id, "needs_ready")
    await expect(page.get_by_test_id("run-status")).to_have_text("failed", timeout=120_000)
    failure = page.get_by_test_id("run-failure")
    await expect(failure.get_by_test_id("failure-kind")).not_to_be_empty()
    await expect(failure.get_by_test_id("failure-step")).to_have_text("check")
    await expect(failure.get_by_test_id("failure-last-good")).to_have_text("build")
    await expect(failure.get_by_test_id("failure-remediation")).not_to_be_empty()
    not_ready = page.get_by_test_id("output-line").filter(has_text="not ready")
    await expect(not_ready.first).to_have_attribute("data-step", "check")
    await shoot(page, test_name, "failed")

    ready.write_text("now\n")
    await expect(page.get_by_test_id("retry-step")).to_have_value("check")
    await page.get_by_test_id("retry-button").click()
    await expect(page).not_to_have_url(re.compile(f"{first}$"))
    await expect(page.get_by_test_id("run-status")).to_have_text("completed", timeout=120_000)
    retried = await stack.rpc("orchestration.get_run", {"run_id": page.url.rsplit("/", 1)[-1]})
    assert (retried["retry_of_run_id"], retried["start_step"]) == (first, "check")
    await shoot(page, test_name, "retried")

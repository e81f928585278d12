"""The owner's first day, in the browser: the first run's bootstrap, onboarding through
all eight steps (the credentials typed in the browser, sealed there), importing the local
repository, starting ``implement_task`` on it, watching the agent's output stream in on
the run page, approving the change, and seeing the run complete with its pull request.

Every secret typed (the Anthropic key, the GitHub token, the webhook secret) is checked
to be nowhere in the page or in any request the page sent."""

from __future__ import annotations

import json
import re

import pytest
from playwright.async_api import Page, expect

from tests.console import ui
from tests.console.browser import NetworkLog, assert_never_shown, shoot
from tests.console.stack import EMAIL, REPO, Stack
from tests.fakes.llm_server import VALID_ANTHROPIC

pytestmark = pytest.mark.committing

STEPS = [
    "welcome",
    "owner_bootstrap",
    "provider_setup",
    "github_setup",
    "environment",
    "issue_bot",
    "import_project",
    "complete",
]
WEBHOOK_SECRET = "whsec-console-story-7f3a9c1e5b"
TASK = "Add a notes file describing the app"
PLAN = "1. Write AGENT_NOTES.md\n2. Run the tests"


async def onboard(page: Page, stack: Stack, test_name: str) -> None:
    """All eight steps of the wizard, as the owner types them."""
    await expect(page.get_by_test_id("onboarding-steps")).to_be_visible()
    for step in STEPS:
        await expect(page.get_by_test_id(f"onboarding-step-{step}")).to_be_visible()
    for step in STEPS:
        await ui.at_step(page, step)
        panel = page.get_by_test_id("onboarding-panel")
        if step == "welcome":
            checks = panel.get_by_test_id("onboarding-check")
            await expect(checks.first).to_be_visible()
            for status in await checks.evaluate_all("(els) => els.map((e) => e.dataset.status)"):
                assert status == "pass", await checks.all_text_contents()
        if step in ("provider_setup", "github_setup"):
            provider, value = (
                ("anthropic", VALID_ANTHROPIC)
                if step == "provider_setup"
                else ("github_pat", stack.pat)
            )
            await panel.get_by_test_id("field-provider").select_option(provider)
            await expect(panel.get_by_test_id("field-value")).to_have_attribute("type", "password")
            await panel.get_by_test_id("field-value").fill(value)
        if step == "environment":
            await panel.get_by_test_id("field-deployment_mode").select_option("local")
            await panel.get_by_test_id("field-default_environment").select_option("local")
            await panel.get_by_test_id("field-workspace_root").fill(str(stack.tmp / "workspaces"))
        if step == "issue_bot":
            await panel.get_by_test_id("field-default_policy").select_option("manual")
            await expect(panel.get_by_test_id("field-webhook_secret")).to_have_attribute(
                "type", "password"
            )
            await panel.get_by_test_id("field-webhook_secret").fill(WEBHOOK_SECRET)
        if step == "import_project":
            option = panel.locator(f'[data-testid="repo-option"][data-full-name="{REPO}"]')
            await option.click()
            await expect(panel.get_by_test_id("field-github_full_name")).to_have_value(REPO)
        await shoot(page, test_name, f"onboarding-{step}")
        await ui.save_step(page, step)
        if step in ("provider_setup", "github_setup", "issue_bot"):
            for field in await panel.locator('input[type="password"]').all():
                await expect(field).to_have_value("")  # write-only: cleared once sent
    await expect(page.get_by_test_id("onboarding-done")).to_be_visible()
    await shoot(page, test_name, "onboarding-done")


def assert_sealed(network: NetworkLog) -> None:
    """The credential calls carried ``sealed_value``, never a plain ``value``."""
    calls = []
    for body in network.rpc_bodies():
        decoded = json.loads(body)
        calls.extend(decoded if isinstance(decoded, list) else [decoded])
    stored = [c for c in calls if c["method"] == "setup.set_provider_credential"]
    assert {c["params"]["provider"] for c in stored} == {"anthropic", "github_pat"}, stored
    for c in stored:
        assert set(c["params"]) == {"provider", "sealed_value"}, c
    [issue_bot] = [
        c
        for c in calls
        if c["method"] == "setup.save_step" and c["params"]["payload"]["step"] == "issue_bot"
    ]
    assert "webhook_secret" not in issue_bot["params"]["payload"]
    assert issue_bot["params"]["payload"]["sealed_webhook_secret"]


async def test_first_run_to_a_shipped_pull_request(
    page: Page, network: NetworkLog, stack: Stack, test_name: str
) -> None:
    await page.goto("/")
    await expect(page.get_by_test_id("bootstrap-email")).to_be_visible()
    await shoot(page, test_name, "bootstrap")
    await ui.bootstrap(page)
    await expect(page).to_have_url(f"{stack.base_url}/#/onboarding")
    await onboard(page, stack, test_name)
    secrets = {
        "Anthropic key": VALID_ANTHROPIC,
        "GitHub token": stack.pat,
        "webhook secret": WEBHOOK_SECRET,
    }
    assert_sealed(network)
    await assert_never_shown(page, network, secrets)

    # The dashboard: the imported project, cloned.
    await page.get_by_test_id("nav-dashboard").click()
    row = page.get_by_test_id("project-row")
    await expect(row).to_have_attribute("data-clone-status", "ready")
    await shoot(page, test_name, "dashboard")
    await row.get_by_test_id("project-link").click()

    # The project: its tests, then a run of implement_task.
    await expect(page.get_by_test_id("project-name")).to_be_visible()
    await page.get_by_test_id("project-test-command").fill("test -f AGENT_NOTES.md")
    await page.get_by_test_id("project-save").click()
    await expect(page.get_by_test_id("project-saved")).to_be_visible()
    await shoot(page, test_name, "project")
    stack.llm.add_answers(PLAN)
    await page.get_by_test_id("start-run-definition").select_option("implement_task")
    await page.get_by_test_id("start-run-input-task_summary").fill(TASK)
    await page.get_by_test_id("start-run-submit").click()
    await expect(page).to_have_url(re.compile(r"#/runs/[0-9a-f-]{36}$"))
    await expect(page.get_by_test_id("run-workflow")).to_contain_text("implement_task")
    run_id = page.url.rsplit("/", 1)[-1]

    # The agent's output streams in, live, then the run asks for approval.
    await expect(page.get_by_test_id("stream-state")).to_have_text("live")
    output = page.get_by_test_id("run-output")
    said = output.get_by_test_id("output-line").filter(
        has_text="I will record the prompt in AGENT_NOTES.md."
    )
    await expect(said.first).to_have_attribute("data-step", "implement", timeout=120_000)
    await shoot(page, test_name, "run-streaming")
    await expect(page.get_by_test_id("run-status")).to_have_text(
        "awaiting_approval", timeout=120_000
    )
    approval = page.get_by_test_id("approval-panel")
    added = approval.locator('[data-testid="diff-line"][data-kind="add"]')
    await expect(added.filter(has_text=TASK).first).to_be_visible()
    await expect(approval.get_by_test_id("approval-tests")).to_contain_text("passed")
    await expect(approval.get_by_test_id("approval-route")).to_contain_text("cancel")
    await shoot(page, test_name, "run-approval")

    # Approved: the run ships a branch and opens a pull request on the (fake) GitHub.
    await approval.get_by_test_id("approve-button").click()
    await expect(page.get_by_test_id("run-status")).to_have_text("completed", timeout=120_000)
    [pull] = [p for (name, _), p in stack.gh.pulls.items() if name == REPO]
    link = page.get_by_test_id("run-pr-link")
    await expect(link).to_have_attribute("href", pull["html_url"])
    await expect(page.get_by_test_id("run-pr-status")).to_have_text("open")
    types = await page.get_by_test_id("timeline-item").evaluate_all(
        "(els) => els.map((e) => e.dataset.type)"
    )
    assert (types[0], types[-1]) == ("run_started", "run_completed"), types
    seqs = await page.get_by_test_id("timeline-item").evaluate_all(
        "(els) => els.map((e) => Number(e.dataset.seq))"
    )
    assert seqs == list(range(1, len(seqs) + 1)), seqs
    await expect(page.get_by_test_id("stream-gap")).to_have_count(0)
    await shoot(page, test_name, "run-completed")
    run = await stack.rpc("orchestration.get_run", {"run_id": run_id})
    assert run["status"] == "completed"

    # The agent's Forge session on its own page; the dashboard with the finished run.
    await page.locator('[data-testid="run-output"] a[href^="#/sessions/"]').first.click()
    await expect(page.get_by_test_id("session-phase")).to_have_text("completed")
    session_lines = page.get_by_test_id("session-output").get_by_test_id("output-line")
    await expect(session_lines.filter(has_text="I will record the prompt").first).to_be_visible()
    await shoot(page, test_name, "session")
    await page.go_back()
    await expect(page.get_by_test_id("run-status")).to_have_text("completed")
    await page.get_by_test_id("nav-dashboard").click()
    finished = page.locator(f'[data-testid="run-row"][data-run-id="{run_id}"]')
    await expect(finished).to_have_attribute("data-status", "completed")
    await shoot(page, test_name, "dashboard-after")
    await page.go_back()

    # The diff artifact opens as a diff; the settings page; and still no secret anywhere.
    diff = page.locator('[data-testid="artifact-item"][data-kind="diff"]').first
    await diff.click()
    view = page.get_by_test_id("artifact-view")
    await expect(view.locator('[data-testid="diff-line"][data-kind="add"]').first).to_be_visible()
    await shoot(page, test_name, "artifact-diff")
    await page.get_by_test_id("nav-settings").click()
    await expect(page.get_by_test_id("provider-row").first).to_be_visible()
    await shoot(page, test_name, "settings")
    await assert_never_shown(page, network, secrets)
    await expect(page.get_by_test_id("whoami")).to_have_text(EMAIL)

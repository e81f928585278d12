"""The steps the stories share, as an operator does them in the console (by test id)."""

from __future__ import annotations

from playwright.async_api import Page, expect

from tests.console.stack import EMAIL, PASSWORD, Stack


async def bootstrap(page: Page) -> None:
    """First run: create the owner on the bootstrap page; the console opens, signed in."""
    await page.goto("/")
    await page.get_by_test_id("bootstrap-email").fill(EMAIL)
    await page.get_by_test_id("bootstrap-password").fill(PASSWORD)
    await page.get_by_test_id("bootstrap-submit").click()
    await expect(page.get_by_test_id("whoami")).to_have_text(EMAIL)


async def sign_in(page: Page, password: str = PASSWORD) -> None:
    """Sign in on the sign-in page (the console must be showing it)."""
    await page.get_by_test_id("signin-email").fill(EMAIL)
    await page.get_by_test_id("signin-password").fill(password)
    await page.get_by_test_id("signin-submit").click()


async def signed_in(page: Page, stack: Stack) -> None:
    """The owner exists (made by API) and is signed in to the console (the cookie)."""
    await stack.bootstrap_owner()
    await page.goto("/")
    await sign_in(page)
    await expect(page.get_by_test_id("whoami")).to_have_text(EMAIL)


async def go(page: Page, route: str, ready_test_id: str) -> None:
    """Open ``#<route>`` and wait until ``ready_test_id`` is shown."""
    await page.goto(f"/#{route}")
    await expect(page.get_by_test_id(ready_test_id).first).to_be_visible()


async def at_step(page: Page, step: str) -> None:
    """The wizard shows ``step`` as the current one, saying what it checks and what to fix."""
    panel = page.get_by_test_id("onboarding-panel")
    await expect(panel).to_have_attribute("data-step", step)
    await expect(page.get_by_test_id(f"onboarding-step-{step}")).to_have_attribute(
        "data-state", "current"
    )
    await expect(panel.get_by_test_id("onboarding-checks-text")).not_to_be_empty()
    await expect(panel.get_by_test_id("onboarding-fix")).not_to_be_empty()


async def save_step(page: Page, step: str) -> None:
    """Save the shown step and wait until the wizard marks it done."""
    await page.get_by_test_id("onboarding-save").click()
    done = page.locator(f'[data-testid="onboarding-step-{step}"][data-state="done"]')
    error = page.get_by_test_id("onboarding-error")
    await expect(done.or_(error)).to_be_visible(timeout=120_000)
    if await error.is_visible():
        raise AssertionError(f"saving {step} failed: {await error.text_content()}")

"""The first run and the session cookie, in the browser: the bootstrap page refuses a short
password and then creates the owner (signed in at once, with an HttpOnly cookie no script
can read); sign-out ends the session; a wrong password is refused on the sign-in page;
the right one signs in again, and a reload keeps the session.

It also measures what the reviewer asked for: the bundle's size (gzip), and the time to
the dashboard's first render in a cold browser (no cache), from navigation start until
``dashboard-projects`` is in the page, by the browser's own clock."""

from __future__ import annotations

import gzip
import json
from typing import Any

import pytest
from playwright.async_api import Browser, BrowserContext, Page, expect

from rpc.console.serve import DIST
from tests.console import prepare, ui
from tests.console.browser import REPORT, shoot
from tests.console.stack import EMAIL, PASSWORD, Stack

pytestmark = pytest.mark.committing

# Installed before any of the page's scripts: the browser's clock when the dashboard's
# projects card, then its first row, enters the DOM.
MARK_RENDER = """
(() => {
  const marks = (window.__console_marks = {});
  const look = () => {
    if (marks.card === undefined && document.querySelector('[data-testid="dashboard-projects"]')) {
      marks.card = performance.now();
    }
    if (marks.rows === undefined && document.querySelector('[data-testid="project-row"]')) {
      marks.rows = performance.now();
    }
  };
  new MutationObserver(look).observe(document, { subtree: true, childList: true });
})();
"""
TIMINGS = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  const assets = performance.getEntriesByType("resource")
    .filter((r) => r.name.includes("/assets/"))
    .map((r) => ({ name: r.name, transfer: r.transferSize, encoded: r.encodedBodySize,
                   decoded: r.decodedBodySize }));
  return { marks: window.__console_marks, fcp: paint ? paint.startTime : null,
           dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, assets };
}"""


def kib(n: float) -> str:
    return f"{n / 1024:.1f} KiB"


def bundle_sizes() -> dict[str, tuple[int, int]]:
    """Each file of the bundle: its size and its gzip -9 size."""
    files = [DIST / "index.html", *sorted((DIST / "assets").iterdir())]
    out = {}
    for path in files:
        body = path.read_bytes()
        out[path.name] = (len(body), len(gzip.compress(body, compresslevel=9)))
    return out


async def measure_first_render(browser: Browser, context: BrowserContext, stack: Stack) -> None:
    """A cold browser (the owner's cookie, no cache) opens the dashboard."""
    state: Any = await context.storage_state()
    cold = await browser.new_context(base_url=stack.base_url, storage_state=state)
    try:
        page = await cold.new_page()
        await page.add_init_script(MARK_RENDER)
        await page.goto("/")
        await expect(page.get_by_test_id("project-row").first).to_be_visible()
        timings = await page.evaluate(TIMINGS)
    finally:
        await cold.close()
    marks = timings["marks"]
    REPORT.note(
        f"dashboard first render (cold cache, browser clock from navigation start): "
        f"dashboard-projects at {marks['card']:.0f} ms, its first project row at "
        f"{marks['rows']:.0f} ms; first contentful paint {timings['fcp'] or 0:.0f} ms; "
        f"DOMContentLoaded {timings['dcl']:.0f} ms"
    )
    sent = sum(a["encoded"] for a in timings["assets"])
    names = ", ".join(a["name"].rsplit("/", 1)[-1] for a in timings["assets"])
    REPORT.note(
        f"fetched for the dashboard: {names}: {kib(sent)} of gzip bodies "
        "(libsodium's chunk loads only when a secret is sealed)"
    )
    assert all(a["encoded"] < a["decoded"] for a in timings["assets"]), json.dumps(timings)


async def test_first_run_bootstrap_sign_out_and_sign_in_again(
    browser: Browser, context: BrowserContext, page: Page, stack: Stack, test_name: str
) -> None:
    await page.goto("/")
    await expect(page.get_by_test_id("bootstrap-password")).to_have_attribute("type", "password")
    await page.get_by_test_id("bootstrap-email").fill(EMAIL)
    await page.get_by_test_id("bootstrap-password").fill("short")
    await page.get_by_test_id("bootstrap-submit").click()
    await expect(page.get_by_test_id("bootstrap-error")).to_be_visible()
    await expect(page.get_by_test_id("bootstrap-password")).to_have_value("")
    await shoot(page, test_name, "bootstrap-refused")
    assert (await stack.call("setup.status", anonymous=True))["result"]["owner_exists"] is False

    await ui.bootstrap(page)
    [cookie] = [c for c in await context.cookies() if c.get("name") == "jidocode_session"]
    assert cookie.get("httpOnly") is True
    assert "jidocode_session" not in await page.evaluate("document.cookie")
    await shoot(page, test_name, "signed-in")

    await page.get_by_test_id("nav-signout").click()
    await expect(page.get_by_test_id("signin-email")).to_be_visible()
    assert not [c for c in await context.cookies() if c.get("name") == "jidocode_session"]
    await ui.sign_in(page, password="not the password")
    await expect(page.get_by_test_id("signin-error")).to_have_attribute(
        "data-kind", "unauthenticated"
    )
    await expect(page.get_by_test_id("signin-password")).to_have_value("")
    await shoot(page, test_name, "signin-refused")
    await ui.sign_in(page)
    await expect(page.get_by_test_id("whoami")).to_have_text(EMAIL)
    await page.reload()
    await expect(page.get_by_test_id("whoami")).to_have_text(EMAIL)
    await ui.go(page, "/", "dashboard-projects")
    await shoot(page, test_name, "dashboard-empty")
    await ui.go(page, "/no/such/page", "not-found")
    await shoot(page, test_name, "not-found")
    assert PASSWORD not in await page.content()


async def test_bundle_size_and_first_render_of_the_dashboard(
    browser: Browser, context: BrowserContext, page: Page, stack: Stack
) -> None:
    sizes = bundle_sizes()
    total_gzip = sum(z for _, z in sizes.values())
    parts = ", ".join(f"{name} {kib(raw)} (gzip {kib(z)})" for name, (raw, z) in sizes.items())
    REPORT.note(f"console bundle: {parts}; total gzip {kib(total_gzip)}")
    await prepare.ready(stack)
    await page.goto("/")
    await ui.sign_in(page)
    await expect(page.get_by_test_id("whoami")).to_have_text(EMAIL)
    await measure_first_render(browser, context, stack)

"""Fixtures of the console's browser stories: one Debian chromium for the session, a fresh
browser context (no cookies) and page per story, and the live stack (``stack.py``): a real
``jidocode serve`` with workers on the cleaned test database and the local fakes.

The terminal summary lists every screenshot saved and every measurement taken."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    ViewportSize,
    async_playwright,
    expect,
)

from rpc.settings import Settings
from tests.console.browser import REPORT, NetworkLog, launch, require_chromium
from tests.console.proxy import Proxy
from tests.console.stack import Stack, live_stack

TIMEOUT_MS = 30_000  # a bound on each wait, never a measurement
expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
async def playwright() -> AsyncIterator[Playwright]:
    """Playwright's driver (bundled in the wheel) for the session."""
    require_chromium()
    async with async_playwright() as p:
        yield p


@pytest.fixture(scope="session")
async def browser(playwright: Playwright) -> AsyncIterator[Browser]:
    """One headless Debian chromium for the session."""
    launched = await launch(playwright)
    try:
        yield launched
    finally:
        await launched.close()


FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Remember whether a story failed, so its server's log can be shown."""
    report = yield
    if report.when == "call" and report.failed:
        item.stash[FAILED] = True
    return report


@pytest.fixture
async def stack(
    settings: Settings, tmp_path: Path, clean: None, request: pytest.FixtureRequest
) -> AsyncIterator[Stack]:
    """The live server and its fakes, on tables emptied before and after; a failed
    story prints the end of the server's log."""
    async with live_stack(settings, tmp_path) as s:
        yield s
        if request.node.stash.get(FAILED, False):
            print(f"--- the end of {s.server.log_path}:\n{s.server.log_tail()}")


@pytest.fixture
async def proxy(stack: Stack) -> AsyncIterator[Proxy]:
    """A transparent proxy in front of the server (``proxy.py``)."""
    relay = await Proxy(stack.base_url).start()
    try:
        yield relay
    finally:
        await relay.close()


@pytest.fixture
def origin(stack: Stack) -> str:
    """Where the browser opens the console: the server itself (a module that needs to
    watch or cut the traffic overrides this with ``proxy.url``)."""
    return stack.base_url


@pytest.fixture
async def context(browser: Browser, origin: str) -> AsyncIterator[BrowserContext]:
    """A fresh browser context (no cookies, no storage) whose base URL is the console."""
    viewport: ViewportSize = {"width": 1280, "height": 900}
    ctx = await browser.new_context(base_url=origin, viewport=viewport)
    ctx.set_default_timeout(TIMEOUT_MS)
    try:
        yield ctx
    finally:
        await ctx.close()


@pytest.fixture
async def page(context: BrowserContext) -> AsyncIterator[Page]:
    """A page of the fresh context (closed with it). A story whose page broke the
    Content-Security-Policy or threw an uncaught error fails at its end."""
    opened = await context.new_page()
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            problems.append(f"CSP: {message.text}")

    opened.on("console", on_console)
    opened.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
    yield opened
    if problems:
        pytest.fail("the console page misbehaved:\n" + "\n".join(problems))


@pytest.fixture
def network(page: Page) -> NetworkLog:
    """Every request the page sends from now on."""
    return NetworkLog(page)


@pytest.fixture
def test_name(request: pytest.FixtureRequest) -> str:
    """The running test's name (the folder of its screenshots)."""
    return str(request.node.name)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Where the screenshots are and what was measured."""
    if not REPORT.screenshots and not REPORT.lines:
        return
    terminalreporter.section("console stories")
    for line in REPORT.lines:
        terminalreporter.write_line(line)
    for path in REPORT.screenshots:
        terminalreporter.write_line(f"screenshot: {path}")

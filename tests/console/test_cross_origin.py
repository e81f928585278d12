"""A page on another origin (a second local server, another port of the same host, so the
owner's ``SameSite=Strict`` cookie still rides along) tries to use the owner's console
session: to create an API key over ``/rpc`` and to read ``/rpc`` and ``/events``. The
server refuses every attempt that reaches it with ``forbidden``; the JSON call never
leaves the browser (its CORS preflight is never granted); nothing changes.

The console is opened through the transparent proxy (``proxy.py``), so the story sees
what the server answered even where the page was not allowed to read it. And on the
console's own origin, the browser enforces its Content-Security-Policy against injected
code."""

from __future__ import annotations

import contextlib
import json

import pytest
from playwright.async_api import BrowserContext, Page, expect
from playwright.async_api import Error as PlaywrightError

from domains.orchestration.repo_runs import RUNS_TOPIC
from tests.console import ui
from tests.console.attacker import attacker_site
from tests.console.browser import shoot
from tests.console.proxy import Proxy
from tests.console.stack import EMAIL, Stack

pytestmark = pytest.mark.committing


@pytest.fixture
def origin(proxy: Proxy) -> str:
    """The console through the proxy."""
    return proxy.url


async def test_a_cross_origin_page_cannot_use_the_owners_session(
    context: BrowserContext, page: Page, stack: Stack, proxy: Proxy, test_name: str
) -> None:
    await ui.signed_in(page, stack)
    [cookie] = [c for c in await context.cookies() if c.get("name") == "jidocode_session"]
    assert (cookie.get("httpOnly"), cookie.get("sameSite")) == (True, "Strict")
    assert "jidocode_session" not in await page.evaluate("document.cookie")
    keys_before = await stack.rpc("accounts.list_api_keys", {})

    evil = await context.new_page()
    async with attacker_site(proxy.url, RUNS_TOPIC) as url:
        elsewhere = url.removesuffix("/attack.html")
        assert elsewhere != proxy.url, "the attacker is on another origin"
        await evil.goto(url)
        await evil.locator("#done").wait_for(state="visible")
        results = json.loads(await evil.locator("#results").text_content() or "{}")
        await shoot(evil, test_name, "cross-origin-page")

    # What the page could read: nothing (an opaque answer, or a CORS failure).
    assert results["create_key_text_plain"]["type"] == "opaque", results
    assert results["create_key_text_plain"]["text"] == "", results
    assert results["create_key_json"]["outcome"] == "blocked", results
    assert results["read_me"]["outcome"] == "blocked", results
    assert results["read_events"]["type"] == "opaque", results

    # What reached the server carried the owner's cookie and the browser's own
    # Sec-Fetch-Site and Origin, and was refused with `forbidden`.
    attacks = [
        e for e in proxy.exchanges if e.method == "POST" and e.headers.get("Origin") == elsewhere
    ]
    assert [(e.method, json.loads(e.text)["method"]) for e in attacks] == [
        ("POST", "accounts.create_api_key"),
        ("POST", "accounts.me"),
    ], [e.text for e in attacks]
    for attack in attacks:
        assert "jidocode_session=" in attack.headers.get("Cookie", ""), attack.headers
        assert attack.headers.get("Sec-Fetch-Site") == "same-site", attack.headers
        assert attack.status == 200, attack.answer_text
        error = json.loads(attack.answer_text)["error"]
        assert error["data"]["kind"] == "forbidden", error
        assert EMAIL not in attack.answer_text
        assert "Access-Control-Allow-Origin" not in attack.headers
    # The JSON call: only its preflight left the browser, and was not granted.
    assert proxy.posts("stolen-json") == []
    [preflight] = [e for e in proxy.exchanges if e.method == "OPTIONS"]
    assert preflight.path_qs == "/rpc"
    assert preflight.status == 405
    # The stream: refused before it started.
    [stream] = [
        e
        for e in proxy.exchanges
        if e.path_qs.startswith("/events") and e.headers.get("Sec-Fetch-Site") == "same-site"
    ]
    assert "jidocode_session=" in stream.headers.get("Cookie", ""), stream.headers
    assert stream.status == 403, stream.answer_text
    assert json.loads(stream.answer_text)["kind"] == "forbidden"

    # Nothing changed, and the owner's own page still works with the same cookie.
    assert await stack.rpc("accounts.list_api_keys", {}) == keys_before
    await page.reload()
    await expect(page.get_by_test_id("whoami")).to_have_text(EMAIL)


async def test_the_policy_refuses_injected_code_in_the_browser(
    context: BrowserContext, stack: Stack
) -> None:
    """What an injection would try (an inline script, an inline style, a call to another
    origin) is refused by the browser under the console's Content-Security-Policy."""
    page = await context.new_page()
    refusals: list[str] = []
    page.on(
        "console",
        lambda m: refusals.append(m.text) if "Content Security Policy" in m.text else None,
    )
    await page.goto("/")
    await expect(page.get_by_test_id("bootstrap-email")).to_be_visible()
    with contextlib.suppress(PlaywrightError):
        await page.add_script_tag(content="document.title = 'injected'")
    with contextlib.suppress(PlaywrightError):
        await page.add_style_tag(content="body { display: none }")
    elsewhere = await page.evaluate(
        "fetch('http://127.0.0.1:9/steal').then(() => 'sent', (e) => 'refused: ' + e)"
    )
    assert elsewhere.startswith("refused"), elsewhere
    assert await page.title() == "JidoCode"
    assert await page.locator("body").is_visible()
    assert len(refusals) >= 3, refusals

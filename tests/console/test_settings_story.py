"""The settings page, in the browser, with secrets: a provider key typed, sealed, stored
and verified; the webhook secret replaced; an API key created (shown once, then never
again) and revoked; the secrets' metadata and audits; the schema and server versions.
No secret typed is ever in the page afterwards or in any request in clear."""

from __future__ import annotations

import asyncio
import re

import pytest
from playwright.async_api import Dialog, Page, expect

from rpc.inventory import INVENTORY_VERSION
from tests.console import prepare, ui
from tests.console.browser import NetworkLog, assert_never_shown, shoot
from tests.console.stack import Stack
from tests.fakes.llm_server import VALID_OPENAI

pytestmark = pytest.mark.committing

WEBHOOK_SECRET = "whsec-settings-story-41d2e8"


async def accept(dialog: Dialog) -> None:
    """Say yes to a confirmation the page asks for."""
    await dialog.accept()


async def me_with(stack: Stack, key: str) -> str:
    """``ok`` when ``accounts.me`` answers with ``key``, else the error's kind."""
    body = {"jsonrpc": "2.0", "id": 1, "method": "accounts.me"}
    headers = {"Authorization": f"Bearer {key}"}
    async with stack.http.post(f"{stack.base_url}/rpc", json=body, headers=headers) as resp:
        answer = await resp.json()
    return "ok" if "result" in answer else str(answer["error"]["data"]["kind"])


async def test_secrets_typed_in_settings_are_sealed_and_never_shown_again(
    page: Page, network: NetworkLog, stack: Stack, test_name: str
) -> None:
    await prepare.ready(stack)
    await page.goto("/")
    await ui.sign_in(page)
    await ui.go(page, "/settings", "provider-row")
    await shoot(page, test_name, "settings")

    # A provider key: write-only, sealed in the browser, verified against the fake.
    row = page.locator('[data-testid="provider-row"][data-provider="openai"]')
    field = row.get_by_test_id("provider-value")
    await expect(field).to_have_attribute("type", "password")
    await field.fill(VALID_OPENAI)
    await row.get_by_test_id("provider-save").click()
    await expect(field).to_have_value("")
    await expect(row.get_by_test_id("provider-status")).not_to_contain_text("not_set")
    await row.get_by_test_id("provider-verify").click()
    await expect(row.get_by_test_id("provider-status")).to_contain_text("active")
    stored = [b for b in network.rpc_bodies() if "setup.set_provider_credential" in b]
    assert stored, network.methods()
    assert all('"sealed_value"' in b and '"value"' not in b for b in stored), stored

    # The webhook secret, replaced the same way.
    secret_field = page.get_by_test_id("webhook-secret-input")
    await expect(secret_field).to_have_attribute("type", "password")
    await secret_field.fill(WEBHOOK_SECRET)
    await page.get_by_test_id("webhook-secret-save").click()
    await expect(page.get_by_test_id("webhook-secret-saved")).to_be_visible()
    await expect(secret_field).to_have_value("")
    sent = [b for b in network.rpc_bodies() if "github.set_webhook_secret" in b]
    assert sent, network.methods()
    assert all('"sealed_value"' in b for b in sent), sent

    # An API key: shown once, with its warning; it works; gone from the page once left.
    await page.get_by_test_id("apikey-name").fill("ci")
    await page.get_by_test_id("apikey-create").click()
    created = page.get_by_test_id("apikey-created")
    await expect(created).to_be_visible()
    found = re.search(r"jck_[A-Za-z0-9_-]+", await created.text_content() or "")
    assert found, await created.text_content()
    key = found.group(0)
    await shoot(page, test_name, "api-key-created")
    assert await me_with(stack, key) == "ok"
    await ui.go(page, "/", "dashboard-projects")
    await ui.go(page, "/settings", "apikey-list")
    assert key not in await page.content()
    await expect(page.get_by_test_id("apikey-created")).to_have_count(0)
    keys = page.get_by_test_id("apikey-row").filter(has_text="ci")
    await expect(keys).to_have_count(1)
    page.on("dialog", accept)  # "revoke this key?"
    await keys.get_by_test_id("apikey-revoke").click()
    for _ in range(300):
        if await me_with(stack, key) != "ok":
            break
        await asyncio.sleep(0.1)
    assert await me_with(stack, key) == "unauthenticated"

    # Secrets as metadata, their audits, and the versions.
    await expect(page.get_by_test_id("secret-row").first).to_be_visible()
    await expect(page.get_by_test_id("secret-audits")).to_be_visible()
    await expect(page.get_by_test_id("schema-version")).to_contain_text(str(INVENTORY_VERSION))
    await shoot(page, test_name, "settings-after")
    await assert_never_shown(
        page, network, {"OpenAI key": VALID_OPENAI, "webhook secret": WEBHOOK_SECRET}
    )
    assert key not in "\n".join(network.rpc_bodies()), "the API key was only ever received"

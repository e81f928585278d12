"""A run's live page while the server restarts (the same port, database and data
directory) as the run waits for approval: the page says ``reconnecting`` while nothing
listens, reconnects to the new process by itself, and follows the run to its end with
every event once and no gap."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect

from tests.console.browser import shoot
from tests.console.stack import Stack
from tests.console.test_stream_story import assert_whole, started_counting

pytestmark = pytest.mark.committing


async def test_a_server_restart_is_followed_through(
    page: Page, stack: Stack, test_name: str
) -> None:
    run_id = await started_counting(page, stack)
    state = page.get_by_test_id("stream-state")
    await expect(page.get_by_test_id("run-status")).to_have_text("awaiting_approval")

    await stack.server.stop()
    await expect(state).to_have_text("reconnecting")
    await shoot(page, test_name, "server-down")
    await stack.server.start()  # the same port, database and data directory
    await stack.rpc("orchestration.approve_run", {"run_id": run_id})
    await expect(page.get_by_test_id("run-status")).to_have_text("completed", timeout=60_000)
    await expect(state).to_have_text("live")
    await assert_whole(page)
    await shoot(page, test_name, "after-restart")

"""A run's live page when its event streams drop, in the browser: the streams are cut
mid-run (by the proxy in front of the server) and new ones refused for a while, as a
restarting server behind a reverse proxy does. The page says ``reconnecting``; everything
that happens meanwhile (the rest of the output, the approval, the end of the run) arrives
once the streams are let through again, resumed from the page's cursor
(``Last-Event-ID``): every line once, in order, no seq missing, no gap shown.

``started_counting`` and ``assert_whole`` serve ``test_restart_story`` too."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.async_api import Page, expect

from tests.console import prepare, ui
from tests.console.browser import shoot
from tests.console.proxy import Proxy
from tests.console.stack import Stack

pytestmark = pytest.mark.committing


@pytest.fixture
def origin(proxy: Proxy) -> str:
    """The console through the proxy (which can cut its streams)."""
    return proxy.url


async def started_counting(page: Page, stack: Stack) -> str:
    """Owner, project, the counting definition; a run of it started from the project page
    (its page open, live, the first lines shown); the run id."""
    project_id = await prepare.ready(stack)
    await prepare.define(stack, prepare.counting())
    await page.goto("/")
    await ui.sign_in(page)
    await ui.go(page, f"/projects/{project_id}", "start-run-definition")
    chooser = page.get_by_test_id("start-run-definition")
    await expect(chooser).to_have_value("implement_task")
    await chooser.select_option("count_slowly")
    await page.get_by_test_id("start-run-submit").click()
    await expect(page).to_have_url(re.compile(r"#/runs/[0-9a-f-]{36}$"))
    await expect(page.get_by_test_id("stream-state")).to_have_text("live")
    await expect(output_line(page, "line-3")).to_be_visible()
    return page.url.rsplit("/", 1)[-1]


def topic_of(path_qs: str) -> str | None:
    """The topic of a ``GET /events`` request (``None`` for anything else)."""
    if not path_qs.startswith("/events?"):
        return None
    return parse_qs(urlsplit(path_qs).query).get("topic", [None])[0]


def output_line(page: Page, text: str) -> Any:
    """The output line whose text is exactly ``[count] <text>``."""
    return page.get_by_test_id("output-line").filter(has_text=re.compile(rf"^\[count\] {text}$"))


async def assert_whole(page: Page) -> None:
    """Every line of the count once and in order; the timeline gapless to run_completed."""
    lines = await page.get_by_test_id("output-line").all_text_contents()
    counted = [
        line.removeprefix("[count] ") for line in lines if re.match(r"\[count\] line-", line)
    ]
    assert counted == [f"line-{i}" for i in range(1, prepare.COUNT_LINES + 1)], lines
    items = page.get_by_test_id("timeline-item")
    seqs = await items.evaluate_all("(els) => els.map((e) => Number(e.dataset.seq))")
    assert seqs == list(range(1, len(seqs) + 1)), seqs
    types = await items.evaluate_all("(els) => els.map((e) => e.dataset.type)")
    assert types[-1] == "run_completed", types
    await expect(page.get_by_test_id("stream-gap")).to_have_count(0)


async def test_dropped_streams_reconnect_and_resume_without_a_gap(
    page: Page, stack: Stack, proxy: Proxy, test_name: str
) -> None:
    run_id = await started_counting(page, stack)
    state = page.get_by_test_id("stream-state")

    proxy.refuse_events = True
    assert proxy.sever_events() >= 1  # the run's stream and the step's session stream
    await expect(state).to_have_text("reconnecting")
    # Meanwhile the run goes on: the count ends, the run asks, is approved, completes.
    await stack.wait_run(run_id, "awaiting_approval")
    await stack.rpc("orchestration.approve_run", {"run_id": run_id})
    await stack.wait_run(run_id, "completed")
    await expect(state).to_have_text("reconnecting")
    done = page.locator('[data-testid="timeline-item"][data-type="run_completed"]')
    await expect(done).to_have_count(0)  # nothing came while every stream was refused
    assert proxy.refused >= 1
    await shoot(page, test_name, "reconnecting")

    resumed_from = len(proxy.exchanges)
    proxy.refuse_events = False
    await expect(done).to_have_count(1)
    await expect(page.get_by_test_id("run-status")).to_have_text("completed")
    await expect(state).to_have_text("live")
    await assert_whole(page)
    # The streams open before the cut resumed from the page's cursor; a session that
    # started during the outage (the `finish` step's) is new to the page.
    before = {topic_of(e.path_qs) for e in proxy.exchanges[:resumed_from]} - {None}
    resumed = [e for e in proxy.exchanges[resumed_from:] if topic_of(e.path_qs) in before]
    assert {topic_of(e.path_qs) for e in resumed} >= {f"run:{run_id}"}, resumed
    for e in resumed:
        cursor = re.fullmatch(
            rf"{re.escape(topic_of(e.path_qs) or '')}@(\d+)", e.headers.get("Last-Event-ID", "")
        )
        assert cursor is not None, e.headers
        assert int(cursor.group(1)) > 0
    await shoot(page, test_name, "resumed")

"""Debian's chromium (``/usr/bin/chromium``) driven by Playwright, for the browser stories.

No browser is ever downloaded (``playwright install`` is never run): the launch names the
system's executable, headless, with the flags this machine's closed network needs, in a
fresh profile (Playwright makes a new empty user-data dir for every launch). When the
executable is missing the stories fail under ``CI`` (``scripts/test`` installs it as
root) and are skipped, with the reason, elsewhere.

``NetworkLog`` keeps every request a page sends (URL, headers, body) and every ``/rpc``
answer, so a story can prove a secret never crossed the wire in clear. ``shoot`` saves a
screenshot under ``tests/console/screenshots/<test>/`` and ``REPORT`` collects the paths
and measurements that the terminal summary prints.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, Playwright, Request, Response

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


def require_chromium() -> None:
    """Fail (under CI) or skip (elsewhere) when Debian's chromium is not installed."""
    if CHROMIUM.exists():
        return
    message = (
        f"{CHROMIUM} is missing: install Debian's chromium (`apt-get install chromium`; "
        "scripts/test does it as root). Playwright never downloads a browser here."
    )
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


async def launch(playwright: Playwright) -> Browser:
    """Headless Debian chromium in a fresh profile."""
    return await playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=ARGS, headless=True, chromium_sandbox=False
    )


@dataclass
class Report:
    """What the stories leave for a reviewer: screenshots and measurements."""

    screenshots: list[Path] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    def note(self, line: str) -> None:
        """A measurement line for the terminal summary (and the captured output)."""
        print(line)
        self.lines.append(line)


REPORT = Report()


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")[:120]


async def shoot(page: Page, test: str, label: str) -> Path:
    """A full-page screenshot at ``screenshots/<test>/<n>-<label>.png``; its path."""
    folder = SCREENSHOTS / _slug(test)
    folder.mkdir(parents=True, exist_ok=True)
    n = sum(1 for p in REPORT.screenshots if p.parent == folder) + 1
    path = folder / f"{n:02d}-{_slug(label)}.png"
    await page.screenshot(path=str(path), full_page=True)
    REPORT.screenshots.append(path)
    print(f"screenshot: {path}")
    return path


@dataclass(frozen=True)
class Sent:
    """One request a page sent."""

    method: str
    url: str
    headers: dict[str, str]
    body: str | None


class NetworkLog:
    """Every request of a page (and the text of every ``/rpc`` answer) from now on."""

    def __init__(self, page: Page) -> None:
        self.sent: list[Sent] = []
        self.answers: list[str] = []
        page.on("request", self._request)
        page.on("response", self._response)

    def _request(self, request: Request) -> None:
        body = request.post_data_buffer
        self.sent.append(
            Sent(
                request.method,
                request.url,
                dict(request.headers),
                body.decode("utf-8", "replace") if body is not None else None,
            )
        )

    async def _response(self, response: Response) -> None:
        if not response.url.endswith("/rpc"):
            return  # an event stream never ends; assets are not ours to search
        try:
            self.answers.append(await response.text())
        except Exception as exc:  # the page went away first: nothing was received
            self.answers.append(f"<unread: {type(exc).__name__}>")

    def rpc_bodies(self) -> list[str]:
        """The bodies of the ``POST /rpc`` requests, in order."""
        return [s.body or "" for s in self.sent if s.method == "POST" and s.url.endswith("/rpc")]

    def methods(self) -> list[str]:
        """The JSON-RPC method names sent, in order (a batch's in its order)."""
        return re.findall(r'"method"\s*:\s*"([^"]+)"', "\n".join(self.rpc_bodies()))

    def everything(self) -> str:
        """All of it as one text: URLs, headers, bodies and ``/rpc`` answers."""
        parts: list[str] = []
        for s in self.sent:
            parts.extend([s.method, s.url, *(f"{k}: {v}" for k, v in s.headers.items())])
            parts.append(s.body or "")
        parts.extend(self.answers)
        return "\n".join(parts)


# Everything of a page a secret could hide in: its markup, its text, every field's
# current value, and both storages.
_PAGE_TEXT = """() => [
  document.documentElement.outerHTML,
  document.body ? document.body.innerText : "",
  ...Array.from(document.querySelectorAll("input, textarea, select")).map((e) => e.value),
  JSON.stringify(Object.entries(localStorage)),
  JSON.stringify(Object.entries(sessionStorage)),
].join("\\n")"""


async def assert_never_shown(page: Page, network: NetworkLog, secrets: dict[str, str]) -> None:
    """No secret is in the page (DOM, text, field values, storage) or in any request
    the page sent or ``/rpc`` answer it got."""
    shown = await page.evaluate(_PAGE_TEXT)
    wire = network.everything()
    for name, secret in secrets.items():
        assert secret not in shown, f"the {name} is in the page"
        assert secret not in wire, f"the {name} crossed the network in clear"

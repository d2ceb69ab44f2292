"""The web privacy policy in a real browser (Debian's headless Chromium): readable without
sideways scrolling on a 375 px phone and on a 1280 px desktop, and loading nothing but itself.

Chromium is driven over its DevTools pipe (--remote-debugging-pipe): the viewport is set
exactly (a plain --window-size is held to at least 500 px by the browser), every request the
page makes is recorded, and the widths are measured in the page, whose file stays untouched.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.reports.privacy_policy import export_policy
from app.services.organisations import add_organisation
from app.storage.workspace import Workspace
from tests.app.test_policy_register import build_full_register
from tests.reports.test_privacy_policy import HOSTILE

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
MEASURE = """JSON.stringify({
  scrollWidth: document.documentElement.scrollWidth,
  clientWidth: document.documentElement.clientWidth,
  widest: Math.max(...[...document.querySelectorAll("main *")].map(
    (e) => e.getBoundingClientRect().right)),
  table: document.querySelector("table").getBoundingClientRect().right,
  tableDisplay: getComputedStyle(document.querySelector("table tr")).display,
})"""

_LAUNCHER = """
import fcntl, os, sys
# Out of the way first (either pipe may already sit on 3 or 4), then onto 3 and 4.
moved = [fcntl.fcntl(int(fd), fcntl.F_DUPFD, 10) for fd in sys.argv[1:3]]
for fd in sys.argv[1:3]:
    os.close(int(fd))
for target, fd in zip((3, 4), moved):
    os.dup2(fd, target)
    os.close(fd)
os.execv(sys.argv[3], sys.argv[3:])
"""

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium package at /usr/bin/chromium"
)


class Chromium:
    """A headless Chromium and its DevTools pipe (JSON messages, each ended by a NUL)."""

    def __init__(self, profile: Path) -> None:
        to_browser, self._writer = os.pipe()
        self._reader, from_browser = os.pipe()
        # Chromium reads fd 3 and writes fd 4. A small Python launcher moves the pipes there
        # (not preexec_fn, which is unsafe with the threads Qt tests leave running).
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                _LAUNCHER,
                str(to_browser),
                str(from_browser),
                str(CHROMIUM),
                *FLAGS,
                f"--user-data-dir={profile}",
                "--remote-debugging-pipe",
            ],
            pass_fds=(to_browser, from_browser),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._writer, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + 60
        while True:
            reply = self._receive(deadline)
            if reply.get("id") == self._next_id:
                assert "error" not in reply, reply["error"]
                return dict(reply.get("result", {}))
            self.events.append(reply)

    def wait_for(self, method: str) -> None:
        deadline = time.monotonic() + 60
        while not any(event.get("method") == method for event in self.events):
            self.events.append(self._receive(deadline))

    def _receive(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            assert left > 0, "Chromium did not answer in time"
            ready, _w, _x = select.select([self._reader], [], [], left)
            if ready:
                chunk = os.read(self._reader, 1 << 16)
                assert chunk, "Chromium closed its pipe"
                self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return dict(json.loads(raw))

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except AssertionError:
            self.process.kill()
        self.process.wait(timeout=30)
        os.close(self._writer)
        os.close(self._reader)


def open_page(profile: Path, page: Path, width: int) -> tuple[dict[str, Any], list[str]]:
    """The page's measurements at `width` CSS pixels, and every URL it requested."""
    browser = Chromium(profile)
    try:
        target = browser.call("Target.createTarget", url="about:blank")["targetId"]
        session = browser.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        browser.call("Network.enable", session)
        browser.call("Page.enable", session)
        browser.call(
            "Emulation.setDeviceMetricsOverride",
            session,
            width=width,
            height=800,
            deviceScaleFactor=1,
            mobile=width < 600,
        )
        browser.call("Page.navigate", session, url=page.as_uri())
        browser.wait_for("Page.loadEventFired")
        result = browser.call("Runtime.evaluate", session, expression=MEASURE, returnByValue=True)
        requests = [
            event["params"]["request"]["url"]
            for event in browser.events
            if event.get("method") == "Network.requestWillBeSent"
        ]
        return json.loads(result["result"]["value"]), requests
    finally:
        browser.close()


@pytest.fixture(scope="module")
def web_page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The full register's policy, with hostile text in every field, as a web page."""
    folder = tmp_path_factory.mktemp("web")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PRIVACY_WORKBENCH_HOME", str(folder / "home"))
        workspace = Workspace.create(folder / "w.pwb")
        try:
            add_organisation(workspace, {"legal_name": "Acme Online SAS", "country": "FR"})
            build_full_register(workspace, hostile=HOSTILE)
            yield export_policy(workspace, folder / "policy.html").path
        finally:
            workspace.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_the_page_fits_the_screen_and_loads_nothing(
    web_page: Path, tmp_path: Path, width: int
) -> None:
    measured, requests = open_page(tmp_path / "profile", web_page, width)
    assert requests == [web_page.as_uri()]  # the page itself, and nothing else
    assert measured["clientWidth"] <= width
    assert measured["scrollWidth"] <= measured["clientWidth"], measured  # no sideways scroll
    assert measured["widest"] <= measured["clientWidth"] + 0.5, measured
    assert measured["table"] <= measured["clientWidth"] + 0.5, measured
    # On a phone each summary row is a card; on a desktop, a table row.
    assert measured["tableDisplay"] == ("block" if width < 600 else "table-row")

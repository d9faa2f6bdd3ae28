"""Debian's Chromium driven by Playwright, for the tests that need a real browser."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("HOGSHEAD_CHROMIUM", "/usr/bin/chromium"))
SENTINEL_HOST = "xss.invalid"


def chromium_or_skip():
    """Without Chromium, CI (`HOGSHEAD_REQUIRE_BROWSER=1`, set by .ci/run) fails; a laptop skips."""
    if CHROMIUM.exists() or shutil.which(str(CHROMIUM)):
        return str(CHROMIUM)
    message = f"Chromium not found at {CHROMIUM}: apt-get install chromium"
    if os.environ.get("HOGSHEAD_REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)


class TripWire:
    """Records anything a page does that only injected script would do."""

    def __init__(self, page, origin):
        self.page = page
        self.origin = origin
        self.events = []
        page.on("dialog", self._on_dialog)
        page.route("**/*", self._route)

    def _on_dialog(self, dialog):
        self.events.append(f"dialog: {dialog.type} {dialog.message!r}")
        dialog.dismiss()

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.origin):
            route.continue_()
            return
        if SENTINEL_HOST in url or url.startswith(("javascript:", "data:text/html")):
            self.events.append(f"request: {url}")
        route.abort()

    def visit(self, path):
        self.page.goto(self.origin + path, wait_until="load")
        if self.page.evaluate("() => window.__xss === 1"):
            self.events.append(f"window.__xss set on {path}")
        return self.page

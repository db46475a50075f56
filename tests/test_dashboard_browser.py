"""The dashboard in a real browser: Debian's chromium driven by playwright (``make test-browser``).

Starts ``cxsim dashboard`` on a free loopback port, loads the page, switches
placement, steps a few weeks and checks that the displayed metrics change, that
no error is shown and that every front-end file came from the local cache (the
server log never says "Could not load URL"). Saves a screenshot in
``tests/output/`` (git-ignored) and stops the server it started.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
OUTPUT = ROOT / "tests" / "output"
PAGE_TIMEOUT_MS = 60_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_http(url: str, server: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"the dashboard server exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"the dashboard did not answer at {url} within {timeout:.0f} s")


@pytest.fixture
def dashboard(tmp_path):
    """A dashboard server on a free loopback port; yields (url, log path); stops it afterwards."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: `make test-browser` installs it with apt-get")
        pytest.skip(f"{CHROMIUM} is not installed (make chromium)")
    pytest.importorskip("playwright")
    port = _free_port()
    log_path = tmp_path / "server.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "sim", "dashboard", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so stopping it stops only what this test started
        )
    try:
        url = f"http://127.0.0.1:{port}/"
        _wait_for_http(url, server)
        yield url, log_path
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=5)


def _metrics(page) -> str:
    return "\n".join(page.locator(".cx-metrics").all_inner_texts())


def test_dashboard_in_a_browser_steps_a_new_placement_without_errors(dashboard):
    from playwright.sync_api import expect, sync_playwright

    url, log_path = dashboard
    started = time.monotonic()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic"]
        )
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 1100})
            page.set_default_timeout(PAGE_TIMEOUT_MS)
            page.goto(url)
            expect(page.get_by_text("Step: 0")).to_be_visible()
            expect(page.locator(".cx-metrics").first).to_contain_text("marketing:")
            before = _metrics(page)

            # Change the placement: a new run starts under service.
            page.locator(".v-select").filter(has_text="Placement A").click()
            page.locator(".menuable__content__active .v-list-item").filter(
                has_text=re.compile(r"^\s*service\s*$")
            ).click()
            expect(page.locator(".cx-metrics").first).to_contain_text("service:")
            expect(page.get_by_text("Step: 0")).to_be_visible()
            at_start = _metrics(page)

            step = page.get_by_role("button", name="Step")
            for week in range(1, 6):
                step.click()
                expect(page.get_by_text(f"Step: {week}", exact=True)).to_be_visible()
            expect(page.locator(".cx-week")).to_contain_text("Week 5 of 260")
            after = _metrics(page)

            OUTPUT.mkdir(parents=True, exist_ok=True)
            shot = OUTPUT / "dashboard.png"
            page.screenshot(path=str(shot), full_page=True)
            shutil.copy(shot, log_path.with_name("dashboard.png"))

            assert before.startswith("marketing:") and at_start.startswith("service:")
            assert after != at_start, "the displayed metrics did not change after five steps"
            assert page.locator(".cx-error").count() == 0, page.locator(".cx-error").all_inner_texts()
            assert page.locator(".v-alert.error").count() == 0
        finally:
            browser.close()
    log = log_path.read_text(encoding="utf-8", errors="replace")
    assert "Could not load URL" not in log, "a front-end file was fetched from the internet:\n" + log[-2000:]
    assert "Traceback" not in log, log[-3000:]
    assert time.monotonic() - started < 60

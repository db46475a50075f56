"""The dashboard in a real browser, the way a student uses it: Debian's chromium driven by playwright.

``make test-browser`` runs this. One server (``cxsim dashboard`` on a free
loopback port, started outside the repository, as a teacher might) serves the
whole path: pick a lesson, move a slider, Reset, Play to week 30, switch lesson
during Play, switch placement during Play, type a bad seed, download the data,
open a second tab. Each step asserts what the page shows and leaves a
screenshot in ``tests/output/`` (git-ignored).

The server is given a fake CDN on this machine and a fresh Solara home, and the
browser records every request: the test fails if anything was fetched from
outside the server, i.e. if any front-end file was missing from the offline
cache ``make`` fills.
"""

from __future__ import annotations

import http.server
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import ClassVar

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
OUTPUT = ROOT / "tests" / "output"
TIMEOUT_MS = 30_000
WIDE, NARROW = {"width": 1366, "height": 768}, {"width": 1024, "height": 768}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Recorder(http.server.BaseHTTPRequestHandler):
    """A fake CDN: answers 404 and remembers what the server tried to fetch."""

    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


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


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory):
    """A dashboard server started outside the repository; yields (url, log path, CDN hits); stops it afterwards."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: `make test-browser` installs it with apt-get")
        pytest.skip(f"{CHROMIUM} is not installed (make chromium)")
    pytest.importorskip("playwright")
    tmp = tmp_path_factory.mktemp("dashboard")
    cdn = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=cdn.serve_forever, daemon=True).start()
    _Recorder.hits = []
    env = dict(os.environ)
    env.pop("PYTEST_CURRENT_TEST", None)  # Solara skips its online "first run" check under pytest
    env["SOLARA_HOME"] = str(tmp / "solara-home")  # a first launch, as on a fresh machine
    env["SOLARA_ASSETS_CDN"] = f"http://127.0.0.1:{cdn.server_port}/npm/"
    port = _free_port()
    log_path = tmp / "server.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "sim", "dashboard", "--host", "127.0.0.1", "--port", str(port)],
            cwd=tmp,  # not the repository: scenarios must be found beside the package
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so stopping it stops only what this test started
        )
    try:
        url = f"http://127.0.0.1:{port}/"
        _wait_for_http(url, server)
        yield url, log_path, _Recorder.hits
    finally:
        cdn.shutdown()
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=5)


@pytest.fixture(scope="module")
def browser(dashboard):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic"]
        )
        try:
            yield chromium
        finally:
            chromium.close()


class Student:
    """One browser tab on the dashboard, with the moves a student makes."""

    def __init__(self, page, url: str, outside: list[str]) -> None:
        self.page = page
        page.set_default_timeout(TIMEOUT_MS)
        origin = url.rstrip("/")
        page.on(
            "request",
            lambda r: outside.append(r.url) if not r.url.startswith((origin, "blob:", "data:")) else None,
        )
        page.goto(url)
        self.expect(".cx-week", "Week 0 of")

    def expect(self, selector: str, text: str | re.Pattern):
        from playwright.sync_api import expect

        expect(self.page.locator(selector).first).to_contain_text(text)

    def gone(self, selector: str) -> None:
        from playwright.sync_api import expect

        expect(self.page.locator(selector)).to_have_count(0)

    def shot(self, name: str) -> None:
        OUTPUT.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(OUTPUT / f"dashboard-{name}.png"))

    def pick(self, picker: str, item: str) -> None:
        self.page.locator(f".{picker}").click()
        self.page.locator(".menuable__content__active .v-list-item").filter(has_text=item).first.click()

    def button(self, name: str):
        return self.page.get_by_role("button", name=name, exact=True)

    def week(self) -> int:
        return int(re.search(r"Week (\d+) of", self.page.locator(".cx-week").inner_text()).group(1))

    def play_until(self, week: int) -> None:
        self.button("Play").click()
        deadline = time.monotonic() + 60
        while self.week() < week:
            assert time.monotonic() < deadline, f"Play did not reach week {week} (at {self.week()})"
            time.sleep(0.1)
        self.button("Pause").click()
        self.expect(".cx-week", "(paused)")

    def selected(self, picker: str) -> str:
        return self.page.locator(f".{picker} .v-select__selection").inner_text()

    def above_the_fold(self, *names: str) -> None:
        height = self.page.viewport_size["height"]
        for name in names:
            box = self.button(name).bounding_box()
            assert box is not None and box["y"] + box["height"] <= height, f"{name} is below the fold"

    def chart_uncovered(self) -> None:
        covered = self.page.evaluate(
            """() => {
                const img = document.querySelector('img.cx-chart');
                const r = img.getBoundingClientRect();
                const points = [[r.left + 5, r.bottom - 5], [r.right - 5, r.bottom - 5], [(r.left + r.right) / 2, (r.top + r.bottom) / 2]];
                return points.filter(([x, y]) => y < window.innerHeight && document.elementFromPoint(x, y) !== img).length;
            }"""
        )
        assert covered == 0, "something covers the chart"


def test_a_student_works_through_the_lessons(dashboard, browser):
    url, log_path, cdn_hits = dashboard
    outside: list[str] = []
    context = browser.new_context(viewport=WIDE, accept_downloads=True)
    me = Student(context.new_page(), url, outside)
    page = me.page

    # The page on a 1366x768 projector: controls above the fold, nothing over the charts, no Solara badge.
    me.above_the_fold("Reset", "Play", "Step")
    me.chart_uncovered()
    assert page.get_by_text("runs on Solara").count() == 0
    me.shot("1-open")

    # Pick a lesson: its placements (by display name) and its horizon.
    me.pick("cx-pick-scenario", "CEO overlay")
    me.expect(".cx-week", "Week 0 of 416")
    assert me.selected("cx-pick-a") == "CEO-led overlay"
    assert me.selected("cx-pick-b") == "Marketing (mid-level manager)"
    me.expect(".cx-lesson-body", "The CEO overlay and what remains after it")
    lesson = page.locator(".cx-lesson-body").inner_text()
    assert lesson.count("Question.") == 1 and "ceo_overlay" not in lesson
    me.expect(".cx-gap", "B − A")

    # Move a slider: its value shows, and the page says Reset will apply it.
    slider = page.locator(".cx-slider-followup_discipline_pct [role=slider]")
    slider.focus()
    for _ in range(3):
        page.keyboard.press("ArrowLeft")
    me.expect(".cx-lever:has(.cx-slider-followup_discipline_pct) .cx-lever-value", "70")
    me.expect(".cx-pending-note", "Follow-up discipline (% of updates sent) 85 → 70")
    me.shot("2-slider")

    # Reset keeps the lesson, both placements, the horizon and the slider.
    me.button("Reset").click()
    me.gone(".cx-pending-note")
    me.expect(".cx-week", "Week 0 of 416")
    assert (me.selected("cx-pick-a"), me.selected("cx-pick-b")) == ("CEO-led overlay", "Marketing (mid-level manager)")
    me.expect(".cx-lever:has(.cx-slider-followup_discipline_pct) .cx-lever-value", "70")
    me.expect(".cx-lesson-body", "The CEO overlay")

    # Play to week 30: the week and the chart move on; Reset keeps that run as a faded line.
    first = page.locator("img.cx-chart").get_attribute("src")
    me.play_until(30)
    assert page.locator("img.cx-chart").get_attribute("src") != first
    me.shot("3-week30")
    me.button("Reset").click()
    me.expect(".cx-previous", "Faded: the run before Reset")
    me.expect(".cx-week", "Week 0 of 416")

    # Switch lesson during Play: Play stops and the new run starts at week 0, then plays on.
    me.button("Play").click()
    me.expect(".cx-week", "(playing)")
    me.pick("cx-pick-scenario", "10% operating-spend")
    me.expect(".cx-week", "Week 0 of 260 (paused)")
    me.expect(".cx-notice", "Play stopped")
    assert me.selected("cx-pick-b") == "Marketing with budget"
    me.shot("4-lesson-switched")
    me.play_until(3)

    # Switch placement A during Play: the same.
    me.button("Play").click()
    me.expect(".cx-week", "(playing)")
    me.pick("cx-pick-a", "Customer service (director)")
    me.expect(".cx-week", "Week 0 of 260 (paused)")
    me.expect(".cx-metrics", "A · Customer service (director)")
    me.play_until(3)
    me.shot("5-placement-switched")

    # A bad seed: the message at the seed box, nowhere else; Reset keeps the run and Play stays usable.
    week = me.week()
    page.locator(".cx-seed input").fill("twelve")
    me.expect(".cx-seed .v-messages__message", "not a seed")
    me.button("Reset").click()
    me.expect(".cx-notice", "valid seed")
    assert me.week() == week and me.button("Play").is_enabled()
    assert page.locator(".cx-error").count() == 0 and page.locator(".v-alert.error").count() == 0
    me.shot("6-bad-seed")
    page.locator(".cx-seed input").fill("7")
    me.button("Reset").click()
    me.expect(".cx-week", "Week 0 of 260")

    # Each chart tab shows its own chart.
    for name, kind, width in (("Pipeline", "pipeline", 840), ("Organisation", "organisation", 1200)):
        page.get_by_role("tab", name=name).click()
        page.wait_for_function(
            "([kind, width]) => document.querySelector('img.cx-chart-' + kind)?.naturalWidth === width",
            arg=[kind, width],
        )
    me.shot("6b-organisation")

    # The teacher's take-away: the weekly data as CSV.
    page.get_by_role("tab", name="Summary and export").click()
    me.expect(".cx-summary", "So far: week 0 of 260")
    with page.expect_download() as download:
        page.get_by_role("button", name="Weekly data (CSV)").click()
    csv = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert csv[0].startswith("role,placement,placement_label,seed,week,") and csv[1].startswith("A,service,")

    # A second tab has its own run.
    other = Student(context.new_page(), url, outside)
    other.expect(".cx-week", "Week 0 of 260")
    other.button("Step").click()
    other.expect(".cx-week", "Week 1 of 260")
    assert other.selected("cx-pick-a") == "Marketing (mid-level manager)"
    assert me.selected("cx-pick-a") == "Customer service (director)" and me.week() == 0
    other.shot("7-second-tab")

    # At 1024x768 the controls stay in view too.
    page.set_viewport_size(NARROW)
    page.get_by_role("tab", name="Over time").click()
    me.above_the_fold("Reset", "Play", "Step")
    me.shot("8-1024x768")
    context.close()

    log = log_path.read_text(encoding="utf-8", errors="replace")
    assert cdn_hits == [], f"the server fetched front-end files from the network: {cdn_hits}"
    assert outside == [], f"the page loaded something from outside the server: {outside}"
    assert "Could not load URL" not in log, log[-2000:]
    assert "Traceback" not in log, log[-3000:]

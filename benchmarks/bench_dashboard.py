"""Dashboard speed and memory in headless Chromium: the figures quoted in the README.

    .venv/bin/python benchmarks/bench_dashboard.py             # speed, switch, memory (about 3 minutes)
    .venv/bin/python benchmarks/bench_dashboard.py --seeds     # also time the "20 seeds" view

Starts ``cxsim dashboard`` on a free loopback port with its default settings
(play speed, Solara session culling), drives it with Debian's chromium through
playwright at 1366x768, and prints:

* **speed** - a side-by-side lesson (the 10% lever: marketing against
  marketing with budget) at the default speed and at "as fast as it can
  draw": seconds from pressing Play until the page shows week 100, and how
  many distinct chart frames the browser received meanwhile;
* **switch** - choosing another lesson during Play: seconds until the page
  shows the new run at week 0, and until it shows week 5 after Play;
* **memory** - the server's resident memory (VmRSS) at start, idle (after one
  tab played a little, showed every chart once and closed, so imports and
  caches are loaded), with tabs open (played to week 100, one after another,
  then three at once) and after they closed, as a ratio to idle; and again
  after the speed, switch and 20-seed tab closed;
* **charts** (in this process, no browser) - milliseconds per frame of each
  chart at week 100 of that lesson: updated in place, as the page does, against
  built from scratch every frame;
* optionally, **20 seeds** - seconds until the 20-seed bands of that lesson
  appear (40 runs of 260 weeks in worker processes).

Figures, not assertions: the test suite has no timed tests. The machine's load
average is printed with them, since other work on the same cores slows both.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
LESSON = "10% operating-spend"
OTHER = "CEO overlay"
SETTLE_SECONDS = 6.0  # after a tab closes: Solara closes its session, the dashboard collects and trims


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def start_server(workdir: Path) -> tuple[subprocess.Popen, str]:
    """``cxsim dashboard`` on a free port, started outside the repository; returns (process, url)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = (workdir / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "sim", "dashboard", "--port", str(port)],
        cwd=workdir,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/"
    for _ in range(300):
        try:
            urllib.request.urlopen(url, timeout=2)
            return server, url
        except OSError:
            time.sleep(0.3)
    raise SystemExit("the dashboard did not start; see " + str(workdir / "server.log"))


class Tab:
    """One browser tab on the dashboard."""

    def __init__(self, browser, url: str) -> None:
        self.page = browser.new_page(viewport={"width": 1366, "height": 768})
        self.page.set_default_timeout(120_000)
        self.page.goto(url)
        self.page.locator(".cx-week").filter(has_text="Week 0 of").wait_for()

    def week(self) -> int:
        return int(re.search(r"Week (\d+) of", self.page.locator(".cx-week").inner_text()).group(1))

    def pick(self, picker: str, item: str) -> None:
        self.page.locator(f".{picker}").click()
        self.page.locator(".menuable__content__active .v-list-item").filter(has_text=item).first.click()

    def button(self, name: str):
        return self.page.get_by_role("button", name=name, exact=True)

    def play_to(self, week: int) -> tuple[float, int]:
        """Press Play, wait until the page shows ``week``, pause; (seconds, distinct chart frames seen)."""
        chart = self.page.locator("img.cx-chart").first
        frames, last = 0, chart.get_attribute("src")
        start = time.monotonic()
        self.button("Play").click()
        while self.week() < week:
            src = chart.get_attribute("src")
            if src != last:
                frames, last = frames + 1, src
            time.sleep(0.02)
        seconds = time.monotonic() - start
        if self.button("Pause").count():  # at full speed the run may already have finished
            self.button("Pause").click()
        self.page.locator(".cx-week").filter(has_text=re.compile("paused|finished")).wait_for()
        return seconds, frames

    def speed(self, label: str) -> None:
        self.pick("cx-speed", label)

    def close(self) -> None:
        self.page.close(run_before_unload=True)


def chart_costs(frames: int = 20) -> None:
    """Milliseconds per frame of each chart, updated in place and rebuilt, at week 100 of the lesson."""
    from sim.dashboard import figures, readout
    from sim.dashboard.lessons import choices
    from sim.dashboard.session import DashboardRun

    choice = next(c for c in choices() if LESSON in c.label)
    run = DashboardRun(choice.path, compare=choice.lesson.compare)
    for _ in range(100):
        run.step()
    print(f"\ncharts ({LESSON} lesson at week 100, ms per frame: updated in place / built from scratch)")
    for make in (figures.TimeSeriesChart, figures.PipelineChart, figures.LoyaltyChart, figures.OrganisationChart):
        kept = make()
        kept.update(readout.read(run))
        kept.png()
        timings = []
        for fresh in (False, True):
            start = time.perf_counter()
            for _ in range(frames):
                run.step()
                chart = make() if fresh else kept
                chart.update(readout.read(run))
                chart.png()
            timings.append(1000 * (time.perf_counter() - start) / frames)
        print(f"  {make.__name__:<18} {timings[0]:6.0f} / {timings[1]:6.0f}")
    run.release()


def memory(browser, url: str, pid: int, idle: float, start_rss: float, args: argparse.Namespace) -> None:
    """Tabs one after another, then several at once: the server's memory open and after they closed."""
    print(f"\nmemory (server VmRSS, MB): at start {start_rss:.0f}, idle {idle:.0f}")
    for i in range(args.cycles):
        tab = Tab(browser, url)
        tab.pick("cx-pick-scenario", LESSON)
        tab.play_to(100)
        open_rss = rss_mb(pid)
        tab.close()
        time.sleep(SETTLE_SECONDS)
        closed = rss_mb(pid)
        print(f"  tab {i + 1} at week 100: {open_rss:.0f}; closed: {closed:.0f} ({closed / idle:.2f} x idle)")
    tabs = []
    for _ in range(args.together):
        tab = Tab(browser, url)
        tab.pick("cx-pick-scenario", LESSON)
        tab.play_to(100)
        tabs.append(tab)
    together = rss_mb(pid)
    for tab in tabs:
        tab.close()
    time.sleep(SETTLE_SECONDS + 2)
    closed = rss_mb(pid)
    print(
        f"  {args.together} tabs open at week 100: {together:.0f}; all closed: {closed:.0f} ({closed / idle:.2f} x idle)"
    )


def main() -> None:
    """Run the measurements and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--weeks", type=int, default=100, help="weeks to play in the speed test (default 100)")
    parser.add_argument("--cycles", type=int, default=4, help="tabs opened, played and closed one after another")
    parser.add_argument("--together", type=int, default=3, help="tabs open at the same time")
    parser.add_argument("--seeds", action="store_true", help="also time the 20-seed view")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from sim.cli.dashboard import CULL_TIMEOUT
    from sim.dashboard.controller import DEFAULT_SPEED

    print(f"cxsim dashboard benchmark - {platform.python_version()}, {os.cpu_count()} cores, {platform.platform()}")
    print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(
        f"defaults: play speed '{DEFAULT_SPEED}', Solara session cull timeout {CULL_TIMEOUT} (SOLARA_KERNEL_CULL_TIMEOUT)"
    )
    chart_costs()
    with tempfile.TemporaryDirectory() as tmp:
        server, url = start_server(Path(tmp))
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(
                    executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic"]
                )
                start_rss = rss_mb(server.pid)
                # Idle: the server after it served one tab that played a little and showed every chart once.
                warm = Tab(browser, url)
                warm.pick("cx-pick-scenario", LESSON)
                warm.play_to(20)
                for name in ("Pipeline", "Loyalty", "Organisation", "Summary and export", "Over time"):
                    warm.page.get_by_role("tab", name=name).click()
                    warm.page.locator(".cx-week").wait_for()
                warm.close()
                time.sleep(SETTLE_SECONDS)
                idle = rss_mb(server.pid)
                memory(browser, url, server.pid, idle, start_rss, args)

                # Speed: a side-by-side lesson, default speed, then as fast as it can draw.
                tab = Tab(browser, url)
                tab.pick("cx-pick-scenario", LESSON)
                tab.page.locator(".cx-metrics").nth(1).wait_for()
                seconds, frames = tab.play_to(args.weeks)
                print(f"\nspeed ({LESSON} lesson, A and B side by side, 1366x768)")
                print(f"  default speed:          week {args.weeks} after {seconds:5.1f} s, {frames} chart frames")
                tab.button("Reset").click()
                tab.page.locator(".cx-week").filter(has_text="Week 0 of").wait_for()
                tab.speed("as fast as it can draw")
                seconds, frames = tab.play_to(args.weeks)
                print(f"  as fast as it can draw: week {args.weeks} after {seconds:5.1f} s, {frames} chart frames")
                tab.speed(DEFAULT_SPEED)
                tab.button("Reset").click()
                tab.page.locator(".cx-week").filter(has_text="Week 0 of").wait_for()

                # A picker during Play.
                tab.button("Play").click()
                tab.page.locator(".cx-week").filter(has_text="playing").wait_for()
                start = time.monotonic()
                tab.pick("cx-pick-scenario", OTHER)
                tab.page.locator(".cx-week").filter(has_text="Week 0 of 416").wait_for()
                shown = time.monotonic() - start
                tab.button("Play").click()
                while tab.week() < 5:
                    time.sleep(0.02)
                moving = time.monotonic() - start
                tab.button("Pause").click()
                print(
                    f"\nswitch lesson during Play (menu click included): new run at week 0 shown after {shown:.2f} s, "
                    f"week 5 after {moving:.2f} s"
                )

                if args.seeds:
                    tab.pick("cx-pick-scenario", LESSON)
                    tab.page.get_by_role("tab", name="20 seeds").click()
                    start = time.monotonic()
                    tab.button("Run 20 seeds").click()
                    tab.page.locator("img.cx-chart-band").wait_for(timeout=600_000)
                    print(
                        f"\n20 seeds ({LESSON}, 2 placements x 20 seeds x 260 weeks): {time.monotonic() - start:.1f} s"
                    )
                tab.close()
                time.sleep(SETTLE_SECONDS)
                final = rss_mb(server.pid)
                print(f"\nafter every tab closed: {final:.0f} MB ({final / idle:.2f} x idle)")
                browser.close()
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=15)
    print(f"\nload average at end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()

"""One browser tab's dashboard: the settings being edited, the run built from them, the previous run, Play.

:class:`Controller` holds no Solara: the page (``views``, ``app``) calls its
methods from event handlers and redraws when it calls ``notify``. It keeps
three promises a class relies on:

* **Reset keeps the choice.** The scenario or lesson, placements A and B, the
  seed and every slider are the controller's own state; Reset rebuilds the run
  from them (never from code defaults), and keeps the run it replaces as a
  faded "before" line, labelled with what changed.
* **A picker stops Play.** Choosing another lesson or placement during Play
  stops the play loop first - no thread can step the new run - and the new run
  starts, visibly, at week 0.
* **Play keeps time.** The loop steps the models at the chosen pace (weeks a
  second) in a thread and redraws at most five times a second, however long a
  redraw takes, so the run neither crawls nor races ahead unseen.
"""

from __future__ import annotations

import gc
import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sim.dashboard import band, readout
from sim.dashboard.controls import LEVERS, LEVERS_BY_NAME, lever_values, placement_label
from sim.dashboard.lessons import Choice
from sim.dashboard.readout import RunView
from sim.dashboard.session import DashboardRun, RunSettings, arm_specs, parse_seed, seed_problem, with_levers
from sim.scenario.config import Scenario
from sim.scenario.errors import ScenarioError

log = logging.getLogger(__name__)

SPEEDS: dict[str, float] = {
    "2 weeks a second": 2.0,
    "5 weeks a second": 5.0,
    "10 weeks a second": 10.0,
    "25 weeks a second": 25.0,
    "as fast as it can draw": math.inf,
}
"""Play speeds offered in the page."""
DEFAULT_SPEED = "10 weeks a second"
FRAME_SECONDS = 0.2  # at most five redraws a second during Play
FAST_BATCH_SECONDS = 0.1  # "as fast as it can draw": step this long between redraws
CATCH_UP_SECONDS = 1.0  # after a slow redraw, step at most this much play time at once


@dataclass
class BandJob:
    """A 20-seed job for one set of run settings: progress, then the result (or the error)."""

    request: band.BandRequest
    done: int = 0
    total: int = 0
    result: band.BandResult | None = None
    error: str | None = None
    cancel: threading.Event = field(default_factory=threading.Event)

    @property
    def running(self) -> bool:
        """Whether the job is still computing."""
        return self.result is None and self.error is None and not self.cancel.is_set()


def describe_changes(old: RunSettings | None, new: RunSettings | None) -> list[str]:
    """What differs between two run settings, in words ('Follow-up discipline (% of updates sent) 85 → 10')."""
    if old is None or new is None:
        return []
    out = []
    if old.scenario != new.scenario:
        out.append("another scenario")
    for role, before, after in (("A", old.placement, new.placement), ("B", old.compare, new.compare)):
        if before != after:
            out.append(
                f"placement {role} {placement_label(before) if before else 'none'} → {placement_label(after) if after else 'none'}"
            )
    if old.seed != new.seed:
        out.append(f"seed {old.seed} → {new.seed}")
    before, after = old.lever_map(), new.lever_map()
    for lever in LEVERS:
        a, b = before.get(lever.name), after.get(lever.name)
        if a is not None and b is not None and a != b:
            out.append(f"{lever.label} {a:g} → {b:g}")
    return out


class Controller:
    """Everything one browser tab holds.

    Args:
        menu: the scenario menu (:func:`sim.dashboard.lessons.choices`).
        start: the entry to open first (default: the first).
        notify: called with "settings" when the controls changed, with "frame"
            when only the run moved on, and with "band" when the 20-seed job
            progressed; the page redraws what depends on it. It may be called
            from the play thread.
    """

    def __init__(self, menu: list[Choice], start: Choice | None = None, notify: Callable[[str], None] | None = None):
        if not menu:
            raise ValueError("the scenario menu is empty")
        self.menu = menu
        self._notify = notify or (lambda kind: None)
        self._lock = threading.RLock()
        self._ticket: threading.Event | None = None  # the running play loop's stop flag
        self._play_thread: threading.Thread | None = None
        self._view: tuple[int, RunView] | None = None
        self.version = 0
        self.playing = False
        self.speed = DEFAULT_SPEED
        self.notice: str | None = None
        self.previous: RunView | None = None
        self.previous_settings: RunSettings | None = None
        self.band_job: BandJob | None = None
        self.closed = False
        self.run: DashboardRun | None = None
        self._open(start or menu[0])

    # --- opening a scenario or lesson ----------------------------------------------------

    def _open(self, choice: Choice) -> None:
        """Load ``choice`` and set every control to what its file says."""
        self.choice = choice
        try:
            self.scenario: Scenario | None = choice.load()
            self.load_error: str | None = None
        except ScenarioError as exc:
            self.scenario, self.load_error = None, str(exc)
        base = self.scenario or Scenario()
        self.placement = base.simulation.placement
        self.compare = base.lesson.compare if base.lesson.compare != self.placement else ""
        self.seed_text = str(base.simulation.seed)
        self.seed_error: str | None = None
        self.levers = lever_values(base, self.placement)
        self.file_levers = dict(self.levers)
        self.previous = self.previous_settings = None
        self._rebuild()

    def _settings(self) -> RunSettings:
        """The run the controls describe now (a bad seed keeps the running run's seed)."""
        seed = parse_seed(self.seed_text) if self.seed_error is None else self._good_seed()
        base = RunSettings(self.choice.path, self.placement, self.compare, seed)
        return with_levers(base, self.levers)

    def _good_seed(self) -> int:
        if self.run is not None and self.run.seed_value is not None:
            return self.run.seed_value
        return (self.scenario or Scenario()).simulation.seed

    def _rebuild(self) -> None:
        """Replace the run by a new one built from the controls (at week 0). Call with the lock held."""
        if self.closed:
            return
        self._stop_play()
        old = self.run
        self.run = DashboardRun.from_settings(self._settings())
        if old is not None:
            old.release()
        self._changed()

    def _changed(self) -> None:
        self.version += 1

    # --- what the page edits --------------------------------------------------------------

    def labels(self) -> list[str]:
        """The menu's labels."""
        return [c.label for c in self.menu]

    def placements(self) -> list[str]:
        """Placement names the chosen scenario offers."""
        return list((self.scenario or Scenario()).placements)

    def choose_scenario(self, label: str) -> None:
        """Open another scenario or lesson: Play stops, the new run starts at week 0 with the file's settings."""
        choice = next((c for c in self.menu if c.label == label), None)
        if choice is None:
            return
        with self._lock:
            stopped = self.playing
            self._open(choice)
            self.notice = self._stopped_notice("another scenario or lesson", stopped)
        self._notify("settings")

    def choose_placement(self, name: str) -> None:
        """Explore another placement (A): Play stops; its own budget lever is read; other sliders stay."""
        if name not in self.placements():
            return
        with self._lock:
            stopped = self.playing
            self.placement = name
            if self.compare == name:
                self.compare = ""
            own = lever_values(self.scenario or Scenario(), name)
            for lever in LEVERS:
                if lever.per_placement:
                    self.levers[lever.name] = self.file_levers[lever.name] = own[lever.name]
            self.previous = self.previous_settings = None
            self._rebuild()
            self.notice = self._stopped_notice("placement A", stopped)
        self._notify("settings")

    def choose_compare(self, name: str) -> None:
        """Show placement ``name`` side by side as B ("" for none): Play stops and a new run starts."""
        if name and name not in self.placements():
            return
        with self._lock:
            stopped = self.playing
            self.compare = "" if name == self.placement else name
            self.previous = self.previous_settings = None
            self._rebuild()
            self.notice = self._stopped_notice("placement B", stopped)
        self._notify("settings")

    @staticmethod
    def _stopped_notice(what: str, stopped: bool) -> str | None:
        if not stopped:
            return None
        return f"Play stopped because {what} changed: the new run starts at week 0. Press Play to go on."

    def set_lever(self, name: str, value: float) -> None:
        """Move a slider (applied by Reset)."""
        lever = LEVERS_BY_NAME[name]
        with self._lock:
            self.levers[name] = round(min(lever.hi, max(lever.lo, float(value))), 6)
            self._changed()
        self._notify("settings")

    def set_seed(self, text: str) -> None:
        """Type a seed (applied by Reset); a bad one gets its message at the seed box and changes nothing."""
        with self._lock:
            self.seed_text = str(text)
            self.seed_error = seed_problem(text)
            self._changed()
        self._notify("settings")

    def set_speed(self, label: str) -> None:
        """Choose the play speed (takes effect at once, also during Play)."""
        if label in SPEEDS:
            self.speed = label
            self._notify("settings")

    def pending_changes(self) -> list[str]:
        """Edits Reset would apply, in words (empty when the run matches the controls)."""
        with self._lock:
            if self.run is None or self.run.settings is None:
                return []
            return describe_changes(self.run.settings, self._settings())

    def previous_label(self) -> str:
        """What changed between the faded previous run and this one ('same settings' if nothing)."""
        changes = describe_changes(self.previous_settings, self.run.settings if self.run else None)
        return "; ".join(changes) if changes else "same settings"

    # --- run control ------------------------------------------------------------------------

    def reset(self) -> bool:
        """Rebuild the run from the controls; the run it replaces stays as a faded line.

        Returns False (and changes nothing) when the seed box holds no valid seed.
        """
        with self._lock:
            if self.seed_error is not None:
                self.notice = "Reset needs a valid seed: see the message at the seed box."
                self._changed()
                refused = True
            else:
                refused = False
                old = self.run
                self._stop_play()
                if old is not None and old.error is None and old.week > 0:
                    self.previous = readout.read(old)
                    self.previous_settings = old.settings
                self.notice = None
                self._rebuild()
        self._notify("settings")
        return not refused

    def step(self, weeks: int = 1) -> None:
        """Advance the run ``weeks`` weeks (ignored during Play)."""
        with self._lock:
            if self.playing or self.run is None:
                return
            for _ in range(weeks):
                if not self.run.running:
                    break
                self.run.step()
            self.notice = None
            self._changed()
        self._notify("frame")

    def play(self) -> None:
        """Start playing in a thread at the chosen speed."""
        with self._lock:
            if self.playing or self.closed or self.run is None or not self.run.running:
                return
            ticket = threading.Event()
            self._ticket = ticket
            self.playing = True
            self.notice = None
            self._changed()
            thread = threading.Thread(target=self._play_loop, args=(ticket, self.run), daemon=True, name="cxsim-play")
            self._play_thread = thread
            thread.start()
        self._notify("settings")

    def pause(self) -> None:
        """Stop playing (the run stays where it is)."""
        with self._lock:
            was = self.playing
            self._stop_play()
        if was:
            self._notify("settings")

    def toggle(self) -> None:
        """Play or pause."""
        if self.playing:
            self.pause()
        else:
            self.play()

    def _stop_play(self) -> None:
        """Stop the play loop; after this returns (lock held) no loop steps any run again."""
        with self._lock:
            if self._ticket is not None:
                self._ticket.set()
            self._ticket = None
            if self.playing:
                self.playing = False
                self._changed()

    def _play_loop(self, ticket: threading.Event, run: DashboardRun) -> None:
        """Step ``run`` at the chosen pace until paused, finished or replaced; redraw after each batch."""
        speed = SPEEDS[self.speed]
        t0, week0 = time.monotonic(), run.week
        try:
            while not ticket.is_set():
                frame_start = time.monotonic()
                with self._lock:
                    if ticket.is_set() or run is not self.run:
                        return
                    if SPEEDS[self.speed] != speed:  # a new speed: keep time from here
                        speed, t0, week0 = SPEEDS[self.speed], frame_start, run.week
                    if math.isinf(speed):
                        deadline = frame_start + FAST_BATCH_SECONDS
                        while run.running and time.monotonic() < deadline:
                            run.step()
                    else:
                        due = week0 + int((frame_start - t0) * speed) + 1
                        todo = due - run.week
                        cap = max(1, int(speed * CATCH_UP_SECONDS))
                        if todo > cap:  # redraws fell behind: drop the debt rather than race
                            t0, week0, todo = frame_start, run.week, cap
                        for _ in range(max(0, todo)):
                            if not run.running:
                                break
                            run.step()
                    finished = not run.running
                    if finished:
                        self.playing = False
                        self._ticket = None
                    self._changed()
                self._notify("frame")
                if finished:
                    self._notify("settings")
                    return
                wait = FRAME_SECONDS - (time.monotonic() - frame_start)
                if not math.isinf(speed):
                    next_week = t0 + (run.week + 1 - week0) / speed
                    wait = max(wait, next_week - time.monotonic())
                if wait > 0:
                    ticket.wait(wait)
        except Exception:  # the page must survive; the run shows its own error
            log.exception("dashboard: the play loop failed")
            with self._lock:
                if self._ticket is ticket:
                    self.playing = False
                    self._ticket = None
            self._notify("settings")

    # --- reading ------------------------------------------------------------------------------

    def view(self) -> RunView:
        """What the page shows of the run now (one copy per change, shared by every chart)."""
        with self._lock:
            cached = self._view
            if cached is not None and cached[0] == self.version:
                return cached[1]
            view = readout.read(self.run) if self.run is not None else RunView(None, 0, 0, False, "no run")
            self._view = (self.version, view)
            return view

    # --- 20 seeds ----------------------------------------------------------------------------

    def band_request(self) -> band.BandRequest | None:
        """The 20-seed job for the run shown (A, B, and the previous run's A when its settings differ)."""
        with self._lock:
            if self.run is None or self.run.error is not None or self.run.scenario is None:
                return None
            settings, scenario = self.run.settings, self.run.scenario
            arms = [
                band.BandArm(spec.role, placement_label(spec.placement), spec.placement, spec.overrides)
                for spec in arm_specs(scenario, settings)
            ]
            prev = self.previous_settings
            if prev is not None and prev.scenario == settings.scenario:
                spec = arm_specs(scenario, prev)[0]
                if (spec.placement, spec.overrides) != (arms[0].placement, arms[0].overrides):
                    arms.append(
                        band.BandArm(
                            "before", f"before Reset: {placement_label(spec.placement)}", spec.placement, spec.overrides
                        )
                    )
            return band.BandRequest(settings.scenario, tuple(arms))

    def start_band(self, workers: int | None = None, replicates: int = band.REPLICATES) -> None:
        """Compute (or fetch from the cache) the 20-seed bands of the run shown, in a thread."""
        request = self.band_request()
        if request is None:
            return
        if replicates != request.replicates:
            request = band.BandRequest(request.scenario, request.arms, replicates, request.root_seed, request.weeks)
        with self._lock:
            job = self.band_job
            if job is not None and job.request == request and (job.running or job.result is not None):
                return
            if job is not None:
                job.cancel.set()
            job = BandJob(request, total=len(request.arms) * request.replicates)
            self.band_job = job
            job.result = band.cached(request)
        if job.result is not None:
            self._notify("band")
            return

        def progress(done: int, total: int) -> None:
            job.done, job.total = done, total
            self._notify("band")

        def work() -> None:
            try:
                job.result = band.compute(request, progress=progress, cancel=job.cancel, workers=workers)
            except Exception as exc:
                log.exception("dashboard: the 20-seed job failed")
                job.error = f"the 20 seeds could not be run: {exc}"
            self._notify("band")

        threading.Thread(target=work, daemon=True, name="cxsim-band").start()
        self._notify("band")

    def band_for_run(self) -> BandJob | None:
        """The 20-seed job, if it belongs to the run shown now."""
        job = self.band_job
        return job if job is not None and job.request == self.band_request() else None

    # --- the end -------------------------------------------------------------------------------

    def close(self) -> None:
        """The tab closed: stop Play and the 20-seed job, free the models."""
        with self._lock:
            if self.closed:
                return
            self.closed = True
            self._stop_play()
            if self.band_job is not None:
                self.band_job.cancel.set()
            if self.run is not None:
                self.run.release()
            # Drop the models themselves too: a widget that outlives the tab may still hold this object.
            self.run = None
            self.previous = None
            self._view = None
            thread, self._play_thread = self._play_thread, None
        # The stopped loop may still be on its way out, holding its run: let it leave first.
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=2.0)
        _release_memory_soon()


def _release_memory_soon(delay: float = 3.0) -> None:
    """Collect cycles and hand freed memory back to the system once the closed tab's objects are gone.

    The tab's widgets and render context are released after its page closes;
    a short timer then runs the collector and glibc's ``malloc_trim`` so the
    server's resident memory falls back instead of staying at its peak.
    """

    def collect() -> None:
        gc.collect()
        _malloc_trim()

    timer = threading.Timer(delay, collect)
    timer.daemon = True
    # Solara's server gives each new thread the kernel context it was started from; this one must
    # not keep the closing tab's context (and so its models) alive while it waits.
    timer.current_context = None  # type: ignore[attr-defined]
    timer.start()


def _malloc_trim() -> None:
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass

"""Customer-critical issues (process defects, product bugs) and contact surges.

An issue affects a share of customers (in one segment, or all for a bug) and
pains them while open. It is detected by listening (mechanism 7), may be
disclosed or hidden (mechanism 17), and is resolved by routine work once
detected (faster once a surge's cause is fast-tracked, mechanism 8), by an
initiative that targets it, or eventually by itself.

A surge multiplies a share of customers' contacts for a while: a product bug's
(whose cause is the bug, an issue) or a disruption's (weather, an outage), which
leaves no issue behind and ends when it ends. Overlapping surges add.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.mechanisms import transparency

if TYPE_CHECKING:
    from sim.model.cxmodel import CXModel


@dataclass(eq=False, slots=True)
class Issue:
    """One customer-critical issue."""

    uid: int
    label: str
    segment: int  # -1 = every segment
    share: float
    offset: float  # where this issue's slice of customers starts on the unit circle
    severity: float
    week_opened: int
    spike_until: int = -1
    week_detected: int | None = None
    week_resolved: int | None = None
    disclosed: bool = False
    exposed: bool = False
    targeted: bool = False
    fast_tracked: bool = False  # the fix of a surge's cause was pushed through (mechanism 8)

    def spiking(self, week: int) -> bool:
        """Whether the issue is multiplying contacts this week."""
        return week < self.spike_until

    @property
    def detected(self) -> bool:
        """Whether the firm knows of the issue."""
        return self.week_detected is not None


@dataclass(eq=False, slots=True)
class Surge:
    """A contact surge: a share of customers contact the firm ``multiplier`` times as often for a while."""

    uid: int
    label: str
    share: float
    offset: float  # where the surge's slice of customers starts on the unit circle
    multiplier: float
    week_started: int
    until: int  # first week without the surge
    cause: Issue | None = None  # the bug behind it (None for a disruption)
    segment: int = -1  # every segment

    def active(self, week: int) -> bool:
        """Whether the surge multiplies contacts this week."""
        return self.week_started <= week < self.until


class IssueTracker:
    """Open issues, contact surges and counters."""

    def __init__(self) -> None:
        self.open: list[Issue] = []
        self.opened = 0
        self.detection_delays: list[int] = []
        self.surges: list[Surge] = []
        self.surges_started = 0

    def add(self, model: CXModel, label: str, segment: int, share: float, severity: float) -> Issue:
        """Open a new issue; without mechanism 7 it is known at once."""
        issue = Issue(
            uid=self.opened,
            label=label,
            segment=segment,
            share=share,
            offset=float(model.rng_events.random()),
            severity=severity,
            week_opened=model.week,
        )
        self.opened += 1
        self.open.append(issue)
        if not model.on.listening:
            self.mark_detected(model, issue)
        return issue

    def undetected(self) -> list[Issue]:
        """Open issues nobody in the firm has noticed."""
        return [i for i in self.open if not i.detected]

    def hidden(self) -> list[Issue]:
        """Detected open issues kept from customers and not yet exposed."""
        return [i for i in self.open if i.detected and not i.disclosed and not i.exposed]

    def add_surge(self, model: CXModel, label: str, share: float, multiplier: float, weeks: int, cause=None) -> Surge:
        """Start a contact surge; a bug's surge covers the customers its bug affects."""
        offset = cause.offset if cause is not None else float(model.rng_events.random())
        surge = Surge(self.surges_started, label, share, offset, multiplier, model.week, model.week + weeks, cause)
        self.surges_started += 1
        self.surges.append(surge)
        if cause is not None:
            cause.spike_until = surge.until
        return surge

    def active_surges(self, week: int) -> list[Surge]:
        """Surges multiplying contacts this week."""
        return [s for s in self.surges if s.active(week)]

    def start_here(self) -> None:
        """Week 0 after the firm's past: open issues and surges carry on, counts restart."""
        self.detection_delays = []

    def forget_ended_surges(self, week: int) -> None:
        """Drop surges that are over."""
        self.surges = [s for s in self.surges if s.until > week]

    def any_spiking(self, week: int) -> bool:
        """Whether any surge is multiplying contacts."""
        return any(s.active(week) for s in self.surges)

    def mark_detected(self, model: CXModel, issue: Issue) -> None:
        """The firm learns of ``issue``; it decides whether to tell customers."""
        issue.week_detected = model.week
        self.detection_delays.append(model.week - issue.week_opened)
        if model.on.transparency:
            transparency.on_detect(model, issue)

    def worst_untargeted(self) -> Issue | None:
        """The most harmful known issue no initiative is working on."""
        known = [i for i in self.open if i.detected and not i.targeted]
        return max(known, key=lambda i: i.severity * i.share, default=None)

    def routine_fixes(self, model: CXModel) -> None:
        """Known issues get fixed by routine work (fast-tracked ones sooner); unknown ones fade slowly by themselves."""
        cfg = model.cfg.issues
        fast = model.cfg.volume_spikes.fast_fix_weeks
        for issue in list(self.open):
            mean = cfg.routine_fix_weeks if issue.detected else cfg.natural_fix_weeks
            if issue.fast_tracked:
                mean = min(mean, fast)
            if model.rng.random() < 1.0 / mean:
                self.resolve(model, issue)

    def resolve(self, model: CXModel, issue: Issue) -> None:
        """Close ``issue``: its pain stops."""
        if issue.week_resolved is None:
            issue.week_resolved = model.week
            self.open.remove(issue)

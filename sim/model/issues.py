"""Customer-critical issues: process defects and product bugs.

An issue affects a share of customers (in one segment, or all for a bug) and
pains them while open. It may drive a contact spike, is detected by listening
(mechanism 7), may be disclosed or hidden (mechanism 17), and is resolved by
routine work once detected, by an initiative that targets it, or eventually
by itself.
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

    def spiking(self, week: int) -> bool:
        """Whether the issue is multiplying contacts this week."""
        return week < self.spike_until

    @property
    def detected(self) -> bool:
        """Whether the firm knows of the issue."""
        return self.week_detected is not None


class IssueTracker:
    """Open issues and counters."""

    def __init__(self) -> None:
        self.open: list[Issue] = []
        self.opened = 0
        self.detection_delays: list[int] = []

    def add(
        self, model: CXModel, label: str, segment: int, share: float, severity: float, spike_weeks: int = 0
    ) -> Issue:
        """Open a new issue; without mechanism 7 it is known at once."""
        issue = Issue(
            uid=self.opened,
            label=label,
            segment=segment,
            share=share,
            offset=float(model.rng_events.random()),
            severity=severity,
            week_opened=model.week,
            spike_until=model.week + spike_weeks if spike_weeks else -1,
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

    def any_spiking(self, week: int) -> bool:
        """Whether any issue is driving a contact spike."""
        return any(i.spiking(week) for i in self.open)

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
        """Known issues get fixed by routine work; unknown ones fade slowly by themselves."""
        cfg = model.cfg.issues
        for issue in list(self.open):
            mean = cfg.routine_fix_weeks if issue.detected else cfg.natural_fix_weeks
            if model.rng.random() < 1.0 / mean:
                self.resolve(model, issue)

    def resolve(self, model: CXModel, issue: Issue) -> None:
        """Close ``issue``: its pain stops."""
        if issue.week_resolved is None:
            issue.week_resolved = model.week
            self.open.remove(issue)

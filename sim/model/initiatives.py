"""CX initiatives, their delegated action items, and the follow-through ledger.

Life cycle (``Initiative.stage``)::

    scoping -> proposed -> rejected
                        -> approved -> launched (items delegated a week later)
                                       <-> stalled -> abandoned
                                       -> completed
    scoping/proposed -> dropped      (the leader left before a decision)
    approved/launched/stalled -> abandoned   (leader left, reorganisation, budget cut, stalled too long)

The transitions themselves are in :mod:`sim.model.lifecycle`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.model.issues import Issue

OPEN_STAGES = ("scoping", "proposed", "approved", "launched", "stalled")
IN_FLIGHT = ("launched", "stalled")
ENDED = ("rejected", "dropped", "completed", "abandoned")


INITIATIVE_COLUMNS: tuple[str, ...] = (
    "id",
    "type",
    "owner",
    "cause",
    "scope",
    "departments",
    "week_scoped",
    "week_proposed",
    "week_decided",
    "week_launched",
    "week_delegated",
    "week_stalled",
    "week_ended",
    "funded_by_cx",
    "cost",
    "invited",
    "participants",
    "items_delegated",
    "items_done",
    "items_on_time",
    "followups_due",
    "followups_sent",
    "loyalty_gain",
    "gain_measured",
    "outcome",
    "end_reason",
)
"""Columns of the per-initiative table (``initiatives.csv``), in order."""


@dataclass(eq=False, slots=True)
class ActionItem:
    """A piece of delegated work owed by one department."""

    initiative: Initiative
    department: str
    effort: int
    due_week: int
    progress: int = 0
    done_week: int | None = None
    escalated: bool = False
    booked: bool = False  # counted in the follow-through ledger
    worked_week: int = -1
    shelved: bool = False  # dropped off the department's list until escalated (mechanism 3)

    @property
    def done(self) -> bool:
        """Whether the item is finished."""
        return self.done_week is not None


@dataclass(eq=False, slots=True)
class Initiative:
    """One CX initiative and everything that happened to it."""

    uid: int
    kind: str
    owner: str  # "cx_leader" or a department name
    cause: str
    scope: str  # "bottom_up" or "top_down"
    departments: tuple[str, ...]
    segment: int  # -1 = every segment
    cost: float
    week_scoped: int
    proposal_due: int
    target_issue: Issue | None = None
    targets_integration: bool = False
    stage: str = "scoping"
    week_proposed: int | None = None
    week_decided: int | None = None
    week_launched: int | None = None
    week_delegated: int | None = None
    week_stalled: int | None = None
    week_ended: int | None = None
    stalled_since: int | None = None
    funded: bool = False
    invited: int = 0
    participants: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    items: list[ActionItem] = field(default_factory=list)
    last_done_week: int = 0  # delegation, or the latest finished item (stall clock)
    progress_since_followup: bool = False
    next_followup: int = 0
    followups_due: int = 0
    followups_sent: int = 0
    outcome: str = ""
    end_reason: str = ""
    gain: float = 0.0
    measured: bool = False

    @property
    def gain_quality(self) -> float:
        """Share of the full gain its participation allows: 1 with no invitations, else from 0.4
        with nobody taking part up to 1 once half the invitees do (better input, better redesign)."""
        if self.invited <= 0:
            return 1.0
        return 0.4 + 0.6 * min(1.0, self.participants.size / (0.5 * self.invited))

    @property
    def has_participants(self) -> bool:
        """Whether customers gave their time to this initiative."""
        return self.participants.size > 0

    def open_items(self) -> list[ActionItem]:
        """Delegated items not yet done."""
        return [it for it in self.items if it.done_week is None]

    def row(self) -> dict[str, Any]:
        """One row of the per-initiative table."""
        return {
            "id": self.uid,
            "type": self.kind,
            "owner": self.owner,
            "cause": self.cause,
            "scope": self.scope,
            "departments": "+".join(self.departments),
            "week_scoped": self.week_scoped,
            "week_proposed": self.week_proposed,
            "week_decided": self.week_decided,
            "week_launched": self.week_launched,
            "week_delegated": self.week_delegated,
            "week_stalled": self.week_stalled,
            "week_ended": self.week_ended,
            "funded_by_cx": self.funded,
            "cost": self.cost,
            "invited": self.invited,
            "participants": int(self.participants.size),
            "items_delegated": len(self.items),
            "items_done": sum(it.done for it in self.items),
            "items_on_time": sum(it.done and it.done_week <= it.due_week for it in self.items),
            "followups_due": self.followups_due,
            "followups_sent": self.followups_sent,
            "loyalty_gain": round(self.gain, 4),
            "gain_measured": self.measured,
            "outcome": self.outcome or self.stage,
            "end_reason": self.end_reason,
        }


class Portfolio:
    """Every initiative of a run, with counts by outcome."""

    def __init__(self) -> None:
        self.initiatives: list[Initiative] = []
        self.counts = {"proposed": 0, "approved": 0, "rejected": 0, "completed": 0, "abandoned": 0, "dropped": 0}
        self.decision_waits: list[int] = []

    def add(self, ini: Initiative) -> None:
        """Register a new initiative (in scoping)."""
        self.initiatives.append(ini)

    def next_uid(self) -> int:
        """Identifier for the next initiative."""
        return len(self.initiatives)

    def open_initiatives(self, owner: str | None = None) -> list[Initiative]:
        """Initiatives not yet ended, optionally only those of one owner."""
        return [i for i in self.initiatives if i.stage in OPEN_STAGES and (owner is None or i.owner == owner)]

    def in_flight(self) -> list[Initiative]:
        """Launched (or stalled) initiatives."""
        return [i for i in self.initiatives if i.stage in IN_FLIGHT]

    def open_items(self) -> list[ActionItem]:
        """Unfinished items of initiatives in flight."""
        return [it for ini in self.in_flight() for it in ini.items if it.done_week is None]

    def overdue_items(self, week: int) -> list[ActionItem]:
        """Unfinished items past their due week."""
        return [it for it in self.open_items() if it.due_week < week]

    def count_stage(self, *stages: str) -> int:
        """How many initiatives are in any of ``stages`` now."""
        return sum(i.stage in stages for i in self.initiatives)

    def rows(self) -> list[dict[str, Any]]:
        """The per-initiative table."""
        return [i.row() for i in self.initiatives]


class Ledger:
    """Commitments (action items and promised follow-ups) and whether each was kept on time."""

    def __init__(self) -> None:
        self.due = 0
        self.on_time = 0
        self.weekly: dict[int, list[int]] = {}

    def book(self, week: int, on_time: bool) -> None:
        """Count one commitment that fell due (or was met) in ``week``."""
        self.due += 1
        self.on_time += int(on_time)
        tally = self.weekly.setdefault(week, [0, 0])
        tally[0] += 1
        tally[1] += int(on_time)

    def share(self) -> float:
        """Share of commitments kept on time so far (NaN before any fell due)."""
        return self.on_time / self.due if self.due else float("nan")

    def rolling_share(self, week: int, window: int) -> float:
        """Share kept on time among commitments of the last ``window`` weeks."""
        due = kept = 0
        for w in range(max(0, week - window + 1), week + 1):
            tally = self.weekly.get(w)
            if tally:
                due += tally[0]
                kept += tally[1]
        return kept / due if due else float("nan")

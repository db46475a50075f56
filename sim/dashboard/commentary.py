"""A short plain-language commentary of notable events, for a class watching a run.

The model's event log (:mod:`sim.model.eventlog`) already says what happened; this
module dates each event the way people speak ("year 2, week 14"), adds why it
matters, and mixes in the initiatives that finished or died, newest first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.model.cxmodel import CXModel

WHY: dict[str, str] = {
    "sponsor_left": "Proposals now wait for an executive who never asked for them.",
    "leader_quit": "Relationships reset; initiatives in flight may be stranded.",
    "leader_arrived": "Clout returns only as relationships are rebuilt.",
    "reorganisation": "Expect a dip in follow-through while people find their new owners.",
    "bug_spike": "Watch NPS: contacts the organisation cannot absorb cost loyalty.",
    "threat": "Departments put their own priorities first for a while.",
    "failing_exposed": "Hidden problems cost more trust than problems told early.",
    "manager_replaced": "CX work in that department pauses while the post is filled.",
}
"""Why each kind of event matters, in one sentence."""

KIND_TITLE: dict[str, str] = {
    "sponsor_left": "Sponsor moved on",
    "leader_quit": "CX leader quit",
    "leader_arrived": "New CX leader",
    "reorganisation": "Reorganisation",
    "bug_spike": "Bug spike",
    "threat": "Competitive threat",
    "failing_exposed": "Failing exposed",
    "manager_replaced": "Manager replaced",
    "completed": "Initiative completed",
    "abandoned": "Initiative abandoned",
}

KIND_LABEL = {
    "co_design_workshop": "co-design workshop",
    "advisory_board": "customer advisory board",
    "community": "customer community",
    "process_redesign": "process redesign",
    "listening_programme": "listening programme",
    "infrastructure_fix": "infrastructure fix",
}


@dataclass(frozen=True, slots=True)
class Note:
    """One line of commentary."""

    week: int
    kind: str
    text: str

    def when(self) -> str:
        """The week as people say it: 'year 2, week 14'."""
        return when(self.week)

    def title(self) -> str:
        """A two- or three-word heading for the kind of event."""
        return KIND_TITLE.get(self.kind, self.kind.replace("_", " ").capitalize())


def when(week: int) -> str:
    """Week number (1 = the first simulated week) as 'year Y, week W'."""
    if week <= 0:
        return "start"
    year, rest = divmod(week - 1, 52)
    return f"year {year + 1}, week {rest + 1}"


def notes(model: CXModel, limit: int = 8) -> list[Note]:
    """The ``limit`` most recent notable events of ``model``, newest first."""
    items = [Note(e.week, e.kind, f"{e.text} {WHY.get(e.kind, '')}".strip()) for e in model.log.events]
    for ini in model.portfolio.initiatives:
        if ini.week_ended is None or ini.outcome not in ("completed", "abandoned"):
            continue
        kind = KIND_LABEL.get(ini.kind, ini.kind)
        if ini.outcome == "completed":
            gain = " Its loyalty gain was measured, which helps the next proposal." if ini.measured else ""
            text = f"A {kind} is completed.{gain}"
        else:
            text = f"A {kind} is abandoned ({ini.end_reason})."
            if ini.has_participants:
                text += " Customers who took part are left without an answer."
        items.append(Note(ini.week_ended, ini.outcome, text))
    items.sort(key=lambda n: n.week, reverse=True)  # stable: same-week events keep their order
    return items[:limit]


def headline(model: CXModel) -> str:
    """One sentence summing up the run so far (for the commentary's top line)."""
    m = model.metrics
    ft = m.get("follow_through")
    ft_text = "no commitments have fallen due yet" if missing(ft) else f"{percent(ft)} of commitments were kept on time"
    completed, abandoned = int(m["initiatives_completed"]), int(m["initiatives_abandoned"])
    return (
        f"After {plural(model.steps, 'week')}: {ft_text}; NPS {signed(m['nps'], 0)}; "
        f"{percent(m['retention'])} of the starting customers remain; "
        f"{percent(m['participation'])} willing to take part{_participants(m)}; "
        f"{plural(completed, 'initiative')} completed, {abandoned} abandoned."
    )


def _participants(m: dict) -> str:
    value = m.get("participant_willingness")
    return "" if missing(value) else f" ({percent(value)} of those who already took part)"


# --- numbers in words ---------------------------------------------------------------------


def missing(value: float | None) -> bool:
    """Whether a figure is not available yet (None or NaN)."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def signed(value: float | None, digits: int = 1) -> str:
    """A signed figure such as NPS: '+4.6', '-3.0', and '0' (never '-0' or '+0') when it rounds to zero."""
    if missing(value):
        return "-"
    rounded = round(float(value), digits)
    if rounded == 0:
        return "0"
    return f"{rounded:+.{digits}f}"


def percent(share: float | None, digits: int = 0) -> str:
    """A share 0..1 as a percentage: '56%'."""
    return "-" if missing(share) else f"{float(share) * 100:.{digits}f}%"


def points(share_gap: float | None, digits: int = 0) -> str:
    """A gap between two shares in percentage points: '+12 points', '0 points'."""
    return "-" if missing(share_gap) else f"{signed(float(share_gap) * 100, digits)} points"


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 initiative', '2 initiatives', '0 initiatives'."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


# --- the run in one line per placement ------------------------------------------------------


def arm_line(metrics: dict) -> str:
    """The figures a class watches, for one placement (the page puts the placement's name in front)."""
    completed = int(metrics.get("initiatives_completed", 0))
    participants = metrics.get("participant_willingness")
    took_part = "" if missing(participants) else f" (who took part: {percent(participants)})"
    return (
        f"follow-through {percent(metrics.get('follow_through'))}, NPS {signed(metrics.get('nps'), 1)}, "
        f"retention {percent(metrics.get('retention'), 1)}, willingness to take part "
        f"{percent(metrics.get('participation'))}{took_part}, {plural(completed, 'initiative')} completed"
    )


def gap_line(a: dict, b: dict) -> str:
    """B - A on the same figures, as numbers ('follow-through +12 points, NPS +8.3, ...')."""

    def diff(key: str) -> float | None:
        x, y = a.get(key), b.get(key)
        return None if missing(x) or missing(y) else float(y) - float(x)

    completed = diff("initiatives_completed")
    done = "-" if completed is None else ("0" if completed == 0 else f"{int(completed):+d}")
    return (
        f"follow-through {points(diff('follow_through'))}, NPS {signed(diff('nps'), 1)}, "
        f"retention {points(diff('retention'), 1)}, willingness to take part {points(diff('participation'))}, "
        f"initiatives completed {done}"
    )

"""A short plain-language commentary of notable events, for a class watching a run.

The model's event log (:mod:`sim.model.eventlog`) already says what happened; this
module dates each event the way people speak ("year 2, week 14"), adds why it
matters, and mixes in the initiatives that finished or died, newest first.
"""

from __future__ import annotations

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
    ft_text = "no commitments have fallen due yet" if ft != ft else f"{ft:.0%} of commitments were kept on time"
    return (
        f"After {model.steps} weeks: {ft_text}; NPS {m['nps']:+.0f}; "
        f"{m['retention']:.0%} of the starting customers remain; "
        f"{m['participation']:.0%} willing to take part{_participants(m)}; "
        f"{int(m['initiatives_completed'])} initiatives completed, {int(m['initiatives_abandoned'])} abandoned."
    )


def _participants(m: dict) -> str:
    value = m.get("participant_willingness")
    return "" if value is None or value != value else f" ({value:.0%} of those who already took part)"

"""Mechanism 14 - CX leader tenure [seed 004].

Chief Customer Officers have the shortest tenure in the executive suite. The CX
leader leaves with a weekly hazard that grows with frustration (rejections,
failed escalations); patience runs out. A departure leaves the post vacant for a
while, strands initiatives in flight and resets relationships, so the successor
starts with less clout.

Off: the leader never leaves and frustration has no effect.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.params import param

if TYPE_CHECKING:
    from sim.model.cxmodel import CXModel

SEED = "004"
CLAIM = "CX leaders have short tenures; a departure strands initiatives in flight and resets relationships."


@dataclass(frozen=True, slots=True)
class Params:
    """Parameters of CX leader tenure."""

    calm_tenure_weeks: float = param(
        220.0, lo=4, hi=2600, unit="weeks", doc="mean tenure of a leader who never gets frustrated"
    )
    frustration_weight: float = param(
        2.0,
        lo=0,
        hi=10,
        unit="exponent",
        doc="how strongly frustration raises the weekly exit hazard (hazard x e^(w*frustration))",
    )
    frustration_decay: float = param(0.03, lo=0, hi=1, unit="1/week", doc="share of frustration that fades each week")
    rejection_frustration: float = param(
        0.15, lo=0, hi=1, unit="frustration", doc="frustration from a rejected or ignored proposal"
    )
    vacancy_weeks: int = param(12, lo=0, hi=104, unit="weeks", doc="weeks the post stays empty after a departure")
    strand_prob: float = param(
        0.5, lo=0, hi=1, unit="prob", doc="chance each initiative in flight is abandoned when the leader leaves"
    )
    relationship_weeks: float = param(
        26.0, lo=0, hi=260, unit="weeks", doc="weeks a new leader needs to build full working relationships"
    )
    relationship_floor: float = param(
        0.5, lo=0, hi=1, unit="share", doc="share of clout a brand-new leader has before relationships form"
    )


def frustrate(model: CXModel, amount: float) -> None:
    """Add frustration to the current leader (capped at 1)."""
    model.leader.frustration = min(1.0, model.leader.frustration + amount)


def relationship_factor(model: CXModel) -> float:
    """Share of clout the leader's relationships currently allow."""
    p = model.cfg.leader_tenure
    if p.relationship_weeks <= 0:
        return 1.0
    built = min(1.0, model.leader.relationship_weeks / p.relationship_weeks)
    return p.relationship_floor + (1.0 - p.relationship_floor) * built


def weekly(model: CXModel) -> None:
    """Frustration fades; the leader may quit; a vacancy may be filled."""
    p = model.cfg.leader_tenure
    leader = model.leader
    if leader.vacant:
        if model.week >= leader.vacant_until:
            leader.arrive(model.week)
            model.log.add(
                model.week, "leader_arrived", "A new CX leader starts and must build relationships from scratch."
            )
        return
    leader.frustration *= 1.0 - p.frustration_decay
    hazard = math.exp(p.frustration_weight * leader.frustration) / p.calm_tenure_weeks
    if model.rng.random() < 1.0 - math.exp(-hazard):
        depart(model)


def depart(model: CXModel) -> None:
    """The leader leaves: vacancy, stranded initiatives, lost relationships."""
    p = model.cfg.leader_tenure
    leader = model.leader
    leader.leave(model.week, model.week + p.vacancy_weeks)
    model.log.add(
        model.week, "leader_quit", f"The CX leader leaves after {leader.tenures[-1]} weeks; work in flight is at risk."
    )
    for ini in list(model.portfolio.open_initiatives(owner="cx_leader")):
        if ini.stage in ("scoping", "proposed") or model.rng.random() < p.strand_prob:
            model.lifecycle.abandon(model, ini, "leader left")

"""Mechanism 15 - reorganisation churn [seed 004].

Meeting every new situation by reorganising gives an illusion of progress while
producing confusion, and new bosses are tried out. Each reorganisation may hand
the CX function a new sponsor (who did not ask for CX work), strands some
initiatives whose owners change, demoralises the CX leader, disrupts the rest of
the work in flight (progress on
some items is lost when they change owner), leaves departments less productive
(they work CX items less often) for a while, pulls executives' attention away and resets the CX leader's
working relationships.

Off: no reorganisations happen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.params import param

if TYPE_CHECKING:
    from sim.model.cxmodel import CXModel

SEED = "004"
CLAIM = "Frequent reorganisations look like progress but disrupt work in flight and lower follow-through."


@dataclass(frozen=True, slots=True)
class Params:
    """Parameters of reorganisations."""

    per_year: float = param(0.4, lo=0, hi=12, unit="1/year", doc="expected reorganisations per year")
    confusion: float = param(
        0.35, lo=0, hi=1, unit="share", doc="share of departments' CX work rate lost right after a reorganisation"
    )
    recovery_weeks: int = param(
        16, lo=1, hi=104, unit="weeks", doc="weeks for productivity to recover fully (linearly)"
    )
    sponsor_change_prob: float = param(
        0.5, lo=0, hi=1, unit="prob", doc="chance a reorganisation puts a new executive in the CX sponsor's seat"
    )
    strand_prob: float = param(
        0.2, lo=0, hi=1, unit="prob", doc="chance each CX initiative in flight loses its owners and is abandoned"
    )
    demoralisation: float = param(
        0.15, lo=0, hi=1, unit="frustration", doc="frustration the CX leader takes from each reorganisation"
    )
    item_reset_prob: float = param(
        0.3,
        lo=0,
        hi=1,
        unit="prob",
        doc="chance each open action item gets a new owner who starts it over (the deadline stays)",
    )


def happens(model: CXModel, draw: float) -> bool:
    """Whether a reorganisation is announced this week, given a uniform ``draw``."""
    return draw < model.cfg.reorganisation.per_year / 52.0 * model.results_reorg_factor()


def apply(model: CXModel) -> None:
    """Disrupt work in flight, productivity, attention and relationships."""
    p = model.cfg.reorganisation
    model.org.reorganisations += 1
    model.org.last_reorg_week = model.week
    for item in model.portfolio.open_items():
        if model.rng.random() < p.item_reset_prob:
            item.progress = 0  # the new owner starts over, and inherits the deadline
            item.escalated = item.shelved = False
    for ini in model.portfolio.in_flight():
        if ini.owner == "cx_leader" and model.rng.random() < p.strand_prob:
            model.lifecycle.abandon(model, ini, "reorganisation")
    model.leader.relationship_weeks = 0
    model.frustrate(p.demoralisation)
    if model.rng_people.random() < p.sponsor_change_prob:
        model.replace_executive(model.sponsor, model.rng_people.random())
        model.log.add(model.week, "sponsor_left", "The reorganisation gives CX a new sponsor, who did not ask for it.")
    model.attention_shift(-model.cfg.sponsor_attention.threat_pull)
    model.log.add(
        model.week, "reorganisation", "A reorganisation is announced: owners change and work in flight is disrupted."
    )


def productivity(model: CXModel) -> float:
    """Share of normal productivity while the organisation settles."""
    p = model.cfg.reorganisation
    if model.org.last_reorg_week is None:
        return 1.0
    since = model.week - model.org.last_reorg_week
    if since >= p.recovery_weeks:
        return 1.0
    return 1.0 - p.confusion * (1.0 - since / p.recovery_weeks)

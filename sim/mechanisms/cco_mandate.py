"""Mechanism 13 - CCO with authority versus advisory CCO [seed 003].

A customer owner with staff and budget can direct work; an advisory one can only
influence. Formal authority raises the priority departments give CX items, and
dedicated staff work items directly (in proportion to authority over people and
systems) and add bandwidth for participant follow-up. Staff cost money.

Off: authority and staff have no effect (and cost nothing).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.params import param

if TYPE_CHECKING:
    from sim.model.cxmodel import CXModel

SEED = "003"
CLAIM = (
    "A customer owner with staff and budget drives change; an advisory one is pulled back by functional imperatives."
)


@dataclass(frozen=True, slots=True)
class Params:
    """Parameters of the CX mandate."""

    authority_weight: float = param(
        3.0, lo=0, hi=20, unit="priority", doc="priority an item gains per unit of formal authority"
    )
    staff_items_per_fte: float = param(
        0.25,
        lo=0,
        hi=5,
        unit="item-weeks/FTE",
        doc="item work a dedicated CX staff member does per week at full authority",
    )
    staff_followups_per_fte: float = param(
        1.0,
        lo=0,
        hi=20,
        unit="tasks/week/FTE",
        doc="follow-up and chasing tasks a staff member adds to the leader's bandwidth",
    )
    staff_cost_per_fte: float = param(
        3.0, lo=0, hi=100, unit="money/week/FTE", doc="weekly cost of one dedicated CX staff member"
    )


def priority_term(model: CXModel) -> float:
    """Priority formal authority adds to every delegated item."""
    return model.cfg.cco_mandate.authority_weight * model.design.authority


def staff_capacity(model: CXModel) -> int:
    """Item-weeks of work staff can do directly this week (drawn to keep it whole)."""
    expected = model.design.dedicated_staff * model.cfg.cco_mandate.staff_items_per_fte * model.design.authority
    return int(model.rng.poisson(expected)) if expected > 0 else 0


def followup_bandwidth(model: CXModel) -> float:
    """Tasks per week staff add to the leader's bandwidth."""
    return model.design.dedicated_staff * model.cfg.cco_mandate.staff_followups_per_fte


def weekly_cost(model: CXModel) -> float:
    """Weekly cost of the dedicated CX staff."""
    return model.design.dedicated_staff * model.cfg.cco_mandate.staff_cost_per_fte

"""Mechanism 3 - delegated action items and procrastination [seed 000].

After a launch, action items are delegated to other departments, which weigh them
against their own priorities. Each week a department works an item with a
probability that grows with the item's priority (leader clout, formal authority,
incentives, funding, skill, escalation) against the department's own pressure. The approving executive's continuing attention
pushes items along too, so a sponsor who has moved on leaves them to languish. An
overdue item nobody has escalated may be quietly shelved ("I'll get to it") and is
then not worked at all until an escalation succeeds.
Overdue items can be escalated, but only through a boss who is reluctant to go up
the ladder: success needs every rung of the escalation path to agree.

Off: departments work every open CX item every week (within capacity).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.params import param

if TYPE_CHECKING:
    from sim.model.agents import Department
    from sim.model.cxmodel import CXModel
    from sim.model.initiatives import ActionItem

SEED = "000"
CLAIM = "Delegated CX items lose out to departments' own priorities; escalation through a reluctant boss rarely works."


@dataclass(frozen=True, slots=True)
class Params:
    """Parameters of delegation, procrastination and escalation."""

    work_rate: float = param(
        0.8,
        lo=0,
        hi=1,
        unit="prob/week",
        doc="chance an item is worked in a week when it has all of the department's priority",
    )
    clout_weight: float = param(
        2.0, lo=0, hi=10, unit="priority", doc="priority an item gains per unit of the CX leader's clout"
    )
    sponsor_push: float = param(
        2.0,
        lo=0,
        hi=10,
        unit="priority",
        doc="priority an item gains per unit of its approver's attention to CX (the executive's push)",
    )
    shelve_rate: float = param(
        0.08,
        lo=0,
        hi=1,
        unit="prob/week",
        doc="weekly chance an overdue, unescalated item is shelved until someone escalates it",
    )
    escalation_rate: float = param(
        0.3, lo=0, hi=1, unit="prob/week", doc="chance the leader escalates a given overdue item in a week"
    )
    boss_willingness: float = param(
        0.5, lo=0, hi=1, unit="prob/rung", doc="chance each rung of the escalation path agrees to push the item up"
    )
    escalation_boost: float = param(
        4.0, lo=0, hi=20, unit="priority", doc="priority an item gains once escalation succeeds"
    )
    failed_escalation_frustration: float = param(
        0.04, lo=0, hi=1, unit="frustration", doc="frustration the leader takes from a failed escalation"
    )


def work_probability(model: CXModel, dept: Department, item: ActionItem) -> float:
    """Chance that ``dept`` progresses ``item`` this week (nil while it is shelved)."""
    if item.shelved:
        return 0.0
    p = model.cfg.delegation
    priority = model.item_priority(dept, item)
    if item.escalated:
        priority += p.escalation_boost
    pressure = dept.own_pressure(model)
    return p.work_rate * priority / (priority + pressure)


def shelve_overdue(model: CXModel) -> None:
    """Overdue items nobody has pushed may drop off the department's list."""
    rate = model.cfg.delegation.shelve_rate
    for item in model.portfolio.overdue_items(model.week):
        if not item.shelved and not item.escalated and model.rng.random() < rate:
            item.shelved = True


def escalate_overdue(model: CXModel) -> None:
    """The leader escalates overdue items; each succeeds only if every rung agrees (and un-shelves it)."""
    if not model.leader.in_post:
        return
    p = model.cfg.delegation
    success = model.escalation_success()
    for item in model.portfolio.overdue_items(model.week):
        if item.initiative.owner != "cx_leader" or item.escalated or model.rng.random() >= p.escalation_rate:
            continue
        if model.rng.random() < success:
            item.escalated = True
            item.shelved = False
        else:
            model.frustrate(p.failed_escalation_frustration)

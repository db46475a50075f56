"""Mechanism 16 - legacy-mindset managers [seed 004].

Some managers and executives don't, or won't, get customer focus. A legacy
department manager gives delegated CX items less priority; a legacy approver is
less likely to approve. A replacement policy swaps legacy managers for
customer-minded ones, at the cost of a gap while the post is filled.

State: ``Manager.legacy``, ``Executive.legacy``.
Off: nobody has a legacy mindset.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.params import param

if TYPE_CHECKING:
    from sim.model.agents import Department, Executive
    from sim.model.cxmodel import CXModel

SEED = "004"
CLAIM = "Legacy-mindset managers slow CX work; replacing them helps after a transition gap."


@dataclass(frozen=True, slots=True)
class Params:
    """Parameters of legacy mindsets."""

    share: float = param(
        0.35, lo=0, hi=1, unit="share", doc="share of managers and executives with a legacy mindset at the start"
    )
    resistance: float = param(
        0.5, lo=0, hi=1, unit="share", doc="share of priority a legacy-minded manager withholds from delegated CX items"
    )
    approval_resistance: float = param(
        0.3, lo=0, hi=1, unit="share", doc="share of approval chance a legacy approver withholds"
    )
    replace_per_year: float = param(
        0.0,
        lo=0,
        hi=12,
        unit="1/year",
        doc="policy: rate at which each legacy manager is replaced by a customer-minded one",
    )
    replacement_gap_weeks: int = param(
        8, lo=0, hi=52, unit="weeks", doc="weeks a department's CX work stops while a replaced manager's post is filled"
    )


def assign(model: CXModel) -> None:
    """Draw who starts with a legacy mindset."""
    share = model.cfg.legacy_mindset.share
    for ex in model.executives.values():
        ex.legacy = bool(model.rng_people.random() < share)
    for dept in model.departments.values():
        dept.manager.legacy = bool(model.rng_people.random() < share)


def priority_factor(model: CXModel, dept: Department) -> float:
    """Share of priority a department's manager gives CX items."""
    return 1.0 - model.cfg.legacy_mindset.resistance if dept.manager.legacy else 1.0


def approval_factor(model: CXModel, approver: Executive) -> float:
    """Approval multiplier from the approver's mindset."""
    return 1.0 - model.cfg.legacy_mindset.approval_resistance if approver.legacy else 1.0


def new_person_is_legacy(model: CXModel, draw: float) -> bool:
    """Mindset of someone hired from outside (same share as at the start), given a uniform ``draw``."""
    return bool(draw < model.cfg.legacy_mindset.share)


def replace(model: CXModel) -> None:
    """Apply the replacement policy to legacy managers this week."""
    p = model.cfg.legacy_mindset
    if p.replace_per_year <= 0:
        return
    rate = p.replace_per_year / 52.0
    for dept in model.departments.values():
        if dept.manager.legacy and model.rng_people.random() < rate:
            dept.manager.legacy = False
            dept.manager.tenure_weeks = 0
            dept.paused_until = model.week + p.replacement_gap_weeks
            model.log.add(model.week, "manager_replaced", f"The {dept.name} manager with a legacy mindset is replaced.")

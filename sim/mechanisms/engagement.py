"""Mechanism 18 - engagement and customer-to-customer contact [seeds 004, 000].

A community initiative makes its participants members who talk with the firm
and with each other. Members are more loyal, more willing to
take part, and their word of mouth carries further; members recruit neighbours.

State: ``CustomerPopulation.engaged``.
Off: membership has no effect and communities do not grow.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.params import param

if TYPE_CHECKING:
    from sim.model.cxmodel import CXModel

SEED = "004, 000"
CLAIM = "Communities and customer-to-customer contact raise engagement and loyalty."


@dataclass(frozen=True, slots=True)
class Params:
    """Parameters of engagement."""

    loyalty_boost: float = param(0.8, lo=0, hi=5, unit="loyalty points", doc="rise in a member's loyalty target")
    c2c_multiplier: float = param(
        3.0, lo=1, hi=20, unit="multiplier", doc="how much stronger a member's word-of-mouth pull is"
    )
    recruit_rate: float = param(
        0.08, lo=0, hi=1, unit="1/week", doc="weekly chance a customer joins, per unit share of member neighbours"
    )
    leave_rate: float = param(0.01, lo=0, hi=1, unit="1/week", doc="weekly chance a member drifts away")
    willingness_drift: float = param(
        0.01, lo=0, hi=1, unit="1/week", doc="weekly share of the gap to full willingness a member closes"
    )


def community_dynamics(model: CXModel, member_share: np.ndarray) -> None:
    """Members recruit neighbours, drift away, and grow more willing.

    ``member_share`` is, per customer, the share of their contacts who are active members.
    """
    p = model.cfg.engagement
    c = model.customers
    if not c.engaged.any():
        return
    rng = model.rng_community
    candidates = np.flatnonzero(c.active & ~c.engaged & (member_share > 0))  # only they can be recruited
    joins = candidates[rng.random(candidates.size) < p.recruit_rate * member_share[candidates]]
    current = np.flatnonzero(c.engaged)
    leaves = current[rng.random(current.size) < p.leave_rate]
    c.set_engaged(joins, True)
    c.set_engaged(leaves, False)
    members = c.engaged & c.active
    c.willingness[members] += p.willingness_drift * (1.0 - c.willingness[members])


def loyalty_term(model: CXModel) -> np.ndarray:
    """Loyalty-target boost for members."""
    return model.cfg.engagement.loyalty_boost * model.customers.engaged


def wom_weight(model: CXModel) -> np.ndarray:
    """Per-customer multiplier on word-of-mouth pull (members talk more)."""
    return 1.0 + (model.cfg.engagement.c2c_multiplier - 1.0) * model.customers.engaged

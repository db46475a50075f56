"""Mechanism 6 - clout follows P&L [seed 001].

Executives who own product-line P&Ls (and sales) hold most clout; an operations
group holds budget for company-wide work. An executive's clout is computed from
the P&L share and budget share of the department they head. The CX leader borrows
part of the clout of the executive it reports to.

Off: every executive has the same clout (1.0), so where CX sits lends it nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.params import param

if TYPE_CHECKING:
    from sim.model.cxmodel import CXModel

SEED = "001"
CLAIM = "Clout follows P&L and budget; a CX leader under a weak boss borrows little of it."


@dataclass(frozen=True, slots=True)
class Params:
    """Parameters of P&L-based clout."""

    pnl_weight: float = param(
        0.5, lo=0, hi=1, unit="weight", doc="weight of a department's P&L (revenue) share in its head's clout"
    )
    budget_weight: float = param(
        0.5, lo=0, hi=1, unit="weight", doc="weight of a department's budget share in its head's clout"
    )
    floor: float = param(0.2, lo=0, hi=1, unit="clout", doc="clout of a department head with neither P&L nor budget")
    borrow_weight: float = param(
        0.5, lo=0, hi=1, unit="share", doc="share of the CX leader's clout borrowed from the executive it reports to"
    )


def assign(model: CXModel) -> None:
    """Set each department head's clout from P&L and budget; the CEO has 1.0."""
    p = model.cfg.clout
    raw = {
        name: p.pnl_weight * dept.cfg.pnl_share + p.budget_weight * dept.cfg.budget_share
        for name, dept in model.departments.items()
    }
    top = max(raw.values()) or 1.0
    for name, dept in model.departments.items():
        dept.head.clout = p.floor + (0.9 - p.floor) * raw[name] / top
    model.executives["ceo"].clout = 1.0


def borrowed_factor(model: CXModel) -> float:
    """Multiplier on the CX leader's clout from the boss's clout."""
    return model.boss.clout**model.cfg.clout.borrow_weight

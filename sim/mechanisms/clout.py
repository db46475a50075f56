"""Mechanism 6 - clout follows P&L [seed 001].

Executives who own product-line P&Ls (and sales) hold most clout; an operations
group holds budget for company-wide work; and rank counts (seed 000: a sponsor
below VP level without a P&L cannot carry a proposal). An executive's clout
mixes their rank with the resources they command - the P&L they answer for in
person plus the P&L and budget of the departments they head, relative to the
best-resourced executive:

    clout = rank_weight x rank_decay^(rank - top rank) + (1 - rank_weight) x resources / most resources

The CX leader borrows part of the clout of the executive it reports to (its
home's head, or the chief executive for the executive office), and an approver
with little clout - a sponsor or a department head - cannot commit the
resources a proposal needs, so approval falls with the approver's clout.

Off: every executive has the same clout (1.0), so where CX sits lends it nothing
and every approver can commit what a proposal needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from sim.params import param

if TYPE_CHECKING:
    from sim.model.agents import Executive
    from sim.model.cxmodel import CXModel

SEED = "000, 001"
CLAIM = "Clout follows P&L, budget and rank; a CX leader under a weak boss, or a weak sponsor, carries little."


@dataclass(frozen=True, slots=True)
class Params:
    """Parameters of clout from rank, P&L and budget."""

    RETIRED: ClassVar[dict[str, str]] = {
        "floor": "the clout of a head with neither P&L nor budget now comes from rank: "
        "clout.rank_weight x clout.rank_decay^(rank - 1)",
    }

    pnl_weight: float = param(
        0.5, lo=0, hi=1, unit="weight", doc="weight of P&L (revenue) share in an executive's resources"
    )
    budget_weight: float = param(
        0.5, lo=0, hi=1, unit="weight", doc="weight of budget share in an executive's resources"
    )
    rank_weight: float = param(
        0.5, lo=0, hi=1, unit="share", doc="share of an executive's clout that comes from rank rather than resources"
    )
    rank_decay: float = param(0.6, lo=0, hi=1, unit="ratio", doc="standing kept per rank below the top (rank 1 = 1.0)")
    borrow_weight: float = param(
        0.5, lo=0, hi=1, unit="share", doc="share of the CX leader's clout borrowed from the executive it reports to"
    )
    approver_weight: float = param(
        0.5,
        lo=0,
        hi=1,
        unit="share",
        doc="share of approval chance lost when the approver (sponsor or department head) has no clout to commit resources",
    )


def resources(model: CXModel, executive: Executive) -> float:
    """P&L and budget an executive commands: their own P&L plus that of the departments they head."""
    p = model.cfg.clout
    pnl = executive.cfg.pnl_share + sum(model.departments[d].cfg.pnl_share for d in executive.heads)
    budget = sum(model.departments[d].cfg.budget_share for d in executive.heads)
    return p.pnl_weight * pnl + p.budget_weight * budget


def assign(model: CXModel) -> None:
    """Set every executive's clout from rank and resources."""
    p = model.cfg.clout
    raw = {name: resources(model, ex) for name, ex in model.executives.items()}
    most = max(raw.values()) or 1.0
    top = min(ex.rank for ex in model.executives.values())
    for name, ex in model.executives.items():
        standing = p.rank_decay ** (ex.rank - top)
        ex.clout = p.rank_weight * standing + (1.0 - p.rank_weight) * raw[name] / most


def borrowed_factor(model: CXModel) -> float:
    """Multiplier on the CX leader's clout from the boss's clout."""
    return model.boss.clout**model.cfg.clout.borrow_weight


def approver_factor(model: CXModel, approver: Executive) -> float:
    """Approval multiplier from whether the approver can commit resources."""
    return 1.0 - model.cfg.clout.approver_weight * (1.0 - approver.clout)

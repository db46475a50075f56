"""Mechanism 1 - sponsor attention drift [seed 000].

The executive who asked for CX work moves on to other priorities. By the time the
programme leader has scoped a proposal, the sponsor's attention (and willingness
to commit budget) may be gone. The approval chance rises with the sponsor's
attention *at the moment the decision is taken* (``initiatives.attention_weight``
sets how much of it depends on attention), and the executive's continuing
attention pushes delegated items along (``delegation.sponsor_push``).

State: ``Executive.cx_attention`` in [0, 1].
Off: attention never changes from its starting value (the sponsor's ``initial``,
every other executive's ``baseline``): no drift, no shocks, no renewal.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.params import param

if TYPE_CHECKING:
    from sim.model.cxmodel import CXModel

SEED = "000"
CLAIM = "The sponsoring executive's attention drifts to other priorities; late proposals meet less support."


@dataclass(frozen=True, slots=True)
class Params:
    """Parameters of sponsor attention drift."""

    initial: float = param(
        0.9, lo=0, hi=1, unit="share", doc="attention the sponsor gives CX when asking for it (week 0)"
    )
    baseline: float = param(
        0.25, lo=0, hi=1, unit="share", doc="attention an executive gives CX once other priorities have taken over"
    )
    half_life_weeks: float = param(20.0, lo=1, hi=520, unit="weeks", doc="weeks for attention above baseline to halve")
    threat_pull: float = param(
        0.25,
        lo=0,
        hi=1,
        unit="share",
        doc="attention lost when a competitive threat or reorganisation demands the executive",
    )
    crisis_boost: float = param(
        0.2,
        lo=0,
        hi=1,
        unit="share",
        doc="attention gained when a customer crisis (bug spike, exposed failing) is visible",
    )
    win_boost: float = param(
        0.2, lo=0, hi=1, unit="share", doc="attention regained when an initiative delivers a measured gain"
    )


def drift(model: CXModel) -> None:
    """Relax every executive's CX attention towards baseline by one week."""
    p = model.cfg.sponsor_attention
    keep = math.exp(-math.log(2.0) / p.half_life_weeks)
    for ex in model.executives.values():
        ex.cx_attention = p.baseline + (ex.cx_attention - p.baseline) * keep


def shift(model: CXModel, amount: float, everyone: bool = True) -> None:
    """Add ``amount`` (may be negative) to executives' attention, clipped to [0, 1]."""
    targets = model.executives.values() if everyone else [model.sponsor]
    for ex in targets:
        ex.cx_attention = min(1.0, max(0.0, ex.cx_attention + amount))


def on_measured_win(model: CXModel) -> None:
    """A measured success renews the sponsor's interest."""
    shift(model, model.cfg.sponsor_attention.win_boost, everyone=False)


def new_executive_attention(model: CXModel) -> float:
    """Attention of an executive who arrives mid-run: nobody asked them for CX work."""
    return model.cfg.sponsor_attention.baseline

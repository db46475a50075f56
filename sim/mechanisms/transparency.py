"""Mechanism 17 - transparency about failings [seed 004].

When the firm learns of a customer-critical issue it can tell customers early or
hide it. Disclosure costs affected customers a little trust at once, and they are
more understanding of the pain meanwhile. A hidden failing may come out later;
when it does, every customer loses more trust than disclosure would have cost.

Off: disclosure and exposure have no effect on trust or pain.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.params import param

if TYPE_CHECKING:
    from sim.model.cxmodel import CXModel
    from sim.model.issues import Issue

SEED = "004"
CLAIM = "Telling customers about failings early preserves trust; hidden failings come out and cost more."


@dataclass(frozen=True, slots=True)
class Params:
    """Parameters of disclosure and exposure."""

    disclosure: float = param(0.3, lo=0, hi=1, unit="prob", doc="chance a detected issue is disclosed to customers")
    disclosed_trust_cost: float = param(
        0.02, lo=0, hi=1, unit="trust", doc="trust affected customers lose when an issue is disclosed"
    )
    understanding: float = param(
        0.4, lo=0, hi=1, unit="share", doc="share of an issue's pain that informed customers forgive"
    )
    exposure_rate: float = param(0.04, lo=0, hi=1, unit="1/week", doc="weekly chance a hidden failing comes out")
    exposed_trust_cost: float = param(
        0.06, lo=0, hi=1, unit="trust", doc="trust every customer loses when a hidden failing comes out"
    )


def on_detect(model: CXModel, issue: Issue) -> None:
    """Decide to disclose or hide a newly detected issue."""
    p = model.cfg.transparency
    # No draw at disclosure 0, so the decision stream is untouched there, as when the mechanism is off.
    issue.disclosed = p.disclosure > 0.0 and bool(model.rng.random() < p.disclosure)
    if issue.disclosed:
        hit = model.customers.affected_by(issue) & model.customers.active
        model.customers.trust[hit] = np.maximum(0.0, model.customers.trust[hit] - p.disclosed_trust_cost)


def expose_hidden(model: CXModel) -> None:
    """Hidden failings may come out; each costs every customer trust."""
    p = model.cfg.transparency
    if p.exposure_rate <= 0.0:  # nothing can come out: no draws, as when off
        return
    for issue in model.issues.hidden():
        if model.rng.random() < p.exposure_rate:
            issue.exposed = True
            c = model.customers
            c.trust[:] = np.maximum(0.0, c.trust - p.exposed_trust_cost)
            model.attention_shift(model.cfg.sponsor_attention.crisis_boost)
            model.log.add(
                model.week, "failing_exposed", f"A hidden failing ({issue.label}) comes out; customers' trust drops."
            )


def pain_multiplier(model: CXModel, issue: Issue) -> float:
    """Share of an issue's pain affected customers feel."""
    return 1.0 - model.cfg.transparency.understanding if issue.disclosed else 1.0

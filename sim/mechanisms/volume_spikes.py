"""Mechanism 8 - volume spikes [seed 001].

A product bug can multiply contacts and online mentions tenfold. Contacts beyond
handling capacity go unanswered and cost loyalty. Capacity normally sits a little
above the usual volume; during a spike it can be scaled by the placement's surge
capacity (service has the operational structure to scale, marketing does not).

Off: every contact is handled, however many arrive.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.params import param

if TYPE_CHECKING:
    from sim.model.cxmodel import CXModel

SEED = "001"
CLAIM = "A tenfold bug-driven contact spike costs less loyalty where CX can scale (service) than where it cannot (marketing)."


@dataclass(frozen=True, slots=True)
class Params:
    """Parameters of contact handling under surges."""

    headroom: float = param(
        1.2, lo=1, hi=10, unit="multiplier", doc="handling capacity as a multiple of the usual weekly contact volume"
    )
    unhandled_cost: float = param(
        0.3, lo=0, hi=10, unit="loyalty points", doc="loyalty a customer loses per unanswered contact"
    )


def capacity(model: CXModel, usual_volume: float) -> float:
    """Contacts the organisation can handle this week."""
    surge = model.placement.surge_capacity if model.issues.any_spiking(model.week) else 1.0
    return usual_volume * model.cfg.volume_spikes.headroom * surge


def unhandled_share(model: CXModel, demand: float, usual_volume: float) -> float:
    """Share of this week's contacts that go unanswered."""
    if demand <= 0:
        return 0.0
    return max(0.0, 1.0 - capacity(model, usual_volume) / demand)

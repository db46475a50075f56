"""Mechanism 9 - resistance to CX [seed 002].

Three sources: CX "sounds mushy", so approval needs ROI evidence, which only past
measured successes supply; it threatens power structures; and it is laborious,
so each department involved receives several action items.

Friction is not typed per placement: it is the power an initiative's scope
threatens, relative to the clout of whoever owns it. An initiative claims the
departments it involves other than its owner's own; the power it threatens is
the clout of their heads, summed and divided by the number of departments
(0..1, larger for wider scope and stronger heads). Against an owner of clout c:

    friction = threatened / (threatened + c)   (times the overlay's relief, mechanism 11)

so a top-down initiative of a weak owner meets the most, a narrow one of a
strong owner the least.

Off: approval needs no evidence, scope meets no friction, and each involved
department receives a single item.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.params import param

if TYPE_CHECKING:
    from sim.model.cxmodel import CXModel
    from sim.model.initiatives import Initiative

SEED = "002"
CLAIM = "CX meets resistance: it needs ROI evidence, threatens power structures and is laborious."


@dataclass(frozen=True, slots=True)
class Params:
    """Parameters of organisational resistance."""

    mushiness: float = param(
        0.25, lo=0, hi=1, unit="share", doc="share of approval lost when there is no evidence of past CX returns"
    )
    evidence_scale: float = param(
        3.0,
        lo=0.1,
        hi=100,
        unit="successes",
        doc="measured successes that remove about two thirds of the mushiness penalty",
    )
    friction_scale: float = param(
        0.4,
        lo=0,
        hi=1,
        unit="share",
        doc="share of approval chance lost at full friction (threatened power far above the owner's clout)",
    )


def threatened_power(model: CXModel, ini: Initiative) -> float:
    """Clout of the heads of the departments an initiative claims, per department of the organisation."""
    own = model.lifecycle.home_of(model, ini)
    claimed = [model.departments[d].head.clout for d in ini.departments if d != own]
    return sum(claimed) / len(model.departments)


def friction(model: CXModel, ini: Initiative) -> float:
    """Political friction an initiative meets: threatened power against its owner's clout, after overlay relief."""
    threatened = threatened_power(model, ini)
    if threatened <= 0:
        return 0.0
    value = threatened / (threatened + model.lifecycle.owner_clout(model, ini))
    return value * model.overlay_relief()


def approval_factor(model: CXModel, ini: Initiative) -> float:
    """Approval multiplier from missing ROI evidence and from political friction."""
    p = model.cfg.resistance
    evidence = 1.0 - p.mushiness * math.exp(-model.org.evidence / p.evidence_scale)
    return evidence * (1.0 - p.friction_scale * friction(model, ini))


def items_per_department(model: CXModel, kind: str) -> int:
    """Action items each involved department receives (CX is laborious)."""
    return getattr(model.cfg.initiatives.types, kind).items_per_department

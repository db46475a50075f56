"""Mechanism 9 - resistance to CX [seed 002].

Three sources: CX "sounds mushy", so approval needs ROI evidence, which only past
measured successes supply; it threatens power structures, so friction grows with
the share of the organisation an initiative claims; and it is laborious, so each
department involved receives several action items.

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
        doc="share of approval chance lost to friction by an initiative claiming the whole organisation, at placement friction 1",
    )


def approval_factor(model: CXModel, ini: Initiative) -> float:
    """Approval multiplier from missing ROI evidence and from political friction."""
    p = model.cfg.resistance
    evidence = 1.0 - p.mushiness * math.exp(-model.org.evidence / p.evidence_scale)
    scope = len(ini.departments) / len(model.departments)
    friction = 1.0 - p.friction_scale * model.effective_friction() * scope
    return evidence * friction


def items_per_department(model: CXModel, kind: str) -> int:
    """Action items each involved department receives (CX is laborious)."""
    return getattr(model.cfg.initiatives.types, kind).items_per_department

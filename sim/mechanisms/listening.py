"""Mechanism 7 - listening reach [seed 001].

Service hears customers at every contact; marketing mostly through surveys and
reputation monitoring; operations through process metrics. The placement's
listening reach sets how fast a customer-critical issue is noticed; a loud issue
(a bug spike) is noticed faster, and completed listening programmes widen reach.
Detected issues are fixed by routine work and can be targeted by initiatives.

Off: every issue is known the week it appears.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.params import param

if TYPE_CHECKING:
    from sim.model.cxmodel import CXModel

SEED = "001"
CLAIM = "Where CX sits changes how fast customer-critical issues are seen."


@dataclass(frozen=True, slots=True)
class Params:
    """Parameters of issue detection."""

    detection_rate: float = param(
        0.5,
        lo=0,
        hi=10,
        unit="1/week",
        doc="weekly detection hazard of an issue at full listening reach and full data integration",
    )
    spike_loudness: float = param(
        3.0, lo=1, hi=20, unit="multiplier", doc="how much louder an issue is while it drives a contact spike"
    )
    programme_boost: float = param(
        0.1, lo=0, hi=1, unit="reach", doc="listening reach added by each completed listening programme"
    )


def reach(model: CXModel) -> float:
    """Current listening reach: the placement's plus what listening programmes added."""
    return min(1.0, model.placement.listening_reach + model.org.listening_bonus)


def detect(model: CXModel) -> None:
    """Give every undetected open issue its weekly chance of being noticed."""
    p = model.cfg.listening
    base = p.detection_rate * reach(model) * model.detection_silo_factor()
    for issue in model.issues.undetected():
        loud = p.spike_loudness if issue.spiking(model.week) else 1.0
        if model.rng.random() < 1.0 - math.exp(-base * loud):
            model.issues.mark_detected(model, issue)


def on_programme_completed(model: CXModel) -> None:
    """A completed listening programme widens reach."""
    model.org.listening_bonus += model.cfg.listening.programme_boost

"""Mechanism 12 - data silos and a single view of the customer [seeds 003, 004].

Each function keeps its own customer data. Low integration slows the detection of
customer-critical issues and makes cross-department items harder to coordinate.
Integration is itself an initiative: a completed data-integration fix raises it.

State: ``OrgState.integration`` in [0, 1].
Off: the firm behaves as if it had a single view of the customer (integration 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.params import param

if TYPE_CHECKING:
    from sim.model.cxmodel import CXModel

SEED = "003, 004"
CLAIM = "Separate data systems slow detection and coordination; integration is itself an initiative."


@dataclass(frozen=True, slots=True)
class Params:
    """Parameters of data silos."""

    initial_integration: float = param(
        0.3, lo=0, hi=1, unit="share", doc="degree of single customer view at the start (0 = fully siloed)"
    )
    detection_floor: float = param(
        0.3, lo=0, hi=1, unit="multiplier", doc="detection speed with fully siloed data, relative to full integration"
    )
    coordination_penalty: float = param(
        0.4,
        lo=0,
        hi=1,
        unit="share",
        doc="work-rate loss on an item of an all-department initiative with fully siloed data",
    )
    integration_gain: float = param(
        0.3,
        lo=0,
        hi=1,
        unit="share",
        doc="share of the remaining integration gap closed by a completed integration fix",
    )
    fix_share: float = param(
        0.4,
        lo=0,
        hi=1,
        unit="prob",
        doc="chance a proposed infrastructure fix targets data integration (while integration < 0.9)",
    )


def detection_factor(model: CXModel) -> float:
    """Detection-speed multiplier from the current integration."""
    p = model.cfg.silos
    return p.detection_floor + (1.0 - p.detection_floor) * model.org.integration


def coordination_factor(model: CXModel, n_departments: int) -> float:
    """Work-rate multiplier for an item of an initiative spanning ``n_departments``."""
    span = (n_departments - 1) / max(1, len(model.departments) - 1)
    return 1.0 - model.cfg.silos.coordination_penalty * span * (1.0 - model.org.integration)


def wants_integration_fix(model: CXModel) -> bool:
    """Whether a new infrastructure fix should target data integration."""
    return model.org.integration < 0.9 and model.rng.random() < model.cfg.silos.fix_share


def on_integration_fix(model: CXModel) -> None:
    """A completed integration fix closes part of the integration gap."""
    org = model.org
    org.integration += model.cfg.silos.integration_gain * (1.0 - org.integration)

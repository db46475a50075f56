"""Mechanism 12 - data silos and a single view of the customer [seeds 003, 004].

Each department keeps its customer data in a data system (``data_system``);
departments on one system share data. Integration (``OrgState.integration``)
is how far the distinct systems are joined. Low integration keeps other
departments' contacts from the CX team (its listening reach, mechanism 7) and
makes items of initiatives spanning several systems harder to coordinate: the
work-rate loss grows with the share of the organisation's systems an
initiative spans. Integration is itself an initiative: a completed
data-integration fix raises it.

State: ``OrgState.integration`` in [0, 1].
Off: the firm behaves as if it had a single view of the customer (integration 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from sim.params import param

if TYPE_CHECKING:
    from sim.model.cxmodel import CXModel

SEED = "003, 004"
CLAIM = "Separate data systems slow detection and coordination; integration is itself an initiative."


@dataclass(frozen=True, slots=True)
class Params:
    """Parameters of data silos."""

    RETIRED: ClassVar[dict[str, str]] = {
        "detection_floor": "detection now slows through listening reach: other systems' contacts reach the CX team "
        "only as far as integration joins them (listening.data_view, silos.initial_integration)",
    }

    initial_integration: float = param(
        0.3, lo=0, hi=1, unit="share", doc="degree of single customer view at the start (0 = fully siloed)"
    )
    coordination_penalty: float = param(
        0.4,
        lo=0,
        hi=1,
        unit="share",
        doc="work-rate loss on an item of an initiative spanning every data system, with fully siloed data",
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


def coordination_factor(model: CXModel, departments: tuple[str, ...]) -> float:
    """Work-rate multiplier for an item of an initiative spanning ``departments``' data systems."""
    systems = {model.departments[d].system for d in departments}
    total = len({d.system for d in model.departments.values()})
    span = (len(systems) - 1) / (total - 1) if total > 1 else 0.0
    return 1.0 - model.cfg.silos.coordination_penalty * span * (1.0 - model.org.integration)


def wants_integration_fix(model: CXModel) -> bool:
    """Whether a new infrastructure fix should target data integration."""
    return model.org.integration < 0.9 and model.rng.random() < model.cfg.silos.fix_share


def on_integration_fix(model: CXModel) -> None:
    """A completed integration fix closes part of the integration gap."""
    org = model.org
    org.integration += model.cfg.silos.integration_gain * (1.0 - org.integration)

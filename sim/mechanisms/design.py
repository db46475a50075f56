"""Mechanism 19 - design beats structure [seed 004].

Work, measures, incentives and leadership matter more than reporting lines.
Customer metrics in a department's incentives make it give CX items priority
whoever asks, and make it start customer improvements of its own ("everyone a
mini-CCO"). The governance design can add a company-wide customer incentive.

Off: incentives carry no weight and departments start nothing themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.params import param

if TYPE_CHECKING:
    from sim.model.agents import Department
    from sim.model.cxmodel import CXModel

SEED = "004"
CLAIM = "Work, measures, incentives and leadership matter more than reporting lines; everyone can be a mini-CCO."


@dataclass(frozen=True, slots=True)
class Params:
    """Parameters of organisation design."""

    incentive_weight: float = param(
        3.0,
        lo=0,
        hi=20,
        unit="priority",
        doc="priority an item gains per unit of customer weight in the department's incentives",
    )
    proposals_per_year: float = param(
        1.5,
        lo=0,
        hi=52,
        unit="1/year",
        doc="improvements a department with fully customer-weighted incentives starts itself each year",
    )


def priority_term(model: CXModel, dept: Department) -> float:
    """Priority a department's customer incentives add to a CX item."""
    return model.cfg.design.incentive_weight * dept.customer_incentive(model)


def departmental_proposals(model: CXModel) -> None:
    """Departments with customer incentives start their own bottom-up improvements."""
    rate = model.cfg.design.proposals_per_year / 52.0
    for name, dept in model.departments.items():
        if model.rng.random() < rate * dept.customer_incentive(model):
            model.lifecycle.propose_departmental(model, name, None, cause="customer incentives")

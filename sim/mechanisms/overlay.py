"""Mechanism 11 - the CEO/COO overlay [seed 002].

A company-wide overlay run from the top for a few years embeds CX skill into
every department. While it runs, departments' CX capability grows, the top
sponsor's attention cannot fall below a floor, and skill softens political
friction. When it ends, capability decays only slowly: what remains is the point.

State: ``Department.capability`` in [0, 1].
Off: capability never changes and has no effect.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.params import param

if TYPE_CHECKING:
    from sim.model.agents import Department
    from sim.model.cxmodel import CXModel

SEED = "002"
CLAIM = "A CEO/COO overlay builds CX skill into every department, and it outlasts the overlay."


@dataclass(frozen=True, slots=True)
class Params:
    """Parameters of the CX overlay."""

    initial_capability: float = param(0.1, lo=0, hi=1, unit="share", doc="CX skill in every department at the start")
    skill_growth: float = param(
        0.015, lo=0, hi=1, unit="1/week", doc="weekly share of the gap to full skill closed while the overlay runs"
    )
    skill_decay: float = param(
        0.002, lo=0, hi=1, unit="1/week", doc="weekly share of skill lost once the overlay has ended"
    )
    attention_floor: float = param(
        0.7, lo=0, hi=1, unit="share", doc="lowest CX attention of the top sponsor while the overlay runs"
    )
    capability_weight: float = param(
        2.5, lo=0, hi=10, unit="priority", doc="priority a department gives CX items per unit of skill"
    )
    friction_relief: float = param(
        0.5, lo=0, hi=1, unit="share", doc="share of political friction removed at full skill"
    )


def running(model: CXModel) -> bool:
    """Whether the overlay is in force this week."""
    return model.week <= model.design.overlay_weeks


def build_capability(model: CXModel) -> None:
    """Grow skill while the overlay runs; let it fade slowly afterwards."""
    p = model.cfg.overlay
    if running(model):
        for dept in model.departments.values():
            dept.capability += p.skill_growth * (1.0 - dept.capability)
        model.sponsor.cx_attention = max(model.sponsor.cx_attention, p.attention_floor)
    else:
        for dept in model.departments.values():
            dept.capability *= 1.0 - p.skill_decay


def priority_term(model: CXModel, dept: Department) -> float:
    """Priority a department's CX skill adds to a delegated item."""
    return model.cfg.overlay.capability_weight * dept.capability


def friction_multiplier(model: CXModel) -> float:
    """Share of political friction left given average skill."""
    skills = [d.capability for d in model.departments.values()]
    return 1.0 - model.cfg.overlay.friction_relief * sum(skills) / len(skills)

"""The actors whose individual decisions matter: executives, managers, departments, the CX leader.

They are Mesa agents (so ``model.agents_by_type[Executive]`` and the AgentSet
idioms work); their behaviour lives in the mechanism modules, which read and
write the state declared here. Customers are *not* agents: they are many, and
live as numpy arrays in :mod:`sim.model.customers`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

if TYPE_CHECKING:
    from sim.model.cxmodel import CXModel
    from sim.scenario.organisation import DepartmentConfig, ExecutiveConfig


class Executive(mesa.Agent):
    """A member of the executive team: the chief executive, a department head, any executive the scenario lists.

    Attributes:
        role: the executive's name in the scenario ("ceo", "cmo", "head_of_service", ...); a label only.
        cfg: rank, P&L answered for in person, mean tenure (:class:`~sim.scenario.organisation.ExecutiveConfig`).
        heads: names of the departments this executive heads (none for a chief executive without one).
        clout: influence in [0, 1] (mechanism 6 sets it from rank, P&L and budget).
        cx_attention: share of attention on CX rather than competing priorities (mechanism 1).
        legacy: whether the executive has a legacy mindset (mechanism 16).
        tenure_weeks: weeks in post.
    """

    def __init__(self, model: CXModel, role: str, cfg: ExecutiveConfig, attention: float) -> None:
        super().__init__(model)
        self.role = role
        self.cfg = cfg
        self.heads: list[str] = []
        self.clout = 1.0
        self.cx_attention = attention
        self.legacy = False
        self.tenure_weeks = 0

    @property
    def rank(self) -> int:
        """Rank in the hierarchy (1 = chief executive)."""
        return self.cfg.rank

    def step(self) -> None:
        """One more week in post."""
        self.tenure_weeks += 1


class Manager(mesa.Agent):
    """The mid-level manager in a department who receives delegated CX items."""

    def __init__(self, model: CXModel, department: str) -> None:
        super().__init__(model)
        self.department = department
        self.legacy = False
        self.tenure_weeks = 0

    def step(self) -> None:
        """One more week in post."""
        self.tenure_weeks += 1


class Department(mesa.Agent):
    """A department: capacity, budget, own priorities, incentives, contacts, data system and CX skill.

    Attributes:
        system: name of the data system holding its customer data (its own name when the scenario gives none).
        mobilised: whether its spare contact-handling capacity is on line in the current surge (mechanism 8).
    """

    def __init__(self, model: CXModel, name: str, cfg: DepartmentConfig, head: Executive, manager: Manager) -> None:
        super().__init__(model)
        self.name = name
        self.cfg = cfg
        self.head = head
        self.manager = manager
        self.system = cfg.data_system or name
        self.capability = 0.0
        self.paused_until = 0
        self.mobilised = False

    def own_pressure(self, model: CXModel) -> float:
        """Weight of the department's own priorities this week (threats raise it)."""
        return self.cfg.own_pressure * (1.0 + model.cfg.events.threat_pressure * model.pressure())

    def customer_incentive(self, model: CXModel) -> float:
        """Customer weight in incentives: the department's own plus the design's company-wide one."""
        return min(1.0, self.cfg.customer_incentive + model.design.customer_incentive)

    def paused(self, week: int) -> bool:
        """Whether CX work here is on hold (a manager post being filled)."""
        return week < self.paused_until


class CXLeader(mesa.Agent):
    """The CX programme leader (a Chief Customer Officer when ``leader_level`` is 1).

    Attributes:
        frustration: in [0, 1]; raises the exit hazard (mechanism 14).
        relationship_weeks: weeks of working relationships built (reset by departures, reorganisations).
        vacant_until: week the post is filled again after a departure.
        tenures: completed tenures in weeks, in order.
    """

    def __init__(self, model: CXModel) -> None:
        super().__init__(model)
        self.frustration = 0.0
        self.tenure_weeks = 0
        self.relationship_weeks = 0
        self.vacant = False
        self.vacant_until = 0
        self.tenures: list[int] = []

    @property
    def in_post(self) -> bool:
        """Whether someone holds the post (nobody does in the firm's past, before the programme)."""
        return not self.vacant and not self.model.settling

    def step(self) -> None:
        """Tenure and relationships grow while in post."""
        if self.in_post:
            self.tenure_weeks += 1
            self.relationship_weeks += 1

    def leave(self, week: int, vacant_until: int) -> None:
        """Record the tenure that ends now and open a vacancy."""
        self.tenures.append(self.tenure_weeks)
        self.vacant = True
        self.vacant_until = vacant_until

    def arrive(self, week: int) -> None:
        """A successor starts with no tenure, no frustration and no relationships."""
        self.vacant = False
        self.tenure_weeks = 0
        self.relationship_weeks = 0
        self.frustration = 0.0

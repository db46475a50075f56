"""The organisation's fixed vocabulary and its configuration: departments, their heads, the firm.

Declared apart from :mod:`sim.scenario.config` so that placements (which name
homes and sponsors) can be declared without importing the whole scenario.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.params import param

DEPARTMENTS: tuple[str, ...] = ("marketing", "sales", "service", "operations", "product", "it", "finance")
"""The functional departments every modelled organisation has."""

HEAD_ROLE: dict[str, str] = {
    "marketing": "cmo",
    "sales": "head_of_sales",
    "service": "head_of_service",
    "operations": "coo",
    "product": "head_of_product",
    "it": "cio",
    "finance": "cfo",
}
"""The executive role heading each department (the COO heads operations)."""

ROLES: tuple[str, ...] = ("ceo", *HEAD_ROLE.values())
HOMES: tuple[str, ...] = (*DEPARTMENTS, "executive")


@dataclass(frozen=True, slots=True)
class DepartmentConfig:
    """One functional department."""

    pnl_share: float = param(
        0.0, lo=0, hi=1, unit="share", doc="share of company revenue whose P&L the department's head owns"
    )
    budget_share: float = param(0.1, lo=0, hi=1, unit="share", doc="share of operating spend the department controls")
    capacity: float = param(
        3.0, lo=0, hi=100, unit="items/week", doc="most CX action items the department can progress in a week"
    )
    own_pressure: float = param(
        2.0, lo=0, hi=50, unit="priority", doc="weight of the department's own priorities against delegated CX items"
    )
    customer_incentive: float = param(
        0.1, lo=0, hi=1, unit="share", doc="weight of customer metrics in the department's incentives"
    )


def _dept(pnl: float, budget: float, cap: float, pressure: float, incentive: float) -> DepartmentConfig:
    return DepartmentConfig(pnl, budget, cap, pressure, incentive)


@dataclass(frozen=True, slots=True)
class DepartmentsConfig:
    """The seven departments (marketing, sales, service, operations, product, it, finance)."""

    marketing: DepartmentConfig = param(doc="marketing", factory=lambda: _dept(0.0, 0.10, 3.0, 2.0, 0.2))
    sales: DepartmentConfig = param(doc="sales", factory=lambda: _dept(0.35, 0.12, 2.0, 3.0, 0.1))
    service: DepartmentConfig = param(doc="customer service", factory=lambda: _dept(0.0, 0.13, 4.0, 2.5, 0.5))
    operations: DepartmentConfig = param(doc="operations", factory=lambda: _dept(0.0, 0.30, 4.0, 2.5, 0.2))
    product: DepartmentConfig = param(doc="product / R&D", factory=lambda: _dept(0.65, 0.20, 3.0, 3.0, 0.1))
    it: DepartmentConfig = param(doc="IT", factory=lambda: _dept(0.0, 0.10, 3.0, 3.0, 0.05))
    finance: DepartmentConfig = param(doc="finance", factory=lambda: _dept(0.0, 0.05, 2.0, 2.0, 0.0))

    def items(self) -> list[tuple[str, DepartmentConfig]]:
        """(name, config) pairs in the canonical department order."""
        return [(name, getattr(self, name)) for name in DEPARTMENTS]


@dataclass(frozen=True, slots=True)
class OrganisationConfig:
    """The firm as a whole."""

    opex_per_week: float = param(
        2000.0, lo=1, hi=1e9, unit="money/week", doc="operating expenditure per week (money units, e.g. $k)"
    )
    executive_tenure_weeks: float = param(
        260.0, lo=4, hi=5200, unit="weeks", doc="mean tenure of other executives (exogenous departures)"
    )
    departments: DepartmentsConfig = param(doc="the departments", factory=DepartmentsConfig)

"""The organisation as data: its executives, its departments and what each of them has.

Names are free: a scenario may describe billing, a digital unit, ground operations
or an outsourced contact centre. The model never reads a name; what a CX team can
do where it sits follows from these attributes (contacts handled and how far their
handling scales, P&L and budget, data system, the head's rank) through the
mechanisms. The default organisation is the seven-department mid-size firm of
``scenarios/default.toml``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from sim.params import Tables, param

EXECUTIVE_OFFICE = "executive"
"""The home of a CX team that sits in the executive office rather than in a department."""

TEMPLATES: tuple[str, ...] = ("default", "none")


@dataclass(frozen=True, slots=True)
class ExecutiveConfig:
    """One executive: rank, the P&L they answer for in person, and how long they stay."""

    title: str = param("", doc="display name of the post (shown in tables and the dashboard)")
    rank: int = param(
        2, lo=1, hi=8, unit="level", doc="rank (1 = chief executive, 2 = C-suite or SVP, 3 = VP, 4 = director, ...)"
    )
    pnl_share: float = param(
        0.0,
        lo=0,
        hi=1,
        unit="share",
        doc="share of revenue whose P&L the executive answers for in person, beyond the departments they head",
    )
    tenure_weeks: float = param(
        260.0, lo=4, hi=5200, unit="weeks", doc="mean tenure in post (exogenous departures; successors start afresh)"
    )


@dataclass(frozen=True, slots=True)
class DepartmentConfig:
    """One department: who heads it, what it owns and spends, its CX capacity, its contacts and its data."""

    head: str = param("", doc="the executive heading the department (a name under organisation.executives)")
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
    contact_share: float = param(
        0.0,
        lo=0,
        hi=1,
        unit="share",
        doc="share of customers' contacts (calls, chats, mentions, emails) the department handles; shares sum to 1",
    )
    surge_capacity: float = param(
        1.0,
        lo=1,
        hi=50,
        unit="multiplier",
        doc="how far its contact handling scales in a surge once spare capacity is mobilised (a contractual cap for an outsourced centre)",
    )
    data_system: str = param(
        "", doc="name of the data system holding its customer data ('' = a system of its own); one system, shared data"
    )


def _exec(title: str, rank: int, pnl: float = 0.0) -> ExecutiveConfig:
    return ExecutiveConfig(title, rank, pnl, 260.0)


def default_executives() -> Tables:
    """The default organisation's eight executives: a chief executive over seven C-suite heads."""
    return Tables(
        {
            "ceo": _exec("Chief executive", 1, 1.0),
            "cmo": _exec("Chief marketing officer", 2),
            "head_of_sales": _exec("Head of sales", 2),
            "head_of_service": _exec("Head of customer service", 2),
            "coo": _exec("Chief operating officer", 2),
            "head_of_product": _exec("Head of product", 2),
            "cio": _exec("Chief information officer", 2),
            "cfo": _exec("Chief financial officer", 2),
        }
    )


def _dept(head, pnl, budget, cap, pressure, incentive, contacts, surge, system) -> DepartmentConfig:
    return DepartmentConfig(head, pnl, budget, cap, pressure, incentive, contacts, surge, system)


def default_departments() -> Tables:
    """The default organisation's seven departments (``scenarios/default.toml`` gives each value's source)."""
    return Tables(
        {
            "marketing": _dept("cmo", 0.0, 0.10, 3.0, 2.0, 0.2, 0.08, 1.5, "marketing_platform"),
            "sales": _dept("head_of_sales", 0.35, 0.12, 2.0, 3.0, 0.1, 0.10, 1.5, "crm"),
            "service": _dept("head_of_service", 0.0, 0.13, 4.0, 2.5, 0.5, 0.70, 8.0, "crm"),
            "operations": _dept("coo", 0.0, 0.30, 4.0, 2.5, 0.2, 0.06, 3.0, "erp"),
            "product": _dept("head_of_product", 0.65, 0.20, 3.0, 3.0, 0.1, 0.02, 1.2, "product_analytics"),
            "it": _dept("cio", 0.0, 0.10, 3.0, 3.0, 0.05, 0.01, 2.0, "it_service_desk"),
            "finance": _dept("cfo", 0.0, 0.05, 2.0, 2.0, 0.0, 0.03, 1.5, "erp"),
        }
    )


@dataclass(frozen=True, slots=True)
class OrganisationConfig:
    """The firm as a whole: its executives, its departments and who heads the executive office."""

    RETIRED: ClassVar[dict[str, str]] = {
        "executive_tenure_weeks": "each executive has its own tenure now: organisation.executives.<name>.tenure_weeks",
    }

    template: str = param(
        "default",
        choices=TEMPLATES,
        doc="what the file's departments and executives change: 'default' (the default organisation; a table named after one of its departments or executives changes the keys it gives, a new name adds one) or 'none' (the file lists the whole organisation)",
    )
    opex_per_week: float = param(
        2000.0, lo=1, hi=1e9, unit="money/week", doc="operating expenditure per week (money units, e.g. $k)"
    )
    chief_executive: str = param(
        "ceo", doc="the executive heading the executive office (the CX team's boss when it sits there)"
    )
    bug_fixer: str = param(
        "product", doc="department that fixes product bugs, the cause of bug-driven contact spikes ('' = none named)"
    )
    executives: Mapping[str, ExecutiveConfig] = param(doc="the executives, by name", factory=default_executives)
    departments: Mapping[str, DepartmentConfig] = param(doc="the departments, by name", factory=default_departments)


__all__ = [
    "EXECUTIVE_OFFICE",
    "TEMPLATES",
    "DepartmentConfig",
    "ExecutiveConfig",
    "OrganisationConfig",
    "default_departments",
    "default_executives",
]

"""What the page shows of a run at one moment: copied from the models under the run's lock.

The play loop steps the models in a thread while the page draws; the charts,
figures and commentary therefore read a :class:`RunView` - plain numbers and
arrays copied in one go while nothing steps - and never the live models. A
view also outlives its run, which is how the page keeps the previous run as a
faded line after Reset without keeping its models.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from sim.dashboard import commentary
from sim.dashboard.controls import placement_label
from sim.model.eventlog import Event

if TYPE_CHECKING:
    from sim.dashboard.session import DashboardRun, RunSettings
    from sim.model.cxmodel import CXModel

SERIES = (
    "follow_through",
    "nps",
    "retention",
    "participation",
    "participant_willingness",
    "capability",
    "unhandled_contacts",
)
"""Weekly columns the page draws (a view copies these, not the whole collector)."""

PIPELINE: tuple[tuple[str, str], ...] = (
    ("being scoped", "open"),
    ("awaiting a decision", "open"),
    ("approved, not launched", "open"),
    ("in progress", "open"),
    ("stalled", "open"),
    ("completed", "done"),
    ("rejected or never decided", "dead"),
    ("dropped: leader left first", "dead"),
    ("abandoned: leader left", "dead"),
    ("abandoned: reorganisation", "dead"),
    ("abandoned: budget cut", "dead"),
    ("abandoned: stalled too long", "dead"),
)
"""Pipeline rows: where initiatives are now, and where they died."""

_STAGE_ROW = {
    "scoping": "being scoped",
    "proposed": "awaiting a decision",
    "approved": "approved, not launched",
    "launched": "in progress",
    "stalled": "stalled",
    "completed": "completed",
    "rejected": "rejected or never decided",
    "dropped": "dropped: leader left first",
}

ROLE_LABEL = {
    "ceo": "CEO",
    "cmo": "CMO",
    "head_of_sales": "Sales head",
    "head_of_service": "Service head",
    "coo": "COO",
    "head_of_product": "Product head",
    "cio": "CIO",
    "cfo": "CFO",
}
DEPT_LABEL = {
    "marketing": "Marketing",
    "sales": "Sales",
    "service": "Service",
    "operations": "Operations",
    "product": "Product",
    "it": "IT",
    "finance": "Finance",
}
LEVEL_LABEL = {1: "C-suite", 2: "SVP", 3: "director", 4: "manager"}


@dataclass(frozen=True, slots=True)
class Person:
    """An executive or manager box of the organisation chart."""

    title: str
    attention: float
    legacy: bool
    sponsor: bool = False


@dataclass(frozen=True, slots=True)
class DepartmentView:
    """One department column of the organisation chart."""

    name: str
    label: str
    head: Person
    manager_legacy: bool
    paused: bool
    overdue: int
    skill: float


@dataclass(frozen=True, slots=True)
class OrgView:
    """The organisation at one moment: executives, departments and where CX sits."""

    ceo: Person
    departments: tuple[DepartmentView, ...]
    home: str  # a department name, or anything else for the executive office
    leader_level: str
    leader_vacant: bool
    leader_clout: float


@dataclass(frozen=True, slots=True)
class ArmView:
    """One placement of a run at one moment."""

    role: str  # "A" or "B"
    name: str  # the placement's internal name (CSV, tests)
    label: str  # what the page calls it
    series: dict[str, np.ndarray]
    metrics: dict[str, float]
    events: tuple[Event, ...]
    notes: tuple[commentary.Note, ...]
    headline: str
    pipeline: dict[str, int]
    loyalty_share: np.ndarray  # % of active customers answering 0..10
    customers_active: int
    org: OrgView
    summary: dict[str, float] | None = None  # end-of-run figures, once the run is finished


@dataclass(frozen=True, slots=True)
class RunView:
    """A run at one moment, as the page shows it."""

    settings: RunSettings | None
    week: int
    horizon: int
    finished: bool
    error: str | None
    arms: tuple[ArmView, ...] = field(default=())

    def arm(self, role: str) -> ArmView | None:
        """The arm playing ``role`` ("A" or "B"), if any."""
        return next((a for a in self.arms if a.role == role), None)


def pipeline_counts(model: CXModel) -> dict[str, int]:
    """How many initiatives sit at each pipeline row (see :data:`PIPELINE`)."""
    counts: Counter[str] = Counter()
    for ini in model.portfolio.initiatives:
        row = f"abandoned: {ini.end_reason}" if ini.stage == "abandoned" else _STAGE_ROW.get(ini.stage, ini.stage)
        counts[row] += 1
    return {label: counts.get(label, 0) for label, _group in PIPELINE} | {
        k: v for k, v in counts.items() if k not in dict(PIPELINE)
    }


def overdue_by_department(model: CXModel) -> dict[str, int]:
    """Overdue delegated action items each department owes now."""
    counts = Counter(item.department for item in model.portfolio.overdue_items(model.steps))
    return {name: counts.get(name, 0) for name in model.departments}


def loyalty_shares(model: CXModel) -> tuple[np.ndarray, int]:
    """% of active customers at each whole likelihood-to-recommend answer 0..10, and how many are active."""
    c = model.customers
    scores = np.rint(np.clip(c.loyalty[c.active], 0, 10))
    counts, _ = np.histogram(scores, bins=np.arange(-0.5, 11.0, 1.0))
    total = int(counts.sum())
    return counts / max(1, total) * 100.0, total


def organisation(model: CXModel) -> OrgView:
    """The organisation chart's contents (the one place the page reads the placement's position)."""
    sponsor = model.sponsor
    overdue = overdue_by_department(model)

    def person(ex) -> Person:
        title = ROLE_LABEL.get(ex.role, ex.cfg.title or ex.role)
        return Person(title, float(ex.cx_attention), bool(ex.legacy), ex is sponsor)

    departments = []
    for name, dept in model.departments.items():
        departments.append(
            DepartmentView(
                name,
                DEPT_LABEL.get(name, name.capitalize()),
                person(dept.head),
                bool(dept.manager.legacy),
                bool(dept.paused(model.steps)),
                overdue[name],
                float(dept.capability),
            )
        )
    leader = model.leader
    return OrgView(
        person(model.chief),
        tuple(departments),
        model.placement.home,
        LEVEL_LABEL.get(model.placement.leader_level, str(model.placement.leader_level)),
        bool(leader.vacant),
        float(model.leader_clout()),
    )


def read_arm(role: str, name: str, model: CXModel, with_summary: bool = False) -> ArmView:
    """Copy what the page shows of one model (call it while nothing steps the model)."""
    columns = model.datacollector.model_vars
    series = {key: np.asarray(columns[key], dtype=float) for key in SERIES if key in columns}
    shares, active = loyalty_shares(model)
    return ArmView(
        role=role,
        name=name,
        label=placement_label(name),
        series=series,
        metrics=dict(model.metrics),
        events=tuple(model.log.events),
        notes=tuple(commentary.notes(model, limit=100_000)),
        headline=commentary.headline(model),
        pipeline=pipeline_counts(model),
        loyalty_share=shares,
        customers_active=active,
        org=organisation(model),
        summary=model.summary(programme_value=False) if with_summary else None,  # no NPV on the page
    )


def read(run: DashboardRun) -> RunView:
    """A :class:`RunView` of ``run`` now (taken under the run's lock, so no step happens half-way)."""
    with run.lock:
        if run.error is not None or not run.arms or run.closed:
            return RunView(run.settings, run.week, run.horizon, False, run.error)
        finished = run.finished
        arms = tuple(read_arm(arm.role, arm.name, arm.model, with_summary=finished) for arm in run.arms)
        return RunView(run.settings, run.week, run.horizon, finished, None, arms)

"""Where CX sits and how it is set up: a placement is a position, a design is a bundle of governance levers.

A :class:`Placement` is a position in the organisation - the CX team's home (a
department, or the executive office), its sponsor (an executive) and the
leader's reporting level. What a team can do there follows from that
organisation's departments and executives, through the mechanisms.

A :class:`Design` is what an organisation decides about its CX function
whatever its home: dedicated staff, the budget lever, formal authority (the
charter), the escalation path, customer incentives across departments and
the length of a company-wide overlay. Any design combines with any placement;
each placement names the design it comes with, so the seven preset names
keep meaning what they always meant.

The presets are data: ``sim/scenario/data/placements.toml`` and
``sim/scenario/data/designs.toml``.
"""

from __future__ import annotations

import dataclasses
import functools
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any, ClassVar

from sim.params import Tables, param
from sim.scenario.errors import ScenarioError
from sim.scenario.validate import build

PLACEMENT_FILE = "data/placements.toml"
DESIGN_FILE = "data/designs.toml"
MAIN_PLACEMENTS: tuple[str, ...] = ("marketing", "service", "operations", "ceo_overlay")
"""The four placements the essays argue about; ``make demo`` compares them."""
EQUAL_DESIGN = "standard"
"""The design placements are compared at when only where CX sits should differ."""

_DESIGN_KEYS = (
    "dedicated_staff",
    "budget_share",
    "authority",
    "escalation_steps",
    "overlay_weeks",
    "customer_incentive",
)


@dataclass(frozen=True, slots=True)
class Placement:
    """A position: where the CX team sits, who sponsors it and how far below the top its leader reports.

    Nothing in the model looks at a placement's name; only these values matter.
    """

    RETIRED: ClassVar[dict[str, str]] = {
        "listening_reach": "listening reach now follows from the home: the contacts its department handles "
        "(organisation.departments.<home>.contact_share), what reaches it through shared or integrated data "
        "systems (organisation.departments.*.data_system, silos.initial_integration) and surveys "
        "(listening.survey_reach)",
        "surge_capacity": "surge capacity belongs to the departments that handle contacts now "
        "(organisation.departments.<name>.surge_capacity); the home decides how fast it is mobilised",
        "friction": "friction is derived now, from the power an initiative's scope threatens relative to its "
        "owner's clout (resistance.friction_scale)",
        **{
            key: f"{key} is part of a governance design now: set designs.<design>.{key} "
            '(a placement names its design with design = "...")'
            for key in _DESIGN_KEYS
        },
    }

    description: str = param("", doc="what this placement means in the organisation")
    home: str = param(
        "marketing",
        doc="department the CX team sits in (a name under organisation.departments), or 'executive' for the executive office",
    )
    sponsor: str = param(
        "cmo", doc="executive who sponsors and approves CX initiatives (a name under organisation.executives)"
    )
    leader_level: int = param(
        4,
        lo=1,
        hi=4,
        unit="level",
        doc="CX leader's reporting level (1 = C-suite, 2 = SVP, 3 = director, 4 = mid-level manager)",
    )
    design: str = param(
        "marketing", doc="the governance design this placement comes with (a preset or one under [designs])"
    )


@dataclass(frozen=True, slots=True)
class Design:
    """A governance design: the levers an organisation sets for its CX function, wherever it sits."""

    description: str = param("", doc="what this design means")
    dedicated_staff: float = param(1.0, lo=0, hi=500, unit="FTE", doc="staff working for the CX leader")
    budget_share: float = param(
        0.0,
        lo=0,
        hi=0.25,
        unit="share of opex",
        doc="share of operating spend the CX leader may prioritise (seed 001: up to 10%)",
    )
    authority: float = param(
        0.1,
        lo=0,
        hi=1,
        unit="share",
        doc="formal authority over people, budget and systems, the charter (0 = advisory only)",
    )
    escalation_steps: int = param(
        3, lo=0, hi=8, unit="rungs", doc="rungs between the CX leader and someone who can compel a department"
    )
    overlay_weeks: int = param(
        0, lo=0, hi=2600, unit="weeks", doc="weeks a company-wide CX overlay runs from the top (0 = none)"
    )
    customer_incentive: float = param(
        0.0, lo=0, hi=1, unit="share", doc="customer weight added to every department's incentives"
    )


def _read_presets(cls: type, file: str) -> dict[str, Any]:
    text = resources.files("sim.scenario").joinpath(file).read_text(encoding="utf-8")
    source = f"sim/scenario/{file}"
    required = {f.name for f in dataclasses.fields(cls)}
    presets = {}
    for name, table in tomllib.loads(text).items():
        missing = required - set(table)
        if missing:
            raise ScenarioError(source, name, f"preset is missing {', '.join(sorted(missing))}")
        presets[name] = build(cls, table, f"{name}.", source)
    return presets


@functools.cache
def _placement_presets() -> dict[str, Placement]:
    return _read_presets(Placement, PLACEMENT_FILE)


@functools.cache
def _design_presets() -> dict[str, Design]:
    return _read_presets(Design, DESIGN_FILE)


def load_presets() -> dict[str, Placement]:
    """A fresh ``{name: Placement}`` dict of the built-in placements."""
    return dict(_placement_presets())


def load_design_presets() -> dict[str, Design]:
    """A fresh ``{name: Design}`` dict of the built-in designs."""
    return dict(_design_presets())


def preset_placements() -> Tables:
    """The built-in placements as the read-only mapping a scenario holds."""
    return Tables(load_presets())


def preset_designs() -> Tables:
    """The built-in designs as the read-only mapping a scenario holds."""
    return Tables(load_design_presets())


__all__ = [
    "EQUAL_DESIGN",
    "MAIN_PLACEMENTS",
    "Design",
    "Placement",
    "load_design_presets",
    "load_presets",
    "preset_designs",
    "preset_placements",
]

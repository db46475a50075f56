"""Governance placements: the :class:`Placement` bundle of values and the built-in presets.

The presets are kept as data in ``sim/scenario/data/placements.toml``.
"""

from __future__ import annotations

import dataclasses
import functools
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources

from sim.params import param
from sim.scenario.errors import ScenarioError
from sim.scenario.organisation import HOMES, ROLES
from sim.scenario.validate import build

PRESET_FILE = "data/placements.toml"
MAIN_PLACEMENTS: tuple[str, ...] = ("marketing", "service", "operations", "ceo_overlay")
"""The four placements the essays argue about; ``make demo`` compares them."""


@dataclass(frozen=True, slots=True)
class Placement:
    """A governance placement: where CX sits, as a bundle of parameter values.

    Nothing in the model looks at a placement's name; only these values matter.
    """

    description: str = param("", doc="what this placement means in the organisation")
    home: str = param(
        "marketing", choices=HOMES, doc="department the CX team sits in, or 'executive' for the C-suite office"
    )
    sponsor: str = param("cmo", choices=ROLES, doc="executive who sponsors and approves CX initiatives")
    leader_level: int = param(
        4,
        lo=1,
        hi=4,
        unit="level",
        doc="CX leader's reporting level (1 = C-suite, 2 = SVP, 3 = director, 4 = mid-level manager)",
    )
    authority: float = param(
        0.1, lo=0, hi=1, unit="share", doc="formal authority over people, budget and systems (0 = advisory only)"
    )
    dedicated_staff: float = param(1.0, lo=0, hi=500, unit="FTE", doc="staff working for the CX leader")
    budget_share: float = param(
        0.0,
        lo=0,
        hi=0.25,
        unit="share of opex",
        doc="share of operating spend the CX leader may prioritise (seed 001: up to 10%)",
    )
    listening_reach: float = param(
        0.25, lo=0, hi=1, unit="share", doc="how much of the customer signal reaches the CX function"
    )
    surge_capacity: float = param(
        1.5, lo=1, hi=50, unit="multiplier", doc="how far contact handling can scale during a spike"
    )
    friction: float = param(
        0.6, lo=0, hi=1, unit="share", doc="political friction CX work meets (threat to power structures)"
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


class Placements(Mapping[str, Placement]):
    """Read-only ``{name: Placement}`` mapping that pickles and copies (unlike MappingProxyType)."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, Placement]) -> None:
        self._items = dict(items)

    def __getitem__(self, name: str) -> Placement:
        return self._items[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"Placements({list(self._items)})"

    def __getstate__(self) -> dict[str, Placement]:
        return self._items

    def __setstate__(self, state: dict[str, Placement]) -> None:
        self._items = state


@functools.cache
def _presets() -> dict[str, Placement]:
    text = resources.files("sim.scenario").joinpath(PRESET_FILE).read_text(encoding="utf-8")
    source = f"sim/scenario/{PRESET_FILE}"
    tables = tomllib.loads(text)
    required = {f.name for f in dataclasses.fields(Placement)}
    presets = {}
    for name, table in tables.items():
        missing = required - set(table)
        if missing:
            raise ScenarioError(source, name, f"preset is missing {', '.join(sorted(missing))}")
        presets[name] = build(Placement, table, f"{name}.", source)
    return presets


def load_presets() -> dict[str, Placement]:
    """A fresh ``{name: Placement}`` dict of the built-in presets."""
    return dict(_presets())

"""The dashboard's main levers and placements as the page shows them.

Each :class:`Lever` reads its starting position from a scenario (so a lesson
opens with its own settings) and turns a slider position into dotted scenario
keys for :func:`sim.scenario.load.apply_overrides` - the same validation a scenario
file gets. Sliders show what a person would say ("weeks", "% of operating
spend"); the model's units (shares, rates) stay inside this module.

This module is also the one place the page reads placements: their names, the
display names and descriptions a class sees (:func:`placement_label`,
:func:`placement_blurb`), and the scenario key of the per-placement budget
lever (:data:`BUDGET_LEVER_KEY`). Nothing here decides anything by a
placement's name; the names are only looked up for display.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sim.scenario.config import Scenario

COMMUNITY = "community"

BUDGET_LEVER_KEY = "designs.{design}.budget_share"
"""The scenario key the budget-lever slider sets: the design of the placement explored (A)."""


@dataclass(frozen=True, slots=True)
class Lever:
    """One slider: its short label (with unit), its meaning in a sentence, range and the scenario key it sets.

    ``scale`` converts the slider's unit to the model's (percent -> share is 0.01).
    ``per_placement`` levers set a value of the placement being explored only.
    """

    name: str
    label: str
    meaning: str
    key: str
    lo: float
    hi: float
    step: float
    scale: float = 1.0
    per_placement: bool = False
    help: str = ""
    read: Callable[[Scenario, str], float] | None = None
    write: Callable[[Scenario, float], dict[str, Any]] | None = None

    def value_in(self, scenario: Scenario, placement: str) -> float:
        """The slider position matching ``scenario`` (and ``placement``), clipped to the slider's range."""
        if self.read is not None:
            raw = self.read(scenario, placement)
        else:
            raw = _get(scenario, self.dotted(scenario, placement)) / self.scale
        return round(min(self.hi, max(self.lo, raw)), 6)

    def dotted(self, scenario: Scenario, placement: str) -> str:
        """The scenario key this lever sets for ``placement`` (its design's key for a design lever)."""
        design = scenario.simulation.design or scenario.placements[placement].design
        return self.key.format(placement=placement, design=design)

    def overrides(self, scenario: Scenario, placement: str, value: float) -> dict[str, Any]:
        """Scenario overrides for slider position ``value`` (validated later, like a file)."""
        if self.write is not None:
            return self.write(scenario, value)
        return {self.dotted(scenario, placement): value * self.scale}


def _get(scenario: Scenario, dotted: str) -> float:
    node: Any = scenario
    for part in dotted.split("."):
        node = node[part] if isinstance(node, Mapping) else getattr(node, part)
    return float(node)


def _community_share(scenario: Scenario, _placement: str) -> float:
    """Percent of the leader's proposals that are communities (from the kinds' weights)."""
    types = scenario.initiatives.types
    weights = {f.name: getattr(types, f.name).weight for f in dataclasses.fields(types)}
    total = sum(weights.values())
    return 100.0 * weights[COMMUNITY] / total if total > 0 else 0.0


def _community_weight(scenario: Scenario, percent: float) -> dict[str, Any]:
    """The community weight that makes ``percent`` of proposals communities, other kinds unchanged."""
    types = scenario.initiatives.types
    others = sum(getattr(types, f.name).weight for f in dataclasses.fields(types) if f.name != COMMUNITY)
    share = min(max(percent / 100.0, 0.0), 0.99)
    # With no other kind allowed any positive weight means 100%; 100 is the key's upper bound.
    weight = 1.0 if others <= 0 else min(100.0, share * others / (1.0 - share))
    return {f"initiatives.types.{COMMUNITY}.weight": weight}


LEVERS: tuple[Lever, ...] = (
    Lever(
        "attention_half_life",
        "Sponsor attention span (weeks)",
        "Weeks for the sponsor's interest in CX to halve.",
        "sponsor_attention.half_life_weeks",
        2,
        156,
        1,
        help="Short: the executive who asked for CX work soon turns to other priorities.",
    ),
    Lever(
        "budget_share_pct",
        "CX budget lever (% of opex)",
        "Share of operating spend the CX leader may prioritise, up to 10%.",
        BUDGET_LEVER_KEY,
        0,
        10,
        0.5,
        scale=0.01,
        per_placement=True,
        help="Applies to the placement you explore (A); a side-by-side placement keeps its own.",
    ),
    Lever(
        "followup_discipline_pct",
        "Follow-up discipline (% of updates sent)",
        "Chance a promised update reaches the customers who took part.",
        "follow_up.discipline",
        0,
        100,
        5,
        scale=0.01,
        help="Customers who gave their time and hear nothing lose trust and stop taking part.",
    ),
    Lever(
        "reorgs_per_year",
        "Reorganisations (per year)",
        "Expected number of reorganisations a year.",
        "reorganisation.per_year",
        0,
        3,
        0.1,
        help="Each one changes owners, strands work in flight and can replace the sponsor.",
    ),
    Lever(
        "legacy_share_pct",
        "Legacy mindset (% of managers)",
        "Share of managers and executives who see CX as someone else's job.",
        "legacy_mindset.share",
        0,
        100,
        5,
        scale=0.01,
    ),
    Lever(
        "integration_pct",
        "Data integration (% single view)",
        "How far the departments share one view of the customer at the start.",
        "silos.initial_integration",
        0,
        100,
        5,
        scale=0.01,
        help="Siloed data slows the detection of customer-critical issues and company-wide work.",
    ),
    Lever(
        "transparency_pct",
        "Transparency (% of failings told)",
        "Chance a detected failing is told to customers early.",
        "transparency.disclosure",
        0,
        100,
        5,
        scale=0.01,
    ),
    Lever(
        "community_pct",
        "Engagement (% community initiatives)",
        "Share of the CX leader's initiatives that build a customer community.",
        "initiatives.types.community.weight",
        0,
        60,
        1,
        read=_community_share,
        write=_community_weight,
    ),
)
"""The main levers, in the order the dashboard shows them."""

LEVERS_BY_NAME: dict[str, Lever] = {lever.name: lever for lever in LEVERS}


def lever_values(scenario: Scenario, placement: str) -> dict[str, float]:
    """Every lever's slider position for ``scenario`` run under ``placement``."""
    return {lever.name: lever.value_in(scenario, placement) for lever in LEVERS}


def lever_overrides(
    scenario: Scenario, placement: str, values: Mapping[str, float | None], *, shared_only: bool = False
) -> dict[str, Any]:
    """Dotted scenario overrides for the slider positions in ``values``.

    A lever whose value is None, or equals the scenario's own setting, adds
    nothing, so an untouched slider leaves a lesson exactly as its file says.
    ``shared_only`` leaves out per-placement levers (for the side-by-side placement).

    Raises:
        KeyError: ``values`` names a lever that does not exist.
    """
    out: dict[str, Any] = {}
    for name, value in values.items():
        lever = LEVERS_BY_NAME[name]
        if value is None or (shared_only and lever.per_placement):
            continue
        if float(value) == lever.value_in(scenario, placement):
            continue
        out.update(lever.overrides(scenario, placement, float(value)))
    return out


# --- Placements as the page shows them ---------------------------------------------------

PLACEMENT_NAMES: dict[str, str] = {
    "marketing": "Marketing (mid-level manager)",
    "service": "Customer service (director)",
    "operations": "Operations (COO's planning group)",
    "ceo_overlay": "CEO-led overlay",
    "cco_authority": "Chief Customer Officer with authority",
    "cco_advisory": "Chief Customer Officer, advisory only",
    "distributed": "Distributed across departments",
}
"""Display names of the built-in placements. A placement not listed (one a scenario
defines) is shown by its name in words, e.g. ``marketing_with_budget`` as "Marketing with budget"."""

_ESSAY_NOTE = re.compile(r"\s*\((?:seed |essays? )?\d{3}[^)]*\)\s*$")


def placement_names(scenario: Scenario) -> list[str]:
    """The placements a scenario offers, in its order."""
    return list(scenario.placements)


def placement_label(name: str) -> str:
    """What the page calls placement ``name`` (a display name, never the internal one)."""
    if name in PLACEMENT_NAMES:
        return PLACEMENT_NAMES[name]
    words = name.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words else name


def placement_blurb(scenario: Scenario, name: str) -> str:
    """The placement's description from its data, without the essay reference in brackets."""
    placement = scenario.placements.get(name)
    text = placement.description if placement is not None else ""
    text = _ESSAY_NOTE.sub("", text).strip()
    return text[:1].upper() + text[1:]

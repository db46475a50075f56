"""The built-in governance placements, kept as data in ``sim/data/placements.toml``."""

from __future__ import annotations

import dataclasses
import functools
import tomllib
from importlib import resources

from sim.errors import ScenarioError

PRESET_FILE = "data/placements.toml"
MAIN_PLACEMENTS: tuple[str, ...] = ("marketing", "service", "operations", "ceo_overlay")
"""The four placements the essays argue about; ``make demo`` compares them."""


@functools.cache
def _presets() -> dict:
    from sim.config import Placement
    from sim.scenario import build

    text = resources.files("sim").joinpath(PRESET_FILE).read_text(encoding="utf-8")
    source = f"sim/{PRESET_FILE}"
    tables = tomllib.loads(text)
    required = {f.name for f in dataclasses.fields(Placement)}
    presets = {}
    for name, table in tables.items():
        missing = required - set(table)
        if missing:
            raise ScenarioError(source, name, f"preset is missing {', '.join(sorted(missing))}")
        presets[name] = build(Placement, table, f"{name}.", source)
    return presets


def load_presets() -> dict:
    """A fresh ``{name: Placement}`` dict of the built-in presets."""
    return dict(_presets())

"""Configuration: what a scenario file may say, how it is validated, and the placement presets.

It turns TOML (or a mapping, or dotted overrides) into a frozen, validated
:class:`Scenario`; it may import only :mod:`sim.params` and :mod:`sim.mechanisms`
(for their ``Params``), never the model that runs a scenario.
"""

from sim.scenario.config import Placement, Scenario
from sim.scenario.errors import ScenarioError
from sim.scenario.load import apply_overrides, build_scenario, load_scenario, scenario_hash, to_dict

__all__ = [
    "Placement",
    "Scenario",
    "ScenarioError",
    "apply_overrides",
    "build_scenario",
    "load_scenario",
    "scenario_hash",
    "to_dict",
]

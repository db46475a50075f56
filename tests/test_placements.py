"""Placements are data: names never matter, only values."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from sim import Scenario, build_scenario
from sim.model.metrics import COLUMNS
from sim.scenario.load import to_dict
from sim.scenario.placements import load_presets
from tests.conftest import run, series

PRESET_NAMES = ("marketing", "service", "operations", "ceo_overlay", "cco_authority", "cco_advisory", "distributed")


def test_the_seven_presets_exist_with_the_documented_names():
    assert set(load_presets()) == set(PRESET_NAMES)


@pytest.mark.parametrize("preset", PRESET_NAMES)
def test_a_renamed_copy_of_a_preset_gives_identical_results(small, preset):
    data = to_dict(small)
    data["placements"] = {"my_copy": dataclasses.asdict(small.placements[preset])}
    scenario = build_scenario(data, "<copy>")
    original, copy = run(scenario, preset, seed=5), run(scenario, "my_copy", seed=5)
    for name in COLUMNS:
        assert np.array_equal(series(original, name), series(copy, name), equal_nan=True), name
    assert original.initiatives_table() == copy.initiatives_table()


def test_based_on_copy_with_no_changes_is_identical(small):
    data = to_dict(small)
    data["placements"] = {"svc2": {"based_on": "service"}}
    scenario = build_scenario(data, "<based_on>")
    assert scenario.placements["svc2"] == scenario.placements["service"]


def test_overriding_a_preset_value_changes_only_that_value():
    data = {"placements": {"marketing": {"leader_level": 3}}, "designs": {"marketing": {"budget_share": 0.1}}}
    scenario = build_scenario(data, "<override>")
    placement, design = scenario.placements["marketing"], scenario.designs["marketing"]
    assert placement.leader_level == 3 and design.budget_share == 0.1
    assert dataclasses.replace(placement, leader_level=4) == Scenario().placements["marketing"]
    assert dataclasses.replace(design, budget_share=0.0) == Scenario().designs["marketing"]


def test_placements_differ_in_outcomes(small):
    finals = {
        p: np.mean([series(run(small, p, seed=s), "follow_through")[-1] for s in range(3)])
        for p in ("marketing", "cco_authority")
    }
    assert finals["marketing"] != finals["cco_authority"]


def test_any_design_combines_with_any_placement(small):
    from sim import CXModel

    model = CXModel(small, placement="marketing", design="cco_authority", seed=3)
    assert model.placement == small.placements["marketing"] and model.design == small.designs["cco_authority"]
    assert model.design_name == "cco_authority" and CXModel(small, placement="marketing").design_name == "marketing"
    with pytest.raises(Exception, match="unknown design 'nope'"):
        CXModel(small, placement="marketing", design="nope")


def test_a_copy_of_a_design_under_another_name_gives_identical_results(small):
    data = to_dict(small)
    data["designs"] = {"my_design": {"based_on": "cco_authority"}}
    scenario = build_scenario(data, "<copy>")
    a = run(scenario, "service", seed=4, overrides={"simulation.design": "cco_authority"})
    b = run(scenario, "service", seed=4, overrides={"simulation.design": "my_design"})
    for name in COLUMNS:
        assert np.array_equal(series(a, name), series(b, name), equal_nan=True), name

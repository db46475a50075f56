"""Documentation stays true to the code."""

from __future__ import annotations

from sim import Scenario, load_scenario
from sim.mechanisms import MECHANISMS
from sim.reference import reference
from tests.conftest import ROOT


def test_scenario_reference_is_current():
    text = (ROOT / "docs" / "scenario-reference.md").read_text(encoding="utf-8")
    assert text == reference(), "run: python -m sim.reference > docs/scenario-reference.md"


def test_default_scenario_file_equals_the_built_in_defaults():
    assert load_scenario(ROOT / "scenarios" / "default.toml") == Scenario()


def test_every_mechanism_module_states_its_claim_seed_and_off_behaviour():
    for name, module in MECHANISMS.items():
        assert module.CLAIM and module.SEED, name
        assert "Off:" in module.__doc__, name
        assert module.Params.__doc__, name


def test_readme_quick_start_is_the_two_make_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_odd_document_maps_every_mechanism_to_its_module():
    odd = (ROOT / "docs" / "ODD.md").read_text(encoding="utf-8")
    for name in MECHANISMS:
        assert f"sim/mechanisms/{name}.py" in odd, name

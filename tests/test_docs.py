"""Documentation stays true to the code."""

from __future__ import annotations

import pytest

from sim import Scenario, load_scenario
from sim.mechanisms import MECHANISMS
from sim.scenario.reference import reference
from tests.conftest import ROOT


def test_scenario_reference_is_current():
    text = (ROOT / "docs" / "scenario-reference.md").read_text(encoding="utf-8")
    assert text == reference(), "run: python -m sim.scenario.reference > docs/scenario-reference.md"


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


def _scenario_keys() -> set[str]:
    """Every leaf key of a scenario, as a dotted path (segments, departments, kinds, placements by name)."""
    from sim.scenario.load import to_dict

    keys: set[str] = set()

    def walk(prefix: list[str], value: object) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk([*prefix, k], v)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            for item in value:
                walk(prefix, item)
        else:
            keys.add(".".join(prefix))

    walk([], to_dict(Scenario()))
    return keys


def test_odd_document_names_every_scenario_key():
    import re

    odd = (ROOT / "docs" / "ODD.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`([^`]+)`", odd))
    words = {w for token in named for w in re.findall(r"[A-Za-z_][\w]*", token)}
    missing = sorted(k for k in _scenario_keys() if k.rsplit(".", 1)[-1] not in words)
    assert not missing, f"scenario keys not named (in backticks) in docs/ODD.md: {missing}"


def _cli_commands() -> set[str]:
    import argparse

    from sim.cli.main import _parser

    subparsers = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    return set(subparsers.choices)


def test_every_module_and_function_the_odd_document_names_exists():
    import importlib
    import inspect
    import re

    odd = (ROOT / "docs" / "ODD.md").read_text(encoding="utf-8")
    for path in set(re.findall(r"`(sim/[\w/]+\.py)`", odd)):
        assert (ROOT / path).is_file(), f"docs/ODD.md names {path}, which does not exist"
    # Submodel headings name their module and the functions or classes that implement them.
    sim_names: set[str] = set()
    for file in (ROOT / "sim").rglob("*.py"):
        if file.name == "__main__.py":
            continue
        module = importlib.import_module(
            ".".join(file.relative_to(ROOT).with_suffix("").parts).replace(".__init__", "")
        )
        for name, obj in vars(module).items():
            sim_names.add(name)
            if inspect.isclass(obj):
                sim_names.update(vars(obj))
    for heading in re.findall(r"^#{2,4} .*$", odd, flags=re.MULTILINE):
        for token in re.findall(r"`([^`]+)`", heading):
            if token.startswith("cxsim "):  # a command: it must exist
                assert token.split()[1] in _cli_commands(), f"docs/ODD.md heading {heading!r} names {token}"
                continue
            if "/" in token:  # a path: checked to exist
                assert (ROOT / token).exists(), f"docs/ODD.md heading {heading!r} names {token}, which does not exist"
                continue
            name = token.split(".")[-1].rstrip("()")
            assert name in sim_names, f"docs/ODD.md heading {heading!r} names {token}, not found in sim/"


def test_odd_appendix_gives_the_source_of_every_default_and_is_current():
    from sim.scenario.provenance import appendix, notes

    assert all(n.source for n in notes()), "every key of scenarios/default.toml needs a note on its source"
    odd = (ROOT / "docs" / "ODD.md").read_text(encoding="utf-8")
    assert appendix() in odd, "run: python -m sim.scenario.provenance --write"


def test_odd_tables_of_what_each_position_inherits_are_current():
    from sim.validation.inherited import markdown

    odd = (ROOT / "docs" / "ODD.md").read_text(encoding="utf-8")
    assert markdown(Scenario()) in odd, "run: python -m sim.validation.inherited (docs/ODD.md section 7.6)"
    assert markdown(Scenario(), design="standard") in odd, "run: python -m sim.validation.inherited --design standard"


def _readme_block_after(anchor: str) -> str:
    """The body of the first fenced block after ``anchor`` in the README."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("```\n", readme.index(anchor)) + 4
    return readme[start : readme.index("```", start)]


def _cxsim_output(capsys, *args: str) -> str:
    from sim.cli.main import main

    assert main(list(args)) == 0
    return capsys.readouterr().out


def test_readme_single_run_output_is_current(capsys):
    block = _readme_block_after("One run of the default placement")
    out = _cxsim_output(capsys, "run", str(ROOT / "scenarios" / "default.toml"))
    # The README shows the relative path a user types; the rest must match line for line.
    assert block.splitlines()[1:] == out.replace(str(ROOT) + "/", "").splitlines()


@pytest.mark.slow
def test_readme_demo_output_is_current(capsys):
    block = _readme_block_after("--replicates 20 --seed 1`):")
    placements = "marketing,service,operations,ceo_overlay"
    out = _cxsim_output(
        capsys,
        "run",
        str(ROOT / "scenarios" / "default.toml"),
        "--placement",
        placements,
        "--replicates",
        "20",
        "--seed",
        "1",
    )
    assert block.splitlines() == out.replace(str(ROOT) + "/", "").splitlines()

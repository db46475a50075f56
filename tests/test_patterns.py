"""Every seed claim is a pattern: defined, runnable, and its documented verdict is what the model shows.

The slow tests run every pattern at its own replicates on its fixed seeds (the
same runs as ``cxsim patterns`` and docs/patterns.md) and assert, per outcome,
the documented status: for a claim that holds, that the 95% CI of the paired
contrast excludes zero on the predicted side; for one documented as not shown
or reversed, exactly that.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

from sim.cli.main import main
from sim.mechanisms import MECHANISMS
from sim.scenario.errors import ScenarioError
from sim.validation.patterns import (
    HOLDS,
    NOT_SHOWN,
    REVERSED,
    Arm,
    Expect,
    Pattern,
    _summarise,
    default_folder,
    load_patterns,
    run_pattern_set,
    validate,
)

PATTERNS = load_patterns(default_folder())


def test_every_mechanism_of_the_brief_has_exactly_one_pattern():
    assert sorted(p.mechanism for p in PATTERNS.values()) == sorted(MECHANISMS)
    assert len(PATTERNS) == 20


@pytest.mark.parametrize("name", list(PATTERNS))
def test_a_claim_that_does_not_hold_is_explained(name):
    pattern = PATTERNS[name]
    if any(pattern.documented_status(e.outcome) != HOLDS for e in pattern.expects):
        assert len(pattern.note) > 80, "a pattern that does not hold must say what the model shows instead"


def test_a_malformed_pattern_is_refused_with_its_file_named():
    arms = (Arm("marketing", {}, -1.0), Arm("service", {}, +1.0))
    with pytest.raises(ScenarioError, match=r"bad\.py.*unknown outcome 'loyalty'"):
        validate(Pattern("listening", "c", "l", arms, (Expect("loyalty", 1),)), "bad.py")
    with pytest.raises(ScenarioError, match="do not form a contrast"):
        validate(Pattern("listening", "c", "l", arms[:1] * 2, (Expect("nps", 1),)), "bad.py")
    with pytest.raises(ScenarioError, match="unknown mechanism"):
        validate(Pattern("listen", "c", "l", arms, (Expect("nps", 1),)), "bad.py")


def test_a_difference_in_differences_contrast_is_computed_seed_by_seed():
    arms = (Arm("a", weight=+1), Arm("a", weight=-1), Arm("b", weight=-1), Arm("b", weight=+1))
    pattern = Pattern("volume_spikes", "c", "l", arms, (Expect("nps", +1),))
    seeds = (1, 2, 3)
    # (a1 - a0) - (b1 - b0) per seed: (5-3)-(4-4)=2, (6-3)-(5-4)=2, (7-3)-(6-4)=2
    arm_values = {0: [5, 6, 7], 1: [3, 3, 3], 2: [4, 5, 6], 3: [4, 4, 4]}
    values = {("p", a, s): [arm_values[a][k]] for a in range(4) for k, s in enumerate(seeds)}
    result = _summarise("p", pattern, seeds, values).outcomes[0]
    assert result.contrasts == (2.0, 2.0, 2.0)
    assert result.status == HOLDS


@pytest.mark.parametrize(
    ("contrasts", "sign", "status"),
    [([1.0, 1.2, 0.9, 1.1], +1, HOLDS), ([1.0, 1.2, 0.9, 1.1], -1, REVERSED), ([1.0, -1.2, 0.9, -1.1], +1, NOT_SHOWN)],
)
def test_the_verdict_follows_the_confidence_interval(contrasts, sign, status):
    arms = (Arm("a", weight=-1), Arm("a", weight=+1))
    pattern = Pattern("listening", "c", "l", arms, (Expect("nps", sign),))
    seeds = tuple(range(len(contrasts)))
    values = {("p", 0, s): [0.0] for s in seeds} | {("p", 1, s): [c] for s, c in zip(seeds, contrasts, strict=True)}
    assert _summarise("p", pattern, seeds, values).outcomes[0].status == status


def test_patterns_command_writes_the_document_figures_and_data(tmp_path, capsys):
    code = main(
        [
            "patterns",
            "--only",
            "07_listening",
            "--replicates",
            "3",
            "--workers",
            "1",
            "--out",
            str(tmp_path / "docs"),
            "--data",
            str(tmp_path / "data"),
        ]
    )
    assert code == 0
    text = (tmp_path / "docs" / "patterns.md").read_text()
    assert "07_listening" in text and "sim/mechanisms/listening.py" in text
    assert (tmp_path / "docs" / "figures" / "patterns" / "07_listening.png").stat().st_size > 1000
    rows = (tmp_path / "data" / "contrasts.csv").read_text().splitlines()
    assert len(rows) == 1 + 3  # header + one outcome x three seeds
    assert "detection_delay" in capsys.readouterr().out


def test_an_unknown_pattern_name_is_a_clear_error(capsys):
    assert main(["patterns", "--only", "07_listen"]) == 2
    assert "07_listening" in capsys.readouterr().err


def test_pattern_results_do_not_depend_on_the_number_of_workers():
    chosen = {"17_transparency": PATTERNS["17_transparency"]}
    serial = run_pattern_set(chosen, replicates=4, workers=1)[0].outcomes[0].contrasts
    parallel = run_pattern_set(chosen, replicates=4, workers=2)[0].outcomes[0].contrasts
    assert np.array_equal(serial, parallel)


@pytest.fixture(scope="module")
def all_results():
    return {r.name: r for r in run_pattern_set(PATTERNS, workers=min(2, os.cpu_count() or 1))}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(PATTERNS))
def test_the_model_shows_what_the_pattern_documents(all_results, name):
    result = all_results[name]
    for outcome in result.outcomes:
        expected = result.pattern.documented_status(outcome.outcome)
        c = outcome.contrast
        assert outcome.status == expected, (
            f"{outcome.outcome}: contrast {c.mean:+.4g} [{c.low:+.4g}, {c.high:+.4g}] is '{outcome.status}', "
            f"documented '{expected}'"
        )
        if expected == HOLDS:
            assert outcome.expected_sign * c.low > 0 and outcome.expected_sign * c.high > 0

"""Statistics and scenario discovery on synthetic data with known answers."""

from __future__ import annotations

import numpy as np
import pytest

from sim.analysis.prim import prim
from sim.analysis.robust import analyse, wilson
from sim.analysis.stats import compare_paired, estimate, holm, probability_best


def test_confidence_intervals_cover_the_true_mean_95_percent_of_the_time():
    rng = np.random.default_rng(1)
    hits = []
    for _ in range(4000):
        est = estimate(rng.normal(3.0, 2.0, 10))
        hits.append(est.low <= 3.0 <= est.high)
    assert np.mean(hits) == pytest.approx(0.95, abs=0.012)


def test_estimate_ignores_nans_and_handles_tiny_samples():
    est = estimate([1.0, np.nan, 3.0])
    assert est.n == 2 and est.mean == 2.0 and est.low < 2.0 < est.high
    assert estimate([5.0]).n == 1 and np.isnan(estimate([5.0]).low)
    assert estimate([np.nan]).n == 0


def test_paired_comparison_recovers_a_known_shift_and_effect_size():
    rng = np.random.default_rng(2)
    base = rng.normal(10, 2, 400)
    arm = base + 1.0 + rng.normal(0, 0.5, 400)  # shift 1.0; pooled sd about 2.03
    cmp = compare_paired(arm, base)
    assert cmp.difference.low < 1.0 < cmp.difference.high
    pooled = np.sqrt((base.var(ddof=1) + arm.var(ddof=1)) / 2)
    assert cmp.cohens_d == pytest.approx((arm - base).mean() / pooled, rel=1e-9)
    assert cmp.cohens_d == pytest.approx(1.0 / 2.0, abs=0.08)  # true d: shift 1 over sd about 2
    assert cmp.p_value < 1e-10
    same = compare_paired(base + rng.normal(0, 0.5, 400), base)
    assert same.p_value > 0.001


def test_holm_matches_a_worked_example():
    # sorted p: 0.005, 0.01, 0.03, 0.04 -> x4, x3, x2, x1 with running maximum
    assert holm([0.01, 0.04, 0.03, 0.005]) == pytest.approx([0.03, 0.06, 0.06, 0.02])
    assert np.isnan(holm([np.nan, 0.02])[0]) and holm([np.nan, 0.02])[1] == pytest.approx(0.02)


def test_probability_best_is_near_one_for_a_clear_winner_and_split_for_twins():
    rng = np.random.default_rng(3)
    noise = rng.normal(0, 1, 50)
    clear = probability_best({"a": noise, "b": noise + 3, "c": noise - 1})
    assert clear["b"] > 0.99
    twins = probability_best({"a": noise, "b": noise.copy()})
    assert twins == pytest.approx({"a": 0.5, "b": 0.5})
    lower = probability_best({"a": noise, "b": noise + 3}, higher_is_better=False)
    assert lower["a"] > 0.99


def test_wilson_interval_is_inside_zero_one_and_contains_the_share():
    low, high = wilson(3, 12)
    assert 0 <= low < 0.25 < high <= 1
    assert wilson(0, 10)[0] == pytest.approx(0.0, abs=1e-12) and wilson(10, 10)[1] == pytest.approx(1.0, abs=1e-12)


def test_prim_finds_a_planted_box():
    rng = np.random.default_rng(4)
    x = rng.uniform(0, 1, (2000, 3))
    y = (x[:, 0] > 0.6) & (x[:, 2] < 0.5)  # the outcome lives in a box on keys a and c
    box = prim(x, y, ["a", "b", "c"])
    assert set(box.restricted) == {"a", "c"}
    assert box.lower["a"] == pytest.approx(0.6, abs=0.05) and box.upper["c"] == pytest.approx(0.5, abs=0.05)
    assert box.density > 0.9 and box.coverage > 0.8
    assert "a is at least" in box.describe() and "c is at most" in box.describe()


def test_robustness_regret_and_winners_on_a_constructed_ensemble():
    import pandas as pd

    rows = []
    for point, u in enumerate(np.linspace(0, 1, 21)):
        # "service" wins when u > 0.5, "marketing" otherwise; regret is the gap to the winner
        for placement, value in (("marketing", 1 - u), ("service", u)):
            rows.append({"point": point, "placement": placement, "replicate": 0, "u": u, "score": value})
    res = analyse(pd.DataFrame(rows), "score", ["u"], higher_is_better=True)
    table = res.table.set_index("placement")
    assert table.loc["service", "share_best"] == pytest.approx(10 / 21)
    assert table.loc["marketing", "max_regret"] == pytest.approx(1.0)
    assert res.boxes["service"].lower["u"] > 0.45
    assert any(s.startswith("service is best in 48%") for s in res.sentences)


def _grid(effect, seeds: int = 30, noise: float = 1.0, seed: int = 0):
    """Synthetic results.csv rows for a 3 x 3 placement x design grid: y = effect(p, d) + seed block + noise."""
    import pandas as pd

    rng = np.random.default_rng(seed)
    block = rng.normal(0, 2.0, seeds)
    rows = []
    for p in range(3):
        for d in range(3):
            for r in range(seeds):
                rows.append(
                    {
                        "position": f"p{p}",
                        "design": f"d{d}",
                        "replicate": r,
                        "y": effect(p, d) + block[r] + rng.normal(0, noise),
                    }
                )
    return pd.DataFrame(rows)


def test_decomposition_attributes_a_pure_design_effect_to_design():
    from sim.analysis.decompose import decompose

    part = decompose(_grid(lambda p, d: 3.0 * d), "y", boot=200)
    assert part.shares["design"] > 0.9 and part.shares["placement"] < 0.05
    low = part.design_minus_placement[1]
    assert low > 0 and "design matters more" in part.verdict()


def test_decomposition_attributes_a_pure_placement_effect_to_placement_and_finds_interaction():
    from sim.analysis.decompose import decompose

    assert decompose(_grid(lambda p, d: 3.0 * p), "y", boot=200).shares["placement"] > 0.9
    crossed = decompose(_grid(lambda p, d: 3.0 * ((p + d) % 3 == 0)), "y", boot=200)
    assert crossed.shares["interaction"] > 0.6


def test_decomposition_of_pure_noise_cannot_tell_placement_from_design():
    from sim.analysis.decompose import decompose

    part = decompose(_grid(lambda p, d: 0.0), "y", boot=200)
    assert part.governance_share < 0.1
    assert "cannot be told apart" in part.verdict() or not np.isfinite(part.design_minus_placement[0])

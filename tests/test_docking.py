"""Docking against the Bass model (sim/validation/docking.py): the mean-field ODE, and the model's convergence to it."""

from __future__ import annotations

import math
import os

import numpy as np
import pytest

from sim import CXModel, Scenario
from sim.batch.seeds import replicate_seeds
from sim.model.lifecycle import LEADER
from sim.validation.docking import (
    BassRates,
    bass_rates,
    bass_share,
    compare,
    docking_scenario,
    docking_study,
    log_log_slope,
    mean_field,
    simulate,
    weekly_map,
)
from tests.conftest import series


def _rates(churn: float = 0.0, initial_share: float = 0.1) -> BassRates:
    return BassRates(0.0002, 0.008, churn, initial_share, 10_000, 9.0, 100.0)


def test_closed_form_without_initial_adopters_is_the_textbook_bass_curve():
    p, q, t = 0.03, 0.38, np.linspace(0, 30, 61)
    decay = np.exp(-(p + q) * t)
    assert np.allclose(bass_share(p, q, 0.0, t), (1 - decay) / (1 + q / p * decay), rtol=0, atol=1e-14)


def test_closed_form_with_initial_adopters_is_the_textbook_curve_shifted_in_time():
    p, q, f0, t = 0.0002, 0.008, 0.1, np.arange(0.0, 1041.0)
    k = (p + q * f0) / (1 - f0)
    t0 = math.log(k / p) / (p + q)  # when the textbook curve (F(0) = 0) reaches f0
    assert bass_share(p, q, f0, 0.0) == pytest.approx(f0, abs=1e-15)
    assert np.allclose(bass_share(p, q, f0, t), bass_share(p, q, 0.0, t + t0), rtol=0, atol=1e-12)


def test_mean_field_without_churn_matches_the_closed_form_bass_solution():
    rates = _rates(churn=0.0)
    ode = mean_field(rates, 1040)
    p, q, _h = rates.hazards()
    exact = bass_share(p, q, rates.initial_share, np.arange(1041.0))
    assert np.max(np.abs(ode[:, 1] - exact)) < 1e-8
    assert np.allclose(ode[:, 0], 1 - exact, rtol=0, atol=1e-8)
    assert np.all(ode[:, 2] == 0)


def test_mean_field_conserves_the_population_and_sits_near_the_weekly_map():
    rates = _rates(churn=0.0004)
    ode, iterated = mean_field(rates, 1040), weekly_map(rates, 1040)
    assert np.allclose(ode.sum(axis=1), 1, rtol=0, atol=1e-9)
    assert np.allclose(iterated.sum(axis=1), 1, rtol=0, atol=1e-12)
    # the discretisation floor measured in experiments/bass_docking.py: largest gap about 1e-3
    assert np.max(np.abs(ode - iterated)) < 2e-3


def test_docking_rates_follow_from_the_scenario():
    rates = bass_rates(docking_scenario(10_000))
    assert rates.population == 10_000 and rates.initial_share == pytest.approx(0.1)
    assert rates.nps == 100 and rates.imitation == pytest.approx(2 * 0.004)  # valence factor 1 + 1 x 100/100
    assert rates.churn == pytest.approx(0.0007 * math.exp(0.35 * (7.5 - 9.0)))
    with pytest.raises(ValueError, match="heterogeneity"):
        bass_rates(Scenario())


def test_in_the_docking_scenario_loyalty_and_nps_stay_constant_and_nothing_else_happens():
    model = CXModel(docking_scenario(2_000, weeks=104), seed=3)
    model.run()
    model.release()
    c = model.customers
    assert np.allclose(c.loyalty, 9.0, rtol=0, atol=1e-9)
    assert np.all(series(model, "nps") == 100)
    assert not model.portfolio.initiatives and not model.issues.open
    assert np.all(series(model, "threat") == 0)
    assert c.acquired > 0 and series(model, "customers_active")[-1] < c.n_initial + c.acquired  # adoption and churn


def test_the_leader_runs_no_initiatives_when_max_active_is_0():
    model = CXModel(overrides={"customers.count": 500, "initiatives.max_active": 0}, seed=1, weeks=52)
    model.run()
    model.release()
    assert not [i for i in model.portfolio.initiatives if i.owner == LEADER]


def test_the_seed_mean_is_close_to_the_mean_field_at_moderate_n():
    """N = 4,000, 8 seeds, 520 weeks (about 2 s).

    Tolerance: the discretisation floor (largest gap between the weekly map and
    the ODE) plus 4 standard errors of the seed mean at the week where the
    spread is largest. Measured: the largest deviation of the seed mean is
    about a third of that.
    """
    weeks, replicates = 520, 8
    scenario = docking_scenario(4_000, weeks)
    runs = np.stack([simulate(scenario, s) for s in replicate_seeds(11, replicates)])
    result = compare(runs, bass_rates(scenario))
    floor = np.max(np.abs(weekly_map(bass_rates(scenario), weeks)[:, 1] - result.ode[:, 1]))
    sd_max = np.max(runs[:, :, 1].std(axis=0, ddof=1))
    assert result.max_mean_error < floor + 4 * sd_max / np.sqrt(replicates)
    assert result.max_mean_error < 0.02
    assert np.allclose(runs.sum(axis=2), 1.0)


@pytest.mark.slow
def test_the_squared_error_falls_as_one_over_n():
    """Per-run mean squared deviation from the ODE against N: log-log slope -1.

    Five sizes from 500 to 8,000 (the discretisation floor is under 1% of the
    error even at 8,000), 60 seeds each, 520 weeks; about 40 s on two cores.
    The slope's standard error measured at these settings is about 0.07, so the
    band of +-0.25 is more than three standard errors wide.
    """
    sizes = [500, 1_000, 2_000, 4_000, 8_000]
    results = docking_study(sizes, replicates=60, seed=7, weeks=520, workers=min(2, os.cpu_count() or 1))
    mse = [r.mse_run for r in results]
    slope, se = log_log_slope(sizes, mse, [r.mse_run_se for r in results])
    assert se < 0.12
    assert -1.25 < slope < -0.75, f"slope {slope:.3f} ± {se:.3f}"
    assert all(r.floor < 0.02 * r.mse_run for r in results)

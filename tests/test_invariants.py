"""Model invariants, property-tested with hypothesis over seeds, placements, mechanisms and small scenarios.

Extends fixed-example tests elsewhere: test_placements.py (a renamed copy of each
preset, one seed), test_metrics.py (bounds and conservation at the end of ten
fixed runs), test_mechanisms.py (each switch moves its outcome; switched-off code
never runs). Here the same properties are checked on drawn examples and every
week, plus: a switch leaves the exogenous streams alone, a neutral setting equals
"off", and per-customer rates do not depend on the number of customers.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import stats

from sim import CXModel, Scenario, apply_overrides, build_scenario
from sim.mechanisms import MECHANISMS
from sim.model.customers import ACTIVE, CHURNED, PROSPECT
from sim.model.metrics import COLUMNS
from sim.scenario.load import to_dict
from sim.scenario.placements import load_presets
from tests.conftest import series
from tests.test_metrics import BOUNDS, CUMULATIVE

PLACEMENTS = tuple(load_presets())
FAST = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])

seeds = st.integers(min_value=0, max_value=2**32 - 1)
placements = st.sampled_from(PLACEMENTS)
mechanism_names = st.sampled_from(list(MECHANISMS))


@st.composite
def small_scenarios(draw: st.DrawFn) -> Scenario:
    """The default organisation with 500-2,000 customers over 52-104 weeks, some mechanisms off, events busier."""
    off = draw(st.sets(mechanism_names, max_size=4))
    overrides: dict[str, Any] = {
        "customers.count": draw(st.integers(500, 2000)),
        "simulation.weeks": draw(st.integers(52, 104)),
        "events.bug_spikes_per_year": draw(st.sampled_from([1.0, 4.0])),
        "reorganisation.per_year": draw(st.sampled_from([0.4, 2.0])),
        "customers.network": draw(st.sampled_from(["small_world", "random", "fully_mixed"])),
        **{f"mechanisms.{name}": False for name in off},
    }
    return apply_overrides(Scenario(), overrides)


def _run(scenario: Scenario, placement: str, seed: int, overrides: dict[str, Any] | None = None) -> CXModel:
    model = CXModel(scenario, placement=placement, seed=seed, overrides=overrides)
    arrivals: list[tuple] = []
    add = model.issues.add

    def recording_add(*args: Any, **kwargs: Any):
        issue = add(*args, **kwargs)
        arrivals.append((issue.week_opened, issue.label, issue.segment, issue.share, issue.offset, issue.severity))
        return issue

    model.issues.add = recording_add
    model.arrivals = arrivals
    model.run()
    model.release()
    return model


def _differing_columns(a: CXModel, b: CXModel) -> list[str]:
    return [c for c in COLUMNS if not np.array_equal(series(a, c), series(b, c), equal_nan=True)]


# --- a placement's name never matters ------------------------------------------------


@FAST
@given(
    scenario=small_scenarios(),
    preset=placements,
    seed=seeds,
    name=st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True).filter(lambda n: n not in (*PLACEMENTS, "main", "all")),
)
def test_a_renamed_copy_of_any_placement_gives_identical_results(scenario, preset, seed, name):
    data = to_dict(scenario)
    data["placements"] = {name: dataclasses.asdict(scenario.placements[preset])}
    with_copy = build_scenario(data, "<copy>")
    original, copy = _run(with_copy, preset, seed), _run(with_copy, name, seed)
    assert _differing_columns(original, copy) == []
    assert original.initiatives_table() == copy.initiatives_table()


# --- customers are conserved ------------------------------------------------------------


@FAST
@given(scenario=small_scenarios(), placement=placements, seed=seeds)
def test_customers_are_conserved_every_week(scenario, placement, seed):
    model = CXModel(scenario, placement=placement, seed=seed)
    c = model.customers
    churned_before = int(np.count_nonzero(c.status == CHURNED))  # left in the firm's past, before week 0
    previous = (0, churned_before)
    for _ in range(model.weeks):
        model.step()
        counts = np.bincount(c.status, minlength=3)
        active, churned = int(counts[ACTIVE]), int(counts[CHURNED])
        assert active == c.n_initial + c.acquired - c.departed  # active = week 0's base + acquired - left
        assert churned == churned_before + c.departed
        assert counts[PROSPECT] + active + churned == c.size
        assert active == c.active_count() == np.count_nonzero(c.active) == model.metrics["customers_active"]
        assert c.retention() == np.count_nonzero(c.active & c.initial) / c.n_initial
        assert c.acquired >= previous[0] and churned >= previous[1]  # nobody is un-acquired or returns
        previous = (c.acquired, churned)
    model.release()


# --- every metric stays in its bounds ------------------------------------------------

CUMULATIVE_TOO = ("initiatives_dropped",)  # cumulative, not in test_metrics.CUMULATIVE
COUNTS = (
    *CUMULATIVE,
    *CUMULATIVE_TOO,
    "initiatives_active",
    "initiatives_stalled",
    "items_open",
    "items_overdue",
    "issues_open",
    "issues_known",
    "customers_active",
    "week",
    "spend",
    "revenue",
    "revenue_total",
    "gross_margin",
    "churned_revenue",
    "customers_churned",
)
SIGNED = ("margin", "margin_total")  # net of CX spending, so a week can lose money


def test_every_column_has_a_bound():
    assert set(COLUMNS) == set(BOUNDS) | set(COUNTS) | set(SIGNED)


@FAST
@given(scenario=small_scenarios(), placement=placements, seed=seeds)
def test_every_metric_stays_in_its_bounds_every_week(scenario, placement, seed):
    model = _run(scenario, placement, seed)
    for name, (lo, hi) in BOUNDS.items():
        values = series(model, name)
        finite = values[np.isfinite(values)]
        assert np.all((finite >= lo) & (finite <= hi)), name
        # NaN only where a share is undefined: before anything fell due, before anyone took part
        if name not in ("follow_through", "follow_through_13w", "participant_willingness"):
            assert finite.size == values.size, name
    for name in COUNTS:
        assert series(model, name).min() >= 0, name
    for name in (*CUMULATIVE, *CUMULATIVE_TOO, "week"):
        assert np.all(np.diff(series(model, name)) >= 0), name
    assert np.all(series(model, "items_overdue") <= series(model, "items_open"))
    assert np.all(series(model, "issues_known") <= series(model, "issues_open"))
    assert np.all(series(model, "customers_active") <= model.customers.size)
    assert np.all(np.isin(series(model, "leader_present"), (0.0, 1.0)))
    assert np.all(np.isin(series(model, "threat"), (0.0, 1.0)))
    assert series(model, "spend_total")[-1] == pytest.approx(series(model, "spend").sum())
    # money adds up: margin is gross margin less CX spending, totals are sums of the weeks
    assert np.all(series(model, "gross_margin") <= series(model, "revenue"))
    assert np.allclose(series(model, "margin"), series(model, "gross_margin") - series(model, "spend"))
    assert series(model, "revenue_total")[-1] == pytest.approx(series(model, "revenue")[1:].sum())
    assert series(model, "margin_total")[-1] == pytest.approx(series(model, "margin")[1:].sum())


# --- switching a mechanism off removes its effect and nothing else -------------------


IN_THE_PAST = {"listening", "silos", "transparency", "volume_spikes"}  # mechanisms at work in sim.model.history


@FAST
@given(mechanism=mechanism_names, placement=placements, seed=seeds)
def test_switching_a_mechanism_off_leaves_exogenous_events_and_customers_draws_alone(mechanism, placement, seed):
    """Events (issues, bug spikes, threats, departures, reorganisation draws) and customers' draws are the same.

    Both come from their own random streams (``rng_events``, ``rng_customers``), drawn a
    fixed number of times a week whatever the organisation does; so the streams end in
    the same state, every issue arrives identically and threats fall in the same weeks.
    Customers start identically (week-0 customer columns).
    """
    scenario = apply_overrides(
        Scenario(),
        {
            "customers.count": 800,
            "simulation.weeks": 78,
            "events.bug_spikes_per_year": 4.0,
            "events.threats_per_year": 2.0,
            # results-driven reorganisations (feedback) would make their timing follow the outcome
            "feedback.results_reorganisation": 0.0,
        },
    )
    on, off = _run(scenario, placement, seed), _run(scenario, placement, seed, {f"mechanisms.{mechanism}": False})
    assert on.arrivals == off.arrivals
    assert np.array_equal(series(on, "threat"), series(off, "threat"))
    assert on.rng_events.bit_generator.state == off.rng_events.bit_generator.state
    assert on.rng_customers.bit_generator.state == off.rng_customers.bit_generator.state
    if mechanism not in IN_THE_PAST:  # those shape the firm's past too, so week 0 differs
        for name in ("nps", "retention", "participation", "satisfaction", "trust", "customers_active"):
            assert series(on, name)[0] == series(off, name)[0], name
    if mechanism != "reorganisation":
        assert np.array_equal(series(on, "reorganisations"), series(off, "reorganisations"))


NEUTRAL: dict[str, dict[str, Any]] = {
    # "Off:" text of each module -> the on-setting that should be indistinguishable from it
    "authority": {"authority.level_decay": 1.0},  # full positional clout at every level
    "overlay": {  # capability starts at 0, never changes, has no effect
        "overlay.initial_capability": 0.0,
        "overlay.skill_growth": 0.0,
        "overlay.attention_floor": 0.0,
        "overlay.capability_weight": 0.0,
        "overlay.friction_relief": 0.0,
    },
    "silos": {"silos.initial_integration": 1.0, "silos.fix_share": 0.0},  # a single view of the customer
    "reorganisation": {"reorganisation.per_year": 0.0},  # no reorganisations
    "sponsor_attention": {  # attention never moves from its starting values
        "sponsor_attention.baseline": 0.9,
        "sponsor_attention.threat_pull": 0.0,
        "sponsor_attention.crisis_boost": 0.0,
        "sponsor_attention.win_boost": 0.0,
    },
    "engagement": {  # membership has no effect and communities do not grow
        "engagement.loyalty_boost": 0.0,
        "engagement.c2c_multiplier": 1.0,
        "engagement.recruit_rate": 0.0,
        "engagement.leave_rate": 0.0,
        "engagement.willingness_drift": 0.0,
    },
    # unanswered contacts cost nothing, and a pushed fix is no faster than routine work
    "volume_spikes": {"volume_spikes.unhandled_cost": 0.0, "volume_spikes.fast_fix_weeks": 104.0},
    # nobody has a legacy mindset (the model takes the same people draws when the mechanism is off)
    "legacy_mindset": {"legacy_mindset.share": 0.0},
    # nothing is disclosed or exposed, and nothing disclosed would cost or relieve anything
    "transparency": {
        "transparency.disclosure": 0.0,
        "transparency.exposure_rate": 0.0,
        "transparency.disclosed_trust_cost": 0.0,
        "transparency.exposed_trust_cost": 0.0,
        "transparency.understanding": 0.0,
    },
}
OWN_COLUMNS = {"volume_spikes": {"unhandled_contacts"}}  # what the mechanism itself measures


@pytest.mark.parametrize("mechanism", list(NEUTRAL))
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(placement=placements, seed=seeds)
def test_a_neutral_setting_is_the_same_as_switching_the_mechanism_off(mechanism, placement, seed):
    scenario = apply_overrides(
        Scenario(),
        {"customers.count": 600, "simulation.weeks": 78, "events.bug_spikes_per_year": 4.0, **NEUTRAL[mechanism]},
    )
    on, off = _run(scenario, placement, seed), _run(scenario, placement, seed, {f"mechanisms.{mechanism}": False})
    assert set(_differing_columns(on, off)) <= OWN_COLUMNS.get(mechanism, set())
    assert on.initiatives_table() == off.initiatives_table()


# --- doubling customers leaves per-customer rates unchanged ----------------------------


def _per_customer_rates(model: CXModel) -> dict[str, float]:
    c = model.customers
    active = series(model, "customers_active")
    churned = c.n_initial + c.acquired - int(active[-1])
    customer_weeks = active[:-1].sum()
    return {
        "weekly churn rate": churned / customer_weeks,
        "acquisition per customer-week": c.acquired / customer_weeks,
        "mean NPS": float(series(model, "nps")[1:].mean()),
        "mean participation": float(series(model, "participation")[1:].mean()),
    }


@pytest.mark.slow
@pytest.mark.parametrize("placement", ["marketing", "ceo_overlay"])
def test_doubling_customers_leaves_per_customer_rates_unchanged(placement):
    """1,500 against 3,000 customers, 24 seeds each, 104 weeks; Welch t-tests, Bonferroni over the four rates."""
    values: dict[int, list[dict[str, float]]] = {}
    for count in (1500, 3000):
        scenario = apply_overrides(Scenario(), {"customers.count": count, "simulation.weeks": 104})
        values[count] = [_per_customer_rates(_run(scenario, placement, seed)) for seed in range(100, 124)]
    for rate in values[1500][0]:
        single, double = ([v[rate] for v in values[n]] for n in (1500, 3000))
        p = stats.ttest_ind(single, double, equal_var=False).pvalue
        assert p > 0.01 / 4, f"{rate}: {np.mean(single):.5g} vs {np.mean(double):.5g} (p = {p:.2g})"

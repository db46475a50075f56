"""Every mechanism is switchable: off, its outcome changes the way the essays say, and its code never runs.

Each case names the mechanism, a placement where the mechanism matters, the
outcome the essays talk about, and the direction that outcome moves when the
mechanism is switched *off*; where the essays describe the lever at a setting
(poor follow-up discipline, reorganising every quarter, mostly legacy managers),
the case sets it there. Runs are paired (same seeds on and off); exogenous
events and customers use their own random streams, so pairs share them.
"""

from __future__ import annotations

import inspect
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest
from scipy import stats

from sim import CXModel
from sim.mechanisms import MECHANISMS
from sim.model.lifecycle import LEADER
from sim.validation import patterns
from sim.validation.patterns import detection_delay, leader_approval_rate, peer_initiatives
from tests.conftest import run, series, small_scenario


def follow_through(m: CXModel) -> float:
    return m.summary()["follow_through_final"]


def weeks_to_approval(m: CXModel) -> float:
    return m.summary()["weeks_to_approval"]


def participant_willingness(m: CXModel) -> float:
    return series(m, "participant_willingness")[-1]


def mean_open_issues(m: CXModel) -> float:
    return float(np.mean(series(m, "issues_open")))


def mean_nps(m: CXModel) -> float:
    return float(np.mean(series(m, "nps")))


def mean_trust(m: CXModel) -> float:
    return float(np.mean(series(m, "trust")))


def final_capability(m: CXModel) -> float:
    return series(m, "capability")[-1]


def leader_departures(m: CXModel) -> float:
    return series(m, "leader_departures")[-1]


def engaged_share(m: CXModel) -> float:
    return float(np.mean(series(m, "engaged_share")))


def item_follow_through(m: CXModel) -> float:
    return m.summary()["item_follow_through"]


def measured_share(m: CXModel) -> float:
    return patterns.measured_share(m.summary())


@dataclass(frozen=True)
class Case:
    mechanism: str
    placement: str
    outcome: Callable[[CXModel], float]
    off_direction: int  # +1: the outcome rises when the mechanism is off; -1: it falls
    overrides: dict[str, Any] = field(default_factory=dict)
    pairs: int = 40  # seeds for the slow CI test, sized from a pilot so the expected t is about 4.5 or more
    fast_pairs: int = 12  # seeds for the fast direction test (more for effects small against run-to-run noise)

    @property
    def id(self) -> str:
        return f"{self.mechanism}-{self.outcome.__name__}"


COMMUNITY_HEAVY = {"initiatives.types.community.weight": 0.5}

CASES = [
    Case("sponsor_attention", "marketing", leader_approval_rate, +1, pairs=120),
    Case("authority", "marketing", weeks_to_approval, -1, pairs=150, fast_pairs=40),
    Case("delegation", "marketing", follow_through, +1),
    Case("follow_up", "marketing", participant_willingness, +1, {**COMMUNITY_HEAVY, "follow_up.discipline": 0.3}),
    Case("budget_lever", "cco_authority", leader_approval_rate, -1, pairs=60),
    # Since issue 12 (the firm's past, results-driven attention and reorganisations) two earlier cases
    # are not separated at their pair counts (seeds 100 on): budget lever -> follow-through -0.032
    # [-0.075, +0.012] (110 pairs) and clout -> weeks to approval -0.83 [-2.03, +0.36] (70 pairs).
    # Clout's direct effect, on approval, is: +0.074 [+0.025, +0.124] (70 pairs).
    Case("clout", "marketing", leader_approval_rate, +1, pairs=70),
    Case("listening", "marketing", mean_open_issues, -1),
    Case("volume_spikes", "marketing", mean_nps, +1, {"events.bug_spikes_per_year": 4.0}),
    Case("resistance", "marketing", leader_approval_rate, +1, pairs=110),
    Case("rollout", "operations", peer_initiatives, -1, pairs=50),
    Case("overlay", "ceo_overlay", final_capability, -1, {"simulation.weeks": 260}),
    Case("silos", "operations", detection_delay, -1),
    Case("cco_mandate", "cco_authority", follow_through, -1),
    Case("leader_tenure", "marketing", leader_departures, -1),
    Case("reorganisation", "operations", follow_through, +1, {"reorganisation.per_year": 4.0}, pairs=90),
    Case("legacy_mindset", "operations", item_follow_through, +1, {"legacy_mindset.share": 0.8}, pairs=150),
    Case("transparency", "service", mean_trust, +1),
    Case("engagement", "service", engaged_share, -1, COMMUNITY_HEAVY, pairs=50),
    Case("design", "distributed", follow_through, -1, pairs=80, fast_pairs=30),
    Case("measurement", "service", measured_share, -1, pairs=50),
]


def paired_difference(case: Case, seed: int) -> float:
    """outcome(off) - outcome(on) for one seed."""
    scenario = small_scenario(**{k.replace(".", "__"): v for k, v in case.overrides.items()})
    off = {f"mechanisms.{case.mechanism}": False}
    return case.outcome(run(scenario, case.placement, seed, off)) - case.outcome(run(scenario, case.placement, seed))


def paired_differences(case: Case, seeds: range, workers: int = 1) -> np.ndarray:
    """outcome(off) - outcome(on) for each seed (NaN pairs dropped), on ``workers`` processes."""
    if workers > 1:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            diffs = np.array(list(pool.map(paired_difference, [case] * len(seeds), seeds, chunksize=4)), dtype=float)
    else:
        diffs = np.array([paired_difference(case, s) for s in seeds], dtype=float)
    return diffs[np.isfinite(diffs)]


def test_every_mechanism_has_a_case():
    assert {c.mechanism for c in CASES} == set(MECHANISMS)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_switching_a_mechanism_off_moves_its_outcome_the_expected_way(case):
    diffs = paired_differences(case, range(case.fast_pairs))
    assert diffs.size >= 2 * case.fast_pairs // 3
    assert np.sign(diffs.mean()) == case.off_direction, f"mean change {diffs.mean():+.3f}"


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_switching_a_mechanism_off_effect_has_a_ci_excluding_zero(case):
    diffs = paired_differences(case, range(100, 100 + case.pairs), workers=min(2, os.cpu_count() or 1))
    mean, sem = diffs.mean(), stats.sem(diffs)
    low, high = stats.t.interval(0.95, diffs.size - 1, loc=mean, scale=sem) if sem > 0 else (mean, mean)
    assert case.off_direction * low > 0 and case.off_direction * high > 0, f"95% CI [{low:+.3f}, {high:+.3f}]"


def _module_functions(name: str) -> list[str]:
    module = MECHANISMS[name]
    return [n for n, f in inspect.getmembers(module, inspect.isfunction) if f.__module__ == module.__name__]


@pytest.mark.parametrize("name", list(MECHANISMS))
def test_a_mechanism_switched_off_never_runs_its_code(name, monkeypatch):
    def forbidden(*_args, **_kwargs):
        raise AssertionError(f"{name} is switched off but its code ran")

    for fn in _module_functions(name):
        monkeypatch.setattr(MECHANISMS[name], fn, forbidden)
    scenario = small_scenario(**{"events__bug_spikes_per_year": 4.0, "reorganisation__per_year": 2.0})
    for placement in ("marketing", "ceo_overlay", "distributed"):
        CXModel(scenario, placement=placement, seed=3, weeks=104, overrides={f"mechanisms.{name}": False}).run()


def test_with_every_mechanism_off_the_model_still_runs_and_items_are_done_on_time(small):
    off = {f"mechanisms.{name}": False for name in MECHANISMS}
    model = run(small, "marketing", seed=2, overrides=off)
    assert model.summary()["item_follow_through"] > 0.9


def test_legacy_managed_departments_finish_fewer_items_on_time(small):
    on_time = {True: [], False: []}
    for seed in range(12):
        model = run(small, "operations", seed=seed)
        for ini in model.portfolio.initiatives:
            for item in ini.items:
                if item.booked:
                    late = item.done_week is None or item.done_week > item.due_week
                    on_time[model.departments[item.department].manager.legacy].append(not late)
    assert np.mean(on_time[True]) < np.mean(on_time[False]) - 0.05


def test_members_of_communities_are_more_loyal_than_other_customers():
    scenario = small_scenario(**{"initiatives__types__community__weight": 2.0})
    gaps = []
    for seed in range(6):
        model = run(scenario, "service", seed=seed)
        c = model.customers
        members, others = c.active & c.engaged, c.active & ~c.engaged
        if members.sum() >= 10:
            gaps.append(c.loyalty[members].mean() - c.loyalty[others].mean())
    assert gaps and np.mean(gaps) > 0.3


def test_departmental_initiatives_only_come_from_incentives_or_peer_spread(small):
    model = run(small, "distributed", seed=4)
    causes = {i.cause for i in model.portfolio.initiatives if i.owner != LEADER}
    assert causes <= {"customer incentives", "peer saw results"}


def test_a_departed_leader_is_replaced_after_the_vacancy_with_a_fresh_start():
    scenario = small_scenario(leader_tenure__calm_tenure_weeks=20.0, leader_tenure__vacancy_weeks=5)
    model = CXModel(scenario, placement="marketing", seed=1, weeks=156)
    vacancies = []
    for _ in range(156):
        was_present = model.leader.in_post
        model.step()
        if was_present and not model.leader.in_post:
            vacancies.append(model.week)
    assert len(model.leader.tenures) >= 2
    arrivals = [e.week for e in model.log.events if e.kind == "leader_arrived"]
    assert arrivals and all(any(a - v == 5 for v in vacancies) for a in arrivals)
    assert all(t < 156 for t in model.leader.tenures)
    assert series(model, "leader_present").min() == 0.0 and series(model, "leader_present")[-20:].max() == 1.0


def test_the_overlay_runs_exactly_overlay_weeks_weeks():
    scenario = small_scenario(designs__ceo_overlay__overlay_weeks=3)
    model = CXModel(scenario, placement="ceo_overlay", seed=1, weeks=6)
    start = model.departments["sales"].capability
    model.run()
    growth = scenario.overlay.skill_growth
    grown = 1 - (1 - start) * (1 - growth) ** 3
    expected = grown * (1 - scenario.overlay.skill_decay) ** 3
    assert model.departments["sales"].capability == pytest.approx(expected)


def test_shelved_items_are_not_worked_until_an_escalation_unshelves_them():
    scenario = small_scenario(delegation__shelve_rate=0.5)
    shelved_seen = 0
    for seed in range(3):
        model = CXModel(scenario, placement="service", seed=seed, weeks=104)
        for _ in range(104):
            before = {id(it): (it.progress, it) for it in model.portfolio.open_items() if it.shelved}
            model.step()
            shelved_seen += len(before)
            for progress, it in before.values():
                if it.shelved:  # still shelved after the week: nobody worked it
                    assert it.progress == progress
    assert shelved_seen > 0

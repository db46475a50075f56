"""Same scenario + same seed = identical results; different seeds differ."""

from __future__ import annotations

import mesa
import numpy as np

from sim import CXModel
from sim.model.metrics import COLUMNS
from tests.conftest import run, series


def _same(a: CXModel, b: CXModel) -> bool:
    for name in COLUMNS:
        if not np.array_equal(series(a, name), series(b, name), equal_nan=True):
            return False
    return a.initiatives_table() == b.initiatives_table()


def test_same_seed_gives_identical_time_series_and_initiatives(small):
    for placement in ("marketing", "cco_authority"):
        assert _same(run(small, placement, seed=7), run(small, placement, seed=7))


def test_different_seeds_give_different_runs(small):
    a, b = run(small, seed=1), run(small, seed=2)
    assert not np.array_equal(series(a, "nps"), series(b, "nps"))


def test_seed_from_scenario_is_used_when_none_given(small):
    a = run(small, seed=small.simulation.seed)
    model = CXModel(small)
    model.run()
    assert _same(a, model)


def test_runs_one_week_per_step_and_stops_at_the_horizon(small):
    model = CXModel(small, weeks=30)
    model.run()
    assert model.steps == 30 and not model.running
    assert list(series(model, "week")) == list(range(31))


def test_works_with_mesa_batch_run():
    rows = mesa.batch_run(
        CXModel,
        parameters={
            "placement": ["marketing", "service"],
            "seed": [3],
            "weeks": [12],
            "overrides": [{"customers.count": 500}],
        },
        iterations=1,
        max_steps=12,
        number_processes=1,
        display_progress=False,
    )
    assert {r["placement"] for r in rows} == {"marketing", "service"}
    assert all(-100 <= r["nps"] <= 100 for r in rows)
    again = mesa.batch_run(
        CXModel,
        parameters={"placement": ["marketing"], "seed": [3], "weeks": [12], "overrides": [{"customers.count": 500}]},
        max_steps=12,
        display_progress=False,
    )
    first = [r for r in rows if r["placement"] == "marketing"]
    assert [r["nps"] for r in first] == [r["nps"] for r in again]


def test_batch_run_with_several_processes_accepts_a_scenario_object(small):
    rows = mesa.batch_run(
        CXModel,
        parameters={"scenario": [small], "placement": ["marketing", "service"], "seed": [3], "weeks": [6]},
        max_steps=6,
        number_processes=2,
        display_progress=False,
    )
    serial = mesa.batch_run(
        CXModel,
        parameters={"scenario": [small], "placement": ["marketing", "service"], "seed": [3], "weeks": [6]},
        max_steps=6,
        number_processes=1,
        display_progress=False,
    )
    key = lambda r: (r["placement"], r["Step"])  # noqa: E731
    assert [r["nps"] for r in sorted(rows, key=key)] == [r["nps"] for r in sorted(serial, key=key)]

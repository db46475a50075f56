"""Measure the settled start (ODD 7.30): NPS drift of runs with no CX programme, with and without the firm's past.

    python scripts/measure_settled_start.py [--seeds 40] [--first 7000]

For each seed, a run of the default scenario with ``simulation.programme = false``
is made with the scenario's past (``history_weeks`` 104) and without it (0).
Prints, for both, the mean fall of NPS over the first two years (weeks 0-26
against 78-104) and the five-year drift (weeks 234-260 against 0-26), each with
a 95% confidence interval over seeds.
"""

from __future__ import annotations

import argparse

import numpy as np

from sim import CXModel
from sim.analysis.stats import estimate


def nps_changes(seed: int, history_weeks: int) -> tuple[float, float]:
    """(fall over the first two years, five-year drift) of a no-programme run."""
    model = CXModel(
        seed=seed,
        overrides={
            "simulation.programme": False,
            "simulation.history_weeks": history_weeks,
            "money.counterfactual": False,
        },
    )
    model.run()
    model.release()
    nps = np.asarray(model.datacollector.model_vars["nps"], dtype=float)
    start, two_years, end = nps[0:27].mean(), nps[78:105].mean(), nps[234:261].mean()
    return float(start - two_years), float(end - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=40)
    parser.add_argument("--first", type=int, default=7000)
    args = parser.parse_args()
    seeds = range(args.first, args.first + args.seeds)
    print(f"default scenario, no CX programme, seeds {seeds.start}-{seeds.stop - 1}")
    for weeks in (104, 0):
        falls, drifts = zip(*(nps_changes(seed, weeks) for seed in seeds), strict=True)
        fall, drift = estimate(falls), estimate(drifts)
        print(
            f"history_weeks {weeks:>3}: NPS fall over years 1-2 {fall.mean:+.1f} [{fall.low:+.1f}, {fall.high:+.1f}];"
            f" five-year drift {drift.mean:+.1f} [{drift.low:+.1f}, {drift.high:+.1f}]"
        )


if __name__ == "__main__":
    main()

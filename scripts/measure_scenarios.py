"""Measure the figures quoted in the shipped scenarios' headers ("Measured (10 seeds spawned from 1 ...)").

Usage: ``python scripts/measure_scenarios.py [SCENARIO ...] [--replicates 10] [--seed 1] [--workers 2]``

For each scenario (default: every file in ``scenarios/``) and each of the four
main placements it prints, as means over the replicate seeds: the starting
NPS, the NPS averaged over the run, the final NPS, and the share of the
starting customers lost per year. Re-run it after changing the model and
update the headers from its output.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import numpy as np

from sim.batch import local_executor
from sim.batch.seeds import replicate_seeds
from sim.model.cxmodel import CXModel
from sim.scenario.placements import MAIN_PLACEMENTS

ROOT = Path(__file__).resolve().parents[1]


def measure(task: tuple[str, str, int]) -> tuple[float, float, float, float]:
    """(starting NPS, mean NPS over weeks 1..T, final NPS, retention of starting customers) of one run."""
    path, placement, seed = task
    model = CXModel(path, placement=placement, seed=seed)
    model.run()
    model.release()
    nps = np.asarray(model.datacollector.model_vars["nps"], dtype=float)
    return nps[0], nps[1:].mean(), nps[-1], model.customers.retention()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="*", help="scenario files (default: scenarios/*.toml)")
    parser.add_argument("--replicates", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    paths = args.scenarios or sorted(str(p) for p in (ROOT / "scenarios").glob("*.toml"))
    seeds = replicate_seeds(args.seed, args.replicates)
    with local_executor(args.workers) as pool:
        for path in paths:
            model = CXModel(path)  # the horizon, for the yearly loss
            years = model.weeks / 52.0
            model.release()
            for placement in MAIN_PLACEMENTS:
                rows = np.array(list(pool.map(measure, [(path, placement, s) for s in seeds])))
                start, mean, final, kept = rows.mean(axis=0)
                lost_per_year = 1.0 - kept ** (1.0 / years)
                print(
                    f"{Path(path).stem:16s} {placement:12s} starting NPS {start:+.0f}, over the run {mean:+.0f}, "
                    f"final {final:+.0f}; starting customers lost {lost_per_year:.1%} a year"
                )


if __name__ == "__main__":
    main()

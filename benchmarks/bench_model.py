"""Model speed: seconds per simulated week and customer-steps per second.

Prints, for 10k, 100k and 1M customers, the time per simulated week and the
customer-steps per second (customers x weeks / seconds), and, in the same
process, the agent-steps per second of Mesa's own BoltzmannWealth example for
comparison. Also times one full default-scenario run (10k customers, 260 weeks).

    .venv/bin/python benchmarks/bench_model.py            # all sizes
    .venv/bin/python benchmarks/bench_model.py --quick    # skip 1M

Figures, not assertions: the test suite has no timed tests.
"""

from __future__ import annotations

import argparse
import platform
import time

import mesa
from mesa.examples.basic.boltzmann_wealth_model.model import BoltzmannWealth

from sim import CXModel, Scenario, apply_overrides


def time_model(customers: int, weeks: int, seed: int = 1) -> tuple[float, float]:
    """(build seconds, seconds per simulated week) for the default scenario at a size."""
    scenario = apply_overrides(Scenario(), {"customers.count": customers})
    start = time.perf_counter()
    model = CXModel(scenario, placement="marketing", seed=seed, weeks=weeks)
    built = time.perf_counter()
    model.run()
    done = time.perf_counter()
    model.release()
    return built - start, (done - built) / weeks


def boltzmann_agent_steps_per_second(n: int = 1000, steps: int = 200) -> float:
    """Agent-steps per second of Mesa's BoltzmannWealth example (grid scaled to keep density)."""
    side = max(10, int((n / 1.0) ** 0.5))
    model = BoltzmannWealth(n=n, width=side, height=side, seed=1)
    start = time.perf_counter()
    for _ in range(steps):
        model.step()
    elapsed = time.perf_counter() - start
    mesa.Agent._ids.pop(model, None)
    return n * steps / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 1M-customer size")
    args = parser.parse_args()

    print(f"python {platform.python_version()}, mesa {mesa.__version__}, {platform.machine()}")
    full_start = time.perf_counter()
    model = CXModel(Scenario(), placement="marketing", seed=1)
    model.run()
    model.release()
    full = time.perf_counter() - full_start
    print(f"default scenario, 10,000 customers x 260 weeks: {full:.2f} s wall (build + run)")

    boltz = boltzmann_agent_steps_per_second()
    print(f"Mesa BoltzmannWealth (1,000 agents, 200 steps): {boltz:,.0f} agent-steps/s")
    print()
    print(f"{'customers':>10} {'weeks':>6} {'build s':>8} {'s/week':>9} {'customer-steps/s':>17} {'x Boltzmann':>12}")
    sizes = [(10_000, 260), (100_000, 52)] + ([] if args.quick else [(1_000_000, 13)])
    per_week = {}
    for customers, weeks in sizes:
        build, spw = time_model(customers, weeks)
        rate = customers / spw
        per_week[customers] = spw
        print(f"{customers:>10,} {weeks:>6} {build:>8.2f} {spw:>9.4f} {rate:>17,.0f} {rate / boltz:>12.1f}")
    sizes_run = sorted(per_week)
    if len(sizes_run) > 1:
        lo, hi = sizes_run[0], sizes_run[-1]
        print(
            f"\ntime per week grows {per_week[hi] / per_week[lo]:.1f}x for {hi / lo:.0f}x customers "
            "(linear scaling would be equal; fixed per-week costs make small sizes relatively slower)"
        )
    print("note: arrays also hold the prospect pool (customers.prospects = 1.0 x count by default)")


if __name__ == "__main__":
    main()

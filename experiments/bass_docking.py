"""Docking against the Bass model: the model's customer dynamics converge to their mean-field ODE as 1/N.

One command regenerates the table and the figure:

    .venv/bin/python experiments/bass_docking.py [--replicates 40] [--workers N] [--seed 2026]

It runs the docking scenario (``sim.validation.docking``: no initiatives, issues, events or
mechanisms, identical and fully mixed customers) at several population sizes N,
compares every run's customer share with the mean-field ODE (solved with
``scipy.integrate.solve_ivp``) and with the model's weekly map, and writes
``experiments/output/bass_docking/table.csv`` and ``table.md`` and the figure
``docs/figures/bass_docking.png`` (and ``.svg``).
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "experiments" / "output" / "bass_docking"
FIGURE = ROOT / "docs" / "figures" / "bass_docking"
POPULATIONS = (1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000)
SHOWN = (1_000, 8_000, 64_000)  # sizes drawn in the trajectory panel


def write_table(results, rates, weeks, replicates, seed, fits, floors, elapsed) -> str:
    """Write table.csv and table.md; return the Markdown text."""
    import numpy as np
    import pandas as pd

    rows = pd.DataFrame([r.row() for r in results])
    OUT.mkdir(parents=True, exist_ok=True)
    rows.to_csv(OUT / "table.csv", index=False)
    p, q, h = rates.hazards()
    lines = [
        "# Docking against the Bass model",
        "",
        f"Docking scenario (`sim.validation.docking.docking_scenario`), {weeks} weeks, {replicates} seeds per population size "
        f"spawned from master seed {seed}; {elapsed:.0f} s. Regenerate with `python experiments/bass_docking.py`.",
        "",
        f"Weekly probabilities: innovation p = {rates.innovation:g}, effective imitation q = {rates.imitation:g} "
        f"(imitation x valence factor at NPS {rates.nps:g}), churn h = {rates.churn:.6g} (loyalty {rates.loyalty:g}); "
        f"customers start as {rates.initial_share:g} of the population N. ODE hazards: p = {p:.6g}, q = {q:g}, "
        f"h = {h:.6g} per week.",
        "",
        "Errors are for the customer share (active customers / N) over weeks 1..T. `mse_run`: a run's mean squared "
        "deviation from the ODE, averaged over seeds (± its standard error); `mse_run_map`: the same against the "
        "weekly map; `mse_mean`: mean squared deviation of the seed mean from the ODE; `max |mean - ODE|`: its "
        "largest absolute deviation; `sd`: across-seed standard deviation of the share, averaged over the weeks "
        "(and in the last week).",
        "",
        "| N | R | mse_run | N x mse_run | mse_run_map | mse_mean | max abs(mean - ODE) | sd (mean over weeks) "
        "| sqrt(N) x sd | sd (last week) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.population:,} | {r.replicates} | {r.mse_run:.3g} ± {r.mse_run_se:.2g} | {r.mse_run * r.population:.3f} "
            f"| {r.mse_run_map:.3g} | {r.mse_mean:.3g} | {r.max_mean_error:.4f} | {r.spread_mean:.4f} "
            f"| {r.spread_mean * np.sqrt(r.population):.3f} | {r.spread_final:.4f} |"
        )
    lines += [
        "",
        "Fitted log-log slopes (weighted by the inverse variance of log mse_run; ± standard error):",
        "",
        f"* mse_run against the ODE: {fits['ode'][0]:.3f} ± {fits['ode'][1]:.3f}",
        f"* mse_run against the weekly map: {fits['map'][0]:.3f} ± {fits['map'][1]:.3f}",
        f"* mse_mean against the ODE (unweighted): {fits['mean'][0]:.3f} ± {fits['mean'][1]:.3f}",
        "",
        "Discretisation floor (weekly map against the ODE, customer share): "
        f"mean square {floors['exact']:.3g} (rms {np.sqrt(floors['exact']):.2g}, largest deviation "
        f"{floors['max']:.2g}) with hazards -ln(1 - probability) for p and h; {floors['linear']:.3g} with the "
        f"probabilities used as rates. At the largest N the floor is {floors['exact'] / results[-1].mse_run:.1%} "
        "of mse_run.",
        "",
    ]
    text = "\n".join(lines)
    (OUT / "table.md").write_text(text, encoding="utf-8")
    return text


def figure(results, weeks, fits, floor) -> None:
    """Panel 1: ODE against seed means and 95% bands; panel 2: errors against N on log-log axes."""
    import matplotlib.pyplot as plt
    import numpy as np

    from sim.analysis import figures

    fig = plt.figure(figsize=(11, 5.2))
    grid_spec = fig.add_gridspec(2, 2, height_ratios=(1.6, 1), hspace=0.08)
    ax1 = fig.add_subplot(grid_spec[0, 0])
    ax_dev = fig.add_subplot(grid_spec[1, 0], sharex=ax1)
    ax2 = fig.add_subplot(grid_spec[:, 1])
    years = np.arange(weeks + 1) / 52.0
    ode = results[0].ode
    shown = [r for r in results if r.population in SHOWN]
    for i, r in enumerate(shown):
        st = figures.style(i + 1)
        label = f"N = {r.population:,}"
        ax1.fill_between(years, r.low[:, 1], r.high[:, 1], color=st["color"], alpha=0.25, linewidth=0)
        ax1.plot(years, r.mean[:, 1], color=st["color"], linestyle=st["linestyle"], linewidth=1.4, label=label)
        # deviation from the ODE in percentage points: seed mean (line) and 95% band of single runs
        ax_dev.fill_between(
            years, 100 * (r.low[:, 1] - ode[:, 1]), 100 * (r.high[:, 1] - ode[:, 1]), color=st["color"], alpha=0.25
        )
        ax_dev.plot(years, 100 * (r.mean[:, 1] - ode[:, 1]), color=st["color"], linestyle=st["linestyle"], lw=1.4)
    ax1.plot(years, ode[:, 1], color="black", linewidth=1.0, label="mean-field ODE: customers")
    ax1.plot(years, ode[:, 2], color="black", linewidth=1.0, linestyle=":", label="mean-field ODE: churned")
    ax1.set_ylabel("share of the population N")
    ax1.set_ylim(0, 1)
    ax1.tick_params(labelbottom=False)
    ax1.set_title(f"Customer share: seed means and 95% bands of {results[0].replicates} runs")
    ax1.legend(frameon=False, fontsize=8, loc="upper left", ncol=2)
    ax_dev.axhline(0, color="black", linewidth=1.0)
    ax_dev.set_ylabel("run - ODE\n(percentage points)")
    ax_dev.set_xlabel("years")

    n = np.array([r.population for r in results], dtype=float)
    mse = np.array([r.mse_run for r in results])
    se = np.array([r.mse_run_se for r in results])
    st0, st1, st2 = figures.style(0), figures.style(1), figures.style(2)
    ax2.errorbar(
        n,
        mse,
        yerr=1.96 * se,
        fmt=st0["marker"],
        color=st0["color"],
        capsize=3,
        label=f"run vs ODE, mean squared error (slope {fits['ode'][0]:.2f} ± {fits['ode'][1]:.2f})",
    )
    ax2.plot(
        n,
        [r.mse_run_map for r in results],
        st1["marker"],
        color=st1["color"],
        markerfacecolor="none",
        label=f"run vs weekly map (slope {fits['map'][0]:.2f} ± {fits['map'][1]:.2f})",
    )
    ax2.plot(
        n,
        [r.mse_mean for r in results],
        st2["marker"],
        color=st2["color"],
        label=f"seed mean vs ODE (slope {fits['mean'][0]:.2f} ± {fits['mean'][1]:.2f})",
    )
    anchor = np.exp(np.mean(np.log(mse * n)))
    grid = np.geomspace(n.min() / 1.3, n.max() * 1.3, 50)
    ax2.plot(grid, anchor / grid, color="black", linewidth=1.0, linestyle="--", label="reference: c / N")
    ax2.axhline(floor, color="grey", linewidth=1.0, linestyle=":", label="discretisation floor (map vs ODE)")
    ax2.set_xscale("log")
    ax2.set_yscale("log")
    ax2.set_xlabel("population N (customers and prospects)")
    ax2.set_ylabel("mean squared error of the customer share")
    ax2.set_title("Error falls as 1/N")
    ax2.legend(frameon=False, fontsize=7.5, loc="upper right")
    figures.save(fig, FIGURE.parent, FIGURE.name)


def main() -> None:
    import numpy as np

    from sim.validation import docking

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=40)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--weeks", type=int, default=docking.DOCKING_WEEKS)
    parser.add_argument("--populations", default=",".join(str(n) for n in POPULATIONS), help="comma-separated N")
    args = parser.parse_args()
    populations = [int(x) for x in args.populations.split(",")]
    start = time.perf_counter()
    results = docking.docking_study(populations, args.replicates, args.seed, args.weeks, args.workers)
    elapsed = time.perf_counter() - start
    rates = docking.bass_rates(docking.docking_scenario(populations[0], args.weeks))
    iterated = docking.weekly_map(rates, args.weeks)[1:, 1]
    exact, linear = (docking.mean_field(rates, args.weeks, e)[1:, 1] for e in (True, False))
    floors = {
        "exact": float(np.mean((iterated - exact) ** 2)),
        "linear": float(np.mean((iterated - linear) ** 2)),
        "max": float(np.max(np.abs(iterated - exact))),
    }
    n = [r.population for r in results]
    fits = {
        "ode": docking.log_log_slope(n, [r.mse_run for r in results], [r.mse_run_se for r in results]),
        "map": docking.log_log_slope(n, [r.mse_run_map for r in results], [r.mse_run_map_se for r in results]),
        "mean": docking.log_log_slope(n, [r.mse_mean for r in results]),
    }
    print(write_table(results, rates, args.weeks, args.replicates, args.seed, fits, floors, elapsed))
    figure(results, args.weeks, fits, floors["exact"])
    print(f"wrote {OUT / 'table.md'}, {OUT / 'table.csv'}, {FIGURE}.png and .svg")


if __name__ == "__main__":
    main()

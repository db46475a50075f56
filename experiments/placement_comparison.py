"""Placement comparison: the four main placements on every organisation archetype.

One command regenerates every table and figure:

    .venv/bin/python experiments/placement_comparison.py [--replicates 50] [--workers N] [--seed 2026]

For each scenario in ``scenarios/`` (default, b2b_software, retail_bank, telecom,
online_retailer) it runs marketing, service, operations and ceo_overlay under
common random numbers, writes a full batch folder (results, summary,
comparison, figures, report.html) under ``experiments/output/placement_comparison/``,
then a cross-scenario table (``summary.csv``, ``summary.md``) and the headline
figure ``docs/figures/placement_comparison.png`` (and ``.svg``) shown in the README.
An interrupted run picks up where it stopped.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ("default", "b2b_software", "retail_bank", "telecom", "online_retailer")
METRICS = ("follow_through_final", "nps_final", "retention_final", "participation_final")
OUT = ROOT / "experiments" / "output" / "placement_comparison"
FIGURE = ROOT / "docs" / "figures" / "placement_comparison"


def run_scenario(name: str, replicates: int, seed: int, workers: int):
    """Run (or finish) the comparison on one scenario; return (comparison table, scenario title)."""
    from sim.analysis import comparison, report
    from sim.batch import make_plan, run_plan
    from sim.scenario.load import load_scenario, scenario_hash
    from sim.scenario.placements import MAIN_PLACEMENTS

    path = ROOT / "scenarios" / f"{name}.toml"
    scenario = load_scenario(path)
    plan = make_plan(
        scenario,
        list(MAIN_PLACEMENTS),
        replicates,
        seed,
        kind="compare",
        meta={"baseline": "marketing", "metrics": list(METRICS)},
    )
    out = OUT / name
    resume = (out / "manifest.json").exists()
    run_plan(
        plan,
        out,
        workers=workers,
        resume=resume,
        progress=sys.stderr.isatty(),
        scenario_path=str(path.relative_to(ROOT)),
        scenario_sha=scenario_hash(path),
    )
    report.build(out)
    _, results = comparison.load(out)
    return comparison.comparison_table(results, list(METRICS), "marketing", seed=seed), scenario.scenario.name


def headline_figure(tables: dict) -> None:
    """Follow-through and NPS per placement and scenario, means with 95% CIs."""
    import matplotlib.pyplot as plt
    import numpy as np

    from sim.analysis import figures

    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    names = list(tables)
    placements = list(dict.fromkeys(next(iter(tables.values()))["placement"]))
    for ax, metric in zip(axes, ("follow_through_final", "nps_final"), strict=True):
        for i, p in enumerate(placements):
            st = figures.style(i)
            x = np.arange(len(names)) + (i - (len(placements) - 1) / 2) * 0.18
            rows = [tables[n][(tables[n]["metric"] == metric) & (tables[n]["placement"] == p)].iloc[0] for n in names]
            mean = np.array([r["mean"] for r in rows])
            err = [mean - np.array([r["ci_low"] for r in rows]), np.array([r["ci_high"] for r in rows]) - mean]
            ax.errorbar(x, mean, yerr=err, fmt=st["marker"], color=st["color"], capsize=3, label=p, markersize=6)
        ax.set_xticks(range(len(names)), [n.replace("_", " ") for n in names], rotation=15)
        ax.set_title(
            {"follow_through_final": "Follow-through after five years", "nps_final": "NPS after five years"}[metric]
        )
    axes[0].set_ylabel("share of commitments kept on time")
    axes[1].set_ylabel("Net Promoter Score")
    axes[0].legend(frameon=False, fontsize=8, loc="lower left")
    fig.suptitle(
        "Four CX placements on five organisation archetypes (means with 95% confidence intervals)", fontsize=10
    )
    figures.save(fig, FIGURE.parent, FIGURE.name)


def write_summary(tables: dict, titles: dict, replicates: int, seed: int) -> None:
    """Cross-scenario table as CSV and Markdown."""
    import pandas as pd

    from sim.analysis import comparison

    frames = [t.assign(scenario=name) for name, t in tables.items()]
    combined = pd.concat(frames)
    combined.to_csv(OUT / "summary.csv", index=False)
    lines = [
        "# Placement comparison",
        "",
        f"{replicates} replicates per placement and scenario, seeds spawned from master seed {seed}; "
        "every placement meets the same seeds (common random numbers). Cells: mean [95% CI]; "
        "P(best): bootstrap probability of having the best mean. Regenerate with "
        "`python experiments/placement_comparison.py`.",
        "",
    ]
    for metric in ("follow_through_final", "nps_final", "retention_final"):
        lines += [
            f"## {comparison.label(metric)}",
            "",
            "| scenario | " + " | ".join(dict.fromkeys(combined["placement"])) + " |",
            "|---" * (1 + combined["placement"].nunique()) + "|",
        ]
        for name in tables:
            rows = tables[name][tables[name]["metric"] == metric]
            cells = [
                f"{r['mean']:.3g} [{r['ci_low']:.3g}, {r['ci_high']:.3g}], P(best) {r['p_best']:.0%}"
                for _, r in rows.iterrows()
            ]
            lines.append(f"| {titles[name]} | " + " | ".join(cells) + " |")
        lines.append("")
    (OUT / "summary.md").write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=50)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--scenarios", default=",".join(SCENARIOS), help="comma-separated scenario names")
    args = parser.parse_args()
    tables, titles = {}, {}
    for name in args.scenarios.split(","):
        print(f"{name} ...", flush=True)
        tables[name], titles[name] = run_scenario(name, args.replicates, args.seed, args.workers)
    OUT.mkdir(parents=True, exist_ok=True)
    write_summary(tables, titles, args.replicates, args.seed)
    headline_figure(tables)
    print((OUT / "summary.md").read_text(encoding="utf-8"))
    print(f"figure: {FIGURE}.png; per-scenario reports: {OUT}/<scenario>/report.html")


if __name__ == "__main__":
    main()

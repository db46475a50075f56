"""Measure what each guided lesson shows (the figures quoted in ``[lesson] shows``).

Usage: ``python scripts/measure_lessons.py [--replicates 20] [--seed 1] [--workers 2]``

For each lesson in ``scenarios/lessons/`` this runs the arms the lesson asks a
class to compare (placements side by side, or a slider moved) on the same
replicate seeds (common random numbers) and prints mean ± 95% CI half-width of
the figures the lesson talks about. Re-run it after changing the model and
update the lesson files' ``shows`` text from its output.
"""

from __future__ import annotations

import argparse
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from scipy import stats

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "scenarios" / "lessons"

# lesson file -> arms: (label, placement, overrides)
ARMS: dict[str, list[tuple[str, str, dict]]] = {
    "01_marketer_without_clout.toml": [
        ("marketing", "marketing", {}),
        ("cco_authority", "cco_authority", {}),
        ("cco_advisory", "cco_advisory", {}),
    ],
    "02_advisory_board_never_heard_back.toml": [
        ("discipline 85%", "marketing", {}),
        ("discipline 10%", "marketing", {"follow_up.discipline": 0.10}),
    ],
    "03_ten_percent_lever.toml": [
        ("marketing", "marketing", {}),
        ("marketing_with_budget", "marketing_with_budget", {}),
    ],
    "04_bug_tenfold.toml": [
        ("marketing", "marketing", {}),
        ("service", "service", {}),
        ("operations", "operations", {}),
    ],
    "05_reorganise_every_year.toml": [
        ("1 reorg/year", "service", {}),
        ("0 reorgs/year", "service", {"reorganisation.per_year": 0.0}),
        ("2 reorgs/year", "service", {"reorganisation.per_year": 2.0}),
    ],
    "06_ceo_overlay_and_after.toml": [
        ("ceo_overlay", "ceo_overlay", {}),
        ("marketing", "marketing", {}),
    ],
}

OVERLAY_END = 156


def run_one(task: tuple[str, str, dict, int]) -> dict[str, float]:
    """One run: the summary plus a few figures read from the weekly series."""
    from sim import CXModel

    path, placement, overrides, seed = task
    model = CXModel(path, placement=placement, seed=seed, overrides=overrides)
    model.run()
    s = model.summary(programme_value=False)
    mv = model.datacollector.model_vars
    nps = np.asarray(mv["nps"], dtype=float)
    ft13 = np.asarray(mv["follow_through_13w"], dtype=float)
    unhandled = np.asarray(mv["unhandled_contacts"], dtype=float)
    capability = np.asarray(mv["capability"], dtype=float)
    out = {
        "follow-through (final)": s["follow_through_final"],
        "NPS (final)": s["nps_final"],
        "NPS (mean over run)": float(np.nanmean(nps)),
        "retention (final)": s["retention_final"],
        "participation willingness (final)": s["participation_final"],
        "participants' willingness (final)": float(mv["participant_willingness"][-1]),
        "share of invitees taking part": s["acceptance_rate"],
        "gain quality of completed initiatives": s["gain_quality"],
        "initiatives approved": s["initiatives_approved"],
        "initiatives completed": s["initiatives_completed"],
        "rejected or undecided": s["initiatives_rejected"],
        "abandoned": s["initiatives_abandoned"],
        "abandoned by reorganisation": sum(
            r["end_reason"] == "reorganisation" for r in model.initiatives_table() if r["outcome"] == "abandoned"
        ),
        "weeks to approval": s["weeks_to_approval"],
        "unanswered contacts (peak week)": float(np.nanmax(unhandled)),
        "leader departures": s["leader_departures"],
    }
    if model.weeks > OVERLAY_END:
        out["NPS at week 156"] = float(nps[OVERLAY_END])
        out["follow-through, 13 weeks to week 156"] = float(ft13[OVERLAY_END])
        out[f"follow-through, weeks 157-{model.weeks} (mean of 13-week)"] = float(np.nanmean(ft13[OVERLAY_END + 1 :]))
        out["departments' CX skill at week 156"] = float(capability[OVERLAY_END])
        out["departments' CX skill (final)"] = float(capability[-1])
    model.release()
    return out


def _cell(values: list[float]) -> str:
    data = np.asarray([v for v in values if v is not None], dtype=float)
    data = data[np.isfinite(data)]
    if data.size < 2:
        return "-"
    half = stats.t.ppf(0.975, data.size - 1) * data.std(ddof=1) / np.sqrt(data.size)
    return f"{data.mean():.2f} ± {half:.2f}"


def main() -> None:
    """Run every lesson's arms and print one table per lesson."""
    from sim.analysis.tables import render
    from sim.batch.seeds import replicate_seeds

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicates", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--only", help="run only lesson files whose name contains this")
    args = parser.parse_args()
    seeds = replicate_seeds(args.seed, args.replicates)
    with ProcessPoolExecutor(args.workers) as pool:
        for name, arms in ARMS.items():
            if args.only and args.only not in name:
                continue
            path = str(LESSONS / name)
            results = {}
            for label, placement, overrides in arms:
                results[label] = list(pool.map(run_one, [(path, placement, overrides, s) for s in seeds]))
            metrics = list(next(iter(results.values()))[0])
            rows = [[m, *(_cell([r[m] for r in results[label]]) for label in results)] for m in metrics]
            print(f"\n{name} - {args.replicates} seeds spawned from {args.seed}, mean ± 95% CI")
            print(render(["metric", *results], rows))


if __name__ == "__main__":
    main()

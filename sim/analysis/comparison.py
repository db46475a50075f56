"""Tables from a batch folder: summaries per arm and comparisons against a baseline."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.analysis.stats import compare_paired, estimate, holm, probability_best

MAIN_METRICS = ("follow_through_final", "nps_final", "retention_final", "participation_final", "programme_npv")
LOWER_IS_BETTER = frozenset(
    {
        "failure_share",
        "weeks_to_approval",
        "leader_departures",
        "cost_per_measured_gain",
        "initiatives_abandoned",
        "initiatives_dropped",
        "initiatives_rejected",
        "initiatives_stalled",
    }
)
METRIC_LABELS = {
    "follow_through_final": "follow-through (final)",
    "follow_through_mean": "follow-through (mean over run)",
    "nps_final": "NPS (final)",
    "nps_mean": "NPS (mean over run)",
    "retention_final": "retention (final)",
    "participation_final": "participation (final)",
    "failure_share": "share of settled initiatives failing",
    "initiatives_completed": "initiatives completed",
    "weeks_to_approval": "weeks to approval",
}


def label(metric: str) -> str:
    """Readable name of a metric column."""
    return METRIC_LABELS.get(metric, metric.replace("_", " "))


def higher_is_better(metric: str) -> bool:
    """Whether a larger value of ``metric`` is the better outcome."""
    return metric not in LOWER_IS_BETTER


def load(out: Path) -> tuple[dict[str, Any], pd.DataFrame]:
    """(manifest, results) of a batch folder."""
    out = Path(out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    results = pd.read_csv(out / "results.csv")
    return manifest, results


def load_series(out: Path) -> pd.DataFrame:
    """The weekly rows of a batch folder."""
    return pd.read_csv(Path(out) / "timeseries.csv")


def summary_table(results: pd.DataFrame, metrics: Sequence[str], varied: Sequence[str] = ()) -> pd.DataFrame:
    """Per point and placement: mean, sd and 95% CI of each metric over replicates."""
    rows = []
    for (point, placement), group in results.groupby(["point", "placement"], sort=False):
        first = group.iloc[0]
        for metric in metrics:
            est = estimate(group[metric].to_numpy(dtype=float))
            rows.append(
                {
                    "point": point,
                    "placement": placement,
                    **{k: first[k] for k in varied},
                    "metric": metric,
                    "mean": est.mean,
                    "sd": est.sd,
                    "ci_low": est.low,
                    "ci_high": est.high,
                    "n": est.n,
                }
            )
    return pd.DataFrame(rows)


def comparison_table(
    results: pd.DataFrame, metrics: Sequence[str], baseline: str, seed: int = 0, point: int = 0
) -> pd.DataFrame:
    """Each placement against ``baseline`` at one parameter point, paired by replicate.

    Holm's correction runs over every (placement, metric) comparison in the table.
    """
    data = results[results["point"] == point]
    placements = list(dict.fromkeys(data["placement"]))
    rows = []
    for metric in metrics:
        wide = data.pivot(index="replicate", columns="placement", values=metric)
        best = probability_best({p: wide[p].to_numpy() for p in placements}, higher_is_better(metric), seed=seed)
        for name in placements:
            est = estimate(wide[name].to_numpy())
            row = {
                "metric": metric,
                "placement": name,
                "mean": est.mean,
                "ci_low": est.low,
                "ci_high": est.high,
                "n": est.n,
                "p_best": best[name],
            }
            if name != baseline:
                cmp = compare_paired(wide[name].to_numpy(), wide[baseline].to_numpy())
                row.update(
                    diff=cmp.difference.mean,
                    diff_low=cmp.difference.low,
                    diff_high=cmp.difference.high,
                    cohens_d=cmp.cohens_d,
                    p_value=cmp.p_value,
                )
            rows.append(row)
    table = pd.DataFrame(rows)
    for col in ("diff", "diff_low", "diff_high", "cohens_d", "p_value"):
        if col not in table:
            table[col] = np.nan
    table["p_holm"] = holm(table["p_value"].to_numpy())
    return table


def headline(comparison: pd.DataFrame, metric: str, baseline: str) -> str:
    """One sentence: which placement does best on ``metric``, by how much, how surely."""
    rows = comparison[(comparison["metric"] == metric) & comparison["p_best"].notna()]
    if rows.empty:
        return f"No placement has a value of {label(metric)} yet (nothing fell due within the horizon)."
    best = rows.loc[rows["p_best"].idxmax()]
    text = (
        f"On {label(metric)}, {best['placement']} is best with probability {best['p_best']:.0%} "
        f"(mean {best['mean']:.3g}, 95% CI {best['ci_low']:.3g} to {best['ci_high']:.3g})"
    )
    if best["placement"] != baseline and np.isfinite(best["diff"]):
        text += (
            f"; against {baseline} the difference is {best['diff']:+.3g} "
            f"(95% CI {best['diff_low']:+.3g} to {best['diff_high']:+.3g}, Cohen's d {best['cohens_d']:.2f}, "
            f"Holm-adjusted p {best['p_holm']:.2g})"
        )
    return text + "."

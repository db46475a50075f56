"""Robustness across uncertain conditions: how often each placement is best, its regret,
and (by PRIM scenario discovery) the conditions under which each one wins."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from sim.analysis.prim import Box, prim


@dataclass(frozen=True)
class Robustness:
    """Results of a robustness analysis for one metric."""

    metric: str
    table: pd.DataFrame  # per placement: share best (CI), regret statistics
    regret: pd.DataFrame  # long: point, placement, regret
    boxes: dict[str, Box]  # per placement that wins somewhere
    sentences: list[str]


def wilson(k: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion k/n."""
    if n == 0:
        return np.nan, np.nan
    z = stats.norm.ppf(0.5 + level / 2)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def analyse(results: pd.DataFrame, metric: str, keys: Sequence[str], higher_is_better: bool) -> Robustness:
    """Best placement per sampled condition, regret, and the conditions where each wins."""
    means = results.pivot_table(index="point", columns="placement", values=metric, aggfunc="mean")
    placements = list(dict.fromkeys(results["placement"]))
    means = means[placements].dropna()
    signed = means if higher_is_better else -means
    best = signed.idxmax(axis=1)
    regret = signed.max(axis=1).to_numpy()[:, None] - signed.to_numpy()
    regret_df = pd.DataFrame(regret, index=means.index, columns=placements)
    inputs = results.groupby("point")[list(keys)].first().loc[means.index]
    n = len(means)
    rows, boxes, sentences = [], {}, []
    for name in placements:
        wins = int((best == name).sum())
        low, high = wilson(wins, n)
        r = regret_df[name].to_numpy()
        rows.append(
            {
                "placement": name,
                "share_best": wins / n if n else np.nan,
                "share_low": low,
                "share_high": high,
                "mean_regret": r.mean(),
                "median_regret": np.median(r),
                "p90_regret": np.quantile(r, 0.9),
                "max_regret": r.max(),
            }
        )
        if wins == 0:
            sentences.append(f"{name} is never best across the {n} sampled conditions.")
            continue
        box = prim(inputs.to_numpy(dtype=float), (best == name).to_numpy(), list(keys))
        boxes[name] = box
        sentence = f"{name} is best in {wins / n:.0%} of the {n} sampled conditions (95% CI {low:.0%} to {high:.0%})"
        if box.restricted and box.density > wins / n:
            sentence += (
                f"; it wins most clearly where {box.describe()} - best in {box.density:.0%} of those conditions, "
                f"which hold {box.coverage:.0%} of its wins"
            )
        else:
            sentence += "; no compact region of the inputs concentrates its wins"
        sentences.append(sentence + ".")
    table = pd.DataFrame(rows).sort_values("share_best", ascending=False)
    long = regret_df.reset_index().melt(id_vars="point", var_name="placement", value_name="regret")
    return Robustness(metric, table, long, boxes, sentences)

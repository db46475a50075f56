"""Statistics for replicated runs: means with confidence intervals, paired comparisons,
Holm correction and the probability that each arm is best.

Replicate ``k`` of every arm shares one seed (common random numbers), so
comparisons between arms are paired by replicate.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats


@dataclass(frozen=True)
class Estimate:
    """Mean of replicate values with its 95% (or ``level``) confidence interval."""

    mean: float
    sd: float
    low: float
    high: float
    n: int

    @property
    def half_width(self) -> float:
        """Half the width of the confidence interval."""
        return (self.high - self.low) / 2.0


def estimate(values: Sequence[float], level: float = 0.95) -> Estimate:
    """Mean, standard deviation and t-based confidence interval (NaNs ignored)."""
    data = np.asarray(values, dtype=float)
    data = data[np.isfinite(data)]
    n = int(data.size)
    if n == 0:
        return Estimate(np.nan, np.nan, np.nan, np.nan, 0)
    mean = float(data.mean())
    if n == 1:
        return Estimate(mean, np.nan, np.nan, np.nan, 1)
    sd = float(data.std(ddof=1))
    half = float(stats.t.ppf(0.5 + level / 2.0, n - 1) * sd / np.sqrt(n))
    return Estimate(mean, sd, mean - half, mean + half, n)


@dataclass(frozen=True)
class Comparison:
    """An arm against the baseline, paired by replicate."""

    difference: Estimate  # of (arm - baseline), pair by pair
    cohens_d: float  # mean difference over the pooled standard deviation of the two arms
    p_value: float  # paired t-test, two-sided
    p_holm: float = np.nan  # after Holm's correction over all comparisons of a table


def compare_paired(arm: Sequence[float], baseline: Sequence[float], level: float = 0.95) -> Comparison:
    """Paired difference arm - baseline (pairs with a NaN on either side are dropped)."""
    a, b = np.asarray(arm, dtype=float), np.asarray(baseline, dtype=float)
    keep = np.isfinite(a) & np.isfinite(b)
    a, b = a[keep], b[keep]
    diff = estimate(a - b, level)
    pooled = np.sqrt((a.var(ddof=1) + b.var(ddof=1)) / 2.0) if a.size > 1 else np.nan
    d = float(diff.mean / pooled) if pooled and np.isfinite(pooled) and pooled > 0 else np.nan
    if a.size < 2:
        p = np.nan
    elif np.allclose(a - b, (a - b)[0]):
        p = 0.0 if (a - b)[0] != 0 else 1.0  # no variation in the differences: the t statistic is undefined
    else:
        p = float(stats.ttest_rel(a, b).pvalue)
    return Comparison(diff, d, p)


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm-Bonferroni adjusted p-values (NaNs stay NaN and do not count)."""
    p = np.asarray(p_values, dtype=float)
    adjusted = np.full(p.shape, np.nan)
    idx = np.flatnonzero(np.isfinite(p))
    m = idx.size
    running = 0.0
    for rank, i in enumerate(idx[np.argsort(p[idx], kind="stable")]):
        running = max(running, min(1.0, (m - rank) * p[i]))
        adjusted[i] = running
    return adjusted.tolist()


def probability_best(
    values: Mapping[str, Sequence[float]],
    higher_is_better: bool = True,
    draws: int = 2000,
    seed: int = 0,
) -> dict[str, float]:
    """Chance each arm has the best mean, by a paired bootstrap over replicates.

    Replicates are resampled jointly across arms (they share seeds), and each
    resample's best arm gets one vote; ties share the vote. Replicates where an
    arm has no value are left out; an arm with no value at all gets NaN.
    """
    result = {n: np.nan for n in values}
    names = [n for n in values if np.isfinite(np.asarray(values[n], dtype=float)).any()]  # arms with data
    if not names:
        return result
    matrix = np.column_stack([np.asarray(values[n], dtype=float) for n in names])
    matrix = matrix[np.isfinite(matrix).all(axis=1)]
    if matrix.shape[0] == 0:
        return result
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, matrix.shape[0], size=(draws, matrix.shape[0]))
    means = matrix[picks].mean(axis=1)  # draws x arms
    if not higher_is_better:
        means = -means
    best = means == means.max(axis=1, keepdims=True)
    votes = (best / best.sum(axis=1, keepdims=True)).sum(axis=0) / draws
    result.update({n: float(v) for n, v in zip(names, votes, strict=True)})
    return result

"""Figures for batch results (PNG and SVG), readable in print and for colour-blind readers.

Colours are the Okabe-Ito palette; every series also has its own line style and
marker, so figures survive greyscale printing.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, never a window

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from scipy import stats

from sim.analysis.comparison import label

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442")
LINESTYLES = ("-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1)), (0, (1, 1)), (0, (8, 2)))
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")

plt.rcParams.update(
    {
        "figure.dpi": 110,
        "savefig.dpi": 150,
        "font.size": 10,
        "axes.titlesize": 11,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.25,
        "svg.fonttype": "none",
        "svg.hashsalt": "cxsim",  # identical SVG bytes for identical figures
    }
)


def style(i: int) -> dict:
    """Colour, line style and marker of the ``i``-th series."""
    return {
        "color": PALETTE[i % len(PALETTE)],
        "linestyle": LINESTYLES[i % len(LINESTYLES)],
        "marker": MARKERS[i % len(MARKERS)],
    }


def save(fig: plt.Figure, folder: Path, name: str) -> list[Path]:
    """Write ``name``.png and ``name``.svg; return both paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{name}.png", folder / f"{name}.svg"]
    fig.savefig(paths[0], bbox_inches="tight")
    fig.savefig(paths[1], bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    return paths


def _band(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean and 95% CI across runs (rows) for each week (column), NaN-aware (NaN where undefined)."""
    n = np.sum(np.isfinite(values), axis=0)
    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # weeks before anything fell due are all NaN
        mean = np.nanmean(values, axis=0)
        sd = np.nanstd(values, axis=0, ddof=1) if values.shape[0] > 1 else np.zeros(values.shape[1])
    t = stats.t.ppf(0.975, np.maximum(n - 1, 1))
    half = np.where(n > 1, t * sd / np.sqrt(np.maximum(n, 1)), 0.0)
    thin = n < max(2, values.shape[0] / 2)  # too few runs have a value yet (e.g. nothing fell due)
    mean, half = np.where(thin, np.nan, mean), np.where(thin, np.nan, half)
    return mean, mean - half, mean + half


BOUNDS = {
    "follow_through": (0, 1),
    "follow_through_13w": (0, 1),
    "nps": (-100, 100),
    "retention": (0, 1),
    "participation": (0, 1),
    "trust": (0, 1),
    "satisfaction": (0, 10),
}
TITLES = {
    "follow_through": "follow-through (to date)",
    "follow_through_13w": "follow-through (last 13 weeks)",
    "nps": "NPS",
}


def timeseries(
    series: pd.DataFrame, metrics: Sequence[str], folder: Path, name: str = "timeseries", point: int = 0
) -> list[Path]:
    """Each metric over time per placement: mean across replicates with a 95% band."""
    data = series[series["point"] == point]
    fig, axes = plt.subplots(1, len(metrics), figsize=(5.2 * len(metrics), 3.6), squeeze=False)
    for ax, metric in zip(axes[0], metrics, strict=True):
        for i, (placement, group) in enumerate(data.groupby("placement", sort=False)):
            wide = group.pivot(index="run", columns="week", values=metric).to_numpy(dtype=float)
            weeks = np.array(sorted(group["week"].unique()))
            mean, low, high = _band(wide)
            if metric in BOUNDS:
                low, high = np.clip(low, *BOUNDS[metric]), np.clip(high, *BOUNDS[metric])
            st = style(i)
            ax.plot(weeks, mean, color=st["color"], linestyle=st["linestyle"], label=placement, linewidth=1.6)
            ax.fill_between(weeks, low, high, color=st["color"], alpha=0.18, linewidth=0)
        ax.set_xlabel("week")
        ax.set_title(TITLES.get(metric, metric.replace("_", " ")))
    axes[0][0].legend(frameon=False, fontsize=8)
    fig.suptitle(
        "Mean over replicates with 95% confidence band (shown once half the runs have a value)", fontsize=9, y=1.02
    )
    return save(fig, folder, name)


def distributions(
    results: pd.DataFrame, metrics: Sequence[str], folder: Path, name: str = "distributions", point: int = 0
) -> list[Path]:
    """Final outcomes per placement: every replicate as a dot, with box plots."""
    data = results[results["point"] == point]
    placements = list(dict.fromkeys(data["placement"]))
    fig, axes = plt.subplots(1, len(metrics), figsize=(3.4 * len(metrics), 3.8), squeeze=False)
    rng = np.random.default_rng(0)  # jitter only; fixed so figures are reproducible
    for ax, metric in zip(axes[0], metrics, strict=True):
        groups = [data.loc[data["placement"] == p, metric].dropna().to_numpy() for p in placements]
        ax.boxplot(groups, widths=0.5, showfliers=False, medianprops={"color": "black"})
        for i, values in enumerate(groups):
            st = style(i)
            x = i + 1 + rng.uniform(-0.15, 0.15, values.size)
            ax.scatter(x, values, s=10, color=st["color"], marker=st["marker"], alpha=0.6, linewidths=0)
        ax.set_xticks(range(1, len(placements) + 1), placements, rotation=30, ha="right")
        ax.set_title(label(metric))
    return save(fig, folder, name)


FUNNEL = (
    ("initiatives_started", "started"),
    ("initiatives_proposed", "proposed"),
    ("initiatives_approved", "approved"),
    ("initiatives_launched", "launched"),
    ("initiatives_completed", "completed"),
    ("measured_gains", "measured gain"),
)
LOSSES = (
    ("initiatives_rejected", "rejected"),
    ("initiatives_dropped", "dropped"),
    ("initiatives_abandoned", "abandoned"),
    ("initiatives_stalled", "stalled at end"),
)


def funnel(results: pd.DataFrame, folder: Path, name: str = "funnel", point: int = 0) -> list[Path]:
    """The initiative funnel per placement (mean counts), and where initiatives die."""
    data = results[results["point"] == point]
    placements = list(dict.fromkeys(data["placement"]))
    means = data.groupby("placement", sort=False).mean(numeric_only=True)
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.8))
    width = 0.8 / max(1, len(placements))
    for side, stages in ((left, FUNNEL), (right, LOSSES)):
        x = np.arange(len(stages))
        for i, p in enumerate(placements):
            st = style(i)
            values = [means.loc[p, col] for col, _ in stages]
            side.bar(
                x + (i - (len(placements) - 1) / 2) * width,
                values,
                width,
                color=st["color"],
                label=p,
                hatch=("", "//", "..", "xx", "\\\\", "++", "--", "oo")[i % 8],
                edgecolor="white",
                linewidth=0.5,
            )
        side.set_xticks(x, [lab for _, lab in stages], rotation=20, ha="right")
        side.set_ylabel("initiatives per run (mean)")
    left.set_title("From scoping to measured gain")
    right.set_title("Where initiatives die")
    left.legend(frameon=False, fontsize=8)
    return save(fig, folder, name)


def sweep(summary: pd.DataFrame, keys: Sequence[str], metric: str, folder: Path, name: str) -> list[Path]:
    """A metric against one varied key (lines with 95% CI bars) or two (a heatmap per placement)."""
    data = summary[summary["metric"] == metric]
    placements = list(dict.fromkeys(data["placement"]))
    if len(keys) == 1:
        key = keys[0]
        fig, ax = plt.subplots(figsize=(6, 4))
        for i, p in enumerate(placements):
            rows = data[data["placement"] == p].sort_values(key)
            st = style(i)
            ax.errorbar(
                rows[key],
                rows["mean"],
                yerr=[rows["mean"] - rows["ci_low"], rows["ci_high"] - rows["mean"]],
                label=p,
                capsize=3,
                color=st["color"],
                linestyle=st["linestyle"],
                marker=st["marker"],
            )
        ax.set_xlabel(key)
        ax.set_ylabel(label(metric))
        ax.legend(frameon=False, fontsize=8)
        return save(fig, folder, name)
    kx, ky = keys[0], keys[1]
    fig, axes = plt.subplots(1, len(placements), figsize=(4.2 * len(placements), 3.6), squeeze=False)
    lo, hi = data["mean"].min(), data["mean"].max()
    for ax, p in zip(axes[0], placements, strict=True):
        grid = data[data["placement"] == p].pivot_table(index=ky, columns=kx, values="mean")
        image = ax.imshow(grid.to_numpy(), origin="lower", aspect="auto", cmap="viridis", vmin=lo, vmax=hi)
        ax.set_xticks(range(grid.shape[1]), [f"{v:g}" for v in grid.columns], rotation=30)
        ax.set_yticks(range(grid.shape[0]), [f"{v:g}" for v in grid.index])
        ax.set_xlabel(kx)
        ax.set_ylabel(ky)
        ax.set_title(p)
        ax.grid(False)
    fig.colorbar(image, ax=axes[0].tolist(), label=label(metric))
    return save(fig, folder, name)


def bars_with_ci(
    table: pd.DataFrame, value: str, low: str, high: str, by: str, title: str, folder: Path, name: str
) -> list[Path]:
    """Horizontal bars with confidence intervals (sensitivity indices, regret, shares)."""
    fig, ax = plt.subplots(figsize=(6, 0.45 * len(table) + 1.2))
    y = np.arange(len(table))
    err = [np.clip(table[value] - table[low], 0, None), np.clip(table[high] - table[value], 0, None)]
    ax.barh(y, table[value], xerr=err, color=PALETTE[0], capsize=3, alpha=0.85)
    ax.set_yticks(y, table[by])
    ax.invert_yaxis()
    ax.set_title(title)
    return save(fig, folder, name)


def regret_boxes(regret: pd.DataFrame, folder: Path, name: str, metric_label: str) -> list[Path]:
    """Distribution of each placement's regret across sampled conditions."""
    placements = list(dict.fromkeys(regret["placement"]))
    fig, ax = plt.subplots(figsize=(1.3 * len(placements) + 2.5, 3.8))
    groups = [regret.loc[regret["placement"] == p, "regret"].to_numpy() for p in placements]
    ax.boxplot(groups, widths=0.5, medianprops={"color": "black"})
    for i, values in enumerate(groups):
        st = style(i)
        ax.scatter(
            i + 1 + np.linspace(-0.12, 0.12, values.size),
            values,
            s=9,
            color=st["color"],
            marker=st["marker"],
            alpha=0.6,
        )
    ax.set_xticks(range(1, len(placements) + 1), placements, rotation=30, ha="right")
    ax.set_ylabel(f"regret in {metric_label}")
    ax.set_title("Regret: shortfall from the best placement in each condition")
    return save(fig, folder, name)

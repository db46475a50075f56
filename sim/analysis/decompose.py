"""Where CX sits against how it is designed: a variance decomposition of the placement x design grid.

Every cell of the grid meets the same seeds (common random numbers), so the
runs form a three-way layout - placement x design x seed - with one run per
cell and seed. For an outcome ``y[p, d, r]`` the usual two-way decomposition
with seed blocks gives sums of squares for placement, design, their
interaction, the seeds and a residual. The placement, design and interaction
sums still carry chance (their expected value includes ``df x residual mean
square``), so each is corrected by subtracting that (and clipped at zero)
before the shares are taken:

    share_X = max(0, SS_X - df_X MS_res) / sum over {placement, design, interaction} of the same

The shares say how the governance-driven differences between arms split; the
share of the total run-to-run variance that governance explains is reported
beside them. Confidence intervals come from a bootstrap over seeds (whole
seeds are resampled, so every cell keeps its pairing).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

SOURCES = ("placement", "design", "interaction")


@dataclass(frozen=True)
class Decomposition:
    """The decomposition of one outcome."""

    metric: str
    shares: dict[str, float]  # share of the governance variance, by source
    intervals: dict[str, tuple[float, float]]  # 95% bootstrap intervals of the shares
    governance_share: float  # share of the total variance of single runs that governance explains
    governance_interval: tuple[float, float]
    design_minus_placement: tuple[float, float, float]  # estimate and 95% interval
    seeds_used: int
    seeds_dropped: int  # seeds with an undefined outcome in some cell (left out of every cell)
    placements: tuple[str, ...]
    designs: tuple[str, ...]

    def verdict(self) -> str:
        """Which matters more in this organisation, in plain words."""
        est, low, high = self.design_minus_placement
        p, d = self.shares["placement"], self.shares["design"]
        if not np.isfinite(est):
            if self.seeds_used >= 2:
                return "undefined: the outcome does not vary between arms (nothing to decompose)"
            return "undefined: the outcome has no value in enough runs"
        if low > 0:
            return f"design matters more than where CX sits (design {d:.0%} against placement {p:.0%})"
        if high < 0:
            return f"where CX sits matters more than the design (placement {p:.0%} against design {d:.0%})"
        return f"placement ({p:.0%}) and design ({d:.0%}) cannot be told apart at these replicates"


def grid_array(results: pd.DataFrame, metric: str) -> tuple[np.ndarray, tuple[str, ...], tuple[str, ...], int]:
    """``y[p, d, r]`` for the seeds complete in every cell; also the number of seeds dropped."""
    placements = tuple(dict.fromkeys(results["position"]))
    designs = tuple(dict.fromkeys(results["design"]))
    wide = results.pivot_table(index="replicate", columns=["position", "design"], values=metric, aggfunc="first")
    columns = [(p, d) for p in placements for d in designs]
    missing = [c for c in columns if c not in wide.columns]
    if missing:
        raise ValueError(f"the grid lacks cells {missing}: every placement must meet every design")
    wide = wide[columns]
    complete = wide.dropna()
    y = complete.to_numpy(dtype=float).reshape(len(complete), len(placements), len(designs))
    return np.transpose(y, (1, 2, 0)), placements, designs, len(wide) - len(complete)


def sums_of_squares(y: np.ndarray) -> dict[str, float]:
    """Sums of squares and degrees of freedom of the placement x design x seed layout (one run per cell and seed)."""
    n_p, n_d, n_r = y.shape
    grand = y.mean()
    cell = y.mean(axis=2)
    a = cell.mean(axis=1) - grand
    b = cell.mean(axis=0) - grand
    ab = cell - grand - a[:, None] - b[None, :]
    s = y.mean(axis=(0, 1)) - grand
    fitted = grand + a[:, None, None] + b[None, :, None] + ab[:, :, None] + s[None, None, :]
    out = {
        "placement": n_d * n_r * float(np.sum(a**2)),
        "design": n_p * n_r * float(np.sum(b**2)),
        "interaction": n_r * float(np.sum(ab**2)),
        "seed": n_p * n_d * float(np.sum(s**2)),
        "residual": float(np.sum((y - fitted) ** 2)),
        "total": float(np.sum((y - grand) ** 2)),
    }
    df = {
        "placement": n_p - 1,
        "design": n_d - 1,
        "interaction": (n_p - 1) * (n_d - 1),
        "residual": (n_p * n_d - 1) * (n_r - 1),
    }
    ms_res = out["residual"] / df["residual"] if df["residual"] > 0 else 0.0
    for source in SOURCES:
        out[f"{source}_corrected"] = max(0.0, out[source] - df[source] * ms_res)
    return out


def shares(y: np.ndarray) -> tuple[dict[str, float], float]:
    """Shares of the governance variance by source, and the share of total variance governance explains."""
    ss = sums_of_squares(y)
    corrected = {s: ss[f"{s}_corrected"] for s in SOURCES}
    governance = sum(corrected.values())
    split = {s: (corrected[s] / governance if governance > 0 else float("nan")) for s in SOURCES}
    explained = governance / ss["total"] if ss["total"] > 0 else float("nan")
    return split, explained


def decompose(results: pd.DataFrame, metric: str, boot: int = 1000, seed: int = 0) -> Decomposition:
    """Decompose ``metric`` over the placement x design grid in ``results`` (a batch's ``results.csv``).

    Raises:
        ValueError: the results do not form a complete grid.
    """
    y, placements, designs, dropped = grid_array(results, metric)
    n_r = y.shape[2]
    if n_r < 2 or len(placements) < 2 or len(designs) < 2:
        nan = float("nan")
        return Decomposition(
            metric,
            dict.fromkeys(SOURCES, nan),
            dict.fromkeys(SOURCES, (nan, nan)),
            nan,
            (nan, nan),
            (nan, nan, nan),
            n_r,
            dropped,
            placements,
            designs,
        )
    split, explained = shares(y)
    rng = np.random.default_rng(seed)
    draws = {s: [] for s in (*SOURCES, "governance", "difference")}
    for _ in range(boot):
        pick = rng.integers(0, n_r, size=n_r)
        s, e = shares(y[:, :, pick])
        for source in SOURCES:
            draws[source].append(s[source])
        draws["governance"].append(e)
        draws["difference"].append(s["design"] - s["placement"])

    def interval(values: list[float]) -> tuple[float, float]:
        arr = np.asarray(values, dtype=float)
        arr = arr[np.isfinite(arr)]
        if arr.size == 0:
            return (float("nan"), float("nan"))
        return (float(np.quantile(arr, 0.025)), float(np.quantile(arr, 0.975)))

    low, high = interval(draws["difference"])
    return Decomposition(
        metric=metric,
        shares=split,
        intervals={s: interval(draws[s]) for s in SOURCES},
        governance_share=explained,
        governance_interval=interval(draws["governance"]),
        design_minus_placement=(split["design"] - split["placement"], low, high),
        seeds_used=n_r,
        seeds_dropped=dropped,
        placements=placements,
        designs=designs,
    )


def table(parts: list[Decomposition]) -> pd.DataFrame:
    """One row per outcome and source: share with its interval; plus the governance share and the verdict."""
    rows = []
    for part in parts:
        for source in SOURCES:
            low, high = part.intervals[source]
            rows.append(
                {
                    "metric": part.metric,
                    "source": source,
                    "share": part.shares[source],
                    "share_low": low,
                    "share_high": high,
                    "governance_share": part.governance_share,
                    "governance_low": part.governance_interval[0],
                    "governance_high": part.governance_interval[1],
                    "seeds_used": part.seeds_used,
                    "seeds_dropped": part.seeds_dropped,
                    "verdict": part.verdict(),
                }
            )
    return pd.DataFrame(rows)

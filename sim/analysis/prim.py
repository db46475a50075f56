"""PRIM (patient rule induction, Friedman & Fisher 1999) for scenario discovery.

Given sampled uncertain conditions ``X`` and a yes/no outcome ``y`` (say, "this
placement is best here"), PRIM peels thin slices off a box around the data,
each time the slice whose removal most raises the share of "yes" inside the
box, until the box would hold too few points. The result describes, in a few
bounds, where the outcome is concentrated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Box:
    """A box over the uncertain keys and how well it captures the outcome."""

    lower: dict[str, float]
    upper: dict[str, float]
    restricted: tuple[str, ...]  # keys whose bounds moved in from the data's range
    data_lower: dict[str, float]
    data_upper: dict[str, float]
    density: float  # share of points in the box with the outcome
    coverage: float  # share of all points with the outcome that lie in the box
    support: float  # share of all points in the box

    def describe(self, digits: int = 3) -> str:
        """The box's restricted bounds in words ('k between a and b', 'k at least a', ...)."""
        if not self.restricted:
            return "anywhere in the sampled range"
        parts = []
        for key in self.restricted:
            lo, hi = self.lower[key], self.upper[key]
            lo_moved, hi_moved = lo > self.data_lower[key], hi < self.data_upper[key]
            if lo_moved and hi_moved:
                parts.append(f"{key} is between {lo:.{digits}g} and {hi:.{digits}g}")
            elif lo_moved:
                parts.append(f"{key} is at least {lo:.{digits}g}")
            else:
                parts.append(f"{key} is at most {hi:.{digits}g}")
        return " and ".join(parts)


def prim(
    x: np.ndarray,
    y: np.ndarray,
    names: Sequence[str],
    alpha: float = 0.05,
    min_support: float = 0.1,
) -> Box:
    """Peel a box around the points where ``y`` holds.

    Args:
        x: (n, d) sampled conditions.
        y: (n,) booleans.
        names: the d key names.
        alpha: share of the points in the box peeled at each step.
        min_support: stop before the box holds fewer than this share of all points.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=bool)
    n, d = x.shape
    data_lo, data_hi = x.min(axis=0), x.max(axis=0)
    lower, upper = data_lo.copy(), data_hi.copy()
    inside = np.ones(n, dtype=bool)
    total_yes = max(1, int(y.sum()))
    density = y.mean() if n else 0.0
    while inside.sum() > min_support * n:
        best = None
        for j in range(d):
            values = x[inside, j]
            for side, cut in (("low", np.quantile(values, alpha)), ("high", np.quantile(values, 1 - alpha))):
                keep = inside & ((x[:, j] > cut) if side == "low" else (x[:, j] < cut))
                if keep.sum() < min_support * n or keep.sum() == inside.sum():
                    continue
                dens = y[keep].mean()
                if (
                    best is None
                    or dens > best[0] + 1e-12
                    or (abs(dens - best[0]) <= 1e-12 and keep.sum() > best[1].sum())
                ):
                    best = (dens, keep, j, side, cut)
        if best is None or best[0] <= density + 1e-12:
            break
        density, inside, j, side, cut = best
        if side == "low":
            lower[j] = x[inside, j].min()
        else:
            upper[j] = x[inside, j].max()
    restricted = tuple(names[j] for j in range(d) if lower[j] > data_lo[j] or upper[j] < data_hi[j])
    return Box(
        lower={names[j]: float(lower[j]) for j in range(d)},
        upper={names[j]: float(upper[j]) for j in range(d)},
        restricted=restricted,
        data_lower={names[j]: float(data_lo[j]) for j in range(d)},
        data_upper={names[j]: float(data_hi[j]) for j in range(d)},
        density=float(y[inside].mean()) if inside.any() else 0.0,
        coverage=float((y & inside).sum() / total_yes),
        support=float(inside.mean()),
    )

"""Global sensitivity analysis with SALib (optional: ``pip install 'cxsim[sensitivity]'``).

Morris elementary effects screen many keys cheaply (mu* with its confidence
interval); Sobol indices (first order S1 and total ST, with confidence intervals)
apportion the variance of an outcome among the keys.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from sim.batch.sampling import KeySpec
from sim.scenario.errors import ScenarioError

METHODS = ("morris", "sobol")


def _salib():
    try:
        import SALib  # noqa: F401
    except ImportError:
        raise ScenarioError(
            "", "--method", "SALib is not installed", allowed="pip install 'cxsim[sensitivity]'"
        ) from None


def problem(ranges: dict[str, tuple[float, float, KeySpec]]) -> dict[str, Any]:
    """The SALib problem for the given ranges."""
    return {"num_vars": len(ranges), "names": list(ranges), "bounds": [[lo, hi] for lo, hi, _ in ranges.values()]}


def sample(method: str, prob: dict[str, Any], n: int, seed: int) -> np.ndarray:
    """Model inputs to run: Morris trajectories (n x (d+1) rows) or a Saltelli/Sobol sample (n x (d+2) rows)."""
    _salib()
    if method == "morris":
        from SALib.sample import morris

        return morris.sample(prob, n, num_levels=4, seed=seed)
    from SALib.sample import sobol

    return sobol.sample(prob, n, calc_second_order=False, seed=seed)


def analyse(method: str, prob: dict[str, Any], x: np.ndarray, y: np.ndarray, seed: int) -> pd.DataFrame:
    """Indices with 95% confidence intervals, one row per key."""
    _salib()
    if method == "morris":
        from SALib.analyze import morris

        res = morris.analyze(prob, x, y, num_levels=4, conf_level=0.95, num_resamples=1000, seed=seed)
        return pd.DataFrame(
            {
                "key": prob["names"],
                "mu_star": res["mu_star"],
                "mu_star_conf": res["mu_star_conf"],
                "mu": res["mu"],
                "sigma": res["sigma"],
            }
        )
    from SALib.analyze import sobol

    res = sobol.analyze(prob, y, calc_second_order=False, conf_level=0.95, num_resamples=1000, seed=seed)
    return pd.DataFrame(
        {"key": prob["names"], "S1": res["S1"], "S1_conf": res["S1_conf"], "ST": res["ST"], "ST_conf": res["ST_conf"]}
    )

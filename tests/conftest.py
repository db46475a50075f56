"""Shared fixtures: a small, fast version of the default scenario."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from sim import CXModel, Scenario, apply_overrides

ROOT = Path(__file__).resolve().parents[1]
SMALL = {"customers.count": 2000, "simulation.weeks": 156, "money.counterfactual": False}


def small_scenario(**extra: Any) -> Scenario:
    """The default organisation with 2,000 customers over three years (plus ``extra`` overrides)."""
    overrides = dict(SMALL)
    overrides.update({k.replace("__", "."): v for k, v in extra.items()})
    return apply_overrides(Scenario(), overrides)


def run(
    scenario: Scenario, placement: str = "marketing", seed: int = 1, overrides: Mapping[str, Any] | None = None
) -> CXModel:
    """Run a model to its horizon and free Mesa's reference to it."""
    model = CXModel(scenario, placement=placement, seed=seed, overrides=overrides)
    model.run()
    model.release()
    return model


def series(model: CXModel, name: str) -> np.ndarray:
    """One weekly column as a float array."""
    return np.asarray(model.datacollector.model_vars[name], dtype=float)


@pytest.fixture(scope="session")
def small() -> Scenario:
    return small_scenario()

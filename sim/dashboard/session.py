"""One dashboard run: one or two :class:`~sim.model.cxmodel.CXModel` s stepping together, errors as messages.

:class:`DashboardRun` is the Mesa model the SolaraViz page drives. It takes the
page's controls as keywords (scenario file, placement, a placement to compare,
seed, lever positions), builds the model(s) through the usual validated
overrides and never raises: a bad combination, a file that does not load or a
failure while stepping becomes :attr:`DashboardRun.error`, shown in the page,
and stops the run.

Side by side, both models get the same scenario, seed and shared levers, so
they meet the same events and customers (common random numbers): the
difference a class sees is the placement's, not the noise's.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mesa

from sim.dashboard.controls import LEVERS, lever_overrides
from sim.model.cxmodel import CXModel
from sim.scenario.config import Scenario
from sim.scenario.errors import ScenarioError, nearest
from sim.scenario.load import load_scenario

log = logging.getLogger(__name__)

MAX_SEED = 2**63 - 1


@dataclass(slots=True)
class Arm:
    """One placement being run: its label and its model."""

    label: str
    model: CXModel


def parse_seed(text: Any) -> int:
    """The seed typed in the page (a text field) as an integer.

    Raises:
        ScenarioError: not a whole number between 0 and 2**63 - 1.
    """
    raw = str(text).strip().replace(",", "").replace("_", "")
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if not 0 <= value <= MAX_SEED:
        raise ScenarioError(
            "dashboard", "seed", f"{str(text)!r} is not a seed", allowed=f"a whole number from 0 to {MAX_SEED}"
        )
    return value


class DashboardRun(mesa.Model):
    """The page's model: one placement, or two side by side on the same seed.

    Args:
        scenario: path of the scenario or lesson file.
        placement: the placement explored (A); default: the scenario's.
        compare: a second placement (B) run side by side, or "" for none.
        seed: seed shared by both runs (an int, or text typed in the page).
        weeks: horizon in weeks (default: the scenario's).
        **levers: slider positions by lever name (see :data:`sim.dashboard.controls.LEVERS`);
            None keeps the scenario's value.
    """

    def __init__(
        self,
        scenario: str | Path = "scenarios/default.toml",
        placement: str | None = None,
        compare: str = "",
        seed: int | str | None = None,
        weeks: int | None = None,
        attention_half_life: float | None = None,
        budget_share_pct: float | None = None,
        followup_discipline_pct: float | None = None,
        reorgs_per_year: float | None = None,
        legacy_share_pct: float | None = None,
        integration_pct: float | None = None,
        transparency_pct: float | None = None,
        community_pct: float | None = None,
    ) -> None:
        super().__init__(seed=0)  # the wrapper draws nothing; the models below own every random number
        self.error: str | None = None
        self.arms: list[Arm] = []
        self.scenario_path = str(scenario)
        self.scenario: Scenario | None = None
        self.closed = False
        self._lock = threading.Lock()  # play (a thread) and a click on Step must not step at once
        levers = {
            "attention_half_life": attention_half_life,
            "budget_share_pct": budget_share_pct,
            "followup_discipline_pct": followup_discipline_pct,
            "reorgs_per_year": reorgs_per_year,
            "legacy_share_pct": legacy_share_pct,
            "integration_pct": integration_pct,
            "transparency_pct": transparency_pct,
            "community_pct": community_pct,
        }
        assert set(levers) == {lever.name for lever in LEVERS}  # a lever added to controls needs a keyword here
        try:
            self._build(Path(scenario), placement, compare, seed, weeks, levers)
        except ScenarioError as exc:
            self._fail(str(exc))
        except Exception as exc:  # the page must survive anything; the log keeps the traceback
            log.exception("dashboard: building the model failed")
            self._fail(f"the model could not be built: {exc}")

    def _build(
        self,
        path: Path,
        placement: str | None,
        compare: str,
        seed: Any,
        weeks: int | None,
        levers: dict[str, float | None],
    ) -> None:
        scenario = load_scenario(path)
        self.scenario = scenario
        name_a = placement or scenario.simulation.placement
        seed_value = scenario.simulation.seed if seed is None or str(seed).strip() == "" else parse_seed(seed)
        _check_placement(scenario, name_a, "placement")
        names = [name_a]
        if compare and compare != name_a:
            _check_placement(scenario, compare, "compare")
            names.append(compare)
        for i, name in enumerate(names):
            overrides = lever_overrides(scenario, name_a, levers, shared_only=i > 0)
            model = CXModel(scenario, placement=name, seed=seed_value, weeks=weeks, overrides=overrides)
            self.arms.append(Arm(name, model))
        self.seed_value = seed_value

    def _fail(self, message: str) -> None:
        self.error = message
        self.running = False
        self.release()

    @property
    def models(self) -> list[CXModel]:
        """The running models, A first."""
        return [arm.model for arm in self.arms]

    @property
    def week(self) -> int:
        """Weeks simulated so far."""
        return self.arms[0].model.steps if self.arms else 0

    @property
    def horizon(self) -> int:
        """The run's horizon in weeks."""
        return self.arms[0].model.weeks if self.arms else 0

    def step(self) -> None:
        """Advance every model one week; an error stops the run and becomes the message."""
        if self.error is not None or self.closed or not self.arms:
            self.running = False
            return
        with self._lock:
            try:
                for arm in self.arms:
                    if arm.model.running:
                        arm.model.step()
            except Exception as exc:
                log.exception("dashboard: a step failed")
                self.error = f"week {self.week}: the model stopped with an error: {exc}"
            self.running = self.error is None and any(arm.model.running for arm in self.arms)

    def release(self) -> None:
        """Stop for good and drop Mesa's references to the models (a new run replaces this one)."""
        self.closed = True
        self.running = False
        for arm in self.arms:
            arm.model.release()
        mesa.Agent._ids.pop(self, None)


def _check_placement(scenario: Scenario, name: str, what: str) -> None:
    if name not in scenario.placements:
        raise ScenarioError(
            scenario.source,
            what,
            f"unknown placement '{name}'",
            allowed=", ".join(scenario.placements),
            suggestion=nearest(name, scenario.placements),
        )

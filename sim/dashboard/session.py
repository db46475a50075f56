"""One dashboard run: one or two :class:`~sim.model.cxmodel.CXModel` s stepping together, errors as messages.

:class:`RunSettings` is everything a run is built from (scenario file,
placement A, placement B, seed, slider positions); :class:`DashboardRun` is the
Mesa model the page steps. It builds the model(s) through the usual validated
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
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mesa

from sim.dashboard.controls import LEVERS_BY_NAME, lever_overrides
from sim.model.cxmodel import CXModel
from sim.scenario.config import Scenario
from sim.scenario.errors import ScenarioError, nearest
from sim.scenario.load import load_scenario

log = logging.getLogger(__name__)

MAX_SEED = 2**63 - 1


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


def seed_problem(text: Any) -> str | None:
    """What is wrong with a typed seed, in one sentence for the seed box, or None if it is a seed."""
    try:
        parse_seed(text)
    except ScenarioError:
        return f"'{str(text).strip()}' is not a seed: type a whole number from 0 to {MAX_SEED}."
    return None


@dataclass(frozen=True, slots=True)
class RunSettings:
    """Everything a run is built from. Reset rebuilds from these, so a lesson stays a lesson.

    ``scenario`` is an absolute path, or None for the built-in default organisation;
    ``levers`` holds slider positions by lever name (a lever left out keeps the scenario's value).
    """

    scenario: Path | None
    placement: str
    compare: str = ""
    seed: int = 1
    levers: tuple[tuple[str, float], ...] = ()

    def lever_map(self) -> dict[str, float]:
        """The slider positions as a dict."""
        return dict(self.levers)

    def placements(self) -> list[str]:
        """Placement names in the order the run shows them: A, then B if side by side."""
        return [self.placement, self.compare] if self.compare and self.compare != self.placement else [self.placement]


def with_levers(settings: RunSettings, levers: Mapping[str, float]) -> RunSettings:
    """``settings`` with slider positions ``levers`` (in the order of :data:`~sim.dashboard.controls.LEVERS`)."""
    ordered = tuple((name, float(levers[name])) for name in LEVERS_BY_NAME if name in levers)
    return RunSettings(settings.scenario, settings.placement, settings.compare, settings.seed, ordered)


@dataclass(frozen=True, slots=True)
class ArmSpec:
    """One placement of a run as the model gets it: its name and its validated overrides."""

    role: str  # "A" or "B"
    placement: str
    overrides: tuple[tuple[str, Any], ...] = ()


def arm_specs(scenario: Scenario, settings: RunSettings) -> list[ArmSpec]:
    """The model(s) ``settings`` ask for: A with every lever, B with the shared levers only.

    Raises:
        ScenarioError: a placement the scenario does not have.
    """
    _check_placement(scenario, settings.placement, "placement")
    specs = []
    for i, name in enumerate(settings.placements()):
        if i:
            _check_placement(scenario, name, "compare")
        overrides = lever_overrides(scenario, settings.placement, settings.lever_map(), shared_only=i > 0)
        specs.append(ArmSpec("AB"[i], name, tuple(overrides.items())))
    return specs


@dataclass(slots=True)
class Arm:
    """One placement being run: its role (A or B), placement name, model and how it was built."""

    role: str
    name: str
    model: CXModel
    spec: ArmSpec


class DashboardRun(mesa.Model):
    """The page's model: one placement, or two side by side on the same seed.

    Args:
        scenario: a scenario, the path of a scenario or lesson file, or None for the built-in default.
        placement: the placement explored (A); default: the scenario's.
        compare: a second placement (B) run side by side, or "" for none.
        seed: seed shared by both runs (an int, or text typed in the page); default: the scenario's.
        weeks: horizon in weeks (default: the scenario's).
        **levers: slider positions by lever name (see :data:`sim.dashboard.controls.LEVERS`);
            None keeps the scenario's value.
    """

    def __init__(
        self,
        scenario: Scenario | str | Path | None = None,
        placement: str | None = None,
        compare: str = "",
        seed: int | str | None = None,
        weeks: int | None = None,
        **levers: float | None,
    ) -> None:
        super().__init__(seed=0)  # the wrapper draws nothing; the models below own every random number
        self.error: str | None = None
        self.arms: list[Arm] = []
        self.scenario: Scenario | None = None
        self.settings: RunSettings | None = None
        self.seed_value: int | None = None
        self.closed = False
        self.lock = threading.RLock()  # play (a thread) and a click on Step must not step at once
        try:
            self._build(scenario, placement, compare, seed, weeks, levers)
        except ScenarioError as exc:
            self._fail(str(exc))
        except Exception as exc:  # the page must survive anything; the log keeps the traceback
            log.exception("dashboard: building the model failed")
            self._fail(f"the model could not be built: {exc}")

    @classmethod
    def from_settings(cls, settings: RunSettings) -> DashboardRun:
        """The run ``settings`` describe."""
        return cls(settings.scenario, settings.placement, settings.compare, settings.seed, **settings.lever_map())

    def _build(
        self,
        source: Scenario | str | Path | None,
        placement: str | None,
        compare: str,
        seed: Any,
        weeks: int | None,
        levers: dict[str, float | None],
    ) -> None:
        path = None if source is None or isinstance(source, Scenario) else Path(source).expanduser().resolve()
        if isinstance(source, Scenario):
            scenario = source
        elif path is None:
            scenario = Scenario()
        else:
            scenario = load_scenario(path)
        self.scenario = scenario
        seed_value = scenario.simulation.seed if seed is None or str(seed).strip() == "" else parse_seed(seed)
        chosen = {name: _lever_value(name, value) for name, value in levers.items() if value is not None}
        base = RunSettings(path, placement or scenario.simulation.placement, compare or "", seed_value)
        settings = with_levers(base, chosen)
        for spec in arm_specs(scenario, settings):
            overrides = dict(spec.overrides)
            model = CXModel(scenario, placement=spec.placement, seed=seed_value, weeks=weeks, overrides=overrides)
            self.arms.append(Arm(spec.role, spec.placement, model, spec))
        self.settings = settings
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

    @property
    def finished(self) -> bool:
        """Whether every model has reached its horizon (False for a failed run)."""
        return self.error is None and bool(self.arms) and not any(arm.model.running for arm in self.arms)

    def step(self) -> None:
        """Advance every model one week; an error stops the run and becomes the message."""
        with self.lock:
            if self.error is not None or self.closed or not self.arms:
                self.running = False
                return
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
        with self.lock:
            self.closed = True
            self.running = False
            for arm in self.arms:
                arm.model.release()
            mesa.Agent._ids.pop(self, None)


def _lever_value(name: str, value: Any) -> float:
    """A slider position as a number, or a one-line error naming the lever."""
    if name not in LEVERS_BY_NAME:
        raise ScenarioError(
            "dashboard",
            name,
            "not a lever",
            allowed=", ".join(LEVERS_BY_NAME),
            suggestion=nearest(name, LEVERS_BY_NAME),
        )
    try:
        return float(value)
    except (TypeError, ValueError):
        lever = LEVERS_BY_NAME[name]
        raise ScenarioError(
            "dashboard", name, f"{value!r} is not a number", allowed=f"a number from {lever.lo:g} to {lever.hi:g}"
        ) from None


def _check_placement(scenario: Scenario, name: str, what: str) -> None:
    if name not in scenario.placements:
        raise ScenarioError(
            scenario.source,
            what,
            f"unknown placement '{name}'",
            allowed=", ".join(scenario.placements),
            suggestion=nearest(name, scenario.placements),
        )

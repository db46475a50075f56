"""The dashboard page: Mesa's SolaraViz driving a :class:`~sim.dashboard.session.DashboardRun`.

Served by ``cxsim dashboard`` (``solara run sim/dashboard/app.py``). Beside
SolaraViz's own controls (Reset, Play, Step, play and render intervals, the
seed and the lever sliders) the sidebar holds the scenario or lesson, the
placement explored (A), a placement to compare side by side (B) and the lesson
card. Changing any of those three starts a new run with the sliders at that
scenario's values, so a lesson opens exactly as its file describes.

Each browser session gets its own models (built in ``use_memo``, never at
module level), and a replaced run is released so Mesa does not keep it alive.
"""

from __future__ import annotations

import os
from pathlib import Path

import solara
from mesa.visualization import SolaraViz

from sim.dashboard import views
from sim.dashboard.controls import LEVERS, lever_values
from sim.dashboard.lessons import Choice, choices
from sim.dashboard.session import DashboardRun
from sim.scenario.config import Scenario
from sim.scenario.errors import ScenarioError
from sim.scenario.load import load_scenario
from sim.scenario.placements import load_presets

SCENARIO_ENV = "CXSIM_DASHBOARD_SCENARIO"
"""Environment variable through which ``cxsim dashboard SCENARIO`` names an extra scenario file."""

NO_COMPARE = "none (one placement)"
PLAY_INTERVAL_MS = 150
RENDER_INTERVAL = 1


def _load(path: Path) -> tuple[Scenario | None, str | None]:
    try:
        return load_scenario(path), None
    except ScenarioError as exc:
        return None, str(exc)


def model_params(scenario: Scenario | None, path: Path, placement: str, compare: str) -> dict:
    """SolaraViz's ``model_params``: fixed choices from the sidebar, plus the seed box and the lever sliders."""
    base = scenario if scenario is not None else Scenario()
    known = placement if placement in base.placements else base.simulation.placement
    values = lever_values(base, known)
    params: dict = {
        "scenario": str(path),
        "placement": placement,
        "compare": compare,
        "seed": {
            "type": "InputText",
            "value": str(base.simulation.seed),
            "label": "Seed (a whole number: the same seed gives the same events and customers)",
        },
    }
    for lever in LEVERS:
        params[lever.name] = {
            "type": "SliderFloat",
            "value": values[lever.name],
            "min": lever.lo,
            "max": lever.hi,
            "step": lever.step,
            "label": lever.label,
        }
    return params


def _initial_kwargs(params: dict) -> dict:
    return {k: (v["value"] if isinstance(v, dict) else v) for k, v in params.items()}


@solara.component
def Pickers(menu: list[Choice], chosen: solara.Reactive[str], placement, compare, scenario, load_error) -> None:
    """Scenario or lesson, placement A and side-by-side placement B."""
    names = list(scenario.placements) if scenario is not None else list(load_presets())

    def pick_scenario(label: str) -> None:
        choice = next(c for c in menu if c.label == label)
        new, _error = _load(choice.path)
        chosen.set(label)
        placement.set(new.simulation.placement if new is not None else "marketing")
        compare.set(new.lesson.compare if new is not None else "")

    with solara.Card("Scenario or lesson", classes=["cx-pickers"]):
        solara.Select("Scenario or lesson", values=[c.label for c in menu], value=chosen.value, on_value=pick_scenario)
        solara.Select(
            "Placement A (where CX sits)",
            values=names,
            value=placement.value if placement.value in names else names[0],
            on_value=placement.set,
        )
        solara.Select(
            "Side by side with placement B (same seed)",
            values=[NO_COMPARE, *names],
            value=compare.value if compare.value in names else NO_COMPARE,
            on_value=lambda v: compare.set("" if v == NO_COMPARE else v),
        )
        solara.Text("Sliders and the seed take effect when you press Reset; the pickers above start a new run.")
        if load_error:
            solara.Error(f"This file does not load: {load_error}", classes=["cx-error"])


@solara.component
def Page() -> None:
    """The whole dashboard (one per browser session)."""
    extra = os.environ.get(SCENARIO_ENV) or None
    menu = solara.use_memo(lambda: choices(Path(extra) if extra else None), [])
    first = menu[0] if menu else Choice("default", Path("scenarios/default.toml"), None)
    first_scenario, _ = solara.use_memo(lambda: _load(first.path), [])
    chosen = solara.use_reactive(first.label)
    placement = solara.use_reactive(first_scenario.simulation.placement if first_scenario else "marketing")
    compare = solara.use_reactive(first_scenario.lesson.compare if first_scenario else "")

    choice = next((c for c in menu if c.label == chosen.value), first)
    scenario, load_error = solara.use_memo(lambda: _load(choice.path), [str(choice.path)])
    params = model_params(scenario, choice.path, placement.value, compare.value)
    key = f"{choice.path}|{placement.value}|{compare.value}"
    # One model per session and per choice; Reset inside SolaraViz replaces run.value.
    run = solara.use_reactive(solara.use_memo(lambda: DashboardRun(**_initial_kwargs(params)), [key]))
    # A replaced run (Reset, a new choice, a closed tab) is released, so Mesa does not keep it alive.
    solara.use_effect(lambda: run.value.release, [run.value])

    with solara.Sidebar():
        Pickers(menu, chosen, placement, compare, scenario, load_error)
        with solara.Card("This run", classes=["cx-run"]):
            views.StatusCard(run.value)
        with solara.Card("Lesson"):
            views.LessonCard(scenario.lesson if scenario is not None else None, choice.label)
        views.LeverHelp()

    SolaraViz(
        run,
        components=views.components(),
        model_params=params,
        name="cxsim: who owns the customer?",
        play_interval=PLAY_INTERVAL_MS,
        render_interval=RENDER_INTERVAL,
    ).key(key)

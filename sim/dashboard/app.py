"""The dashboard page: the controls on the left, the run on the right, one :class:`Controller` per tab.

Served by ``cxsim dashboard`` (``solara run sim.dashboard.app``). The left
column holds what to run - scenario or lesson, placement A, placement B, the
seed, the lesson card and the levers - and scrolls on its own; the right
column keeps Reset, Play and Step at the top, above the figures of the run and
tabs with the charts, so the controls stay in view on a 1366x768 projector.

Each browser tab gets its own :class:`~sim.dashboard.controller.Controller`
(built in ``use_memo``, never at module level); when the tab closes, the
controller stops Play and frees its models.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import solara
from solara.alias import rv

from sim.dashboard import views
from sim.dashboard.controller import Controller
from sim.dashboard.lessons import choices

SCENARIO_ENV = "CXSIM_DASHBOARD_SCENARIO"
"""Environment variable through which ``cxsim dashboard SCENARIO`` names a scenario file to open first."""

TITLE = "cxsim: who owns the customer?"

CSS = """
html { font-size: 17px; }
html, body { overflow: hidden; height: 100%; }
.v-application { font-size: 1rem; }
.v-card__title { word-break: normal !important; overflow-wrap: normal; hyphens: manual; font-size: 1.15rem; }
.cx-page { display: grid; grid-template-columns: minmax(280px, 330px) minmax(0, 1fr); gap: 14px;
           height: 100vh; padding: 6px 10px; box-sizing: border-box; overflow: hidden; }
.cx-side { overflow-y: auto; height: calc(100vh - 12px); padding-right: 6px; }
.cx-main { overflow-y: auto; height: calc(100vh - 12px); min-width: 0; }
.cx-title { font-size: 1.2rem; font-weight: 700; margin: 2px 0 8px 0; }
.cx-toolbar { position: sticky; top: 0; z-index: 3; background: #fff; padding: 2px 0; }
.cx-toolbar .v-btn { font-size: 1rem; min-width: 84px !important; }
.cx-speed { max-width: 230px; }
.cx-week { font-size: 1.3rem; margin-left: 6px; }
.cx-state { font-size: 1rem; color: #444; }
.cx-run { border: 1px solid #ddd; border-radius: 6px; padding: 4px 10px; margin: 6px 0 2px 0; }
.cx-run-title { font-weight: 700; font-size: 1.05rem; }
.cx-status { font-size: 1rem; line-height: 1.35; }
.cx-gap { font-size: 1rem; }
.cx-notice { background: #fff3cd; padding: 4px 8px; border-radius: 4px; font-weight: 600; }
.cx-pending-note { background: #e8f0fe; padding: 4px 8px; border-radius: 4px; }
.cx-finished { background: #e6f4ea; padding: 4px 8px; border-radius: 4px; }
.cx-blurb { font-size: 0.85rem; color: #444; line-height: 1.25; margin: 0 2px 4px 2px; }
.cx-lesson { font-size: 0.92rem; line-height: 1.35; margin: 8px 0; }
.cx-lesson p { margin: 0 0 6px 0; }
.cx-lesson-title { font-size: 1.05rem; font-weight: 700; margin-bottom: 4px; }
.cx-section { margin-top: 8px; }
.cx-lever { margin: 2px 0; }
.cx-lever-label { font-size: 0.9rem; }
.cx-lever-value { font-size: 1.1rem; font-weight: 700; margin-left: 4px; }
.cx-lever-note { font-size: 0.8rem; color: #666; }
.cx-help { font-size: 0.85rem; }
.cx-over-time { flex-wrap: wrap; }
.cx-col-chart { flex: 1 1 620px; min-width: 0; max-width: 900px; }
.cx-col-notes { flex: 1 1 280px; min-width: 260px; }
.cx-commentary .v-card__text, .cx-commentary-body { max-height: 62vh; overflow-y: auto; font-size: 0.95rem; line-height: 1.35; }
.cx-commentary ul { padding-left: 18px; }
.cx-events-head { font-weight: 700; margin-top: 6px; }
img.cx-chart, .cx-chart img { width: 100%; height: auto; max-width: 900px; display: block; }
img.cx-chart-organisation { max-width: 1250px; }
.cx-summary table, .cx-band-table table { border-collapse: collapse; font-size: 1rem; margin: 6px 0; }
.cx-summary td, .cx-summary th, .cx-band-table td, .cx-band-table th { border-bottom: 1px solid #ddd; padding: 3px 10px; text-align: left; }
.cx-claim { font-size: 0.95rem; margin: 6px 0; }
.cx-previous { font-size: 0.9rem; color: #444; }
.v-tab { font-size: 0.95rem !important; text-transform: none !important; letter-spacing: normal !important; }
@media (max-width: 1100px) { html { font-size: 16px; } .cx-page { grid-template-columns: 290px minmax(0, 1fr); }
                             .cx-speed { max-width: 190px; } }
"""


@solara.component
def Layout(children: list | None = None) -> None:
    """The whole window for the page (no app bar, no side drawer): every pixel goes to the class."""
    solara.Column(children=children or [], style={"padding": "0", "margin": "0"})


def _start(menu) -> object:
    extra = os.environ.get(SCENARIO_ENV)
    if extra:
        wanted = Path(extra).expanduser().resolve()
        for choice in menu:
            if choice.path is not None and choice.path == wanted:
                return choice
    return menu[0]


@solara.component
def Page() -> None:
    """The dashboard (one per browser tab)."""
    extra = os.environ.get(SCENARIO_ENV) or None
    menu = solara.use_memo(lambda: choices(Path(extra) if extra else None), [])
    controls = solara.use_reactive(0)  # a control changed
    frame = solara.use_reactive(0)  # the run moved on
    seeds = solara.use_reactive(0)  # the 20-seed job progressed
    tab = solara.use_reactive(0)

    def make() -> Controller:
        ticks = itertools.count(1)

        def notify(kind: str) -> None:
            # Called from event handlers and from the play thread: every call sets a new number,
            # so two threads notifying at once can never both write the same value and lose a redraw.
            tick = next(ticks)
            if kind == "settings":
                controls.set(tick)
            if kind == "band":
                seeds.set(tick)
            frame.set(tick)

        return Controller(menu, _start(menu), notify)

    controller = solara.use_memo(make, [])
    solara.use_effect(lambda: controller.close, [])  # the tab closed: stop Play, free the models

    solara.Title(TITLE)
    solara.Style(CSS)
    with solara.Div(classes=["cx-page"]):
        with solara.Div(classes=["cx-side"]):
            solara.HTML(tag="div", unsafe_innerHTML=TITLE, classes=["cx-title"])
            views.Pickers(controller, controls)
            views.SeedBox(controller, controls)
            views.LessonCard(controller, controls)
            views.Levers(controller, controls)
        with solara.Div(classes=["cx-main"]):
            views.Toolbar(controller, controls, frame)
            with solara.Div(classes=["cx-run"]):
                solara.HTML(tag="div", unsafe_innerHTML="This run", classes=["cx-run-title"])
                views.StatusCard(controller, controls, frame)
            rv.Tabs(
                v_model=tab.value,
                on_v_model=tab.set,
                children=[rv.Tab(children=[name]) for name in views.TABS],
                class_="cx-tabs",
                show_arrows=True,
            )
            views.tab_content(views.TABS[tab.value], controller, frame, seeds)()

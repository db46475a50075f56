"""Solara components of the dashboard: status and metrics, charts, commentary, the lesson card.

Every component that shows the running model reads Mesa's ``update_counter``,
so SolaraViz's Step and Play (which call ``force_update``) redraw it; the
render interval slider decides how often that happens during play.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import solara
from matplotlib.figure import Figure
from mesa.visualization.utils import update_counter

from sim.dashboard import commentary, figures
from sim.dashboard.controls import LEVERS
from sim.dashboard.session import DashboardRun
from sim.scenario.config import LessonInfo


def _fmt(value: float, pattern: str) -> str:
    return "-" if value is None or (isinstance(value, float) and math.isnan(value)) else pattern.format(value)


def metrics_line(run: DashboardRun) -> list[str]:
    """One plain line per placement with the figures a class watches (also read by the browser test)."""
    lines = []
    for arm in run.arms:
        m = arm.model.metrics
        lines.append(
            f"{arm.label}: follow-through {_fmt(m['follow_through'], '{:.0%}')}, "
            f"NPS {_fmt(m['nps'], '{:+.1f}')}, retention {_fmt(m['retention'], '{:.1%}')}, "
            f"willingness to take part {_fmt(m['participation'], '{:.0%}')}, "
            f"initiatives completed {int(m['initiatives_completed'])}"
        )
    return lines


@solara.component
def StatusCard(run: DashboardRun) -> None:
    """The week, the headline metrics of each placement, and any error as a message."""
    update_counter.get()
    with solara.Column(classes=["cx-status"]):
        if run.error is not None:
            solara.Error(f"Cannot run this: {run.error}", classes=["cx-error"])
            solara.Text("Change the setting named above, then press Reset.")
            return
        state = "finished" if not run.running else "running"
        solara.Text(f"Week {run.week} of {run.horizon} ({state}), seed {run.seed_value}", classes=["cx-week"])
        for line in metrics_line(run):
            solara.Text(line, classes=["cx-metrics"])


@solara.component
def LessonCard(lesson: LessonInfo | None, scenario_name: str) -> None:
    """The chosen lesson beside the controls: question, what to change, what to watch, what the model shows."""
    if lesson is None or not lesson.title:
        solara.Markdown(f"**{scenario_name}**. No lesson: move any slider, press Reset and watch the charts.")
        return
    with solara.Column(classes=["cx-lesson"]):
        solara.Text(lesson.title, classes=["cx-lesson-title"], style={"font-weight": "bold", "font-size": "1.1em"})
        solara.Markdown(
            f"**Question.** {lesson.question}\n\n"
            f"**Question.** {lesson.question}\n\n"
            f"**Change.** {lesson.change}\n\n"
            f"**Watch.** {lesson.watch}\n\n"
            f"**What the model shows** (measured over many seeds). {lesson.shows}"
        )


@solara.component
def Chart(run: DashboardRun, make: Callable[[list], Figure], week: int) -> None:
    """A matplotlib figure as an image, redrawn only when the run or its week changes.

    ``week`` is a prop so that the component re-renders when the run advances.
    """
    key = [id(run), week, run.error]
    fig = solara.use_memo(lambda: make(_arms(run)), key)
    solara.FigureMatplotlib(fig, format="png", dependencies=key)


def _arms(run: DashboardRun) -> list[tuple[str, object]]:
    return [(arm.label, arm.model) for arm in run.arms]


@solara.component
def LeverHelp() -> None:
    """What each slider means, in one sentence each (the slider labels are kept short)."""
    lines = [f"- **{lever.label}**: {lever.meaning} {lever.help}".rstrip() for lever in LEVERS]
    with solara.Details("What the sliders mean"):
        solara.Markdown("\n".join(lines))


@solara.component
def NowView(run: DashboardRun) -> None:
    """Headline figures and the commentary of notable events."""
    update_counter.get()
    with solara.Card("What is happening", classes=["cx-commentary"]):
        if run.error is not None or not run.arms:
            solara.Error(run.error or "no model", classes=["cx-error"])
            return
        for arm in run.arms:
            prefix = f"**{arm.label}.** " if len(run.arms) > 1 else ""
            solara.Markdown(prefix + commentary.headline(arm.model))
        for arm in run.arms:
            notes = commentary.notes(arm.model, limit=6)
            if len(run.arms) > 1:
                solara.Markdown(f"*Events under {arm.label}:*")
            if not notes:
                solara.Markdown("Nothing notable yet.")
            lines = [f"- *{n.when()}* - **{n.title()}**: {n.text}" for n in notes]
            solara.Markdown("\n".join(lines))


def _chart_view(title: str, make):
    @solara.component
    def View(run: DashboardRun) -> None:
        update_counter.get()
        with solara.Card(title):
            if run.error is not None or not run.arms:
                solara.Error(run.error or "no model", classes=["cx-error"])
                return
            Chart(run, make, run.week)

    View.__name__ = title.replace(" ", "")
    return View


TimeSeriesView = _chart_view("Follow-through, NPS and retention over time", figures.time_series)
PipelineView = _chart_view("Initiative pipeline: where initiatives are, and where they die", figures.pipeline)
LoyaltyView = _chart_view("Customer loyalty now", figures.loyalty_histogram)
OrganisationView = _chart_view("The organisation: where CX sits, who owes overdue items", figures.organisation)


def components() -> list[tuple[object, int]]:
    """SolaraViz components as (callable, page): page 0 the run at a glance, page 1 the organisation."""
    return [
        (lambda model: NowView(model), 0),
        (lambda model: TimeSeriesView(model), 0),
        (lambda model: PipelineView(model), 0),
        (lambda model: LoyaltyView(model), 0),
        (lambda model: OrganisationView(model), 1),
    ]

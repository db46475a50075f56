"""Solara components of the dashboard: controls, the run's status, charts, commentary, 20 seeds, summary.

Every component reads a :class:`~sim.dashboard.controller.Controller` and one
of the page's counters: ``controls`` changes when a control changes, ``frame``
when the run moves on, ``seeds`` when the 20-seed job progresses. A component
re-renders only for the counter it reads, so the sidebar does not redraw
during Play and a hidden tab draws nothing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import solara
from solara.alias import rv

from sim.dashboard import band, export, figures
from sim.dashboard.commentary import arm_line, gap_line, signed
from sim.dashboard.controller import SPEEDS, Controller
from sim.dashboard.controls import LEVERS, placement_blurb, placement_label

NO_COMPARE = ""
COMMENTARY_LIMIT = 25  # notes per placement in "What is happening" (the CSV has them all)
TABS = ("Over time", "Pipeline", "Loyalty", "Organisation", "20 seeds", "Summary and export")


def _html(text: str) -> str:
    return html.escape(str(text))


# --- the sidebar: what to run -----------------------------------------------------------------


@solara.component
def Pickers(controller: Controller, controls: solara.Reactive[int]) -> None:
    """Scenario or lesson, placement A and side-by-side placement B, with what each placement means."""
    controls.value  # noqa: B018 - re-render when a control changes
    scenario = controller.scenario
    names = controller.placements()
    items = [{"text": placement_label(n), "value": n} for n in names]
    with solara.Column(classes=["cx-pickers"], gap="4px"):
        rv.Select(
            label="Scenario or lesson",
            items=controller.labels(),
            v_model=controller.choice.label,
            on_v_model=controller.choose_scenario,
            class_="cx-pick-scenario",
            hide_details=True,
            outlined=True,
            dense=True,
        )
        if controller.load_error:
            solara.Error(f"This file does not load: {controller.load_error}", classes=["cx-error", "cx-load-error"])
        rv.Select(
            label="Placement A (where CX sits)",
            items=items,
            v_model=controller.placement,
            on_v_model=controller.choose_placement,
            class_="cx-pick-a",
            hide_details=True,
            outlined=True,
            dense=True,
        )
        if scenario is not None:
            solara.Text(placement_blurb(scenario, controller.placement), classes=["cx-blurb"])
        rv.Select(
            label="Side by side: placement B (same seed)",
            items=[{"text": "none (one placement)", "value": NO_COMPARE}]
            + [i for i in items if i["value"] != controller.placement],
            v_model=controller.compare,
            on_v_model=lambda v: controller.choose_compare(v or ""),
            class_="cx-pick-b",
            hide_details=True,
            outlined=True,
            dense=True,
        )
        if scenario is not None and controller.compare:
            solara.Text(placement_blurb(scenario, controller.compare), classes=["cx-blurb"])


@solara.component
def SeedBox(controller: Controller, controls: solara.Reactive[int]) -> None:
    """The seed, with its message right here when it is not a whole number."""
    controls.value  # noqa: B018
    rv.TextField(
        label="Seed (same seed = same events and customers)",
        v_model=controller.seed_text,
        on_v_model=controller.set_seed,
        error_messages=[controller.seed_error] if controller.seed_error else [],
        hint="applies when you press Reset",
        persistent_hint=True,
        outlined=True,
        dense=True,
        class_="cx-seed",
    )


def lesson_text(text: str, names: list[str]) -> str:
    """A lesson sentence with internal placement names (``cco_authority``) replaced by display names."""
    identifiers = sorted((n for n in names if "_" in n), key=len, reverse=True)
    if not identifiers:
        return text
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, identifiers)) + r")\b")
    return pattern.sub(lambda m: f"‘{placement_label(m.group(1))}’", text)


@solara.component
def LessonCard(controller: Controller, controls: solara.Reactive[int]) -> None:
    """The chosen lesson: question, what to change, what to watch, what the model shows over many seeds."""
    controls.value  # noqa: B018
    scenario = controller.scenario
    lesson = scenario.lesson if scenario is not None else None
    if lesson is None or not lesson.title:
        name = scenario.scenario.name if scenario is not None else controller.choice.label
        solara.HTML(
            tag="div",
            unsafe_innerHTML=f"<b>{_html(name)}</b>. No lesson: move a slider, press Reset and compare with the faded line.",
            classes=["cx-lesson"],
        )
        return
    names = controller.placements()
    rows = [
        ("Question", lesson.question),
        ("Change", lesson.change),
        ("Watch", lesson.watch),
        ("What the model shows (20 seeds)", lesson.shows),
    ]
    body = "".join(f"<p><b>{_html(k)}.</b> {_html(lesson_text(v, names))}</p>" for k, v in rows)
    with solara.Column(classes=["cx-lesson"], gap="0px"):
        solara.HTML(
            tag="div",
            unsafe_innerHTML=f"<div class='cx-lesson-title'>{_html(lesson.title)}</div>{body}",
            classes=["cx-lesson-body"],
        )


@solara.component
def LeverSlider(controller: Controller, name: str, value: float, from_file: float | None) -> None:
    """One lever: its label with the value in large type (and the file's value if moved), and the slider."""
    lever = next(lv for lv in LEVERS if lv.name == name)
    note = "" if from_file is None or from_file == value else f"  (file: {from_file:g})"
    with solara.Column(classes=["cx-lever"], gap="0px"):
        solara.HTML(
            tag="div",
            unsafe_innerHTML=(
                f"<span class='cx-lever-label'>{_html(lever.label)}</span> "
                f"<span class='cx-lever-value'>{value:g}</span><span class='cx-lever-note'>{_html(note)}</span>"
            ),
        )
        rv.Slider(
            v_model=value,
            min=lever.lo,
            max=lever.hi,
            step=lever.step,
            on_v_model=lambda v: controller.set_lever(name, v),
            hide_details=True,
            dense=True,
            class_=f"cx-slider cx-slider-{name}",
        )


@solara.component
def Levers(controller: Controller, controls: solara.Reactive[int]) -> None:
    """Every lever (applied by Reset), then what each one means."""
    controls.value  # noqa: B018
    solara.HTML(tag="div", unsafe_innerHTML="<b>Levers</b> - they apply when you press Reset", classes=["cx-section"])
    for lever in LEVERS:
        LeverSlider(controller, lever.name, controller.levers[lever.name], controller.file_levers.get(lever.name))
    lines = "".join(f"<li><b>{_html(lv.label)}</b>: {_html(lv.meaning)} {_html(lv.help)}</li>" for lv in LEVERS)
    with solara.Details("What the levers mean"):
        solara.HTML(tag="ul", unsafe_innerHTML=lines, classes=["cx-help"])


# --- the main column: run control and what happens ----------------------------------------------


@solara.component
def Toolbar(controller: Controller, controls: solara.Reactive[int], frame: solara.Reactive[int]) -> None:
    """Reset, Play or Pause, Step, the speed, the week and a working indicator - always at the top."""
    controls.value  # noqa: B018
    frame.value  # noqa: B018
    run = controller.run
    finished = run is None or not run.running
    week, horizon = (run.week, run.horizon) if run is not None else (0, 0)
    pending = controller.pending_changes()
    with solara.Row(classes=["cx-toolbar"], gap="8px", style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.Button(
            "Reset",
            on_click=controller.reset,
            color="primary",
            classes=["cx-reset"] + (["cx-pending"] if pending else []),
        )
        solara.Button(
            "Pause" if controller.playing else "Play",
            on_click=controller.toggle,
            color="primary",
            disabled=finished and not controller.playing,
            classes=["cx-play"],
        )
        solara.Button(
            "Step",
            on_click=controller.step,
            color="primary",
            disabled=controller.playing or finished,
            classes=["cx-step"],
        )
        rv.Select(
            label="Speed",
            items=list(SPEEDS),
            v_model=controller.speed,
            on_v_model=controller.set_speed,
            hide_details=True,
            dense=True,
            outlined=True,
            class_="cx-speed",
        )
        state = "playing" if controller.playing else ("finished" if run is not None and run.finished else "paused")
        if run is not None and run.error is not None:
            state = "stopped"
        solara.HTML(
            tag="div",
            unsafe_innerHTML=f"Week <b>{week}</b> of {horizon} <span class='cx-state'>({state})</span>",
            classes=["cx-week"],
        )
        if controller.playing:
            rv.ProgressCircular(indeterminate=True, size=26, width=3, color="primary", class_="cx-working")
    rv.ProgressLinear(value=100 * week / horizon if horizon else 0, height=6, color="primary", class_="cx-progress")


@solara.component
def StatusCard(controller: Controller, controls: solara.Reactive[int], frame: solara.Reactive[int]) -> None:
    """This run: one line of figures per placement, the gap B - A as numbers, and any message."""
    controls.value  # noqa: B018
    frame.value  # noqa: B018
    view = controller.view()
    with solara.Column(classes=["cx-status"], gap="2px"):
        if controller.notice:
            solara.HTML(tag="div", unsafe_innerHTML=_html(controller.notice), classes=["cx-notice"])
        pending = controller.pending_changes()
        if pending:
            solara.HTML(
                tag="div",
                unsafe_innerHTML="Press Reset to apply: " + _html("; ".join(pending)),
                classes=["cx-pending-note"],
            )
        if view.error is not None:
            if controller.load_error:  # already said, once, at the picker
                solara.HTML(tag="div", unsafe_innerHTML="Nothing to run: see the message under the scenario picker.")
            else:
                solara.Error(f"Cannot run this: {view.error}", classes=["cx-error", "cx-run-error"])
            return
        for arm in view.arms:
            solara.HTML(
                tag="div",
                unsafe_innerHTML=f"<b>{arm.role} · {_html(arm.label)}</b>: {_html(arm_line(arm.metrics))}",
                classes=["cx-metrics"],
            )
        a, b = view.arm("A"), view.arm("B")
        if a is not None and b is not None:
            solara.HTML(
                tag="div", unsafe_innerHTML=f"<b>B − A</b>: {_html(gap_line(a.metrics, b.metrics))}", classes=["cx-gap"]
            )
        if view.finished and a is not None:
            gap = " The line B − A above is the final gap." if b is not None else ""
            solara.HTML(
                tag="div",
                unsafe_innerHTML=(
                    f"<b>Finished at week {view.week}.</b>{gap} The summary, the events each placement met "
                    "and the downloads are in 'Summary and export'."
                ),
                classes=["cx-finished"],
            )


@solara.component
def Commentary(controller: Controller, frame: solara.Reactive[int]) -> None:
    """What is happening: notable events newest first, then the run so far in a sentence (scrolls)."""
    frame.value  # noqa: B018
    view = controller.view()
    parts = []
    for arm in view.arms:
        if len(view.arms) > 1:
            parts.append(f"<div class='cx-events-head'>{arm.role} · {_html(arm.label)}</div>")
        notes = arm.notes[:COMMENTARY_LIMIT]
        items = "".join(
            f"<li><i>{_html(n.when())}</i> - <b>{_html(n.title())}</b>: {_html(n.text)}</li>" for n in notes
        )
        parts.append(f"<ul>{items}</ul>" if notes else "<p>Nothing notable yet.</p>")
    for arm in view.arms:
        prefix = f"<b>{arm.role}.</b> " if len(view.arms) > 1 else ""
        parts.append(f"<p class='cx-headline'>{prefix}{_html(arm.headline)}</p>")
    with solara.Card("What is happening", classes=["cx-commentary"]):
        solara.HTML(tag="div", unsafe_innerHTML="".join(parts), classes=["cx-commentary-body"])


CHARTS: dict[str, tuple[type[figures.Chart], str]] = {
    "time": (figures.TimeSeriesChart, "over-time"),
    "pipeline": (figures.PipelineChart, "pipeline"),
    "loyalty": (figures.LoyaltyChart, "loyalty"),
    "organisation": (figures.OrganisationChart, "organisation"),
}


def _update(kind: str, chart: figures.Chart, controller: Controller) -> None:
    view = controller.view()
    if kind == "time":
        chart.update(view, controller.previous)  # type: ignore[call-arg]
    else:
        chart.update(view)  # type: ignore[call-arg]


@solara.component
def ChartView(controller: Controller, frame: solara.Reactive[int], kind: str) -> None:
    """One chart, kept between frames and redrawn with the run; a button saves it as PNG."""
    frame.value  # noqa: B018
    make, filename = CHARTS[kind]
    chart = solara.use_memo(make, [kind])  # one chart per kind: switching tabs must not reuse another's
    view = controller.view()

    def draw() -> bytes:
        if not view.arms:
            return b""
        _update(kind, chart, controller)
        return chart.png()

    png = solara.use_memo(draw, [kind, controller.version, id(controller.previous)])
    if not view.arms:
        solara.HTML(tag="div", unsafe_innerHTML="No run to show: see the message above.", classes=["cx-empty"])
        return
    solara.Image(png, classes=["cx-chart", f"cx-chart-{kind}"])

    def export_png() -> bytes:
        _update(kind, chart, controller)
        return chart.png(dpi=200)

    solara.FileDownload(export_png, filename=f"cxsim-{filename}-week{view.week}.png", label="Save this chart (PNG)")
    if kind == "time" and controller.previous is not None:
        solara.HTML(
            tag="div",
            unsafe_innerHTML=f"Faded: the run before Reset (week {controller.previous.week}); changed since: {_html(controller.previous_label())}.",
            classes=["cx-previous"],
        )


@solara.component
def BandView(controller: Controller, frame: solara.Reactive[int], seeds: solara.Reactive[int]) -> None:
    """20 seeds: the spread behind the lesson card's claim, for the settings of the run shown."""
    frame.value  # noqa: B018
    seeds.value  # noqa: B018
    job = controller.band_for_run()
    result = job.result if job is not None else None
    chart = solara.use_memo(figures.BandChart, [])

    def draw() -> bytes:
        if result is None:
            return b""
        chart.update(result, controller.view())
        return chart.png()

    png = solara.use_memo(draw, [id(result), controller.version])
    lesson = controller.scenario.lesson if controller.scenario is not None else None
    if lesson is not None and lesson.shows:
        solara.HTML(
            tag="div",
            unsafe_innerHTML=f"<b>The lesson card says:</b> {_html(lesson_text(lesson.shows, controller.placements()))}",
            classes=["cx-claim"],
        )
    request = controller.band_request()
    if request is None:
        solara.HTML(tag="div", unsafe_innerHTML="No run to replicate: see the message above.", classes=["cx-empty"])
        return
    arms = "; ".join(f"{a.role}: {a.label}" if a.role in ("A", "B") else a.label for a in request.arms)
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.Button(
            f"Run {request.replicates} seeds",
            on_click=controller.start_band,
            color="primary",
            disabled=job is not None and job.running,
            classes=["cx-band-run"],
        )
        solara.HTML(
            tag="span",
            unsafe_innerHTML=_html(
                f"{arms}. Each with the settings shown, on the {request.replicates} seeds spawned from "
                f"{request.root_seed} that the lesson figures were measured with."
            ),
        )
    if job is None:
        return
    if job.error:
        solara.Error(job.error, classes=["cx-error"])
        return
    if result is None:
        rv.ProgressLinear(
            value=100 * job.done / max(1, job.total), height=10, color="primary", class_="cx-band-progress"
        )
        solara.HTML(
            tag="div", unsafe_innerHTML=f"Working: {job.done} of {job.total} runs done…", classes=["cx-band-working"]
        )
        return
    solara.Image(png, classes=["cx-chart", "cx-chart-band"])
    solara.HTML(tag="div", unsafe_innerHTML=band_table(result), classes=["cx-band-table"])
    solara.HTML(
        tag="div",
        unsafe_innerHTML=f"{len(result.arms) * result.request.replicates} runs in {result.seconds:.0f} s. Mean ± 95% CI over seeds; B − A is paired (same seeds).",
        classes=["cx-band-note"],
    )


def band_table(result: band.BandResult) -> str:
    """The end-of-run figures over the seeds as an HTML table (mean ± 95% CI, and B - A on the same seeds)."""
    from sim.dashboard.band import FINALS, mean_ci, paired_difference

    head = "".join(f"<th>{_html(a.arm.role)}: {_html(a.arm.label)}</th>" for a in result.arms)
    pair = result.arm("A") is not None and result.arm("B") is not None
    head += "<th>B − A</th>" if pair else ""
    rows = []
    for key, label in FINALS:
        cells = []
        for arm in result.arms:
            mean, half = mean_ci(arm.finals[key])
            cells.append(f"<td>{_ci(key, mean, half)}</td>")
        if pair:
            mean, half = paired_difference(result, key, "A", "B")
            cells.append(f"<td>{_ci(key, mean, half, signed_mean=True)}</td>")
        rows.append(f"<tr><th>{_html(label)}</th>{''.join(cells)}</tr>")
    return f"<table><tr><th></th>{head}</tr>{''.join(rows)}</table>"


def _ci(key: str, mean: float, half: float, signed_mean: bool = False) -> str:
    if mean != mean:
        return "-"
    digits = (
        2
        if key in ("follow_through_final", "retention_final", "participants_final", "skill_final", "unanswered_peak")
        else 1
    )
    text = signed(mean, digits) if signed_mean or key.startswith("nps") else f"{mean:.{digits}f}"
    return text if half != half else f"{text} ± {half:.{digits}f}"


@solara.component
def SummaryView(controller: Controller, frame: solara.Reactive[int]) -> None:
    """The end-of-run summary (or the run so far) and the downloads."""
    frame.value  # noqa: B018
    view = controller.view()
    if not view.arms:
        solara.HTML(tag="div", unsafe_innerHTML="No run to sum up: see the message above.", classes=["cx-empty"])
        return
    title = f"Finished at week {view.week}" if view.finished else f"So far: week {view.week} of {view.horizon}"
    head = "".join(f"<th>{_html(h)}</th>" for h in export.summary_header(view))
    rows = "".join("<tr>" + "".join(f"<td>{_html(c)}</td>" for c in row) + "</tr>" for row in export.summary_rows(view))
    events = "".join(
        f"<li><b>{arm.role} · {_html(arm.label)}</b>: {_html(export.event_counts(arm))}</li>" for arm in view.arms
    )
    solara.HTML(
        tag="div",
        unsafe_innerHTML=f"<h3>{_html(title)}</h3><table><tr>{head}</tr>{rows}</table><ul>{events}</ul>",
        classes=["cx-summary"],
    )
    run = controller.run
    seed = view.settings.seed if view.settings else ""
    with solara.Row(style={"flex-wrap": "wrap"}):
        solara.FileDownload(
            lambda: export.weekly_csv(run) if run is not None else "",
            filename=f"cxsim-weekly-seed{seed}-week{view.week}.csv",
            label="Weekly data (CSV)",
            mime_type="text/csv",
        )
        solara.FileDownload(
            lambda: export.events_csv(controller.view()),
            filename=f"cxsim-events-seed{seed}-week{view.week}.csv",
            label="Events (CSV)",
            mime_type="text/csv",
        )


def tab_content(name: str, controller: Controller, frame, seeds) -> Callable[[], None]:
    """The component showing tab ``name``."""
    if name == "Over time":

        def over_time() -> None:
            with solara.Row(classes=["cx-over-time"], gap="12px", style={"align-items": "flex-start"}):
                with solara.Div(classes=["cx-col-chart"]):
                    ChartView(controller, frame, "time")
                with solara.Div(classes=["cx-col-notes"]):
                    Commentary(controller, frame)

        return over_time
    if name == "20 seeds":
        return lambda: BandView(controller, frame, seeds)
    if name.startswith("Summary"):
        return lambda: SummaryView(controller, frame)
    kind = {"Pipeline": "pipeline", "Loyalty": "loyalty", "Organisation": "organisation"}[name]
    return lambda: ChartView(controller, frame, kind)

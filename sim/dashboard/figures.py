"""The dashboard's charts: matplotlib figures built once and updated in place (no Solara here).

Each chart keeps its figure and artists between frames and only replaces their
data (line points, bar lengths, texts, colours), so a frame during Play costs a
redraw, not a rebuild; a chart is rebuilt only when what it shows changes shape
(another placement, another horizon, a previous run to fade in). Charts read a
:class:`~sim.dashboard.readout.RunView`, never a live model, and are drawn
without pyplot, so nothing accumulates in a global figure registry.

Sizes and fonts are for a projector: figures are drawn at about the pixel size
the page shows them, with 14-16 pt text.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch

from sim.dashboard.band import BandResult
from sim.dashboard.readout import PIPELINE, ArmView, RunView

COLOURS = {"A": "#1f5fa8", "B": "#c62828"}
FADED = {"A": "#8fb3dc", "B": "#e6a1a1"}
STYLES = {"A": "-", "B": "--"}
OPEN_COLOUR, DONE_COLOUR, DEAD_COLOUR = "#6baed6", "#31a354", "#de2d26"
DPI = 100
FONT = 15
SMALL = 14

EVENT_STYLE: dict[str, tuple[str, str, str]] = {
    "reorganisation": ("v", "#555555", "reorganisation"),
    "bug_spike": ("*", "#e67e00", "bug spike"),
    "threat": ("P", "#7b3294", "competitive threat"),
    "sponsor_left": ("D", "#8c6d31", "sponsor moved on"),
    "leader_quit": ("X", "#b2182b", "CX leader quit"),
    "leader_arrived": ("^", "#1a9850", "new CX leader"),
    "failing_exposed": ("s", "#a6611a", "failing exposed"),
}
"""Marker, colour and legend text of each kind of event drawn on the time series."""
SHARED_EVENTS = ("reorganisation", "bug_spike", "threat")
"""Events that come from outside the organisation, so both placements meet them (drawn as vertical lines)."""

PANELS: tuple[tuple[str, str, float], ...] = (
    ("follow_through", "Follow-through (% of commitments kept on time)", 100.0),
    ("nps", "NPS (-100 to +100)", 1.0),
    ("retention", "Retention (% of starting customers)", 100.0),
)
"""The time series: column, axis label, scale (shares are shown in %)."""

BAND_PANELS: tuple[tuple[str, str, float], ...] = (
    ("follow_through", "Follow-through (% kept on time)", 100.0),
    ("nps", "NPS", 1.0),
    ("participant_willingness", "Willingness of customers who took part (%)", 100.0),
    ("capability", "Departments' CX skill (%)", 100.0),
)


class Chart:
    """A figure kept between frames: :meth:`update` puts new data in, :meth:`png` draws it.

    The parts that change every week (lines, markers, bar lengths, counts) are
    *animated* artists: a frame pastes the saved background (axes, ticks,
    legends) and draws only those on top - blitting - so a redraw costs a few
    milliseconds. The background is redrawn only when an axis range or a
    legend changes.
    """

    size: tuple[float, float] = (9.6, 5.4)

    def __init__(self) -> None:
        self.fig: Figure | None = None
        self._shape: object = None
        self._dynamic: list = []
        self._background = None
        self._static: object = None
        self.rebuilds = 0  # how often the figure was built from scratch (tests read it)
        self.full_draws = 0  # how often the background was redrawn

    def _new_figure(self, size: tuple[float, float] | None = None) -> Figure:
        fig = Figure(figsize=size or self.size, dpi=DPI)
        FigureCanvasAgg(fig)
        self.fig = fig
        self._dynamic = []
        self._background = None
        self.rebuilds += 1
        return fig

    def _animate(self, *artists) -> None:
        """Mark artists that change between frames (drawn on top of the saved background)."""
        for artist in artists:
            artist.set_animated(True)
            self._dynamic.append(artist)

    def _static_key(self) -> object:
        """Everything the background shows that can change: axis ranges, plus what :meth:`_extra_static` adds."""
        assert self.fig is not None
        return tuple((*ax.get_xlim(), *ax.get_ylim()) for ax in self.fig.axes), self._extra_static()

    def _extra_static(self) -> object:
        return None

    def png(self, dpi: int | None = None) -> bytes:
        """The figure as PNG bytes; ``dpi`` (above 100) for a sharper export drawn in full."""
        if self.fig is None:
            return b""
        if dpi is not None and dpi != DPI:
            return self._export(dpi)
        canvas = self.fig.canvas
        key = self._static_key()
        if self._background is None or key != self._static:
            canvas.draw()  # animated artists are left out of the background
            self._background = canvas.copy_from_bbox(self.fig.bbox)
            self._static = key
            self.full_draws += 1
        else:
            canvas.restore_region(self._background)
        for artist in self._dynamic:
            if artist.get_visible():
                self.fig.draw_artist(artist)
        return _encode(canvas)

    def _export(self, dpi: int) -> bytes:
        for artist in self._dynamic:
            artist.set_animated(False)
        try:
            buf = io.BytesIO()
            assert self.fig is not None
            self.fig.savefig(buf, format="png", dpi=dpi)
            return buf.getvalue()
        finally:
            for artist in self._dynamic:
                artist.set_animated(True)
            self._background = None  # savefig redrew the canvas at another size


def _encode(canvas: FigureCanvasAgg) -> bytes:
    """The canvas as a compact PNG: 64 colours are plenty for a chart and the file is half the size."""
    from PIL import Image

    width, height = canvas.get_width_height()
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1).convert("RGB")
    buf = io.BytesIO()
    image.quantize(colors=64, method=Image.Quantize.FASTOCTREE).save(buf, format="PNG", compress_level=1)
    return buf.getvalue()


def _week_axis(ax, horizon: int) -> None:
    ax.set_xlim(0, max(1, horizon))
    step = 52 if horizon <= 520 else 104
    ax.set_xticks(np.arange(0, horizon + 1, step))
    ax.tick_params(labelsize=SMALL)
    ax.grid(alpha=0.3)


def _nice_range(values: Sequence[np.ndarray], lo: float, hi: float, pad: float = 5.0) -> tuple[float, float]:
    """Axis limits holding every finite value, at least [lo, hi], rounded out to ``pad``."""
    finite = [v[np.isfinite(v)] for v in values]
    finite = [v for v in finite if v.size]
    if finite:
        lo = min(lo, float(min(v.min() for v in finite)))
        hi = max(hi, float(max(v.max() for v in finite)))
    return math.floor(lo / pad) * pad, math.ceil(hi / pad) * pad


class TimeSeriesChart(Chart):
    """Follow-through, NPS and retention week by week: one line per placement, the previous run faded,
    and the run's events marked (vertical lines for events both placements meet, markers per placement)."""

    size = (8.4, 5.6)

    def update(self, view: RunView, previous: RunView | None = None) -> None:
        """Show ``view`` (and ``previous``, the run before Reset, faded)."""
        prev_arms = previous.arms if previous is not None else ()
        shape = (tuple((a.role, a.label) for a in view.arms), view.horizon, tuple(a.role for a in prev_arms))
        if shape != self._shape:
            self._build(view, prev_arms)
            self._shape = shape
        self._fill(view, prev_arms)

    def _build(self, view: RunView, prev_arms: Sequence[ArmView]) -> None:
        fig = self._new_figure()
        grid = fig.add_gridspec(4, 1, height_ratios=[0.55, 1, 1, 1], hspace=0.36)
        strip = fig.add_subplot(grid[0])
        panels = [fig.add_subplot(grid[i + 1], sharex=strip) for i in range(3)]
        fig.subplots_adjust(left=0.075, right=0.965, top=0.91, bottom=0.15)
        self.strip, self.panels = strip, panels
        roles = [a.role for a in view.arms]
        self.lines: dict[tuple[str, str], Line2D] = {}
        self.faded: dict[tuple[str, str], Line2D] = {}
        self.vlines: list[LineCollection] = []
        for ax, (column, title, _scale) in zip(panels, PANELS, strict=True):
            for arm in prev_arms:
                (line,) = ax.plot([], [], STYLES[arm.role], color=FADED[arm.role], linewidth=2.2)
                self.faded[(arm.role, column)] = line
            vl = LineCollection([], colors="#777777", linewidths=1.2, linestyles=":", zorder=0)
            ax.add_collection(vl)
            self.vlines.append(vl)
            for arm in view.arms:
                (line,) = ax.plot([], [], STYLES[arm.role], color=COLOURS[arm.role], linewidth=2.6)
                self.lines[(arm.role, column)] = line
            self._animate(*(self.faded[(a.role, column)] for a in prev_arms), vl)
            self._animate(*(self.lines[(a.role, column)] for a in view.arms))
            ax.set_title(title, fontsize=SMALL, loc="left", pad=2)
            _week_axis(ax, view.horizon)
        for ax in [strip, *panels[:-1]]:
            ax.tick_params(labelbottom=False)
        handles = [Line2D([], [], linestyle=STYLES[a.role], color=COLOURS[a.role], linewidth=3) for a in view.arms]
        labels = [f"{a.role}: {a.label}" for a in view.arms]
        if prev_arms:
            handles.append(Line2D([], [], color=FADED["A"], linewidth=3))
            labels.append("faded: before Reset")
        fig.legend(
            handles,
            labels,
            loc="upper left",
            bbox_to_anchor=(0.0, 1.0),
            ncol=len(labels),
            fontsize=SMALL - 1,
            frameon=False,
            columnspacing=1.0,
            handlelength=1.6,
            handletextpad=0.4,
        )
        # The events strip: one row per placement (A on top), a marker per event.
        strip.set_ylim(-0.7, len(roles) - 0.3)
        strip.set_yticks(range(len(roles)), list(reversed(roles)))
        strip.tick_params(axis="y", labelsize=SMALL, length=0)
        strip.tick_params(axis="x", length=0)
        for side in ("top", "right", "left"):
            strip.spines[side].set_visible(False)
        strip.grid(False)
        self.markers = {
            kind: strip.scatter([], [], marker=marker, s=80, color=colour, zorder=3, clip_on=False)
            for kind, (marker, colour, _text) in EVENT_STYLE.items()
        }
        self._animate(*self.markers.values())
        self.roles = roles
        self.legend_kinds: tuple[str, ...] = ()
        self.events_legend = None

    def _extra_static(self) -> object:
        return self.legend_kinds

    def _fill(self, view: RunView, prev_arms: Sequence[ArmView]) -> None:
        for ax, (column, _title, scale) in zip(self.panels, PANELS, strict=True):
            shown = []
            for source, lines in ((prev_arms, self.faded), (view.arms, self.lines)):
                for arm in source:
                    y = arm.series[column] * scale
                    lines[(arm.role, column)].set_data(np.arange(y.size), y)
                    shown.append(y)
            if column == "follow_through":
                ax.set_ylim(0, 105)
            elif column == "nps":
                ax.set_ylim(*_nice_range(shown, -10, 30, 10))
            else:
                lo, _hi = _nice_range(shown, 90, 100, 10)
                ax.set_ylim(lo, 101)
        # Events: markers per placement; vertical lines for the outside events both placements meet.
        rows = {role: len(self.roles) - 1 - i for i, role in enumerate(self.roles)}
        points: dict[str, list[tuple[float, float]]] = {kind: [] for kind in EVENT_STYLE}
        shared: set[int] = set()
        for arm in view.arms:
            for event in arm.events:
                if event.kind in points:
                    points[event.kind].append((event.week, rows.get(arm.role, 0)))
                if event.kind in SHARED_EVENTS:
                    shared.add(event.week)
        for kind, scatter in self.markers.items():
            scatter.set_offsets(np.asarray(points[kind], dtype=float).reshape(-1, 2))
        for ax, vl in zip(self.panels, self.vlines, strict=True):
            lo, hi = ax.get_ylim()
            vl.set_segments([[(w, lo), (w, hi)] for w in sorted(shared)])
        kinds = tuple(kind for kind in EVENT_STYLE if points[kind])
        if kinds != self.legend_kinds:  # a key for the kinds of event this run has had
            if self.events_legend is not None:
                self.events_legend.remove()
            handles = [
                Line2D([], [], marker=EVENT_STYLE[k][0], color=EVENT_STYLE[k][1], linestyle="", markersize=10)
                for k in kinds
            ]
            self.events_legend = (
                self.fig.legend(
                    handles,
                    [EVENT_STYLE[k][2] for k in kinds],
                    loc="lower left",
                    bbox_to_anchor=(0.0, 0.0),
                    ncol=min(4, len(kinds)),
                    fontsize=SMALL - 2,
                    frameon=False,
                    handletextpad=0.1,
                    columnspacing=0.8,
                    borderpad=0.2,
                )
                if kinds
                else None
            )
            self.legend_kinds = kinds


class PipelineChart(Chart):
    """Initiatives at each stage now, and where the others died (one bar per placement and row)."""

    size = (8.4, 5.2)

    def update(self, view: RunView) -> None:
        """Show ``view``'s pipeline."""
        shape = tuple((a.role, a.label) for a in view.arms)
        if shape != self._shape:
            self._build(view)
            self._shape = shape
        self._fill(view)

    def _build(self, view: RunView) -> None:
        fig = self._new_figure()
        ax = fig.add_subplot()
        fig.subplots_adjust(left=0.36, right=0.97, top=0.9, bottom=0.11)
        labels = [label for label, _group in PIPELINE]
        groups = dict(PIPELINE)
        y = np.arange(len(labels))
        n = max(1, len(view.arms))
        height = 0.8 / n
        self.bars, self.texts = {}, {}
        colours = [{"open": OPEN_COLOUR, "done": DONE_COLOUR, "dead": DEAD_COLOUR}[groups[lb]] for lb in labels]
        for i, arm in enumerate(view.arms):
            offset = (i - (n - 1) / 2) * height
            bars = ax.barh(
                y + offset,
                np.zeros(len(labels)),
                height=height,
                color=colours,
                edgecolor=COLOURS[arm.role],
                linewidth=1.5,
                hatch="//" if arm.role == "B" else None,
                label=f"{arm.role}: {arm.label}",
            )
            self.bars[arm.role] = bars
            self.texts[arm.role] = [ax.text(0, yy + offset, "", va="center", fontsize=SMALL) for yy in y]
            self._animate(*bars, *self.texts[arm.role])
        ax.set_yticks(y, labels, fontsize=SMALL)
        ax.invert_yaxis()
        ax.set_xlabel("initiatives", fontsize=SMALL)
        ax.tick_params(axis="x", labelsize=SMALL)
        ax.axhline(4.5, color="grey", linewidth=0.8)
        ax.axhline(5.5, color="grey", linewidth=0.8)
        if len(view.arms) > 1:
            ax.legend(fontsize=SMALL, loc="lower right", title="hatched = B", title_fontsize=SMALL)
        fig.suptitle(
            "blue: under way now · green: completed · red: where initiatives died", fontsize=SMALL, x=0.02, ha="left"
        )
        self.ax, self.labels = ax, labels

    def _fill(self, view: RunView) -> None:
        most = 0
        for arm in view.arms:
            values = [arm.pipeline.get(label, 0) for label in self.labels]
            most = max(most, *values)
            for rect, text, value in zip(self.bars[arm.role], self.texts[arm.role], values, strict=True):
                rect.set_width(value)
                text.set_x(value + 0.1)
                text.set_text(str(value) if value else "")
        self.ax.set_xlim(0, max(4, most * 1.15 + 0.5))


class LoyaltyChart(Chart):
    """Active customers' likelihood to recommend (0-10): detractors, passives and promoters coloured."""

    size = (8.4, 5.2)

    def update(self, view: RunView) -> None:
        """Show ``view``'s loyalty histograms."""
        shape = tuple((a.role, a.label) for a in view.arms)
        if shape != self._shape:
            self._build(view)
            self._shape = shape
        self._fill(view)

    def _build(self, view: RunView) -> None:
        fig = self._new_figure()
        n = max(1, len(view.arms))
        axes = np.atleast_1d(fig.subplots(n, 1, sharex=True))
        fig.subplots_adjust(left=0.1, right=0.98, top=0.92, bottom=0.17, hspace=0.45)
        colours = ["#de2d26"] * 7 + ["#969696"] * 2 + ["#31a354"] * 2
        self.bars, self.titles = {}, {}
        for ax, arm in zip(axes, view.arms, strict=False):
            self.bars[arm.role] = ax.bar(np.arange(11), np.zeros(11), color=colours, width=0.85)
            self.titles[arm.role] = ax.set_title("", fontsize=FONT, loc="left")
            self._animate(*self.bars[arm.role], self.titles[arm.role])
            ax.set_ylabel("% of customers", fontsize=SMALL)
            ax.tick_params(labelsize=SMALL)
            ax.grid(axis="y", alpha=0.3)
        axes[-1].set_xticks(range(11))
        axes[-1].set_xlabel(
            "likelihood to recommend: red 0-6 detractors · grey 7-8 passives · green 9-10 promoters", fontsize=SMALL
        )
        self.axes = axes

    def _fill(self, view: RunView) -> None:
        from sim.dashboard.commentary import signed

        top = 10.0
        for arm in view.arms:
            for rect, value in zip(self.bars[arm.role], arm.loyalty_share, strict=True):
                rect.set_height(value)
            top = max(top, float(np.max(arm.loyalty_share)) if arm.loyalty_share.size else 0.0)
            self.titles[arm.role].set_text(
                f"{arm.role}: {arm.label} - NPS {signed(arm.metrics.get('nps'), 0)}, {arm.customers_active:,} active customers"
            )
        for ax in self.axes:
            ax.set_ylim(0, math.ceil(top * 1.1 / 5) * 5)


class OrganisationChart(Chart):
    """Executives, department managers and departments; where CX sits; who owes overdue items."""

    width = 12.0  # inches; the height grows with the number of placements shown
    height_per_placement = 3.9

    def update(self, view: RunView) -> None:
        """Show ``view``'s organisations."""
        shape = tuple((a.role, a.label, a.org.home) for a in view.arms)
        if shape != self._shape:
            self._build(view)
            self._shape = shape
        self._fill(view)

    def _build(self, view: RunView) -> None:
        n = max(1, len(view.arms))
        fig = self._new_figure((self.width, self.height_per_placement * n))
        axes = np.atleast_1d(fig.subplots(n, 1))
        fig.subplots_adjust(left=0.005, right=0.995, top=0.93, bottom=0.01, hspace=0.12)
        self.boxes: dict[str, dict[str, tuple[FancyBboxPatch, object]]] = {}
        self.titles = {}
        for ax, arm in zip(axes, view.arms, strict=False):
            self.boxes[arm.role] = self._skeleton(ax, arm)
            self.titles[arm.role] = ax.set_title("", fontsize=SMALL, loc="left")
            self._animate(self.titles[arm.role])

    def _skeleton(self, ax, arm: ArmView) -> dict[str, tuple[FancyBboxPatch, object]]:
        org = arm.org
        depts = [d.name for d in org.departments]
        xs = {name: i for i, name in enumerate(depts)}
        centre = (len(depts) - 1) / 2
        boxes = {}

        def box(key: str, x: float, y: float, width: float = 1.0, height: float = 0.68) -> None:
            patch = FancyBboxPatch(
                (x - width / 2 + 0.04, y - height / 2),
                width - 0.08,
                height,
                boxstyle="round,pad=0.02",
                linewidth=1.0,
            )
            ax.add_patch(patch)
            text = ax.text(x, y, "", ha="center", va="center", fontsize=12)
            boxes[key] = (patch, text)
            self._animate(patch, text)

        ax.plot([centre, centre], [2.65, 2.3], color="grey", linewidth=0.8)
        ax.plot([0, len(depts) - 1], [2.3, 2.3], color="grey", linewidth=0.8)
        box("ceo", centre, 3.05, 1.5)
        for name in depts:
            x = xs[name]
            ax.plot([x, x], [2.3, 0.38], color="grey", linewidth=0.8)
            box(f"head:{name}", x, 2.0)
            box(f"manager:{name}", x, 1.0)
            box(f"dept:{name}", x, -0.1, height=0.95)
        if org.home in xs:
            x, y = xs[org.home], -1.3
            ax.plot([x, x], [-0.58, -0.96], color="#6a51a3", linewidth=1.5, linestyle=":")
        else:
            x, y = centre + 2.3, 3.05
            ax.plot([centre + 0.75, x - 0.65], [3.05, 3.05], color="#6a51a3", linewidth=1.5, linestyle=":")
        box("leader", x, y, 1.5)
        ax.set_xlim(-0.55, len(depts) - 0.45)
        ax.set_ylim(-1.75, 3.45)
        ax.axis("off")
        return boxes

    def _fill(self, view: RunView) -> None:
        for arm in view.arms:
            boxes, org = self.boxes[arm.role], arm.org

            def person(key: str, who, boxes=boxes) -> None:
                patch, text = boxes[key]
                patch.set_facecolor("#d9d9d9" if who.legacy else "#e5f5e0")
                patch.set_edgecolor("#b8860b" if who.sponsor else "#444444")
                patch.set_linewidth(2.5 if who.sponsor else 1.0)
                star = " ★" if who.sponsor else ""
                text.set_text(f"{who.title}{star}\nattention {who.attention:.0%}")

            person("ceo", org.ceo)
            for d in org.departments:
                person(f"head:{d.name}", d.head)
                patch, text = boxes[f"manager:{d.name}"]
                patch.set_facecolor("#d9d9d9" if d.manager_legacy else "#e5f5e0")
                patch.set_edgecolor("#444444")
                mind = "legacy" if d.manager_legacy else "customer-minded"
                text.set_text(f"manager\n{mind}{' (empty)' if d.paused else ''}")
                patch, text = boxes[f"dept:{d.name}"]
                patch.set_facecolor("#ffffff" if d.overdue == 0 else ("#fcbba1" if d.overdue < 3 else "#ef3b2c"))
                patch.set_edgecolor("#444444")
                text.set_text(f"{d.label}\n{d.overdue} overdue\nskill {d.skill:.0%}")
            patch, text = boxes["leader"]
            patch.set_facecolor("#ffffff" if org.leader_vacant else "#dadaeb")
            patch.set_edgecolor("#6a51a3")
            patch.set_linewidth(2.5)
            who = "post vacant" if org.leader_vacant else f"{org.leader_level}, clout {org.leader_clout:.0%}"
            text.set_text(f"CX leader\n{who}")
            self.titles[arm.role].set_text(
                f"{arm.role}: {arm.label}   ★ sponsor · grey = legacy mindset · red = owes overdue CX items"
            )


class BandChart(Chart):
    """The 20-seed bands: mean and 95% CI per arm (the cards' "± 95% CI"), middle 80% of seeds, this run on top."""

    size = (9.6, 6.4)

    def update(self, result: BandResult, view: RunView | None = None) -> None:
        """Show ``result`` (and the current run's own lines from ``view``)."""
        horizon = len(next(iter(result.arms[0].mean.values()))) - 1 if result.arms else 1
        shape = (id(result), tuple((a.role, a.label) for a in view.arms) if view else ())
        if shape != self._shape:
            self._build(result, view, horizon)
            self._shape = shape
        if view is not None:
            for arm in view.arms:
                for column, _title, scale in BAND_PANELS:
                    y = arm.series[column] * scale
                    self.own[(arm.role, column)].set_data(np.arange(y.size), y)

    def _build(self, result: BandResult, view: RunView | None, horizon: int) -> None:
        fig = self._new_figure()
        axes = fig.subplots(2, 2, sharex=True).ravel()
        fig.subplots_adjust(left=0.07, right=0.975, top=0.84, bottom=0.09, hspace=0.32, wspace=0.2)
        handles, labels = [], []
        self.own = {}
        colours = {"A": COLOURS["A"], "B": COLOURS["B"], "before": "#777777"}
        for ax, (column, title, scale) in zip(axes, BAND_PANELS, strict=True):
            share = scale == 100.0
            for arm_band in result.arms:
                role = arm_band.arm.role
                colour = colours.get(role, "#555555")
                weeks = np.arange(arm_band.mean[column].size)

                def clip(y: np.ndarray, share: bool = share, scale: float = scale) -> np.ndarray:
                    return np.clip(y, 0.0, 1.0) * scale if share else y * scale

                ax.fill_between(
                    weeks, clip(arm_band.p10[column]), clip(arm_band.p90[column]), color=colour, alpha=0.10, linewidth=0
                )
                ax.fill_between(
                    weeks,
                    clip(arm_band.ci_low[column]),
                    clip(arm_band.ci_high[column]),
                    color=colour,
                    alpha=0.30,
                    linewidth=0,
                )
                ax.plot(weeks, clip(arm_band.mean[column]), STYLES.get(role, ":"), color=colour, linewidth=2.2)
            if view is not None:
                for arm in view.arms:
                    (line,) = ax.plot([], [], "-", color=COLOURS[arm.role], linewidth=0.9, alpha=0.9)
                    self.own[(arm.role, column)] = line
                    self._animate(line)
            if share:
                ax.set_ylim(0, 105)
            ax.set_title(title, fontsize=SMALL, loc="left")
            _week_axis(ax, horizon)
        for arm_band in result.arms:
            role = arm_band.arm.role
            colour = colours.get(role, "#555555")
            handles.append(Line2D([], [], linestyle=STYLES.get(role, ":"), color=colour, linewidth=3))
            labels.append(f"{role}: {arm_band.arm.label}" if role in ("A", "B") else arm_band.arm.label)
        handles.append(Line2D([], [], color="#999999", linewidth=8, alpha=0.3))
        labels.append(f"shaded: 95% CI of the mean; light: middle 80% of {result.request.replicates} seeds")
        if view is not None:
            handles.append(Line2D([], [], color="#333333", linewidth=1))
            labels.append("thin: this run (its own seed)")
        fig.legend(
            handles, labels, loc="upper left", bbox_to_anchor=(0.0, 1.0), ncol=2, fontsize=SMALL - 2, frameon=False
        )
        for ax in axes[2:]:
            ax.set_xlabel("week", fontsize=SMALL)

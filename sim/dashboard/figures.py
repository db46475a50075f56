"""The dashboard's charts as matplotlib figures (no Solara here, so they test and reuse anywhere).

Each function takes the running models, labelled by placement, and returns a
``matplotlib.figure.Figure`` built without pyplot, so nothing accumulates in a
global figure registry while a long run redraws them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from sim.scenario.config import DEPARTMENTS

if TYPE_CHECKING:
    from sim.model.cxmodel import CXModel

Labelled = Sequence[tuple[str, "CXModel"]]

COLOURS = ("#1f77b4", "#d62728")  # placement A, placement B
STYLES = ("-", "--")
OPEN_COLOUR, DONE_COLOUR, DEAD_COLOUR = "#6baed6", "#31a354", "#de2d26"

ROLE_LABEL = {
    "ceo": "CEO",
    "cmo": "CMO",
    "head_of_sales": "Sales head",
    "head_of_service": "Service head",
    "coo": "COO",
    "head_of_product": "Product head",
    "cio": "CIO",
    "cfo": "CFO",
}
DEPT_LABEL = {
    "marketing": "Marketing",
    "sales": "Sales",
    "service": "Service",
    "operations": "Operations",
    "product": "Product",
    "it": "IT",
    "finance": "Finance",
}

PIPELINE: tuple[tuple[str, str], ...] = (
    ("being scoped", "open"),
    ("awaiting a decision", "open"),
    ("approved, not launched", "open"),
    ("in progress", "open"),
    ("stalled", "open"),
    ("completed", "done"),
    ("rejected or never decided", "dead"),
    ("dropped: leader left first", "dead"),
    ("abandoned: leader left", "dead"),
    ("abandoned: reorganisation", "dead"),
    ("abandoned: budget cut", "dead"),
    ("abandoned: stalled too long", "dead"),
)
"""Pipeline rows: where initiatives are now, and where they died."""

_STAGE_ROW = {
    "scoping": "being scoped",
    "proposed": "awaiting a decision",
    "approved": "approved, not launched",
    "launched": "in progress",
    "stalled": "stalled",
    "completed": "completed",
    "rejected": "rejected or never decided",
    "dropped": "dropped: leader left first",
}


def pipeline_counts(model: CXModel) -> dict[str, int]:
    """How many initiatives sit at each pipeline row (see :data:`PIPELINE`)."""
    counts: Counter[str] = Counter()
    for ini in model.portfolio.initiatives:
        row = f"abandoned: {ini.end_reason}" if ini.stage == "abandoned" else _STAGE_ROW.get(ini.stage, ini.stage)
        counts[row] += 1
    return {label: counts.get(label, 0) for label, _group in PIPELINE} | {
        k: v for k, v in counts.items() if k not in dict(PIPELINE)
    }


def overdue_by_department(model: CXModel) -> dict[str, int]:
    """Overdue delegated action items each department owes now."""
    counts = Counter(item.department for item in model.portfolio.overdue_items(model.steps))
    return {name: counts.get(name, 0) for name in DEPARTMENTS}


def _series(model: CXModel, name: str) -> np.ndarray:
    return np.asarray(model.datacollector.model_vars[name], dtype=float)


def time_series(arms: Labelled) -> Figure:
    """Follow-through, NPS and retention week by week, one line per placement."""
    fig = Figure(figsize=(6.4, 4.4), layout="constrained")
    axes = fig.subplots(3, 1, sharex=True)
    panels = (
        ("follow_through", "Follow-through\n(share kept on time)", 1.0),
        ("nps", "NPS\n(-100 to +100)", 1.0),
        ("retention", "Retention\n(% of starting customers)", 100.0),
    )
    horizon = max(m.weeks for _label, m in arms) if arms else 1
    for ax, (column, title, scale) in zip(axes, panels, strict=True):
        for i, (label, model) in enumerate(arms):
            y = _series(model, column) * scale
            ax.plot(np.arange(y.size), y, STYLES[i % 2], color=COLOURS[i % 2], label=label, linewidth=1.8)
        ax.set_ylabel(title, fontsize=9)
        ax.grid(alpha=0.3)
        ax.set_xlim(0, horizon)
    axes[0].set_ylim(0, 1.02)
    axes[0].legend(loc="lower left", fontsize=8, title="placement", title_fontsize=8)
    axes[-1].set_xlabel("week")
    return fig


def pipeline(arms: Labelled) -> Figure:
    """Initiatives at each stage now, and where the others died (grouped bars per placement)."""
    fig = Figure(figsize=(6.4, 4.2), layout="constrained")
    ax = fig.subplots()
    labels = [label for label, _group in PIPELINE]
    groups = dict(PIPELINE)
    y = np.arange(len(labels))
    height = 0.8 / max(1, len(arms))
    for i, (name, model) in enumerate(arms):
        counts = pipeline_counts(model)
        values = [counts[label] for label in labels]
        colours = [{"open": OPEN_COLOUR, "done": DONE_COLOUR, "dead": DEAD_COLOUR}[groups[lb]] for lb in labels]
        offset = (i - (len(arms) - 1) / 2) * height
        bars = ax.barh(
            y + offset, values, height=height, color=colours, edgecolor=COLOURS[i % 2], hatch="//" if i else None
        )
        ax.bar_label(bars, labels=[str(v) if v else "" for v in values], fontsize=7, padding=2)
        bars.set_label(name)
    ax.set_yticks(y, labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("initiatives")
    ax.axhline(4.5, color="grey", linewidth=0.6)
    ax.axhline(5.5, color="grey", linewidth=0.6)
    if len(arms) > 1:
        ax.legend(fontsize=8, title="placement (hatched = B)", title_fontsize=8, loc="lower right")
    ax.set_title("blue: under way now · green: completed · red: where initiatives died", fontsize=9)
    ax.set_xlim(0, max(4, ax.get_xlim()[1] * 1.12))  # room for the labels; an empty pipeline still has an axis
    return fig


def loyalty_histogram(arms: Labelled) -> Figure:
    """Active customers' likelihood to recommend (0-10), detractors, passives and promoters coloured."""
    fig = Figure(figsize=(6.4, 2.1 + 1.6 * max(1, len(arms))), layout="constrained")
    axes = np.atleast_1d(fig.subplots(max(1, len(arms)), 1, sharex=True))
    edges = np.arange(-0.5, 11.0, 1.0)  # a survey answer is a whole number from 0 to 10
    colours = ["#de2d26"] * 7 + ["#969696"] * 2 + ["#31a354"] * 2
    for ax, (label, model) in zip(axes, arms, strict=False):
        c = model.customers
        scores = np.rint(np.clip(c.loyalty[c.active], 0, 10))
        counts, _ = np.histogram(scores, bins=edges)
        share = counts / max(1, counts.sum()) * 100
        ax.bar(np.arange(11), share, color=colours, width=0.9)
        ax.set_ylabel("% of customers", fontsize=8)
        ax.set_title(f"{label}: NPS {model.metrics['nps']:+.0f}, {int(counts.sum()):,} active customers", fontsize=9)
        ax.grid(axis="y", alpha=0.3)
    axes[-1].set_xticks(range(11))
    axes[-1].set_xlabel("likelihood to recommend (red: detractors 0-6, grey: passives 7-8, green: promoters 9-10)")
    return fig


def organisation(arms: Labelled) -> Figure:
    """Executives, department managers and departments; where CX sits; who owes overdue items."""
    fig = Figure(figsize=(7.5, 2.9 * max(1, len(arms))), layout="constrained")
    axes = np.atleast_1d(fig.subplots(max(1, len(arms)), 1))
    for ax, (label, model) in zip(axes, arms, strict=False):
        _draw_organisation(ax, label, model)
    return fig


def _box(ax, x: float, y: float, text: str, face: str, edge: str = "#444444", width: float = 1.0, lw: float = 1.0):
    ax.add_patch(
        FancyBboxPatch(
            (x - width / 2 + 0.04, y - 0.3),
            width - 0.08,
            0.6,
            boxstyle="round,pad=0.02",
            facecolor=face,
            edgecolor=edge,
            linewidth=lw,
        )
    )
    ax.text(x, y, text, ha="center", va="center", fontsize=6.5)


def _draw_organisation(ax, label: str, model: CXModel) -> None:
    sponsor = model.sponsor
    overdue = overdue_by_department(model)
    ceo = model.executives["ceo"]
    xs = {name: i for i, name in enumerate(DEPARTMENTS)}
    centre = (len(DEPARTMENTS) - 1) / 2
    ax.plot([centre, centre], [2.7, 2.3], color="grey", linewidth=0.6)
    ax.plot([0, len(DEPARTMENTS) - 1], [2.3, 2.3], color="grey", linewidth=0.6)

    def exec_face(ex) -> str:
        return "#d9d9d9" if ex.legacy else "#e5f5e0"

    def exec_text(ex) -> str:
        star = " ★" if ex is sponsor else ""
        return f"{ROLE_LABEL.get(ex.role, ex.role)}{star}\nattention {ex.cx_attention:.0%}"

    _box(ax, centre, 3.0, exec_text(ceo), exec_face(ceo), "#b8860b" if ceo is sponsor else "#444444", 1.3, 2.0)
    for name in DEPARTMENTS:
        dept = model.departments[name]
        x = xs[name]
        head = dept.head
        ax.plot([x, x], [2.3, 0.3], color="grey", linewidth=0.6)
        edge, lw = ("#b8860b", 2.0) if head is sponsor else ("#444444", 1.0)
        _box(ax, x, 2.0, exec_text(head), exec_face(head), edge, lw=lw)
        manager = "legacy" if dept.manager.legacy else "customer-minded"
        paused = " (post empty)" if dept.paused(model.steps) else ""
        _box(ax, x, 1.0, f"manager\n{manager}{paused}", exec_face(dept.manager))
        n = overdue[name]
        face = "#ffffff" if n == 0 else ("#fcbba1" if n < 3 else "#ef3b2c")
        _box(ax, x, 0.0, f"{DEPT_LABEL[name]}\n{n} overdue · skill {dept.capability:.0%}", face, width=1.0)
    # Where CX sits: under its home department, or beside the CEO for the executive office.
    home = model.placement.home
    leader = model.leader
    level = {1: "C-suite", 2: "SVP", 3: "director", 4: "manager"}[model.placement.leader_level]
    who = "post vacant" if leader.vacant else f"{level}, clout {model.leader_clout():.0%}"
    cx_text = f"CX leader\n{who}"
    if home in xs:
        x, y = xs[home], -1.0
        ax.plot([x, x], [-0.3, -0.7], color="#6a51a3", linewidth=1.2, linestyle=":")
    else:
        x, y = centre + 2.2, 3.0
        ax.plot([centre + 0.65, x - 0.5], [3.0, 3.0], color="#6a51a3", linewidth=1.2, linestyle=":")
    _box(ax, x, y, cx_text, "#ffffff" if leader.vacant else "#dadaeb", "#6a51a3", 1.3, 2.0)
    ax.set_xlim(-0.6, len(DEPARTMENTS) - 0.4)
    ax.set_ylim(-1.45, 3.45)
    ax.axis("off")
    ax.set_title(f"{label}: ★ sponsor · grey = legacy mindset · red = department owes overdue CX items", fontsize=8.5)

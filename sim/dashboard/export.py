"""What a teacher takes away from a run: the end-of-run summary, the weekly data and the events as CSV.

The summary compares the placements shown (A, B and the gap B - A) on the
figures the lessons talk about; the CSV files hold every weekly column the
model collects, one row per placement and week, so a class can redo any chart
in a spreadsheet.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.dashboard.commentary import percent, plural, points, signed
from sim.dashboard.controls import placement_label

if TYPE_CHECKING:
    from sim.dashboard.readout import ArmView, RunView
    from sim.dashboard.session import DashboardRun


@dataclass(frozen=True, slots=True)
class Figure:
    """One row of the summary: a label, how to read it from an arm, how to show a value and a gap."""

    label: str
    read: Callable[[ArmView], float]
    show: Callable[[float], str]
    gap: Callable[[float], str]


def _metric(name: str) -> Callable[[ArmView], float]:
    return lambda arm: float(arm.metrics.get(name, math.nan))


def _summary(name: str) -> Callable[[ArmView], float]:
    return lambda arm: float((arm.summary or {}).get(name, arm.metrics.get(name, math.nan)))


def _count(n: float) -> str:
    return "-" if n != n else str(int(n))


def _count_gap(n: float) -> str:
    return "-" if n != n else ("0" if n == 0 else f"{int(n):+d}")


FIGURES: tuple[Figure, ...] = (
    Figure("Follow-through (kept on time)", _metric("follow_through"), percent, points),
    Figure("NPS", _metric("nps"), lambda v: signed(v, 1), lambda v: signed(v, 1)),
    Figure("NPS averaged over the run", _summary("nps_mean"), lambda v: signed(v, 1), lambda v: signed(v, 1)),
    Figure("Retention (starting customers)", _metric("retention"), lambda v: percent(v, 1), points),
    Figure("Willingness to take part", _metric("participation"), percent, points),
    Figure("... of customers who took part", _metric("participant_willingness"), percent, points),
    Figure("Initiatives approved", _metric("initiatives_approved"), _count, _count_gap),
    Figure("Initiatives completed", _metric("initiatives_completed"), _count, _count_gap),
    Figure("Initiatives abandoned", _metric("initiatives_abandoned"), _count, _count_gap),
    Figure("Departments' CX skill", _metric("capability"), percent, points),
    Figure("CX leader departures", _metric("leader_departures"), _count, _count_gap),
)
"""The summary's rows, in order."""


def summary_rows(view: RunView) -> list[list[str]]:
    """The end-of-run table: one row per figure, a column per placement, then B - A when side by side."""
    rows = []
    a, b = view.arm("A"), view.arm("B")
    for fig in FIGURES:
        row = [fig.label, *(fig.show(fig.read(arm)) for arm in view.arms)]
        if a is not None and b is not None:
            row.append(fig.gap(fig.read(b) - fig.read(a)))
        rows.append(row)
    return rows


def summary_header(view: RunView) -> list[str]:
    """Column titles of :func:`summary_rows`."""
    head = ["", *(f"{arm.role}: {arm.label}" for arm in view.arms)]
    if len(view.arms) > 1:
        head.append("B - A")
    return head


def event_counts(arm: ArmView) -> str:
    """What happened to one placement, in a sentence ('2 reorganisations, 1 bug spike, ...')."""
    kinds = {
        "reorganisation": ("reorganisation", None),
        "bug_spike": ("bug spike", None),
        "threat": ("competitive threat", None),
        "sponsor_left": ("change of sponsor", "changes of sponsor"),
        "leader_quit": ("CX leader who quit", "CX leaders who quit"),
        "failing_exposed": ("failing exposed", "failings exposed"),
    }
    counts = {k: sum(e.kind == k for e in arm.events) for k in kinds}
    parts = [plural(n, *kinds[k]) for k, n in counts.items() if n]
    return ", ".join(parts) if parts else "no notable events"


def weekly_csv(run: DashboardRun) -> str:
    """Every weekly column of every placement as CSV text (one row per placement and week)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    with run.lock:
        if not run.arms:
            return ""
        columns = list(run.arms[0].model.datacollector.model_vars)
        writer.writerow(["role", "placement", "placement_label", "seed", *columns])
        for arm in run.arms:
            data = arm.model.datacollector.model_vars
            for i in range(len(data[columns[0]])):
                writer.writerow(
                    [
                        arm.role,
                        arm.name,
                        placement_label(arm.name),
                        run.seed_value,
                        *(_cell(data[c][i]) for c in columns),
                    ]
                )
    return buf.getvalue()


def events_csv(view: RunView) -> str:
    """The notable events of every placement as CSV text."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["role", "placement", "week", "kind", "text"])
    for arm in view.arms:
        for note in sorted(arm.notes, key=lambda n: n.week):
            writer.writerow([arm.role, arm.name, note.week, note.kind, note.text])
    return buf.getvalue()


def _cell(value: float) -> str:
    if isinstance(value, float):
        return "" if math.isnan(value) else repr(value)
    return str(value)

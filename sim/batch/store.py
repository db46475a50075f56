"""The results store: ``results.csv``, ``timeseries.csv`` and ``manifest.json`` in one output folder.

Each finished run is appended as soon as it completes (weekly rows first, then
its results row, the commit mark); a killed batch keeps every finished run and
a resumed one discards any half-written run. When the batch ends both files are
put in run order, so serial, parallel and resumed batches give identical files.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.batch.errors import BatchError
from sim.batch.output import versions
from sim.batch.seeds import replicate_seeds
from sim.model.metrics import SUMMARY_FIELDS

if TYPE_CHECKING:
    from sim.batch.plan import Plan, Task

TASK_COLUMNS = ("run", "placement", "position", "design", "point", "replicate", "seed")
SERIES_COLUMNS = (
    "revenue",
    "margin_total",
    "perceived_threat",
    "follow_through",
    "follow_through_13w",
    "nps",
    "retention",
    "participation",
    "satisfaction",
    "trust",
    "customers_active",
    "initiatives_proposed",
    "initiatives_approved",
    "initiatives_rejected",
    "initiatives_active",
    "initiatives_stalled",
    "initiatives_completed",
    "initiatives_abandoned",
    "initiatives_dropped",
    "items_overdue",
    "spend_total",
    "sponsor_attention",
    "leader_departures",
)
"""Weekly columns kept per run in ``timeseries.csv`` (the full set is in ``sim.model.metrics.COLUMNS``)."""


class Store:
    """``results.csv``, ``timeseries.csv`` and ``manifest.json`` in one output folder."""

    def __init__(self, out: Path, plan: Plan) -> None:
        self.out = Path(out)
        self.plan = plan
        self.results_path = self.out / "results.csv"
        self.series_path = self.out / "timeseries.csv"
        self.manifest_path = self.out / "manifest.json"
        self.result_columns = [*TASK_COLUMNS, *plan.varied, *SUMMARY_FIELDS]
        self.series_columns = ["run", "placement", "point", "replicate", "week", *SERIES_COLUMNS]

    # setting up ----------------------------------------------------------------------------

    def open(self, resume: bool, scenario_path: str | None, scenario_sha: str | None) -> set[int]:
        """Prepare the folder; return the runs already recorded (empty unless resuming).

        Raises:
            BatchError: the folder holds another batch, or this one without ``resume``.
        """
        if self.out.exists() and not self.out.is_dir():
            raise BatchError("", "--out", f"{self.out} is a file", allowed="a folder (created if missing)")
        self.out.mkdir(parents=True, exist_ok=True)
        existing = self._read_manifest()
        if existing is not None:
            if existing.get("scenario_sha256") != scenario_sha or existing.get("plan_digest") != self.plan.digest():
                what = (
                    "a different scenario" if existing.get("scenario_sha256") != scenario_sha else "a different batch"
                )
                raise BatchError(
                    "",
                    "--out",
                    f"{self.out} holds results of {what} ({existing.get('scenario')}, {existing.get('tasks')} runs); "
                    "nothing was overwritten",
                    allowed="another --out folder, or remove this one",
                )
            if not resume and self.results_path.exists():
                raise BatchError(
                    "",
                    "--out",
                    f"{self.out} already holds runs of this batch; nothing was overwritten",
                    allowed="--resume to finish it, or another --out folder",
                )
        elif any(self.out.iterdir()):
            raise BatchError(
                "", "--out", f"{self.out} is not empty and holds no cxsim batch", allowed="an empty or new folder"
            )
        done = self._recorded_runs() if resume else set()
        if resume:
            self._drop_partial_series(done)
        self._write_manifest(scenario_path, scenario_sha, status="running", done=len(done))
        return done

    def _read_manifest(self) -> dict[str, Any] | None:
        if not self.manifest_path.exists():
            return None
        try:
            return json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            raise BatchError(
                "", "--out", f"{self.manifest_path} is unreadable", allowed="a cxsim batch folder"
            ) from None

    def _recorded_runs(self) -> set[int]:
        """Runs whose results row is complete (a torn last line from a kill is cut off)."""
        if not self.results_path.exists():
            return set()
        _truncate_torn_line(self.results_path)
        with self.results_path.open(newline="", encoding="utf-8") as fh:
            return {int(row["run"]) for row in csv.DictReader(fh)}

    def _drop_partial_series(self, done: set[int]) -> None:
        """Weekly rows of runs that never got their results row are discarded."""
        if not self.series_path.exists():
            return
        _truncate_torn_line(self.series_path)
        tmp = self.series_path.with_suffix(".tmp")
        with self.series_path.open(encoding="utf-8") as src, tmp.open("w", encoding="utf-8") as dst:
            header = src.readline()
            dst.write(header)
            for line in src:
                if int(line.split(",", 1)[0]) in done:
                    dst.write(line)
        os.replace(tmp, self.series_path)

    # recording -----------------------------------------------------------------------------

    def record(self, task: Task, result: Mapping[str, Any]) -> None:
        """Append one finished run: its weekly rows first, then its results row (the commit mark)."""
        _append(self.series_path, self.series_columns, result["series_csv"])
        row = {**task.label(), **dict(task.overrides), **result["summary"]}
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow([cell(row.get(c)) for c in self.result_columns])
        _append(self.results_path, self.result_columns, buf.getvalue())

    def finish(self, scenario_path: str | None, scenario_sha: str | None, wall: float, done: int) -> None:
        """Put both files in run order and mark the batch complete."""
        _sort_rows(self.results_path)
        _sort_blocks(self.series_path)
        self._write_manifest(scenario_path, scenario_sha, status="complete", done=done, wall=wall)

    def _write_manifest(self, scenario_path, scenario_sha, status: str, done: int, wall: float | None = None) -> None:
        plan = self.plan
        previous = self._read_manifest() or {}
        manifest = {
            "kind": plan.kind,
            "status": status,
            "scenario": scenario_path,
            "scenario_sha256": scenario_sha,
            "scenario_name": plan.scenario.scenario.name,
            "master_seed": plan.master_seed,
            "replicates": plan.replicates,
            "weeks": plan.weeks,
            "placements": list(plan.placements),
            "arms": [{"label": a.label, "placement": a.placement, "design": a.design} for a in plan.arms],
            "points": [dict(p) for p in plan.points],
            "varied": list(plan.varied),
            "tasks": len(plan.tasks),
            "runs_recorded": done,
            "plan_digest": plan.digest(),
            "seeds": replicate_seeds(plan.master_seed, plan.replicates),
            "meta": plan.meta,
            "versions": versions(),
            "git_commit": git_commit(),
            "command": previous.get("command") or " ".join(sys.argv),
            "wall_seconds": round(wall, 3) if wall is not None else previous.get("wall_seconds"),
        }
        tmp = self.manifest_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(manifest, indent=2, default=str) + "\n", encoding="utf-8")
        os.replace(tmp, self.manifest_path)


def cell(value: Any) -> Any:
    """A value as written to CSV: empty for None and NaN, 0/1 for booleans, floats rounded to 9 digits."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float):
        return "" if math.isnan(value) else repr(round(float(value), 9))
    return value


def _append(path: Path, columns: Sequence[str], text: str) -> None:
    """Append ``text`` (whole lines) in one write, with a header when the file is new."""
    new = not path.exists()
    with path.open("a", encoding="utf-8", newline="") as fh:
        if new:
            fh.write(",".join(columns) + "\n")
        fh.write(text)
        fh.flush()


def _truncate_torn_line(path: Path) -> None:
    """Cut a last line left without its newline by a killed writer."""
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        path.write_bytes(data[: data.rfind(b"\n") + 1])


def _sort_rows(path: Path) -> None:
    """Sort a CSV's rows by its first column (the run index); small file, in memory."""
    if not path.exists():
        return
    with path.open(encoding="utf-8") as fh:
        header, *lines = fh.readlines()
    lines.sort(key=lambda line: int(line.split(",", 1)[0]))
    tmp = path.with_suffix(".tmp")
    tmp.write_text(header + "".join(lines), encoding="utf-8")
    os.replace(tmp, path)


def _sort_blocks(path: Path) -> None:
    """Order a file made of per-run blocks of lines by run, keeping only offsets in memory."""
    if not path.exists():
        return
    blocks: dict[int, list[tuple[int, int]]] = {}
    with path.open("rb") as fh:
        header = fh.readline()
        offset = len(header)
        current, start = None, offset
        for line in fh:
            run = int(line.split(b",", 1)[0])
            if run != current:
                if current is not None:
                    blocks.setdefault(current, []).append((start, offset))
                current, start = run, offset
            offset += len(line)
        if current is not None:
            blocks.setdefault(current, []).append((start, offset))
    tmp = path.with_suffix(".tmp")
    with path.open("rb") as src, tmp.open("wb") as dst:
        dst.write(header)
        for run in sorted(blocks):
            for begin, end in blocks[run]:
                src.seek(begin)
                dst.write(src.read(end - begin))
    os.replace(tmp, path)


def git_commit() -> str | None:
    """The commit of the source tree cxsim runs from, if it is a git checkout."""
    root = Path(__file__).resolve().parents[2]
    try:
        out = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None

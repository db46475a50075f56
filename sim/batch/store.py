"""The results store: ``results.csv``, ``timeseries.csv`` and ``manifest.json`` in one output folder.

Each finished run is appended as soon as it completes (weekly rows first, then
its results row, the commit mark; a new file gets its header in the same
write as its first row). One process at a time writes a folder (an exclusive
lock, :mod:`sim.batch.lock`). A killed batch keeps every finished run; a
resumed one keeps only runs recorded whole (:mod:`sim.batch.recovery`) and runs
the rest again. When the batch ends both files are put in run order, so serial,
parallel and resumed batches give identical files. A write that fails (a full
disk, a read-only folder) stops the batch with a message saying what was kept.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.batch.cells import SERIES_COLUMNS, TASK_COLUMNS, cell
from sim.batch.errors import BatchError, not_writable, write_failed
from sim.batch.files import append_bytes, atomic_writer, make_folder, write_text
from sim.batch.lock import LOCK_NAME, folder_lock
from sim.batch.output import versions
from sim.batch.recovery import recover
from sim.batch.seeds import replicate_seeds
from sim.model.metrics import SUMMARY_FIELDS

if TYPE_CHECKING:
    from sim.batch.plan import Plan, Task

__all__ = ["SERIES_COLUMNS", "TASK_COLUMNS", "Store", "cell", "git_commit"]


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
        self.total = len(plan.tasks)
        self.recorded = 0  # runs on disk (recovered ones included)

    # setting up ----------------------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Create the folder and hold its lock (no other process can write it) for the ``with`` block.

        Raises:
            BatchError: the folder cannot be created or written, or another process holds it.
        """
        with contextlib.ExitStack() as stack:
            try:
                make_folder(self.out)
                stack.enter_context(folder_lock(self.out))
            except OSError as exc:
                raise not_writable(exc, self.out) from None
            yield

    def open(self, resume: bool, scenario_path: str | None, scenario_sha: str | None) -> set[int]:
        """Prepare the folder (hold :meth:`locked`); return the runs already recorded whole (none unless resuming).

        Raises:
            BatchError: the folder holds another batch, or runs of this one without ``resume``;
                or it cannot be written.
        """
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
            if not resume and _has_rows(self.results_path):
                raise BatchError(
                    "",
                    "--out",
                    f"{self.out} already holds runs of this batch; nothing was overwritten",
                    allowed="--resume to finish it, or another --out folder",
                )
        elif any(p.name != LOCK_NAME for p in self.out.iterdir()):
            raise BatchError(
                "", "--out", f"{self.out} is not empty and holds no cxsim batch", allowed="an empty or new folder"
            )
        try:
            # Always, even without --resume: weekly rows of a batch killed before its first results row go.
            found = recover(self.plan, self.results_path, self.series_path, self.result_columns, self.series_columns)
            done = set(found.done) if resume else set()
            self.recorded = len(done)
            self._write_manifest(scenario_path, scenario_sha, status="running", done=len(done))
        except OSError as exc:
            raise write_failed(exc, self.recorded, self.total, self.out) from None
        if found.discarded and resume:
            print(
                f"note: {found.discarded} rows in {self.out} were torn, malformed or repeated and were set aside; "
                "their runs are run again",
                file=sys.stderr,
            )
        return done

    def _read_manifest(self) -> dict[str, Any] | None:
        if not self.manifest_path.exists():
            return None
        try:
            manifest = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            manifest = None
        if not isinstance(manifest, dict):
            raise BatchError("", "--out", f"{self.manifest_path} is unreadable", allowed="a cxsim batch folder")
        return manifest

    # recording -----------------------------------------------------------------------------

    def record(self, task: Task, result: Mapping[str, Any]) -> None:
        """Append one finished run: its weekly rows first, then its results row (the commit mark).

        Raises:
            BatchStopped: a write failed; the message says how many runs are kept.
        """
        row = {**task.label(), **dict(task.overrides), **result["summary"]}
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow([cell(row.get(c)) for c in self.result_columns])
        try:
            _append(self.series_path, self.series_columns, result["series_csv"])
            _append(self.results_path, self.result_columns, buf.getvalue())
        except OSError as exc:
            raise write_failed(exc, self.recorded, self.total, self.out) from None
        self.recorded += 1

    def finish(self, scenario_path: str | None, scenario_sha: str | None, wall: float, done: int) -> None:
        """Put both files in run order and mark the batch complete.

        Raises:
            BatchStopped: a write failed (every run is recorded; --resume finishes).
        """
        try:
            _sort_rows(self.results_path)
            _sort_blocks(self.series_path)
            self._write_manifest(scenario_path, scenario_sha, status="complete", done=done, wall=wall)
        except OSError as exc:
            raise write_failed(exc, self.recorded, self.total, self.out) from None

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
        write_text(self.manifest_path, json.dumps(manifest, indent=2, default=str) + "\n")


def _has_rows(path: Path) -> bool:
    """Whether a CSV file holds anything after its header line."""
    if not path.exists():
        return False
    with path.open("rb") as fh:
        fh.readline()
        return bool(fh.read(1))


def _append(path: Path, columns: Sequence[str], text: str) -> None:
    """Append ``text`` (whole lines) in one write, with the header in the same write when the file is new."""
    data = text.encode("utf-8")
    if not path.exists() or path.stat().st_size == 0:
        data = (",".join(columns) + "\n").encode("utf-8") + data
    append_bytes(path, data)


def _sort_rows(path: Path) -> None:
    """Sort a CSV's rows by its first column (the run index); small file, in memory."""
    if not path.exists():
        return
    with path.open("rb") as fh:
        header, *lines = fh.readlines() or [b""]
    lines.sort(key=lambda line: int(line.split(b",", 1)[0]))
    with atomic_writer(path) as dst:
        dst.write(header + b"".join(lines))


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
    with path.open("rb") as src, atomic_writer(path) as dst:
        dst.write(header)
        for run in sorted(blocks):
            for begin, end in blocks[run]:
                src.seek(begin)
                dst.write(src.read(end - begin))


def git_commit() -> str | None:
    """The commit of the source tree cxsim runs from, if it is a git checkout."""
    root = Path(__file__).resolve().parents[2]
    try:
        out = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None

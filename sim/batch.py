"""The batch engine: many independent seeded runs, streamed to disk, on any executor.

A batch is a list of :class:`Task` (parameter point x placement x replicate).
Replicate ``k`` gets the ``k``-th seed spawned from the master seed
(``numpy.random.SeedSequence``), the same for every placement and point, so
arms are compared under common random numbers and each run is reproducible on
its own. Tasks run on any ``concurrent.futures.Executor``: in-process
(:class:`InlineExecutor`), a local process pool, or a Dask cluster through
``Client.get_executor()`` - one code path for all three.

Each finished run is appended to ``results.csv`` (one row) and
``timeseries.csv`` (one row per week) as soon as it completes; nothing is held
until the end. A batch killed at any point keeps every finished run;
``resume=True`` skips them (and discards any half-written run). When the batch
ends both files are put in run order, so serial, parallel and resumed batches
produce identical files.
"""

from __future__ import annotations

import concurrent.futures as cf
import csv
import hashlib
import io
import json
import math
import multiprocessing
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sim.config import Scenario
from sim.errors import ScenarioError
from sim.metrics import SUMMARY_FIELDS
from sim.model import CXModel
from sim.output import versions
from sim.scenario import apply_overrides
from sim.seeds import replicate_seeds

TASK_COLUMNS = ("run", "placement", "point", "replicate", "seed")
SERIES_COLUMNS = (
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
"""Weekly columns kept per run in ``timeseries.csv`` (the full set is in ``sim.metrics.COLUMNS``)."""


class BatchError(ScenarioError):
    """A batch that cannot start as asked (output folder, scheduler, plan)."""


class BatchInterrupted(RuntimeError):
    """The batch was stopped (Ctrl-C); every finished run is on disk."""

    def __init__(self, done: int, total: int, out: Path) -> None:
        self.done, self.total, self.out = done, total, out
        super().__init__(f"interrupted: {done} of {total} runs are recorded in {out}; rerun with --resume to finish")


@dataclass(frozen=True)
class Task:
    """One run of a batch."""

    run: int
    placement: str
    point: int
    overrides: tuple[tuple[str, Any], ...]
    replicate: int
    seed: int

    def label(self) -> dict[str, Any]:
        """The task's identifying columns."""
        return {
            "run": self.run,
            "placement": self.placement,
            "point": self.point,
            "replicate": self.replicate,
            "seed": self.seed,
        }


@dataclass(frozen=True)
class Plan:
    """Everything that defines a batch: what runs, on which scenario, for how long."""

    scenario: Scenario
    tasks: tuple[Task, ...]
    varied: tuple[str, ...]  # override keys that vary between points (columns of results.csv)
    weeks: int
    master_seed: int
    replicates: int
    placements: tuple[str, ...]
    points: tuple[tuple[tuple[str, Any], ...], ...]
    kind: str = "batch"
    meta: Mapping[str, Any] = field(default_factory=dict)

    def digest(self) -> str:
        """Fingerprint of the task list (a folder holds the results of one plan only)."""
        payload = json.dumps(
            {
                "tasks": [
                    (t.placement, t.point, list(map(list, t.overrides)), t.replicate, t.seed) for t in self.tasks
                ],
                "weeks": self.weeks,
            },
            sort_keys=True,
            default=str,
        )
        return hashlib.sha256(payload.encode()).hexdigest()


def make_plan(
    scenario: Scenario,
    placements: Sequence[str],
    replicates: int,
    master_seed: int,
    points: Sequence[Mapping[str, Any]] = ({},),
    weeks: int | None = None,
    kind: str = "batch",
    meta: Mapping[str, Any] | None = None,
) -> Plan:
    """Tasks for every point x placement x replicate, each point validated before anything runs.

    Raises:
        ScenarioError: an unknown placement, or a point whose overrides are not allowed.
    """
    for name in placements:
        if name not in scenario.placements:
            from sim.errors import nearest

            raise ScenarioError(
                scenario.source,
                "placements",
                f"unknown placement '{name}'",
                allowed=", ".join(scenario.placements),
                suggestion=nearest(name, scenario.placements),
            )
    frozen_points = tuple(tuple(sorted(p.items())) for p in points)
    for point in frozen_points:
        apply_overrides(scenario, dict(point), "parameter point")  # raises a clear error for a bad key or value
    horizon = scenario.simulation.weeks if weeks is None else weeks
    apply_overrides(scenario, {"simulation.weeks": horizon}, "--weeks")
    seeds = replicate_seeds(master_seed, replicates)
    varied = tuple(sorted({k for p in frozen_points for k, _ in p}))
    tasks = []
    for p_index, point in enumerate(frozen_points):
        for name in placements:
            for k, seed in enumerate(seeds):
                tasks.append(Task(len(tasks), name, p_index, point, k, seed))
    return Plan(
        scenario=scenario,
        tasks=tuple(tasks),
        varied=varied,
        weeks=horizon,
        master_seed=master_seed,
        replicates=replicates,
        placements=tuple(placements),
        points=frozen_points,
        kind=kind,
        meta=dict(meta or {}),
    )


# --- running one task (in a worker) ---------------------------------------------------------


def run_task(scenario: Scenario, task: Task, weeks: int) -> dict[str, Any]:
    """Run one task to its horizon; return its summary and its weekly rows as CSV text (picklable)."""
    _ALLOCATOR.tune()
    model = CXModel(scenario, placement=task.placement, seed=task.seed, weeks=weeks, overrides=dict(task.overrides))
    model.run()
    summary = model.summary()
    series_csv = _series_csv(task, model.datacollector.model_vars)
    model.release()
    # Agents and model reference each other, so a finished model waits for Python's cyclic
    # collector; its customer arrays (most of its memory) are freed now instead.
    model.customers = None
    del model
    _ALLOCATOR.trim()
    return {"run": task.run, "summary": summary, "series_csv": series_csv}


def _series_csv(task: Task, columns: Mapping[str, list]) -> str:
    """The run's weekly rows as CSV text, formatted in the worker (the parent only appends it)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    head = (task.run, task.placement, task.point, task.replicate)
    picked = [columns[name] for name in SERIES_COLUMNS]
    for i, week in enumerate(columns["week"]):
        writer.writerow([*head, week, *(_cell(col[i]) for col in picked)])
    return buf.getvalue()


class _Allocator:
    """glibc malloc settings for worker processes (a no-op where there is no glibc).

    Dask's nanny starts workers with ``MALLOC_TRIM_THRESHOLD_=65536``, which
    freezes glibc's mmap threshold, so every customer-sized temporary array
    becomes a fresh mmap and runs take about three times as long; where that
    variable is set, the threshold is raised so those arrays stay on the heap.
    Trimming after each run hands freed memory back to the system, so resident
    memory stays flat over thousands of runs.
    """

    M_MMAP_THRESHOLD = -3

    def __init__(self) -> None:
        self._libc: Any = None
        self._tuned = False

    def tune(self) -> None:
        if self._tuned:
            return
        self._tuned = True
        try:
            import ctypes

            self._libc = ctypes.CDLL("libc.so.6")
            if "MALLOC_TRIM_THRESHOLD_" in os.environ:  # set by Dask's nanny; it freezes the mmap threshold
                self._libc.mallopt(self.M_MMAP_THRESHOLD, 64 * 1024 * 1024)
        except (OSError, AttributeError):
            self._libc = None

    def trim(self) -> None:
        if self._libc is not None:
            self._libc.malloc_trim(0)


_ALLOCATOR = _Allocator()


class InlineExecutor(cf.Executor):
    """Runs each task at once in this process: the serial case of the one code path."""

    def submit(self, fn: Callable, /, *args: Any, **kwargs: Any) -> cf.Future:
        future: cf.Future = cf.Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


def local_executor(workers: int) -> cf.Executor:
    """In-process for one worker, else a process pool (spawn, as Mesa requires)."""
    if workers <= 1:
        return InlineExecutor()
    return cf.ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))


def dask_executor(address: str, timeout: float = 20.0) -> tuple[Any, cf.Executor]:
    """(client, executor) for a Dask scheduler at ``address``; a clear error if unreachable."""
    try:
        from dask.distributed import Client
    except ImportError:
        raise BatchError(
            "", "--scheduler", "Dask is not installed", allowed="pip install 'cxsim[cluster]' (dask[distributed])"
        ) from None
    try:
        client = Client(address, timeout=timeout)
    except Exception as exc:
        raise BatchError(
            "",
            "--scheduler",
            f"cannot reach a Dask scheduler at {address} ({exc})",
            allowed="tcp://HOST:PORT of a running scheduler",
        ) from None
    return client, client.get_executor(pure=False)


# --- the store: results on disk -------------------------------------------------------------


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
        csv.writer(buf, lineterminator="\n").writerow([_cell(row.get(c)) for c in self.result_columns])
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


def _cell(value: Any) -> Any:
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
    root = Path(__file__).resolve().parents[1]
    try:
        out = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


# --- the loop ---------------------------------------------------------------------------------


def run_plan(
    plan: Plan,
    out: Path,
    executor: cf.Executor | None = None,
    workers: int = 1,
    resume: bool = False,
    progress: bool = True,
    scenario_path: str | None = None,
    scenario_sha: str | None = None,
    window: int | None = None,
) -> Store:
    """Run every task of ``plan`` not yet recorded in ``out``, recording each as it finishes.

    Args:
        executor: any ``concurrent.futures.Executor`` (default: in-process for one
            worker, else a process pool of ``workers``). It is not shut down here
            unless it was created here.
        window: tasks in flight at once (default 2 x workers); keeps memory flat.

    Raises:
        BatchError: the output folder cannot take this batch.
        BatchInterrupted: Ctrl-C; every finished run is recorded.
    """
    store = Store(out, plan)
    done = store.open(resume, scenario_path, scenario_sha)
    todo = [t for t in plan.tasks if t.run not in done]
    own = executor is None
    pool = local_executor(workers) if own else executor
    limit = window or max(2, 2 * max(1, workers))
    started = time.perf_counter()
    bar = _progress_bar(len(plan.tasks), len(done), progress)
    pending: dict[cf.Future, Task] = {}
    queue = iter(todo)
    finished = len(done)
    try:
        _fill(pool, pending, queue, limit, plan)
        while pending:
            ready, _ = cf.wait(list(pending), return_when=cf.FIRST_COMPLETED)
            for future in ready:
                task = pending.pop(future)
                store.record(task, future.result())
                finished += 1
                bar.update(1)
            _fill(pool, pending, queue, limit, plan)
    except KeyboardInterrupt:
        for future in pending:
            future.cancel()
        if own:
            pool.shutdown(wait=False, cancel_futures=True)
        bar.close()
        raise BatchInterrupted(finished, len(plan.tasks), store.out) from None
    bar.close()
    if own:
        pool.shutdown()
    store.finish(scenario_path, scenario_sha, time.perf_counter() - started, finished)
    return store


def _fill(pool: cf.Executor, pending: dict, queue: Iterable[Task], limit: int, plan: Plan) -> None:
    while len(pending) < limit:
        task = next(queue, None)  # type: ignore[call-overload]
        if task is None:
            return
        pending[pool.submit(run_task, plan.scenario, task, plan.weeks)] = task


def _progress_bar(total: int, initial: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(
        total=total,
        initial=initial,
        unit="run",
        desc="runs",
        file=sys.stderr,
        disable=not enabled,
        dynamic_ncols=True,
        smoothing=0.1,
    )


def plan_as_dict(plan: Plan) -> dict[str, Any]:
    """A JSON-able description of the tasks (for reports)."""
    return {"tasks": [asdict(t) for t in plan.tasks]}

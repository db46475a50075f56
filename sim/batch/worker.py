"""Running one task in a worker process: the model to its horizon, its summary and weekly rows."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Mapping
from typing import Any

from sim.batch.cells import SERIES_COLUMNS, cell
from sim.batch.plan import Task
from sim.model.cxmodel import CXModel
from sim.scenario.config import Scenario


def run_task(scenario: Scenario, task: Task, weeks: int) -> dict[str, Any]:
    """Run one task to its horizon; return its summary and its weekly rows as CSV text (picklable)."""
    _ALLOCATOR.tune()
    model = CXModel(
        scenario,
        placement=task.position or task.placement,
        design=task.design or None,
        seed=task.seed,
        weeks=weeks,
        overrides=dict(task.overrides),
    )
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
        writer.writerow([*head, week, *(cell(col[i]) for col in picked)])
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

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
import sys
import time
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from sim.batch.errors import BatchInterrupted
from sim.batch.executors import local_executor
from sim.batch.plan import Plan, Task
from sim.batch.store import Store
from sim.batch.worker import run_task


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

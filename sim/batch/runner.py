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
from collections.abc import Callable, Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from sim.batch.errors import BatchInterrupted, BatchStopped
from sim.batch.executors import local_executor, lost_errors
from sim.batch.plan import Plan, Task
from sim.batch.store import Store
from sim.batch.worker import run_task

HEALTH_SECONDS = 1.0
"""How often the loop asks ``health`` whether to go on while no run finishes."""


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
    health: Callable[[], str | None] | None = None,
) -> Store:
    """Run every task of ``plan`` not yet recorded in ``out``, recording each as it finishes.

    Args:
        executor: any ``concurrent.futures.Executor`` (default: in-process for one
            worker, else a process pool of ``workers``). It is not shut down here
            unless it was created here.
        window: tasks in flight at once (default 2 x workers); keeps memory flat.
        health: called when no run finished for a second; a reason (text) ends the
            batch, keeping what finished (see :class:`sim.batch.executors.WorkerWatch`).

    Raises:
        BatchError: the output folder cannot take this batch (another process holds it, say).
        BatchStopped: a write failed or the executor went away; every finished run is recorded.
        BatchInterrupted: Ctrl-C; every finished run is recorded.
    """
    store = Store(out, plan)
    with store.locked():
        done = store.open(resume, scenario_path, scenario_sha)
        todo = [t for t in plan.tasks if t.run not in done]
        own = executor is None
        pool = local_executor(min(workers, max(1, len(todo)))) if own else executor
        limit = window or max(2, 2 * max(1, workers))
        started = time.perf_counter()
        bar = _progress_bar(len(plan.tasks), len(done), progress)
        pending: dict[cf.Future, Task] = {}
        queue = iter(todo)
        lost = lost_errors(local=own)
        try:
            _fill(pool, pending, queue, limit, plan, store, lost, own)
            while pending:
                ready, _ = cf.wait(
                    list(pending), timeout=HEALTH_SECONDS if health else None, return_when=cf.FIRST_COMPLETED
                )
                if not ready and health is not None and (reason := health()):
                    raise BatchStopped(reason, store.recorded, store.total, store.out, _remedy(own))
                failure = None
                for future in [f for f in pending if f in ready]:  # in submission order
                    task = pending.pop(future)
                    try:
                        result = future.result()
                    except lost as exc:  # the executor failed, not the task: record the others first
                        failure = failure or exc
                        continue
                    store.record(task, result)
                    bar.update(1)
                if failure is not None:
                    raise _stopped(failure, store, own)
                _fill(pool, pending, queue, limit, plan, store, lost, own)
        except KeyboardInterrupt:
            _abandon(pool, pending, own, bar)
            raise BatchInterrupted(store.recorded, store.total, store.out) from None
        except BaseException:
            _abandon(pool, pending, own, bar)
            raise
        bar.close()
        if own:
            pool.shutdown()
        store.finish(scenario_path, scenario_sha, time.perf_counter() - started, store.recorded)
    return store


def _stopped(exc: BaseException, store: Store, own: bool) -> BatchStopped:
    """The executor, not a task, failed: say so, with what was kept."""
    detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    reason = f"a worker process died ({detail})" if own else f"the cluster running the runs went away ({detail})"
    return BatchStopped(reason, store.recorded, store.total, store.out, _remedy(own))


def _remedy(own: bool) -> str:
    return "check the machine's memory (fewer --workers use less)" if own else "restart the scheduler and its workers"


def _abandon(pool: cf.Executor, pending: dict[cf.Future, Task], own: bool, bar: Any) -> None:
    """Stop what is in flight (finished runs are already on disk)."""
    for future in pending:
        future.cancel()
    if own:
        pool.shutdown(wait=False, cancel_futures=True)
    bar.close()


def _fill(
    pool: cf.Executor,
    pending: dict,
    queue: Iterable[Task],
    limit: int,
    plan: Plan,
    store: Store,
    lost: tuple[type[BaseException], ...],
    own: bool,
) -> None:
    while len(pending) < limit:
        task = next(queue, None)  # type: ignore[call-overload]
        if task is None:
            return
        try:
            pending[pool.submit(run_task, plan.scenario, task, plan.weeks)] = task
        except (*lost, RuntimeError) as exc:  # RuntimeError: submitting to a pool that was shut down
            raise _stopped(exc, store, own) from None


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

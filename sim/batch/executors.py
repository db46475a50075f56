"""Where tasks run: in this process, a local process pool, or a Dask cluster - one Executor interface."""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
import time
from collections.abc import Callable
from typing import Any

from sim.batch.errors import BatchError
from sim.batch.lifeline import die_with_parent


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
    """In-process for one worker, else a process pool (spawn, as Mesa requires) whose workers die with this process."""
    if workers <= 1:
        return InlineExecutor()
    return cf.ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    )


def usable_cores() -> int:
    """Cores this process may run on (its CPU affinity where the system tells, else the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def lost_errors(local: bool) -> tuple[type[BaseException], ...]:
    """Exceptions a future raises when the executor, not the task, failed (a dead worker or scheduler)."""
    errors: list[type[BaseException]] = [cf.CancelledError, cf.BrokenExecutor]
    if not local:
        errors.append(OSError)  # connection errors; Dask's CommClosedError is one
        try:
            from distributed import KilledWorker

            errors.append(KilledWorker)
        except ImportError:
            pass
    return tuple(errors)


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


class WorkerWatch:
    """Says when a Dask scheduler has had no workers, or been unreachable, for ``timeout`` seconds.

    Called by the batch loop whenever no run finished for a while; returns the
    reason to stop, or None while workers are there (or the timeout has not passed).
    """

    def __init__(self, client: Any, address: str, timeout: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.client, self.address, self.timeout, self.clock = client, address, timeout, clock
        self.last_seen = clock()

    def __call__(self) -> str | None:
        now = self.clock()
        try:
            workers = len(self.client.scheduler_info()["workers"])
        except Exception:  # a scheduler that went away counts as one without workers
            workers = 0
        if workers:
            self.last_seen = now
            return None
        if now - self.last_seen < self.timeout:
            return None
        return f"the Dask scheduler at {self.address} has had no workers for {self.timeout:g} s (--scheduler-timeout)"

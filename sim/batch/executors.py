"""Where tasks run: in this process, a local process pool, or a Dask cluster - one Executor interface."""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
from collections.abc import Callable
from typing import Any

from sim.batch.errors import BatchError


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

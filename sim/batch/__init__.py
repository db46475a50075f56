"""Running many runs: plans and seeds, sampling designs, executors (in-process, pool, Dask), the results store.

Every batch command and the validation studies run models through here; it may
import :mod:`sim.model` and the layers below it, never the analysis of results.
"""

from sim.batch.errors import BatchError, BatchInterrupted
from sim.batch.executors import InlineExecutor, dask_executor, local_executor
from sim.batch.plan import Arm, Plan, Task, arms_for, make_plan
from sim.batch.runner import plan_as_dict, run_plan
from sim.batch.store import SERIES_COLUMNS, TASK_COLUMNS, Store, git_commit
from sim.batch.worker import run_task

__all__ = [
    "SERIES_COLUMNS",
    "TASK_COLUMNS",
    "Arm",
    "BatchError",
    "BatchInterrupted",
    "InlineExecutor",
    "Plan",
    "Store",
    "Task",
    "arms_for",
    "dask_executor",
    "git_commit",
    "local_executor",
    "make_plan",
    "plan_as_dict",
    "run_plan",
    "run_task",
]

"""Reading back what a batch folder holds before more runs are added: only whole, valid runs are kept.

A run counts as recorded when its ``results.csv`` row and every one of its
weekly ``timeseries.csv`` rows (weeks 0 to the horizon, in order, once) are
intact: the right number of fields, the identifying columns of that very task,
and every value a cell the store could have written. Anything else - a torn or
short row, a value cut short, a run written twice, a block of weekly rows
without its results row - is discarded and the run is run again; it is never
read. A file holding only a torn header (a disk that filled before the first
write) counts as not started.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sim.batch.cells import cell, is_cell
from sim.batch.errors import BatchError
from sim.batch.files import atomic_writer

if TYPE_CHECKING:
    from sim.batch.plan import Plan, Task


@dataclass(frozen=True)
class Recovered:
    """What a folder holds that can be trusted."""

    done: frozenset[int]  # runs recorded whole in both files
    discarded: int  # rows set aside (torn, malformed, repeated, or of a run that is not whole)


def recover(
    plan: Plan, results: Path, series: Path, result_columns: Sequence[str], series_columns: Sequence[str]
) -> Recovered:
    """Validate both files, rewrite them with only whole runs (atomically), and return those runs.

    Raises:
        BatchError: a file's header is not this batch's (the folder was written by something else).
        OSError: a file cannot be read or rewritten.
    """
    tasks = {t.run: t for t in plan.tasks}
    rows, row_runs, bad_rows = _valid_results(results, result_columns, tasks)
    weekly, bad_series = _weekly_rows(series, series_columns, tasks)
    whole = {run for run, n in weekly.items() if n == plan.weeks + 1}
    done = frozenset(row_runs) & whole
    kept_rows = [line for run, line in zip(row_runs, rows, strict=True) if run in done]
    set_aside = sum(n for run, n in weekly.items() if run not in done)
    torn = _torn_tail(results) + _torn_tail(series)
    discarded = bad_rows + bad_series + set_aside + (len(rows) - len(kept_rows)) + torn
    if discarded or not _has_header(results, result_columns) or not _has_header(series, series_columns):
        _rewrite(results, result_columns, iter(kept_rows))
        _rewrite(series, series_columns, _series_lines(series, done))
    return Recovered(done, discarded)


def _header(columns: Sequence[str]) -> bytes:
    return (",".join(columns) + "\n").encode("utf-8")


def _has_header(path: Path, columns: Sequence[str]) -> bool:
    if not path.exists():
        return True  # nothing to repair: the first append writes it
    header = _header(columns)
    with path.open("rb") as fh:
        return fh.read(len(header)) == header


def _torn_tail(path: Path) -> int:
    """1 when ``path`` ends inside a line (a write cut short), else 0.

    Such a fragment is never read, but it must go before the next append, which
    would otherwise join its first row onto the fragment.
    """
    if not path.exists() or path.stat().st_size == 0:
        return 0
    with path.open("rb") as fh:
        fh.seek(-1, 2)
        return int(fh.read(1) != b"\n")


def _lines(path: Path, columns: Sequence[str]) -> Iterator[bytes]:
    """The complete lines after the header; a torn header with nothing after it is a file not started."""
    if not path.exists():
        return
    header = _header(columns)
    with path.open("rb") as fh:
        first = fh.readline()
        if first != header:
            rest = fh.read(1)
            if not rest and (not first.endswith(b"\n") or not first.strip()):
                return  # torn or empty header and no rows: not started
            raise BatchError(
                "",
                "--out",
                f"{path} does not start with this batch's header; it was not written by this batch",
                allowed="another --out folder, or remove this one",
            )
        for line in fh:
            if line.endswith(b"\n"):
                yield line  # a last line without its newline is torn: never read


def _fields(line: bytes) -> list[str] | None:
    try:
        return next(csv.reader([line.decode("utf-8")]))
    except (UnicodeDecodeError, csv.Error, StopIteration):
        return None


def _valid_results(path: Path, columns: Sequence[str], tasks: dict[int, Task]) -> tuple[list[bytes], list[int], int]:
    """(lines, their runs, rows discarded): each run's first valid row, in file order."""
    lines: list[bytes] = []
    runs: list[int] = []
    seen: set[int] = set()
    bad = 0
    for line in _lines(path, columns):
        fields = _fields(line)
        run = _run_of(line)
        task = tasks.get(run) if run is not None else None
        if task is None or fields is None or len(fields) != len(columns) or run in seen:
            bad += 1
            continue
        if not _result_row_ok(fields, task, columns):
            bad += 1
            continue
        lines.append(line)
        runs.append(run)
        seen.add(run)
    return lines, runs, bad


def _result_row_ok(fields: list[str], task: Task, columns: Sequence[str]) -> bool:
    row = {**task.label(), **dict(task.overrides)}
    for name, text in zip(columns, fields, strict=True):
        if name in row:
            if text != str(cell(row[name])):
                return False
        elif not is_cell(text):
            return False
    return True


def _weekly_rows(path: Path, columns: Sequence[str], tasks: dict[int, Task]) -> tuple[dict[int, int], int]:
    """(valid weekly rows per run, rows discarded); a run with any bad or out-of-order row counts as having none."""
    next_week: dict[int, int] = {}
    broken: dict[int, int] = {}
    bad = 0
    for line in _lines(path, columns):
        run = _run_of(line)
        task = tasks.get(run) if run is not None else None
        if task is None:
            bad += 1
            continue
        fields = _fields(line)
        expected = next_week.get(run, 0)
        head = [str(task.run), task.placement, str(task.point), str(task.replicate), str(expected)]
        if (
            run in broken
            or fields is None
            or len(fields) != len(columns)
            or fields[:5] != head
            or not all(is_cell(t) for t in fields[5:])
        ):
            broken[run] = broken.get(run, next_week.pop(run, 0)) + 1
            continue
        next_week[run] = expected + 1
    return next_week, bad + sum(broken.values())


def _run_of(line: bytes) -> int | None:
    """The run a line belongs to (its first field), or None."""
    first = line.split(b",", 1)[0]
    return int(first) if first.isdigit() else None


def _series_lines(path: Path, done: frozenset[int]) -> Iterator[bytes]:
    if not path.exists():
        return
    with path.open("rb") as fh:
        fh.readline()
        for line in fh:
            if line.endswith(b"\n") and _run_of(line) in done:
                yield line


def _rewrite(path: Path, columns: Sequence[str], lines: Iterator[bytes]) -> None:
    """Replace ``path`` with its header and ``lines``; a file left with no row is removed (the first append
    then writes header and row together)."""
    first = next(lines, None)
    if first is None:
        path.unlink(missing_ok=True)
        return
    with atomic_writer(path) as fh:
        fh.write(_header(columns))
        fh.write(first)
        for line in lines:
            fh.write(line)

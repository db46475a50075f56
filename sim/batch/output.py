"""Writing a run's results: weekly time series, per-initiative table and a manifest."""

from __future__ import annotations

import csv
import io
import json
import math
import platform
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

import mesa

from sim.batch.errors import BatchError, not_writable
from sim.batch.files import make_folder, write_text
from sim.model.initiatives import INITIATIVE_COLUMNS
from sim.model.metrics import COLUMNS

RUN_MARKER = ".cxsim-run"
"""Marks a folder ``cxsim run`` created, which a later run may write again."""


def prepare_run_folder(out: Path, force: bool = False) -> None:
    """Make ``out`` ready for ``cxsim run``'s files before anything is simulated.

    A missing or empty folder is created and marked; a folder holding anything
    else is refused unless an earlier ``cxsim run`` made it (or ``force``).
    Writing the mark proves the folder is writable.

    Raises:
        BatchError: the folder holds other files, is a symbolic link or a file, or cannot be written.
    """
    out = Path(out)
    ours = force or (out / RUN_MARKER).is_file()
    if out.is_dir() and not out.is_symlink() and not ours and any(out.iterdir()):
        raise BatchError(
            "",
            "--out",
            f"{out} is not empty and was not written by cxsim run; nothing was written",
            allowed="an empty or new folder, or --force to write into this one",
        )
    try:
        make_folder(out)
        write_text(out / RUN_MARKER, "written by cxsim run; a later cxsim run may overwrite this folder\n")
    except OSError as exc:
        raise not_writable(exc, out) from None


def write_csv(path: Path, rows: Iterable[Mapping[str, Any]], columns: list[str]) -> None:
    """Write ``rows`` (dicts) to ``path`` with the given column order (atomically, never through a symlink)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in columns})
    write_text(path, buf.getvalue())


def _cell(value: Any) -> Any:
    if isinstance(value, float):  # numpy floats too
        return "" if math.isnan(value) else repr(round(float(value), 6))
    return "" if value is None else value


def timeseries_rows(model) -> list[dict[str, Any]]:
    """The DataCollector's weekly columns as one dict per week."""
    cols = model.datacollector.model_vars
    n = len(cols["week"])
    return [{name: cols[name][i] for name in COLUMNS} for i in range(n)]


def versions() -> dict[str, str]:
    """Versions that determine a run's results."""
    import numpy
    import scipy

    return {
        "cxsim": cxsim_version(),
        "mesa": mesa.__version__,
        "numpy": numpy.__version__,
        "scipy": scipy.__version__,
        "python": platform.python_version(),
    }


def write_run(out: Path, model, scenario_path: str, scenario_hash: str | None, wall_seconds: float) -> None:
    """Write ``timeseries.csv``, ``initiatives.csv`` and ``manifest.json`` for one finished run.

    Raises:
        OSError: a file cannot be written, or a symbolic link sits where one belongs (never followed).
    """
    make_folder(out)
    write_csv(out / "timeseries.csv", timeseries_rows(model), list(COLUMNS))
    write_csv(out / "initiatives.csv", model.initiatives_table(), list(INITIATIVE_COLUMNS))
    manifest = {
        "scenario": scenario_path,
        "scenario_sha256": scenario_hash,
        "scenario_name": model.cfg.scenario.name,
        "placement": model.placement_name,
        "placement_values": _plain(model.placement),
        "design": model.design_name,
        "design_values": _plain(model.design),
        "seed": model._seed,
        "weeks": model.weeks,
        "versions": versions(),
        "wall_seconds": round(wall_seconds, 4),
        "summary": {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in model.summary().items()},
    }
    write_text(out / "manifest.json", json.dumps(manifest, indent=2) + "\n")


def _plain(obj: Any) -> dict[str, Any]:
    import dataclasses

    return dataclasses.asdict(obj)


def cxsim_version() -> str:
    """The installed cxsim version (read from the package metadata, so the batch layer need not import ``sim``)."""
    try:
        return metadata.version("cxsim")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"

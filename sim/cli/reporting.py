"""Building a batch folder's tables, figures and report from the command line, refusing what cannot be analysed.

The checks run before any analysis, so a folder that cannot give a report
(a malformed ``manifest.json``, a metric undefined for an arm everywhere, a
symbolic link inside it, a folder that cannot be written) is one paragraph and exit 2; the recorded runs
are never touched.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from sim.analysis import comparison, report
from sim.batch.files import symlinks_under
from sim.batch.lock import folder_lock
from sim.model.metrics import SUMMARY_FIELDS
from sim.scenario.errors import ScenarioError

MANIFEST_FIELDS: dict[str, type | tuple[type, ...]] = {
    "kind": str,
    "placements": list,
    "master_seed": int,
    "replicates": int,
    "weeks": int,
    "tasks": int,
    "varied": list,
    "points": list,
    "meta": dict,
}
"""The keys of ``manifest.json`` the report reads, and their JSON types."""


def build_report(out: Path, key: str = "--out") -> Path:
    """Check the folder can be analysed, then (re)build its report; return the report's path.

    The folder's lock is held throughout, so a batch never writes it while the report reads or writes.

    Raises:
        ScenarioError: the manifest is malformed, a metric cannot be analysed, another process holds the
            folder, or the folder cannot be written.
    """
    try:
        with folder_lock(out):
            manifest = read_manifest(out, key)
            results = read_results(out, key)
            check_metrics(out, manifest, results, key)
            check_no_symlinks(out, key)
            return report.build(out)
    except OSError as exc:
        raise ScenarioError(
            "",
            key,
            f"cannot write the report in {out}: {exc.strerror or exc}; the recorded runs are kept",
            allowed=f"free space or make the folder writable, then run: cxsim report {out}",
        ) from None


def check_no_symlinks(out: Path, key: str) -> None:
    """The report's writers (pandas, matplotlib) follow links, so a folder holding one is refused."""
    links = symlinks_under(out)
    if links:
        raise ScenarioError(
            "",
            key,
            f"{links[0]} is a symbolic link; cxsim never writes through one, so no report was built "
            f"(the recorded runs are kept in {out})",
            allowed=f"remove the link, then run: cxsim report {out}",
        )


def read_manifest(out: Path, key: str) -> dict[str, Any]:
    """``manifest.json`` of a batch folder, checked for the keys and types the report reads."""
    path = out / "manifest.json"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScenarioError("", key, f"{out} holds no manifest.json", allowed=_BATCH_FOLDER) from None
    except (OSError, ValueError) as exc:
        raise ScenarioError("", key, f"{path} cannot be read as JSON ({exc})", allowed=_BATCH_FOLDER) from None
    if not isinstance(manifest, dict):
        raise ScenarioError("", key, f"{path} is not a JSON object", allowed=_BATCH_FOLDER)
    for name, kind in MANIFEST_FIELDS.items():
        value = manifest.get(name)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise ScenarioError(
                "",
                key,
                f"{path} has no valid '{name}' (expected {_json_kind(kind)})",
                allowed=f"a manifest.json as cxsim writes it ({_BATCH_FOLDER})",
            )
    if manifest["kind"] not in report.BUILDERS:
        raise ScenarioError(
            "", key, f"{path} names an unknown kind '{manifest['kind']}'", allowed=", ".join(report.BUILDERS)
        )
    if not manifest["placements"] or not all(isinstance(p, str) for p in manifest["placements"]):
        raise ScenarioError("", key, f"{path} lists no arms under 'placements'", allowed="a list of arm names")
    meta = manifest["meta"]
    if manifest["kind"] == "sensitivity" and not (
        meta.get("method") in ("morris", "sobol")
        and isinstance(meta.get("problem"), dict)
        and isinstance(meta.get("sample"), list)
    ):
        raise ScenarioError(
            "", key, f"{path} lacks the sensitivity design under 'meta'", allowed="method, problem and sample"
        )
    metrics = meta.get("metrics", [])
    if not isinstance(metrics, list) or not all(m in SUMMARY_FIELDS for m in metrics):
        raise ScenarioError(
            "", key, f"{path} has unknown metrics under 'meta.metrics'", allowed=", ".join(SUMMARY_FIELDS)
        )
    return manifest


def read_results(out: Path, key: str) -> pd.DataFrame:
    """``results.csv`` of a batch folder, with the columns every analysis reads."""
    path = out / "results.csv"
    try:
        results = pd.read_csv(path)
    except FileNotFoundError:
        raise ScenarioError("", key, f"{out} holds no results.csv", allowed=_BATCH_FOLDER) from None
    except (OSError, ValueError) as exc:  # pandas' parser errors are ValueErrors
        raise ScenarioError("", key, f"{path} cannot be read as CSV ({exc})", allowed=_BATCH_FOLDER) from None
    missing = [c for c in ("run", "placement", "point", "replicate", "seed") if c not in results.columns]
    if missing or results.empty:
        what = f"has no column {', '.join(missing)}" if missing else "holds no runs"
        raise ScenarioError("", key, f"{path} {what}", allowed=_BATCH_FOLDER)
    return results


def check_metrics(out: Path, manifest: dict[str, Any], results: pd.DataFrame, key: str) -> None:
    """A robustness analysis needs, per metric, sampled conditions where every arm has a value."""
    if manifest["kind"] != "robust":
        return
    arms = list(dict.fromkeys(results["placement"]))
    for metric in manifest["meta"].get("metrics") or comparison.MAIN_METRICS:
        if metric not in results.columns:
            raise ScenarioError("", key, f"{out / 'results.csv'} has no column '{metric}'", allowed=_BATCH_FOLDER)
        means = results.pivot_table(index="point", columns="placement", values=metric, aggfunc="mean")
        means = means.reindex(columns=arms)
        if not means.dropna().empty:
            continue
        empty = [a for a in arms if means[a].isna().all()]
        why = (
            f"is undefined for {', '.join(repr(a) for a in empty)} at every sampled condition"
            if empty
            else "is undefined for some arm at every sampled condition"
        )
        raise ScenarioError(
            "",
            "--metrics",
            f"'{metric}' {why}, so the arms cannot be ranked on it; the runs are kept in {out}",
            allowed="metrics every arm has a value of (the runs are reused: rerun with other --metrics and --resume)",
        )


_BATCH_FOLDER = "a folder written by compare, sweep, sensitivity, robust or decompose"


def _json_kind(kind: type | tuple[type, ...]) -> str:
    names = {str: "a string", int: "an integer", list: "a list", dict: "an object"}
    return names.get(kind, "a value") if isinstance(kind, type) else "a value"

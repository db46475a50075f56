"""The "20 seeds" view: the spread behind one run, from the same seeds the lesson cards quote.

A single run is one draw of events and customers. :func:`compute` runs the
arms the page shows (placement A, placement B, and the previous run's A when
a lever was moved) on 20 replicate seeds spawned from 1 - the seeds
``scripts/measure_lessons.py`` measures the lesson cards' figures with - in
worker processes, and summarises each weekly series as a mean with its 95%
confidence band (the "± 95% CI" of the cards) and the range holding the middle
80% of seeds. Finished results are kept in a small cache shared by every tab,
so a class opening the same lesson waits only once.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import stats

from sim.batch.seeds import replicate_seeds

REPLICATES = 20
ROOT_SEED = 1
SERIES = ("follow_through", "nps", "retention", "participant_willingness", "capability", "unhandled_contacts")
"""Weekly columns each replicate returns."""

FINALS: tuple[tuple[str, str], ...] = (
    ("follow_through_final", "follow-through (final)"),
    ("nps_final", "NPS (final)"),
    ("nps_mean", "NPS (averaged over the run)"),
    ("retention_final", "retention (final)"),
    ("participants_final", "willingness of customers who took part (final)"),
    ("initiatives_approved", "initiatives approved"),
    ("initiatives_completed", "initiatives completed"),
    ("initiatives_abandoned", "initiatives abandoned"),
    ("skill_final", "departments' CX skill (final)"),
    ("leader_departures", "CX leader departures"),
    ("unanswered_peak", "unanswered contacts (worst week)"),
)
"""End-of-run figures in the table, with their labels."""

CACHE_SIZE = 16
_cache: OrderedDict[BandRequest, BandResult] = OrderedDict()
_cache_lock = threading.Lock()
_compute_lock = threading.Lock()  # one 20-seed job at a time on the server: the machine has few cores


@dataclass(frozen=True, slots=True)
class BandArm:
    """One arm to replicate: its role in the page, label, placement and scenario overrides."""

    role: str
    label: str
    placement: str
    overrides: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class BandRequest:
    """What to replicate: a scenario file (None = built-in default), the arms, how many seeds from which root."""

    scenario: Path | None
    arms: tuple[BandArm, ...]
    replicates: int = REPLICATES
    root_seed: int = ROOT_SEED
    weeks: int | None = None


@dataclass(frozen=True, slots=True)
class ArmBand:
    """One arm over the replicates: weekly mean, 95% CI of the mean, middle-80% range; end-of-run values."""

    arm: BandArm
    mean: dict[str, np.ndarray]
    ci_low: dict[str, np.ndarray]
    ci_high: dict[str, np.ndarray]
    p10: dict[str, np.ndarray]
    p90: dict[str, np.ndarray]
    finals: dict[str, np.ndarray]


@dataclass(frozen=True, slots=True)
class BandResult:
    """Every arm's band, and how long the replicates took."""

    request: BandRequest
    arms: tuple[ArmBand, ...]
    seconds: float

    def arm(self, role: str) -> ArmBand | None:
        """The band of the arm playing ``role``."""
        return next((a for a in self.arms if a.arm.role == role), None)


def mean_ci(values: np.ndarray) -> tuple[float, float]:
    """Mean and half-width of its 95% confidence interval (t distribution), ignoring NaN."""
    data = np.asarray(values, dtype=float)
    data = data[np.isfinite(data)]
    if data.size == 0:
        return math.nan, math.nan
    if data.size == 1:
        return float(data[0]), math.nan
    half = stats.t.ppf(0.975, data.size - 1) * data.std(ddof=1) / math.sqrt(data.size)
    return float(data.mean()), float(half)


def paired_difference(result: BandResult, key: str, first: str, second: str) -> tuple[float, float]:
    """Mean and 95% CI half-width of ``second`` minus ``first`` on the same seeds (common random numbers)."""
    a, b = result.arm(first), result.arm(second)
    if a is None or b is None:
        return math.nan, math.nan
    return mean_ci(b.finals[key] - a.finals[key])


def run_one(scenario: str | None, placement: str, overrides: tuple, seed: int, weeks: int | None) -> dict[str, Any]:
    """One replicate (runs in a worker process): the weekly series and the end-of-run figures."""
    from sim.model.cxmodel import CXModel

    model = CXModel(scenario, placement=placement, seed=seed, weeks=weeks, overrides=dict(overrides))
    model.run()
    columns = model.datacollector.model_vars
    series = {name: np.asarray(columns[name], dtype=float) for name in SERIES}
    summary = model.summary(programme_value=False)  # the band shows no NPV: skip the twin
    finals = {
        "follow_through_final": summary["follow_through_final"],
        "nps_final": summary["nps_final"],
        "nps_mean": summary["nps_mean"],
        "retention_final": summary["retention_final"],
        "participants_final": float(series["participant_willingness"][-1]),
        "initiatives_approved": summary["initiatives_approved"],
        "initiatives_completed": summary["initiatives_completed"],
        "initiatives_abandoned": summary["initiatives_abandoned"],
        "skill_final": float(series["capability"][-1]),
        "leader_departures": summary["leader_departures"],
        "unanswered_peak": float(np.nanmax(series["unhandled_contacts"])),
    }
    model.release()
    return {"series": series, "finals": finals}


def cached(request: BandRequest) -> BandResult | None:
    """A finished result for ``request``, if one is in the cache."""
    with _cache_lock:
        result = _cache.get(request)
        if result is not None:
            _cache.move_to_end(request)
        return result


def compute(
    request: BandRequest,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
    workers: int | None = None,
) -> BandResult | None:
    """Run every arm of ``request`` on its replicate seeds; None if cancelled.

    ``progress(done, total)`` is called as replicates finish; ``cancel`` stops
    the job (unstarted replicates are dropped). Worker processes are started
    for the job and stopped when it ends, so nothing keeps running afterwards.
    """
    found = cached(request)
    if found is not None:
        return found
    cancel = cancel or threading.Event()
    with _compute_lock:
        found = cached(request)  # another tab may have computed it while this one waited
        if found is not None:
            return found
        if cancel.is_set():
            return None
        started = time.perf_counter()
        seeds = replicate_seeds(request.root_seed, request.replicates)
        scenario = None if request.scenario is None else str(request.scenario)
        jobs = [(i, r) for i in range(len(request.arms)) for r in range(len(seeds))]
        total = len(jobs)
        outputs: dict[tuple[int, int], dict[str, Any]] = {}
        count = workers or min(2, os.cpu_count() or 1)
        # Mesa already forces "spawn"; ask for it explicitly so the server's threads are never forked.
        with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn")) as pool:
            pending = {
                pool.submit(
                    run_one, scenario, request.arms[i].placement, request.arms[i].overrides, seeds[r], request.weeks
                ): (i, r)
                for i, r in jobs
            }
            while pending:
                done, _ = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
                if cancel.is_set():
                    for future in pending:
                        future.cancel()
                    return None
                for future in done:
                    outputs[pending.pop(future)] = future.result()
                if done and progress is not None:
                    progress(len(outputs), total)
        arms = tuple(
            _summarise(arm, [outputs[(i, r)] for r in range(len(seeds))]) for i, arm in enumerate(request.arms)
        )
        result = BandResult(request, arms, time.perf_counter() - started)
    with _cache_lock:
        _cache[request] = result
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return result


def _summarise(arm: BandArm, runs: list[dict[str, Any]]) -> ArmBand:
    mean, low, high, p10, p90 = {}, {}, {}, {}, {}
    for name in SERIES:
        data = np.vstack([run["series"][name] for run in runs])
        finite = np.isfinite(data)
        n = finite.sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            m = np.where(n > 0, np.nansum(np.where(finite, data, 0.0), axis=0) / np.maximum(n, 1), np.nan)
            sd = np.sqrt(np.nansum(np.where(finite, (data - m) ** 2, 0.0), axis=0) / np.maximum(n - 1, 1))
            t = stats.t.ppf(0.975, np.maximum(n - 1, 1))
            half = np.where(n > 1, t * sd / np.sqrt(np.maximum(n, 1)), np.nan)
        mean[name], low[name], high[name] = m, m - half, m + half
        all_nan = n == 0
        safe = np.where(finite, data, np.nan)
        with np.errstate(all="ignore"):
            p10[name] = np.where(all_nan, np.nan, np.nanpercentile(np.where(all_nan, 0.0, safe), 10, axis=0))
            p90[name] = np.where(all_nan, np.nan, np.nanpercentile(np.where(all_nan, 0.0, safe), 90, axis=0))
    finals = {key: np.asarray([run["finals"][key] for run in runs], dtype=float) for key, _label in FINALS}
    return ArmBand(arm, mean, low, high, p10, p90, finals)

"""Calibration: the model's values against published figures, each with its band and source.

``cxsim calibrate`` runs every shipped organisation (``scenarios/*.toml``) under
its own placement for a number of seeds and reports, per target, the model's
value with a 95% confidence interval and whether it falls inside the band the
literature gives. Targets are data (:data:`TARGETS`); docs/ODD.md section 6
documents each with its source.
"""

from __future__ import annotations

import concurrent.futures as cf
import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sim.analysis.stats import Estimate, estimate
from sim.analysis.tables import render
from sim.batch import local_executor
from sim.batch.seeds import replicate_seeds
from sim.model.cxmodel import CXModel
from sim.model.metrics import settled_and_failed
from sim.scenario.load import load_scenario

ROOT = Path(__file__).resolve().parents[2]
WEEKS_PER_MONTH = 52.0 / 12.0
MASTER_SEED = 2026


@dataclass(frozen=True)
class RunFigures:
    """What one finished run contributes to the calibration targets."""

    nps_final: float
    monthly_churn: float  # customers lost per month / mean active customers
    leader_weeks: float  # weeks a CX leader was in post
    leader_departures: int
    settled: int  # launched initiatives whose fate is known
    failed: int  # of which stalled, abandoned, or completed without a measured gain


def measure_run(scenario_path: str, seed: int) -> RunFigures:
    """Run ``scenario_path`` under its own placement on ``seed`` and read the calibration figures."""
    model = CXModel(scenario_path, seed=seed)
    model.run()
    model.release()
    s = model.summary(programme_value=False)
    columns = model.datacollector.model_vars
    active = np.asarray(columns["customers_active"][1:], dtype=float)
    churned = model.customers.departed  # since week 0 (not those who left in the firm's past)
    months = model.weeks / WEEKS_PER_MONTH
    settled, failed = settled_and_failed(model.portfolio)
    return RunFigures(
        nps_final=float(s["nps_final"]),
        monthly_churn=churned / months / float(active.mean()),
        leader_weeks=float(np.sum(columns["leader_present"][1:])),
        leader_departures=int(s["leader_departures"]),
        settled=len(settled),
        failed=len(failed),
    )


def pooled_ratio(numerators: np.ndarray, denominators: np.ndarray, resamples: int = 2000) -> Estimate:
    """sum(num) / sum(den) with a percentile bootstrap 95% CI over runs (seeded, so reproducible)."""
    num, den = np.asarray(numerators, float), np.asarray(denominators, float)
    value = num.sum() / den.sum() if den.sum() > 0 else np.nan
    rng = np.random.default_rng(MASTER_SEED)  # resampling only: not a model draw
    picks = rng.integers(0, num.size, size=(resamples, num.size))
    with np.errstate(divide="ignore", invalid="ignore"):
        boot = num[picks].sum(axis=1) / den[picks].sum(axis=1)
    boot = boot[np.isfinite(boot)]
    low, high = np.percentile(boot, [2.5, 97.5]) if boot.size else (np.nan, np.nan)
    return Estimate(float(value), float(np.std(boot, ddof=1)) if boot.size > 1 else np.nan, low, high, num.size)


@dataclass(frozen=True)
class Target:
    """A published figure: what is measured, on which organisation, its band and its source."""

    name: str
    scenario: str  # file stem under scenarios/
    low: float
    high: float
    unit: str
    source: str
    measure: Callable[[Sequence[RunFigures]], Estimate]
    # Why the model currently misses this band, when it does (empty: it is inside). Nothing is
    # re-tuned to bring a target back; the miss is documented and a test notices when it changes.
    documented_miss: str = ""


def _tenure_months(runs: Sequence[RunFigures]) -> Estimate:
    # Completed tenures alone are biased short (long ones outlast the run): weeks in post over
    # departures is the censoring-aware (exponential) estimate of the mean tenure.
    est = pooled_ratio(np.array([r.leader_weeks for r in runs]), np.array([r.leader_departures for r in runs]))
    k = 1.0 / WEEKS_PER_MONTH
    return Estimate(est.mean * k, est.sd * k, est.low * k, est.high * k, est.n)


def _failure(runs: Sequence[RunFigures]) -> Estimate:
    return pooled_ratio(np.array([r.failed for r in runs]), np.array([r.settled for r in runs]))


def _nps(runs: Sequence[RunFigures]) -> Estimate:
    return estimate([r.nps_final for r in runs])


def _churn_percent(runs: Sequence[RunFigures]) -> Estimate:
    return estimate([100.0 * r.monthly_churn for r in runs])


TARGETS: tuple[Target, ...] = (
    Target(
        "CX leader (CCO) mean tenure",
        "default",
        24,
        34,
        "months",
        "CCO Council tenure studies: about 29 months on average (18-35 across survey years)",
        _tenure_months,
    ),
    Target(
        "CX initiatives failing (stalled, abandoned or no measured gain)",
        "default",
        0.75,
        0.81,
        "share",
        "surveys of CX programmes: 75-81% fail to deliver measurable results (e.g. Forrester; McKinsey)",
        _failure,
    ),
    *(
        Target(
            f"NPS after five years: {stem.replace('_', ' ')}",
            stem,
            0,
            40,
            "NPS points",
            "published industry NPS averages span roughly 0 (telecom, ISPs) to 40 (B2B software, some banks)",
            _nps,
        )
        for stem in ("default", "b2b_software", "retail_bank", "telecom", "online_retailer")
    ),
    Target(
        "monthly churn: retail bank",
        "retail_bank",
        0.1,
        0.5,
        "% a month",
        "UK CMA retail banking investigation (2016): about 3% of personal current accounts switch a year",
        _churn_percent,
    ),
    Target(
        "monthly churn: B2B software",
        "b2b_software",
        0.2,
        1.2,
        "% a month",
        "SaaS benchmarks: annual gross revenue churn of about 5-13% for established B2B vendors",
        _churn_percent,
    ),
    Target(
        "monthly churn: telecom",
        "telecom",
        1.0,
        2.5,
        "% a month",
        "carriers' quarterly results: postpaid phone churn just under 1% a month, prepaid about 3%",
        _churn_percent,
    ),
    Target(
        "monthly churn: online retailer (lapsing shoppers)",
        "online_retailer",
        1.5,
        7.0,
        "% a month",
        "e-commerce retention benchmarks: most first-year shoppers lapse; subscription-like services lose 5-7% a month",
        _churn_percent,
    ),
)


@dataclass(frozen=True)
class TargetResult:
    target: Target
    value: Estimate

    @property
    def inside(self) -> bool:
        return self.target.low <= self.value.mean <= self.target.high


def run_all(replicates: int, workers: int, targets: Sequence[Target] | None = None) -> list[TargetResult]:
    """Run each scenario the targets need (default: all of :data:`TARGETS`) for ``replicates`` seeds
    and evaluate every target."""
    targets = TARGETS if targets is None else targets
    stems = list(dict.fromkeys(t.scenario for t in targets))
    paths = {stem: str(ROOT / "scenarios" / f"{stem}.toml") for stem in stems}
    for path in paths.values():
        load_scenario(path)  # a clear error before any work starts
    seeds = replicate_seeds(MASTER_SEED, replicates)
    pool = local_executor(workers)
    try:
        futures = {
            pool.submit(measure_run, paths[stem], seed): (stem, k) for stem in stems for k, seed in enumerate(seeds)
        }
        figures: dict[str, list[RunFigures | None]] = {stem: [None] * replicates for stem in stems}
        for future in cf.as_completed(futures):
            stem, k = futures[future]
            figures[stem][k] = future.result()
    finally:
        pool.shutdown(cancel_futures=True)
    return [TargetResult(t, t.measure(figures[t.scenario])) for t in targets]


def _cells(r: TargetResult) -> list[str]:
    v = r.value
    return [
        r.target.name,
        f"{r.target.low:g}-{r.target.high:g} {r.target.unit}",
        f"{v.mean:.3g} [{v.low:.3g}, {v.high:.3g}]",
        "yes" if r.inside else "NO",
    ]


HEADER = ["target", "band", "model (95% CI)", "inside"]


def render_table(results: Sequence[TargetResult]) -> str:
    """The printed table: target, band, model value with CI, inside or not."""
    return render(HEADER, [_cells(r) for r in results])


def write(results: Sequence[TargetResult], folder: Path) -> list[Path]:
    """calibration.csv and calibration.md (with sources) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    csv_path, md_path = folder / "calibration.csv", folder / "calibration.md"
    with csv_path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["target", "scenario", "low", "high", "unit", "mean", "ci_low", "ci_high", "runs", "inside"])
        for r in results:
            t, v = r.target, r.value
            writer.writerow([t.name, t.scenario, t.low, t.high, t.unit, v.mean, v.low, v.high, v.n, r.inside])
    lines = ["| " + " | ".join([*HEADER, "source"]) + " |", "|---|---|---|---|---|"]
    lines += ["| " + " | ".join([*_cells(r), r.target.source]) + " |" for r in results]
    md_path.write_text("\n".join(lines) + "\n")
    return [csv_path, md_path]

"""Seed claims as tested patterns: vary the lever an essay talks about, measure the outcome it talks about.

A :class:`Pattern` names one of the twenty mechanisms, the claim drawn from its
essay, the lever and the outcomes. Its *arms* are model configurations
(placement plus overrides) combined by contrast weights: for the usual
two-setting lever the contrast is ``outcome(high) - outcome(low)``; a
difference in differences (a bug spike's cost under service minus its cost
under marketing) is four arms. Every arm of replicate ``k`` runs on the same
seed (common random numbers), so the contrast is computed seed by seed and its
mean gets a t-based 95% confidence interval.

A pattern *holds* when that interval lies entirely on the side the essay
predicts, is *not shown* when it covers zero, and is *reversed* when it lies
on the other side. Patterns are defined one per file under
``experiments/patterns/``; ``cxsim patterns`` runs them all and writes
``docs/patterns.md`` (see :mod:`sim.validation.patterns_report`).
"""

from __future__ import annotations

import concurrent.futures as cf
import importlib.util
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from sim.analysis.stats import Estimate, estimate
from sim.batch import local_executor
from sim.mechanisms import MECHANISMS
from sim.model.cxmodel import CXModel
from sim.model.lifecycle import LEADER
from sim.scenario.config import Scenario
from sim.scenario.errors import ScenarioError
from sim.scenario.load import apply_overrides

#: Every pattern runs on the default organisation with this many customers (organisational
#: outcomes do not depend on it; loyalty outcomes get noisier with fewer customers).
PATTERN_CUSTOMERS = 2000
#: Replicate k of every pattern runs on seed FIRST_SEED + k.
FIRST_SEED = 1000
HOLDS, NOT_SHOWN, REVERSED = "holds", "not shown", "reversed"


# --- outcomes: one number per finished run ------------------------------------------------


def _series(model: CXModel, name: str) -> np.ndarray:
    return np.asarray(model.datacollector.model_vars[name], dtype=float)


def leader_approval_rate(model: CXModel) -> float:
    """Share of the CX leader's decided proposals that were approved."""
    own = [i for i in model.portfolio.initiatives if i.owner == LEADER and i.week_decided is not None]
    return sum(i.outcome != "rejected" for i in own) / len(own) if own else math.nan


def detection_delay(model: CXModel) -> float:
    """Mean weeks from a customer-critical issue opening to the organisation knowing of it."""
    delays = model.issues.detection_delays
    return float(np.mean(delays)) if delays else math.nan


def peer_initiatives(model: CXModel) -> float:
    """Initiatives departments started because a peer's bottom-up success showed results."""
    return float(sum(i.cause == "peer saw results" for i in model.portfolio.initiatives))


def measured_share(summary: Mapping[str, Any]) -> float:
    """Share of completed initiatives whose loyalty gain was measured (from ``model.summary()``)."""
    done = summary["initiatives_completed"]
    return summary["measured_gains"] / done if done else math.nan


def stranded_share(summary: Mapping[str, Any]) -> float:
    """Share of launched initiatives that ended abandoned or stalled (from ``model.summary()``)."""
    launched = summary["initiatives_launched"]
    return (summary["initiatives_abandoned"] + summary["initiatives_stalled"]) / launched if launched else math.nan


Reader = Callable[[CXModel, Mapping[str, Any]], float]  # (finished model, its summary) -> value


def _summary(key: str) -> Reader:
    return lambda _model, summary: float(summary[key])


def _of_summary(read: Callable[[Mapping[str, Any]], float]) -> Reader:
    return lambda _model, summary: read(summary)


def _of_model(read: Callable[[CXModel], float]) -> Reader:
    return lambda model, _summary: read(model)


def _mean_of(column: str) -> Reader:
    return lambda model, _summary: float(np.nanmean(_series(model, column)))


def _final(column: str) -> Reader:
    return lambda model, _summary: float(_series(model, column)[-1])


@dataclass(frozen=True)
class OutcomeDef:
    """How to read one outcome off a finished model (and its summary, computed once), and how to print it."""

    label: str
    unit: str
    read: Reader


OUTCOMES: dict[str, OutcomeDef] = {
    "follow_through": OutcomeDef("follow-through over the run", "share on time", _summary("follow_through_mean")),
    "follow_through_final": OutcomeDef("follow-through at the end", "share on time", _summary("follow_through_final")),
    "item_follow_through": OutcomeDef("action items done on time", "share", _summary("item_follow_through")),
    "approval_rate": OutcomeDef("CX leader's proposals approved", "share", _of_model(leader_approval_rate)),
    "leader_clout": OutcomeDef("CX leader's effective clout over the run", "0-1", _mean_of("leader_clout")),
    "weeks_to_approval": OutcomeDef("weeks from proposal to approval", "weeks", _summary("weeks_to_approval")),
    "participant_willingness": OutcomeDef(
        "past participants' willingness to take part again", "prob", _final("participant_willingness")
    ),
    "nps": OutcomeDef("NPS over the run", "NPS points", _mean_of("nps")),
    "trust": OutcomeDef("customers' trust over the run", "share", _mean_of("trust")),
    "detection_delay": OutcomeDef(
        "weeks until a customer-critical issue is known", "weeks", _of_model(detection_delay)
    ),
    "peer_initiatives": OutcomeDef(
        "initiatives copied from a peer's success", "initiatives", _of_model(peer_initiatives)
    ),
    "capability": OutcomeDef("departments' CX capability at the end", "0-1", _final("capability")),
    "leader_departures": OutcomeDef("CX leader departures", "departures", _summary("leader_departures")),
    "stranded_share": OutcomeDef("launched initiatives stalled or abandoned", "share", _of_summary(stranded_share)),
    "engaged_share": OutcomeDef("customers in a community over the run", "share", _mean_of("engaged_share")),
    "measured_share": OutcomeDef("completed initiatives with a measured gain", "share", _of_summary(measured_share)),
    "retention": OutcomeDef("starting customers still active at the end", "share", _summary("retention_final")),
}


# --- pattern definitions --------------------------------------------------------------------


@dataclass(frozen=True)
class Arm:
    """One model configuration of a pattern and its weight in the contrast."""

    placement: str
    overrides: Mapping[str, Any] = field(default_factory=dict)
    weight: float = 1.0
    label: str = ""


@dataclass(frozen=True)
class Expect:
    """An outcome and the sign of the contrast the essay predicts (+1 rises, -1 falls)."""

    outcome: str
    sign: int


@dataclass(frozen=True)
class Pattern:
    """One seed claim as an experiment: arms, contrast, outcomes and the expected direction.

    ``documented`` is the status this file documents under the default parameters
    (``holds``, ``not shown`` or ``reversed``) with ``note`` explaining any status other
    than ``holds``; the tests assert it, so a change in the model that changes a
    pattern's status must update its documentation too.
    """

    mechanism: str
    claim: str
    lever: str
    arms: tuple[Arm, ...]
    expects: tuple[Expect, ...]
    base: Mapping[str, Any] = field(default_factory=dict)
    replicates: int = 40
    documented: Mapping[str, str] = field(default_factory=dict)
    note: str = ""

    @property
    def seed_files(self) -> str:
        """The essays the mechanism comes from (its module's SEED)."""
        return MECHANISMS[self.mechanism].SEED

    def documented_status(self, outcome: str) -> str:
        return self.documented.get(outcome, HOLDS)


def lever(placement: str, key: str, low: Any, high: Any, also: Mapping[str, Any] | None = None) -> tuple[Arm, Arm]:
    """The usual two arms: ``key`` at ``low`` (weight -1) and at ``high`` (weight +1)."""
    extra = dict(also or {})
    return (
        Arm(placement, {**extra, key: low}, -1.0, f"{key} = {low}"),
        Arm(placement, {**extra, key: high}, +1.0, f"{key} = {high}"),
    )


def validate(pattern: Pattern, source: str) -> None:
    """Check a pattern's names and weights; raise ScenarioError naming the file."""
    if pattern.mechanism not in MECHANISMS:
        raise ScenarioError(
            source, "mechanism", f"unknown mechanism {pattern.mechanism!r}", allowed=", ".join(MECHANISMS)
        )
    for expect in pattern.expects:
        if expect.outcome not in OUTCOMES:
            raise ScenarioError(source, "expects", f"unknown outcome {expect.outcome!r}", allowed=", ".join(OUTCOMES))
        if expect.sign not in (-1, 1):
            raise ScenarioError(source, "expects", f"the sign of {expect.outcome} is {expect.sign}", allowed="+1 or -1")
        if pattern.documented_status(expect.outcome) not in (HOLDS, NOT_SHOWN, REVERSED):
            raise ScenarioError(
                source, "documented", f"status of {expect.outcome} is unknown", allowed="holds, not shown, reversed"
            )
    if len(pattern.arms) < 2 or not math.isclose(sum(a.weight for a in pattern.arms), 0.0, abs_tol=1e-12):
        raise ScenarioError(
            source, "arms", "the arms do not form a contrast", allowed="two or more arms whose weights sum to 0"
        )


def load_patterns(folder: str | Path) -> dict[str, Pattern]:
    """Every ``PATTERN`` defined in ``folder/*.py``, keyed by file stem, in file order."""
    folder = Path(folder)
    files = sorted(p for p in folder.glob("*.py") if not p.name.startswith("_"))
    if not files:
        raise ScenarioError(str(folder), "", "no pattern files found", allowed="*.py files defining PATTERN")
    patterns: dict[str, Pattern] = {}
    for path in files:
        spec = importlib.util.spec_from_file_location(f"cxsim_pattern_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        pattern = getattr(module, "PATTERN", None)
        if not isinstance(pattern, Pattern):
            raise ScenarioError(str(path), "PATTERN", "not defined", allowed="a sim.validation.patterns.Pattern")
        validate(pattern, str(path))
        patterns[path.stem] = pattern
    return patterns


def default_folder() -> Path:
    """``experiments/patterns`` of the checkout this package lives in (or of the working directory)."""
    here = Path(__file__).resolve().parents[2] / "experiments" / "patterns"
    return here if here.is_dir() else Path.cwd() / "experiments" / "patterns"


# --- running -------------------------------------------------------------------------------


def base_scenario(pattern: Pattern, scenario: Scenario | None = None) -> Scenario:
    """The organisation a pattern runs on: ``scenario`` (default: the default one with
    PATTERN_CUSTOMERS customers) plus the pattern's own base overrides."""
    if scenario is None:
        scenario = apply_overrides(Scenario(), {"customers.count": PATTERN_CUSTOMERS})
    return apply_overrides(scenario, dict(pattern.base), label="pattern") if pattern.base else scenario


def run_arm(scenario: Scenario, arm: Arm, seed: int, outcomes: Sequence[str]) -> list[float]:
    """Run one arm on one seed and read the outcomes."""
    model = CXModel(scenario, placement=arm.placement, seed=seed, overrides=dict(arm.overrides))
    model.run()
    model.release()
    summary = model.summary(programme_value=False)  # no pattern reads the programme's NPV
    return [OUTCOMES[name].read(model, summary) for name in outcomes]


@dataclass(frozen=True)
class OutcomeResult:
    """One outcome of one pattern: per-arm means, the seed-by-seed contrast and the verdict."""

    outcome: str
    expected_sign: int
    arm_means: tuple[Estimate, ...]
    contrast: Estimate
    contrasts: tuple[float, ...]

    @property
    def status(self) -> str:
        c = self.contrast
        if not np.isfinite(c.low):
            return NOT_SHOWN
        if self.expected_sign * c.low > 0 and self.expected_sign * c.high > 0:
            return HOLDS
        if self.expected_sign * c.low < 0 and self.expected_sign * c.high < 0:
            return REVERSED
        return NOT_SHOWN

    @property
    def effect_size(self) -> float:
        """Standardised paired effect (mean contrast over its standard deviation, Cohen's d_z)."""
        c = self.contrast
        # A contrast that does not vary between seeds (a deterministic effect) has no standardised size.
        return c.mean / c.sd if np.isfinite(c.sd) and c.sd > 1e-9 * max(1.0, abs(c.mean)) else math.nan


@dataclass(frozen=True)
class PatternResult:
    name: str
    pattern: Pattern
    seeds: tuple[int, ...]
    outcomes: tuple[OutcomeResult, ...]


def run_pattern_set(
    patterns: Mapping[str, Pattern],
    replicates: int | None = None,
    workers: int = 1,
    scenario: Scenario | None = None,
    executor: cf.Executor | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[PatternResult]:
    """Run every arm of every pattern on its seeds and summarise the contrasts.

    ``replicates`` overrides each pattern's own; results are identical for any
    number of workers (each run depends only on its arm and seed).
    """
    jobs: list[tuple[str, int, int]] = []  # (pattern, arm index, seed)
    scenarios = {name: base_scenario(p, scenario) for name, p in patterns.items()}
    seeds = {name: _seeds(replicates or p.replicates) for name, p in patterns.items()}
    for name, p in patterns.items():
        jobs += [(name, a, s) for a in range(len(p.arms)) for s in seeds[name]]
    values: dict[tuple[str, int, int], list[float]] = {}
    pool = executor or local_executor(workers)
    try:
        futures = {
            pool.submit(run_arm, scenarios[n], patterns[n].arms[a], s, [e.outcome for e in patterns[n].expects]): (
                n,
                a,
                s,
            )
            for n, a, s in jobs
        }
        for done, future in enumerate(cf.as_completed(futures), 1):
            values[futures[future]] = future.result()
            if progress:
                progress(done, len(jobs))
    finally:
        if executor is None:
            pool.shutdown(cancel_futures=True)
    return [_summarise(name, p, seeds[name], values) for name, p in patterns.items()]


def _seeds(replicates: int) -> tuple[int, ...]:
    return tuple(range(FIRST_SEED, FIRST_SEED + replicates))


def _summarise(name: str, pattern: Pattern, seeds: Iterable[int], values: Mapping) -> PatternResult:
    seeds = tuple(seeds)
    results = []
    for k, expect in enumerate(pattern.expects):
        table = np.array([[values[(name, a, s)][k] for s in seeds] for a in range(len(pattern.arms))])
        weights = np.array([arm.weight for arm in pattern.arms])
        contrasts = weights @ table  # NaN where any arm had no value for that seed
        results.append(
            OutcomeResult(
                expect.outcome,
                expect.sign,
                tuple(estimate(row) for row in table),
                estimate(contrasts),
                tuple(float(c) for c in contrasts),
            )
        )
    return PatternResult(name, pattern, seeds, tuple(results))

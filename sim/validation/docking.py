"""Docking against the Bass model: the customer dynamics' mean-field limit and the model's convergence to it.

With no initiatives, no issues or events, every mechanism off, identical
customers (``customers.heterogeneity = 0``) and a fully mixed population
(``customers.network = "fully_mixed"``), nothing moves loyalty: every customer
keeps the same score ``L``, so NPS, the word-of-mouth valence factor and the
churn hazard are constants. What is left is a Bass diffusion with churn over a
population of ``n`` indices (customers, prospects and churned alike), in
weekly steps. Writing ``s, a, r`` for the shares of ``n`` that are prospects,
active customers and churned customers, its mean-field limit is

    ds/dt = -(p + q a) s
    da/dt =  (p + q a) s - h a
    dr/dt =  h a

with ``p`` = ``acquisition.innovation``, ``q = acquisition.imitation x
max(0, 1 + acquisition.valence x NPS(L) / 100)`` and ``h =
weekly_churn x exp(churn_sensitivity x (churn_reference - L))`` (docs/ODD.md,
section 7.2). :func:`mean_field` solves it with ``scipy.integrate.solve_ivp``;
:func:`weekly_map` iterates the model's own weekly expectation (the exact
limit of the discrete-time model as ``n`` grows), so the two differ by a
discretisation floor that :func:`docking_study` reports beside the stochastic
error. :func:`bass_share` is the closed-form Bass solution (no churn) with an
initial adopter share.

What "the error falls as 1/N" means here: a run's customer share differs from
the mean-field path by a fluctuation of variance ``c / N`` (a sum of ``O(N)``
independent Bernoulli draws, divided by ``N``), so the mean squared deviation
of a run from the limit falls as ``1/N`` (its root as ``1/sqrt(N)``), and the
squared error of the mean of ``R`` runs as ``1/(R N)``, until the
discretisation floor (the squared distance between the weekly map and the
ODE) is reached.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.integrate import solve_ivp

from sim.batch import local_executor
from sim.batch.seeds import replicate_seeds
from sim.mechanisms import MECHANISMS
from sim.model.customers import DETRACTOR_AT_MOST, PROMOTER_ABOVE
from sim.scenario.config import Scenario
from sim.scenario.load import apply_overrides

DOCKING_PROSPECTS = 9.0
"""Prospects per starting customer: customers start as 10% of the population."""

DOCKING_WEEKS = 1040
"""Horizon (20 years): the diffusion saturates and churn has set in by then."""

DOCKING_SEGMENT: dict[str, Any] = {
    "name": "all",
    "share": 1.0,
    "loyalty_mean": 9.0,  # every customer a promoter: NPS 100, word of mouth at twice its neutral strength
    "loyalty_sd": 0.0,
    "weekly_churn": 0.0007,  # at loyalty 9 the churn hazard is 0.0007 x exp(0.35 x -1.5) = 0.000414 a week
    "contacts_per_week": 0.08,
    "willingness_mean": 0.4,
}

DOCKING_OVERRIDES: dict[str, Any] = {
    **{f"mechanisms.{name}": False for name in MECHANISMS},
    "customers.heterogeneity": 0.0,
    "customers.network": "fully_mixed",
    "customers.segments": [DOCKING_SEGMENT],
    "customers.prospects": DOCKING_PROSPECTS,
    "acquisition.innovation": 0.0002,
    "acquisition.imitation": 0.004,  # x valence factor 2 = 0.008 a week
    "issues.per_year": 0.0,
    "events.bug_spikes_per_year": 0.0,
    "events.threats_per_year": 0.0,
    "initiatives.max_active": 0,
    "simulation.weeks": DOCKING_WEEKS,
    "simulation.history_weeks": 0,  # the diffusion starts at week 0, from the starting share
    "money.counterfactual": False,  # nothing to compare: no initiatives
}
"""Overrides of the default scenario that leave only the customers' Bass dynamics."""


@dataclass(frozen=True, slots=True)
class BassRates:
    """The docking scenario's weekly probabilities, as the model applies them.

    Attributes:
        innovation: weekly probability that a prospect adopts unprompted (Bass p).
        imitation: effective imitation q (``acquisition.imitation`` x valence factor at the constant NPS).
        churn: weekly churn probability of a customer at the common loyalty (h).
        initial_share: starting customers as a share of the whole population (prospects included).
        population: the whole population n (starting customers plus prospects).
        loyalty: the common loyalty score L.
        nps: the NPS that loyalty L gives (100, 0 or -100).
    """

    innovation: float
    imitation: float
    churn: float
    initial_share: float
    population: int
    loyalty: float
    nps: float

    def hazards(self, exact: bool = True) -> tuple[float, float, float]:
        """Continuous-time rates (p, q, h) per week.

        A constant weekly probability ``x`` is the hazard ``-ln(1 - x)``
        (``exact``); imitation depends on the state within the week, so it has
        no exact conversion and is used as it is (the difference is second
        order, part of the discretisation floor). ``exact=False`` uses every
        probability as a rate.
        """
        if not exact:
            return self.innovation, self.imitation, self.churn
        return -np.log1p(-self.innovation), self.imitation, -np.log1p(-self.churn)


def docking_scenario(population: int = 10_000, weeks: int = DOCKING_WEEKS, base: Scenario | None = None) -> Scenario:
    """The docking scenario: ``base`` (default ``Scenario()``) reduced to the customers' Bass dynamics.

    Args:
        population: whole population n (customers plus prospects); customers start
            as ``1 / (1 + DOCKING_PROSPECTS)`` of it (the count is rounded).
        weeks: horizon.
        base: scenario to start from.
    """
    count = max(10, round(population / (1.0 + DOCKING_PROSPECTS)))
    overrides = {**DOCKING_OVERRIDES, "customers.count": count, "simulation.weeks": weeks}
    return apply_overrides(base if base is not None else Scenario(), overrides, "docking")


def nps_of_uniform_loyalty(loyalty: float) -> float:
    """NPS when every customer has the same loyalty (promoters above 8.5, detractors at 6.5 or below)."""
    if loyalty > PROMOTER_ABOVE:
        return 100.0
    if loyalty <= DETRACTOR_AT_MOST:
        return -100.0
    return 0.0


def bass_rates(scenario: Scenario) -> BassRates:
    """The constant weekly rates of a scenario reduced to Bass dynamics.

    Raises:
        ValueError: the scenario has heterogeneity, a network, segments that
            differ in loyalty or churn, or anything switched on that moves
            loyalty (mechanisms, issues, events, initiatives).
    """
    cust, acq = scenario.customers, scenario.acquisition
    problems = []
    if cust.heterogeneity != 0:
        problems.append("customers.heterogeneity must be 0")
    if cust.network != "fully_mixed":
        problems.append('customers.network must be "fully_mixed"')
    if len({(s.loyalty_mean, s.weekly_churn) for s in cust.segments}) != 1:
        problems.append("segments must share loyalty_mean and weekly_churn")
    if any(getattr(scenario.mechanisms, name) for name in MECHANISMS):
        problems.append("every mechanism must be off")
    if scenario.issues.per_year or scenario.events.bug_spikes_per_year or scenario.events.threats_per_year:
        problems.append("issues and events must have rate 0")
    if scenario.initiatives.max_active != 0:
        problems.append("initiatives.max_active must be 0")
    if scenario.simulation.history_weeks != 0:
        problems.append("simulation.history_weeks must be 0")
    if problems:
        raise ValueError("not a docking scenario: " + "; ".join(problems))
    segment = cust.segments[0]
    loyalty = segment.loyalty_mean
    nps = nps_of_uniform_loyalty(loyalty)
    valence = max(0.0, 1.0 + acq.valence * nps / 100.0)
    churn = segment.weekly_churn * float(np.exp(cust.churn_sensitivity * (cust.churn_reference - loyalty)))
    population = cust.count + round(cust.prospects * cust.count)
    return BassRates(
        innovation=acq.innovation,
        imitation=acq.imitation * valence,
        churn=min(1.0, churn),
        initial_share=cust.count / population,
        population=population,
        loyalty=loyalty,
        nps=nps,
    )


def mean_field(rates: BassRates, weeks: int, exact_hazards: bool = True) -> np.ndarray:
    """The mean-field ODE solved with ``solve_ivp``: shares (prospects, customers, churned) at weeks 0..weeks.

    Returns an array of shape ``(weeks + 1, 3)``; rows sum to 1.
    """
    p, q, h = rates.hazards(exact_hazards)

    def rhs(_t: float, y: np.ndarray) -> list[float]:
        s, a, _r = y
        adoption = (p + q * a) * s
        return [-adoption, adoption - h * a, h * a]

    f0 = rates.initial_share
    solution = solve_ivp(
        rhs,
        (0.0, float(weeks)),
        [1.0 - f0, f0, 0.0],
        method="DOP853",
        t_eval=np.arange(weeks + 1, dtype=float),
        rtol=1e-10,
        atol=1e-12,
    )
    if not solution.success:  # pragma: no cover - a smooth, bounded system
        raise RuntimeError(solution.message)
    return solution.y.T


def weekly_map(rates: BassRates, weeks: int) -> np.ndarray:
    """The model's weekly expectation iterated: churn first, then adoption with the post-churn customer share.

    This is the exact large-population limit of the discrete-time model
    (docs/ODD.md 7.2, steps 10-11). Returns shares (prospects, customers,
    churned) at weeks 0..weeks, shape ``(weeks + 1, 3)``.
    """
    p, q, h = rates.innovation, rates.imitation, rates.churn
    out = np.empty((weeks + 1, 3))
    s, a, r = 1.0 - rates.initial_share, rates.initial_share, 0.0
    out[0] = s, a, r
    for week in range(1, weeks + 1):
        gone = h * a
        a -= gone
        r += gone
        joining = (p + q * a) * s
        s -= joining
        a += joining
        out[week] = s, a, r
    return out


def bass_share(p: float, q: float, initial_share: float, t: np.ndarray | float) -> np.ndarray:
    """Closed-form Bass adopter share F(t) for dF/dt = (p + q F)(1 - F) with F(0) = ``initial_share``.

    Separating variables, ``ln((p + q F) / (1 - F)) = (p + q) t + const``, so
    with ``K = (p + q F0) / (1 - F0)``:

        F(t) = (K e^{(p+q) t} - p) / (K e^{(p+q) t} + q),

    which is the textbook ``F_Bass(t + t0) = (1 - e^{-(p+q)(t+t0)}) / (1 + (q/p) e^{-(p+q)(t+t0)})``
    shifted by the time ``t0 = ln(K / p) / (p + q)`` the textbook curve takes to reach F0.
    """
    growth = np.exp((p + q) * np.asarray(t, dtype=float))
    k = (p + q * initial_share) / (1.0 - initial_share)
    return (k * growth - p) / (k * growth + q)


def simulate(scenario: Scenario, seed: int, weeks: int | None = None) -> np.ndarray:
    """One run of ``scenario``: shares (prospects, customers, churned) of the population at weeks 0..weeks.

    Counts come from the population's own bookkeeping (``n_initial``,
    ``acquired``, active count), so prospects = n - n_initial - acquired and
    churned = n_initial + acquired - active.
    """
    from sim.model.cxmodel import CXModel

    model = CXModel(scenario, seed=seed, weeks=weeks)
    try:
        c = model.customers
        n, n0 = c.size, c.n_initial
        horizon = model.weeks
        counts = np.empty((horizon + 1, 2))
        counts[0] = c.acquired, c.active_count()
        for week in range(1, horizon + 1):
            model.step()
            counts[week] = c.acquired, c.active_count()
    finally:
        model.release()
    acquired, active = counts[:, 0], counts[:, 1]
    return np.column_stack([n - n0 - acquired, active, n0 + acquired - active]) / n


@dataclass(frozen=True, slots=True)
class DockingResult:
    """Model runs at one population size compared with the mean-field limit (customer share, weeks 1..T).

    Attributes:
        population: whole population n.
        replicates: runs (seeds).
        mse_run: mean over runs of each run's mean squared deviation from the ODE (falls as 1/N).
        mse_run_map: the same against the weekly map (no discretisation floor).
        mse_run_se: standard error of ``mse_run`` across runs.
        mse_run_map_se: standard error of ``mse_run_map``.
        mse_mean: mean squared deviation of the seed mean from the ODE (about mse_run / R + floor).
        max_mean_error: largest absolute deviation of the seed mean from the ODE over the weeks.
        spread_mean: across-seed standard deviation of the customer share, averaged over the weeks.
        spread_final: across-seed standard deviation of the customer share in the last week.
        floor: mean squared distance between the weekly map and the ODE (the discretisation floor).
        ode: ODE shares (weeks + 1, 3).
        mean: seed-mean shares (weeks + 1, 3).
        low: 2.5% quantile across seeds (weeks + 1, 3).
        high: 97.5% quantile across seeds (weeks + 1, 3).
    """

    population: int
    replicates: int
    mse_run: float
    mse_run_map: float
    mse_run_se: float
    mse_run_map_se: float
    mse_mean: float
    max_mean_error: float
    spread_mean: float
    spread_final: float
    floor: float
    ode: np.ndarray
    mean: np.ndarray
    low: np.ndarray
    high: np.ndarray

    def row(self) -> dict[str, float]:
        """The scalar fields, for a table."""
        return {
            "population": self.population,
            "replicates": self.replicates,
            "mse_run": self.mse_run,
            "mse_run_se": self.mse_run_se,
            "mse_run_map": self.mse_run_map,
            "mse_run_map_se": self.mse_run_map_se,
            "mse_mean": self.mse_mean,
            "max_mean_error": self.max_mean_error,
            "spread_mean": self.spread_mean,
            "spread_final": self.spread_final,
            "sqrt_n_spread_mean": self.spread_mean * np.sqrt(self.population),
            "n_mse_run": self.mse_run * self.population,
            "floor": self.floor,
        }


def compare(runs: np.ndarray, rates: BassRates, exact_hazards: bool = True) -> DockingResult:
    """Summarise runs (shape ``(R, weeks + 1, 3)``) of one population size against the mean-field limit."""
    weeks = runs.shape[1] - 1
    ode = mean_field(rates, weeks, exact_hazards)
    iterated = weekly_map(rates, weeks)
    share = runs[:, 1:, 1]  # customers, weeks 1..T (week 0 is exact by construction)
    per_run = np.mean((share - ode[1:, 1]) ** 2, axis=1)
    per_run_map = np.mean((share - iterated[1:, 1]) ** 2, axis=1)
    mean = runs.mean(axis=0)
    deviation = mean[1:, 1] - ode[1:, 1]
    spread = share.std(axis=0, ddof=1) if len(runs) > 1 else np.zeros(weeks)
    return DockingResult(
        population=rates.population,
        replicates=len(runs),
        mse_run=float(per_run.mean()),
        mse_run_map=float(per_run_map.mean()),
        mse_run_se=_standard_error(per_run),
        mse_run_map_se=_standard_error(per_run_map),
        mse_mean=float(np.mean(deviation**2)),
        max_mean_error=float(np.max(np.abs(deviation))),
        spread_mean=float(spread.mean()),
        spread_final=float(spread[-1]),
        floor=float(np.mean((iterated[1:, 1] - ode[1:, 1]) ** 2)),
        ode=ode,
        mean=mean,
        low=np.quantile(runs, 0.025, axis=0),
        high=np.quantile(runs, 0.975, axis=0),
    )


def _standard_error(values: np.ndarray) -> float:
    return float(values.std(ddof=1) / np.sqrt(values.size)) if values.size > 1 else float("nan")


def _simulate_task(task: tuple[Scenario, int]) -> np.ndarray:
    scenario, seed = task
    return simulate(scenario, seed)


def docking_study(
    populations: Sequence[int],
    replicates: int,
    seed: int = 2026,
    weeks: int = DOCKING_WEEKS,
    workers: int = 1,
    exact_hazards: bool = True,
) -> list[DockingResult]:
    """Run ``replicates`` seeds of the docking scenario at each population size; compare each with the ODE.

    Seeds are spawned from ``seed`` (:func:`sim.batch.seeds.replicate_seeds`), a different set per size.
    ``workers > 1`` runs in a spawn-context process pool (call it under ``if __name__ == "__main__":``).
    """
    scenarios = [docking_scenario(n, weeks) for n in populations]
    seeds = replicate_seeds(seed, replicates * len(populations))
    tasks = [(sc, seeds[i * replicates + k]) for i, sc in enumerate(scenarios) for k in range(replicates)]
    with local_executor(workers) as pool:  # in-process for one worker, a spawn-context pool otherwise
        trajectories = list(pool.map(_simulate_task, tasks, chunksize=max(1, replicates // (2 * workers))))
    results = []
    for i, sc in enumerate(scenarios):
        runs = np.stack(trajectories[i * replicates : (i + 1) * replicates])
        results.append(compare(runs, bass_rates(sc), exact_hazards))
    return results


def log_log_slope(x: Sequence[float], y: Sequence[float], y_se: Sequence[float] | None = None) -> tuple[float, float]:
    """Least-squares slope of log y on log x and its standard error.

    With ``y_se``, points are weighted by the inverse variance of log y (``(y_se / y)^2``, delta method)
    and the standard error comes from those weights; without, from the residuals.
    """
    lx, ly = np.log(np.asarray(x, dtype=float)), np.log(np.asarray(y, dtype=float))
    w = np.ones_like(lx) if y_se is None else (np.asarray(y, dtype=float) / np.asarray(y_se, dtype=float)) ** 2
    xm = np.sum(w * lx) / np.sum(w)
    ym = np.sum(w * ly) / np.sum(w)
    sxx = np.sum(w * (lx - xm) ** 2)
    slope = float(np.sum(w * (lx - xm) * (ly - ym)) / sxx)
    if y_se is None:
        resid = ly - (ym + slope * (lx - xm))
        se = float(np.sqrt(np.sum(resid**2) / max(1, len(lx) - 2) / sxx))
    else:
        se = float(np.sqrt(1.0 / sxx))
    return slope, se


__all__ = [
    "DOCKING_OVERRIDES",
    "BassRates",
    "DockingResult",
    "bass_rates",
    "bass_share",
    "compare",
    "docking_scenario",
    "docking_study",
    "log_log_slope",
    "mean_field",
    "simulate",
    "weekly_map",
]

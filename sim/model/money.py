"""Money: revenue and margin of the customer base, and the CX programme's return.

Each modelled customer stands for ``customers.represents`` real ones and brings its
segment's ``revenue_per_year`` (of which ``gross_margin`` is left after serving
it). The CX programme's cost is what the model already spends (initiatives at
launch, dedicated staff). Its value is measured against a counterfactual: the
same firm, seed and events with no CX programme (``simulation.programme = false``).
Because exogenous events and customers' own dynamics draw from their own
streams, the two runs differ only through what the programme does (common
random numbers), and the difference in gross margin is the programme's benefit.
"""

from __future__ import annotations

import dataclasses
import math
from collections import OrderedDict
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sim.model.cxmodel import CXModel

WEEKS_PER_YEAR = 52.0
NOT_VALUED = {
    "programme_npv": math.nan,
    "programme_return": math.nan,
    "payback_week": math.nan,
    "programme_npv_with_base": math.nan,
}
_TWIN_CACHE_SIZE = 64


class Accounts:
    """Weekly revenue, gross margin and revenue lost to churn, by segment."""

    def __init__(self, model: CXModel) -> None:
        cfg = model.cfg.customers
        scale = cfg.represents / WEEKS_PER_YEAR
        self.revenue_per_week = np.array([s.revenue_per_year for s in cfg.segments]) * scale
        self.margin_per_week = self.revenue_per_week * np.array([s.gross_margin for s in cfg.segments])
        self.annual_revenue = self.revenue_per_week * WEEKS_PER_YEAR
        self.revenue = 0.0
        self.gross_margin = 0.0
        self.churned_revenue = 0.0
        self.revenue_total = 0.0
        self.margin_total = 0.0
        self.book(model)

    def book(self, model: CXModel) -> None:
        """This week's revenue and margin from the active base, and the annual revenue churn took away."""
        c = model.customers
        counts = np.bincount(c.segment, weights=c.weights, minlength=self.revenue_per_week.size)
        self.revenue = float(counts @ self.revenue_per_week)
        self.gross_margin = float(counts @ self.margin_per_week)
        self.churned_revenue = float(self.annual_revenue[c.segment[c.gone_this_week]].sum())

    def add_week(self, spend: float) -> None:
        """Add this week's figures to the running totals (margin net of CX spend)."""
        self.revenue_total += self.revenue
        self.margin_total += self.gross_margin - spend


def weekly_discount(model: CXModel) -> np.ndarray:
    """Discount factors for weeks 1..T of the run."""
    rate = (1.0 + model.cfg.money.discount_rate) ** (1.0 / WEEKS_PER_YEAR) - 1.0
    return (1.0 + rate) ** -np.arange(1, model.steps + 1, dtype=float)


def _weekly_rate(model: CXModel) -> float:
    return (1.0 + model.cfg.money.discount_rate) ** (1.0 / WEEKS_PER_YEAR) - 1.0


def _life_factor(columns: dict, rate: float) -> float:
    """Expected discounted weeks of margin left to a customer: (1 + r) / (r + h), h the last year's churn hazard."""
    active = np.asarray(columns["customers_active"][1:], dtype=float)[-52:]
    gone = np.asarray(columns["customers_churned"][1:], dtype=float)[-52:]
    hazard = gone.sum() / active.sum() if active.sum() > 0 else 0.0
    return (1.0 + rate) / (rate + hazard) if rate + hazard > 0 else math.inf


def customer_value(model: CXModel) -> float:
    """Lifetime value of an average real customer at the end: discounted gross margin over their
    expected remaining life, at the churn rate of the last year (NaN without customers)."""
    columns = model.datacollector.model_vars
    active = np.asarray(columns["customers_active"][1:], dtype=float)[-52:]
    margin = np.asarray(columns["gross_margin"][1:], dtype=float)[-52:]
    if active.size == 0 or active.sum() <= 0:
        return math.nan
    per_customer = margin.sum() / active.sum() / model.cfg.customers.represents
    return per_customer * _life_factor(columns, _weekly_rate(model))


def base_value(columns: dict, rate: float) -> float:
    """What the base left at the end is worth: its weekly gross margin over the last quarter times
    the customers' expected discounted life (valued at the end of the run)."""
    margin = np.asarray(columns["gross_margin"][1:], dtype=float)[-13:]
    if margin.size == 0:
        return math.nan
    return float(margin.mean()) * _life_factor(columns, rate)


def value_programme(model: CXModel) -> dict[str, float]:
    """The programme's NPV, return and payback week against the no-programme twin (NaN when not compared)."""
    if not model.cfg.money.counterfactual or not model.cfg.simulation.programme or model.steps == 0:
        return dict(NOT_VALUED)
    columns = model.datacollector.model_vars
    gross = np.asarray(columns["gross_margin"][1:], dtype=float)
    spend = np.asarray(columns["spend"][1:], dtype=float)
    twin, twin_base = counterfactual(model)
    discount = weekly_discount(model)
    benefit = (gross - twin) * discount
    cost = spend * discount
    net = np.cumsum(benefit - cost)
    out = dict(NOT_VALUED)
    out["programme_npv"] = float(net[-1])
    out["programme_return"] = float(benefit.sum() / cost.sum()) - 1.0 if cost.sum() > 0 else math.nan
    out["payback_week"] = _payback(net, spend)
    # the more loyal (or larger) base the programme leaves behind, discounted from the horizon
    left_behind = base_value(columns, _weekly_rate(model)) - twin_base
    out["programme_npv_with_base"] = out["programme_npv"] + float(discount[-1]) * left_behind
    return out


def _payback(net: np.ndarray, spend: np.ndarray) -> float:
    """First week from which the cumulative discounted net stays at or above zero, once money was spent."""
    if net[-1] < 0:
        return math.nan
    spent = np.flatnonzero(spend > 0)
    if spent.size == 0:
        return math.nan
    below = np.flatnonzero(net < 0)
    week = below[-1] + 1 if below.size else spent[0]
    return float(week + 1)  # column i holds week i + 1


_twins: OrderedDict[str, tuple[np.ndarray, float]] = OrderedDict()


def counterfactual(model: CXModel) -> tuple[np.ndarray, float]:
    """Weekly gross margin, over the weeks run so far, of the same firm and seed with no CX programme,
    and what that firm's base is worth at the end (:func:`base_value`).

    Without a programme the placement and design are never read (no team, no leader,
    no initiatives), so one twin serves every placement and design of a seed; the
    last few are kept in memory, keyed by everything else in the scenario.
    """
    cfg, weeks = model.cfg, model.steps
    twin_cfg = dataclasses.replace(
        cfg,
        simulation=dataclasses.replace(cfg.simulation, programme=False, weeks=weeks),
        money=dataclasses.replace(cfg.money, counterfactual=False),
    )
    key = repr(
        dataclasses.replace(
            twin_cfg, simulation=dataclasses.replace(twin_cfg.simulation, placement="", design=""), source=""
        )
    )
    if key in _twins:
        _twins.move_to_end(key)
        return _twins[key]
    twin = type(model)(twin_cfg)  # the model's own class, so subclasses compare like with like
    twin.run()
    twin.release()
    columns = twin.datacollector.model_vars
    result = (np.asarray(columns["gross_margin"][1:], dtype=float), base_value(columns, _weekly_rate(twin)))
    _twins[key] = result
    if len(_twins) > _TWIN_CACHE_SIZE:
        _twins.popitem(last=False)
    return result


__all__ = ["NOT_VALUED", "Accounts", "base_value", "counterfactual", "customer_value", "value_programme"]

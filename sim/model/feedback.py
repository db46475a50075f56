"""The organisation watches its own results and reacts (the feedback loops of ``[feedback]``).

Executives watch NPS and revenue averaged over ``smoothing_weeks`` and compare
them with what the last year led them to expect. A fall of either is felt as a
threat (``perceived_threat`` in 0..1, the larger of the two falls scaled by
``nps_drop_full`` and ``revenue_drop_full``). Under it, as under a competitor's
attack, departments' own pressure rises, initiatives lean bottom-up [002] and, as
the threat grows, executives' attention to CX is pulled away; reorganisations
become likelier [004]. Budget cuts follow last year's revenue against plan.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.model.cxmodel import CXModel

WEEKS_PER_YEAR = 52


class Results:
    """What executives see of the firm's results, and what they expected.

    Seen: NPS and revenue averaged over ``smoothing_weeks``. Expected: the same over
    a year (``expectation_weeks``), so a fall is felt against the recent past, not
    against a fixed start; a base that shrinks steadily is felt in proportion.
    The plan for a budget year is last year's revenue grown by ``money.plan_growth``.
    """

    def __init__(self) -> None:
        self.nps_seen = self.nps_expected = 0.0
        self.revenue_seen = self.revenue_expected = 0.0
        self.perceived_threat = 0.0
        self.year_revenue = 0.0
        self.last_year_revenue = 0.0
        self.last_shortfall = 0.0

    def start(self, nps: float, revenue: float) -> None:
        """Week 0's results seed what is seen and expected; the first plan is a year at week 0's run-rate."""
        self.nps_seen = self.nps_expected = nps
        self.revenue_seen = self.revenue_expected = revenue
        self.last_year_revenue = revenue * WEEKS_PER_YEAR

    def update(self, model: CXModel, nps: float, revenue: float) -> None:
        """Fold this week's results in and react to a rising threat."""
        cfg = model.cfg.feedback
        fast, slow = 1.0 / cfg.smoothing_weeks, 1.0 / cfg.expectation_weeks
        self.nps_seen += fast * (nps - self.nps_seen)
        self.nps_expected += slow * (nps - self.nps_expected)
        self.revenue_seen += fast * (revenue - self.revenue_seen)
        self.revenue_expected += slow * (revenue - self.revenue_expected)
        self.year_revenue += revenue
        if not cfg.results_threat:
            return
        before = self.perceived_threat
        nps_fall = (self.nps_expected - self.nps_seen) / cfg.nps_drop_full
        revenue_fall = 0.0
        if self.revenue_expected > 0:
            revenue_fall = (1.0 - self.revenue_seen / self.revenue_expected) / cfg.revenue_drop_full
        self.perceived_threat = min(1.0, max(0.0, nps_fall, revenue_fall))
        rise = self.perceived_threat - before
        if rise > 0:  # a growing threat demands the executives, as a competitor's attack does
            model.attention_shift(-model.cfg.sponsor_attention.threat_pull * rise)

    def close_year(self, model: CXModel) -> None:
        """At a budget cycle: last year's shortfall against its plan, and the next plan."""
        plan = self.last_year_revenue * (1.0 + model.cfg.money.plan_growth)
        self.last_shortfall = max(0.0, 1.0 - self.year_revenue / plan) if plan > 0 else 0.0
        self.last_year_revenue = self.year_revenue
        self.year_revenue = 0.0


def pressure(model: CXModel) -> float:
    """Threat the organisation acts under: a competitor's attack or its own falling results, 0..1."""
    return max(model.org.threat, model.results.perceived_threat)


def budget_cut_factor(model: CXModel) -> float:
    """Scale of the budget-cut chance: last year's shortfall against plan (1 when cuts ignore revenue)."""
    cfg = model.cfg.feedback
    if not cfg.revenue_budget_cuts:
        return 1.0
    return min(1.0, model.results.last_shortfall / cfg.shortfall_full)


def reorganisation_factor(model: CXModel) -> float:
    """Multiplier of the reorganisation hazard: poor results make a reorganisation likelier."""
    return 1.0 + model.cfg.feedback.results_reorganisation * model.results.perceived_threat


__all__ = ["Results", "budget_cut_factor", "pressure", "reorganisation_factor"]

"""Configuration of money (revenue, margin, the CX programme's return) and of the
organisation's reactions to its own results (the feedback loops of issue 12).

Revenue and gross margin per customer live on each segment
(:class:`sim.scenario.config.SegmentConfig`); ``customers.represents`` scales the
modelled customers to the real base. These two tables hold the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.params import param


@dataclass(frozen=True, slots=True)
class MoneyConfig:
    """How money is counted: discounting, the plan, and the no-programme comparison."""

    discount_rate: float = param(
        0.08, lo=0, hi=1, unit="1/year", doc="annual discount rate of the programme's net present value"
    )
    counterfactual: bool = param(
        True,
        doc="compare each run with the same firm, seed and events but no CX programme, for the programme's NPV, return and payback (doubles the work of a first run of each seed)",
    )
    plan_growth: float = param(
        0.0,
        lo=-0.5,
        hi=1,
        unit="1/year",
        doc="growth the annual plan expects over last year's revenue (the first year's over week 0's run-rate)",
    )


@dataclass(frozen=True, slots=True)
class FeedbackConfig:
    """The organisation reacts to its own results (each loop switchable)."""

    results_threat: bool = param(
        True,
        doc="falling NPS or revenue is felt as a threat: executives' attention is pulled away and departments' own pressure rises, as under a competitor's attack [002]",
    )
    smoothing_weeks: float = param(
        13.0, lo=1, hi=104, unit="weeks", doc="weeks over which the executives average the results they watch"
    )
    expectation_weeks: float = param(
        52.0,
        lo=1,
        hi=520,
        unit="weeks",
        doc="weeks over which results set what executives expect (a fall is felt against this average)",
    )
    nps_drop_full: float = param(
        10.0, lo=0.1, hi=200, unit="NPS points", doc="fall of seen NPS below the expected felt as a full threat"
    )
    revenue_drop_full: float = param(
        0.1,
        lo=0.001,
        hi=1,
        unit="share",
        doc="fall of seen revenue below the expected, as a share, felt as a full threat",
    )
    revenue_budget_cuts: bool = param(
        True,
        doc="budget cuts follow revenue against plan (the chance scales with last year's shortfall) instead of a fixed chance [001, 004]",
    )
    shortfall_full: float = param(
        0.05,
        lo=0.001,
        hi=1,
        unit="share",
        doc="last year's revenue shortfall against plan (last year's revenue grown by money.plan_growth) at which the full events.budget_cut_prob applies",
    )
    results_reorganisation: float = param(
        2.0,
        lo=0,
        hi=50,
        unit="multiplier",
        doc="rise of the reorganisation hazard at full perceived threat (0 = reorganisations ignore results) [004]",
    )
    returning_participants: float = param(
        0.5,
        lo=0,
        hi=1,
        unit="share",
        doc="share of a co-design or advisory invitation sent first to past participants and community members (0 = invitees drawn from the whole base) [000]",
    )
    local_word_of_mouth: bool = param(
        True,
        doc="prospects hear their own contacts' views (the net promoter share among them) instead of the firm's overall NPS, so negative cascades can form [000, 004]",
    )


__all__ = ["FeedbackConfig", "MoneyConfig"]

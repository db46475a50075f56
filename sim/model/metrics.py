"""Weekly metrics (the DataCollector columns) and end-of-run summaries."""

from __future__ import annotations

import math
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np

from sim.model import money

if TYPE_CHECKING:
    from sim.model.cxmodel import CXModel
    from sim.model.initiatives import Initiative, Portfolio

ROLLING_WEEKS = 13

COLUMNS: dict[str, str] = {
    "week": "week number (0 = start)",
    "follow_through": "share of committed action items and promised follow-ups done on time, to date (NaN before any fell due)",
    "follow_through_13w": "the same over the last 13 weeks",
    "nps": "Net Promoter Score of active customers, -100..100",
    "retention": "share of the starting customers still active",
    "participation": "mean willingness of active customers to take part in co-design, 0-1",
    "participant_willingness": "mean willingness of active customers who have taken part in an initiative (NaN before anyone has)",
    "satisfaction": "mean 0-10 likelihood to recommend of active customers",
    "trust": "mean trust of active customers, 0-1",
    "customers_active": "active customers (starting plus acquired, minus churned)",
    "engaged_share": "share of active customers who are community members",
    "initiatives_proposed": "initiatives proposed so far",
    "initiatives_approved": "initiatives approved so far",
    "initiatives_rejected": "initiatives rejected or left undecided so far",
    "initiatives_active": "initiatives launched and progressing now",
    "initiatives_stalled": "initiatives stalled now (no progress for stall_weeks)",
    "initiatives_completed": "initiatives completed so far",
    "initiatives_abandoned": "approved initiatives abandoned so far",
    "initiatives_dropped": "initiatives dropped before a decision (the leader left) so far",
    "items_open": "delegated action items not yet done",
    "items_overdue": "delegated action items past their due week",
    "spend": "CX spending this week (initiative costs at launch plus staff)",
    "spend_total": "CX spending to date",
    "sponsor_attention": "sponsor's attention on CX, 0-1",
    "leader_clout": "CX leader's effective clout, 0-1",
    "leader_present": "1 while someone holds the CX leader post",
    "leader_departures": "CX leaders who have left so far",
    "integration": "single-view-of-customer integration, 0-1",
    "capability": "mean CX skill of departments, 0-1",
    "evidence": "measured CX successes so far (ROI evidence)",
    "issues_open": "customer-critical issues open now",
    "issues_known": "open issues the firm has detected",
    "unhandled_contacts": "share of this week's contacts left unanswered",
    "reorganisations": "reorganisations so far",
    "threat": "1 while under competitive threat",
    "perceived_threat": "threat the executives feel from falling NPS or revenue against week 0 and plan, 0-1",
    "revenue": "revenue this week from active customers (money units, scaled to the real base)",
    "revenue_total": "revenue to date",
    "gross_margin": "revenue this week less the cost of serving the customers",
    "margin": "gross margin this week less CX spending",
    "margin_total": "margin (net of CX spending) to date",
    "churned_revenue": "annual revenue of the customers who churned this week",
    "customers_churned": "customers who churned this week",
}
"""Every weekly column, with its meaning (also printed by ``cxsim run --columns``)."""


def measure(model: CXModel) -> dict[str, float]:
    """Compute every weekly column for the model's current state."""
    c = model.customers
    active = c.active
    n_active = c.active_count()
    port = model.portfolio
    items = port.open_items()
    return {
        "week": model.week,
        "follow_through": model.ledger.share(),
        "follow_through_13w": model.ledger.rolling_share(model.week, ROLLING_WEEKS),
        "nps": c.nps(),
        "retention": c.retention(),
        "participation": c.mean_active(c.willingness),
        "participant_willingness": c.mean_over(c.willingness, active & c.participated),
        "satisfaction": c.mean_active(c.loyalty),
        "trust": c.mean_active(c.trust),
        "customers_active": n_active,
        "engaged_share": float(np.count_nonzero(c.engaged)) / n_active if n_active else 0.0,  # members are active
        "initiatives_proposed": port.counts["proposed"],
        "initiatives_approved": port.counts["approved"],
        "initiatives_rejected": port.counts["rejected"],
        "initiatives_active": port.count_stage("launched"),
        "initiatives_stalled": port.count_stage("stalled"),
        "initiatives_completed": port.counts["completed"],
        "initiatives_abandoned": port.counts["abandoned"],
        "initiatives_dropped": port.counts["dropped"],
        "items_open": len(items),
        "items_overdue": sum(it.due_week < model.week for it in items),
        "spend": model.org.spend_week,
        "spend_total": model.org.spend_total,
        "sponsor_attention": model.sponsor.cx_attention,
        "leader_clout": model.leader_clout(),
        "leader_present": float(model.leader.in_post),
        "leader_departures": len(model.leader.tenures),
        "integration": model.org.integration,
        "capability": sum(d.capability for d in model.departments.values()) / len(model.departments),
        "evidence": model.org.evidence,
        "issues_open": len(model.issues.open),
        "issues_known": sum(i.detected for i in model.issues.open),
        "unhandled_contacts": c.unhandled_share,
        "reorganisations": model.org.reorganisations,
        "threat": model.org.threat,
        "perceived_threat": model.results.perceived_threat,
        "revenue": model.accounts.revenue,
        "revenue_total": model.accounts.revenue_total,
        "gross_margin": model.accounts.gross_margin,
        "margin": model.accounts.gross_margin - model.org.spend_week,
        "margin_total": model.accounts.margin_total,
        "churned_revenue": model.accounts.churned_revenue,
        "customers_churned": int(c.gone_this_week.size),
    }


def reporters() -> dict[str, Any]:
    """DataCollector model reporters reading the week's measured values (partials pickle, lambdas don't)."""
    return {name: partial(read_metric, name=name) for name in COLUMNS}


def read_metric(model: CXModel, name: str) -> float:
    """One column of the week's measured values."""
    return model.metrics[name]


SUMMARY_METRICS = ("follow_through", "nps", "retention", "participation")

SUMMARY_FIELDS: tuple[str, ...] = (
    *(f"{m}_{kind}" for m in SUMMARY_METRICS for kind in ("final", "mean")),
    "initiatives_started",
    "initiatives_proposed",
    "initiatives_approved",
    "initiatives_rejected",
    "initiatives_launched",
    "initiatives_completed",
    "initiatives_stalled",
    "initiatives_abandoned",
    "initiatives_dropped",
    "initiatives_in_progress",
    "initiatives_pending",
    "measured_gains",
    "item_follow_through",
    "followup_rate",
    "failure_share",
    "weeks_to_approval",
    "leader_departures",
    "leader_tenure_weeks",
    "spend_total",
    "cost_per_measured_gain",
    "customers_active",
    "customers_acquired",
    "customers_churned",
    "acceptance_rate",
    "gain_quality",
    "revenue_total",
    "margin_total",
    "churned_revenue_total",
    "customer_value_final",
    "programme_npv",
    "programme_return",
    "payback_week",
    "programme_npv_with_base",
)
"""Every field of :func:`summarise`, in order (the metric columns of a batch's ``results.csv``)."""


def settled_and_failed(portfolio: Portfolio) -> tuple[list[Initiative], list[Initiative]]:
    """Launched initiatives whose fate is known (ended, or stalled when the run stops), and those of them
    that failed: not completed, or completed without a measured gain."""
    settled = [
        i
        for i in portfolio.initiatives
        if i.week_launched is not None and (i.outcome in ("completed", "abandoned") or i.stage == "stalled")
    ]
    return settled, [i for i in settled if i.outcome != "completed" or not i.measured]


def summarise(model: CXModel, programme_value: bool = True) -> dict[str, Any]:
    """End-of-run figures: final and time-averaged core metrics plus derived outcomes
    (the programme's value against its no-programme twin only with ``programme_value``)."""
    columns = model.datacollector.model_vars
    out: dict[str, Any] = {}
    for name in SUMMARY_METRICS:
        series = np.array(columns[name][1:], dtype=float)
        out[f"{name}_final"] = model.metrics[name]
        out[f"{name}_mean"] = float(np.nanmean(series)) if np.isfinite(series).any() else math.nan
    port = model.portfolio
    outcomes = [i.outcome or i.stage for i in port.initiatives]
    launched = [i for i in port.initiatives if i.week_launched is not None]
    settled, failed = settled_and_failed(port)
    waits = port.decision_waits
    tenures = model.leader.tenures
    measured = sum(i.measured for i in launched)
    items = [it for i in port.initiatives for it in i.items if it.booked]
    followups_due = sum(i.followups_due for i in port.initiatives)
    out.update(
        {
            "initiatives_started": len(port.initiatives),
            "initiatives_proposed": port.counts["proposed"],
            "initiatives_approved": port.counts["approved"],
            "initiatives_rejected": port.counts["rejected"],
            "initiatives_launched": len(launched),
            "initiatives_completed": outcomes.count("completed"),
            "initiatives_stalled": outcomes.count("stalled"),
            "initiatives_abandoned": outcomes.count("abandoned"),
            "initiatives_dropped": outcomes.count("dropped"),
            "initiatives_in_progress": outcomes.count("launched") + outcomes.count("approved"),
            "initiatives_pending": outcomes.count("scoping") + outcomes.count("proposed"),
            "measured_gains": measured,
            "item_follow_through": (
                sum(it.done_week is not None and it.done_week <= it.due_week for it in items) / len(items)
                if items
                else math.nan
            ),
            "followup_rate": sum(i.followups_sent for i in port.initiatives) / followups_due
            if followups_due
            else math.nan,
            "failure_share": len(failed) / len(settled) if settled else math.nan,
            "weeks_to_approval": float(np.mean(waits)) if waits else math.nan,
            "leader_departures": len(tenures),
            "leader_tenure_weeks": float(np.mean(tenures)) if tenures else math.nan,
            "spend_total": model.org.spend_total,
            "cost_per_measured_gain": model.org.spend_total / measured if measured else math.nan,
            "customers_active": model.metrics["customers_active"],
            "customers_acquired": model.customers.acquired,
            "customers_churned": model.customers.departed,
            **_participation(port),
            "revenue_total": model.accounts.revenue_total,
            "margin_total": model.accounts.margin_total,
            "churned_revenue_total": float(np.sum(columns["churned_revenue"][1:])),
            "customer_value_final": money.customer_value(model),
            **(money.value_programme(model) if programme_value else money.NOT_VALUED),
        }
    )
    return out


def _participation(portfolio: Portfolio) -> dict[str, float]:
    """How invitations fared: the share accepted, and the mean quality of completed initiatives' gains
    (participation below half the invitees lowers a gain, see ``Initiative.gain_quality``)."""
    asked = [i for i in portfolio.initiatives if i.invited > 0]
    invited = sum(i.invited for i in asked)
    completed = [i for i in asked if i.outcome == "completed"]
    return {
        "acceptance_rate": sum(i.participants.size for i in asked) / invited if invited else math.nan,
        "gain_quality": float(np.mean([i.gain_quality for i in completed])) if completed else math.nan,
    }

"""Exogenous events: budget cycles, issues and bug spikes, disruptions, competitive
threats, executive departures and (mechanism 15) reorganisations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.mechanisms import budget_lever, reorganisation

if TYPE_CHECKING:
    from sim.model.cxmodel import CXModel


def step(model: CXModel) -> None:
    """Draw this week's exogenous events and apply their immediate effects."""
    week = model.week
    if week > 0 and week % 52 == model.cfg.events.budget_cycle_week:
        budget_cycle(model)
    world_events(model)
    executive_departures(model)
    reorg_draw = model.rng_events.random()  # drawn every week so the event stream never shifts
    if model.on.reorganisation and reorganisation.happens(model, reorg_draw):
        reorganisation.apply(model)


def world_events(model: CXModel) -> None:
    """The events that come from outside the organisation: issues, bugs, disruptions, competitors.

    They also run in the firm's past (:mod:`sim.model.history`), which draws them from the same stream.
    """
    week = model.week
    cfg = model.cfg.events
    for _ in range(model.rng_events.poisson(model.cfg.issues.per_year / 52.0)):
        process_issue(model)
    model.issues.forget_ended_surges(week)
    if model.rng_events.random() < cfg.bug_spikes_per_year / 52.0:
        bug_spike(model)
    if model.rng_events.random() < cfg.disruptions_per_year / 52.0:  # drawn every week: the stream never shifts
        disruption(model)
    if model.org.threat_until <= week and model.rng_events.random() < cfg.threats_per_year / 52.0:
        competitive_threat(model)
    model.org.threat = 1.0 if week < model.org.threat_until else 0.0


def budget_cycle(model: CXModel) -> None:
    """A new budget year: the CX envelope is refilled and unloved work may be cut."""
    model.results.close_year(model)
    if model.on.budget_lever and model.programme:
        budget_lever.reset_envelope(model)
    model.lifecycle.budget_cuts(model)


def process_issue(model: CXModel) -> None:
    """A customer-critical process issue appears in one segment."""
    cfg = model.cfg.issues
    shares = [s.share for s in model.cfg.customers.segments]
    segment = int(model.rng_events.choice(len(shares), p=[s / sum(shares) for s in shares]))
    model.issues.add(model, "process issue", segment, cfg.share, cfg.severity)


def bug_spike(model: CXModel) -> None:
    """A product bug multiplies affected customers' contacts for a few weeks."""
    cfg = model.cfg.events
    bug = model.issues.add(model, "product bug", -1, cfg.bug_share, cfg.bug_severity)
    model.issues.add_surge(model, "product bug", cfg.bug_share, cfg.contact_multiplier, cfg.spike_weeks, cause=bug)
    model.attention_shift(model.cfg.sponsor_attention.crisis_boost)
    model.log.add(
        model.week,
        "bug_spike",
        f"A product bug multiplies contacts {cfg.contact_multiplier:g}-fold for {cfg.spike_weeks} weeks.",
    )


def disruption(model: CXModel) -> None:
    """Weather or an outage multiplies contacts for a week or two; nothing is left to fix when it ends."""
    cfg = model.cfg.events
    rng = model.rng_events
    multiplier = float(rng.uniform(cfg.disruption_multiplier_min, cfg.disruption_multiplier_max))
    weeks = int(rng.integers(cfg.disruption_weeks_min, cfg.disruption_weeks_max + 1))
    model.issues.add_surge(model, "disruption", cfg.disruption_share, multiplier, weeks)
    model.attention_shift(model.cfg.sponsor_attention.crisis_boost)
    model.log.add(
        model.week, "disruption", f"A disruption multiplies contacts {multiplier:.0f}-fold for {weeks} week(s)."
    )


def competitive_threat(model: CXModel) -> None:
    """A competitor attacks: churn and departments' own pressure rise for a while."""
    cfg = model.cfg.events
    model.org.threat_until = model.week + cfg.threat_weeks
    model.attention_shift(-model.cfg.sponsor_attention.threat_pull)
    model.log.add(model.week, "threat", "A competitive threat: executives turn to defending the core business.")


def executive_departures(model: CXModel) -> None:
    """Executives leave at random; successors did not ask for CX work."""
    for ex in model.executives.values():
        if model.rng_events.random() >= 1.0 / ex.cfg.tenure_weeks:
            continue
        model.replace_executive(ex, model.rng_people.random())
        if ex is model.sponsor:
            model.log.add(
                model.week,
                "sponsor_left",
                f"The CX sponsor ({ex.role}) moves on; the successor did not ask for CX work.",
            )

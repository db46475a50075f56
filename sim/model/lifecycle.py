"""The initiative life cycle: scoping, decision, launch, delegation, work, follow-up, end.

This module is the backbone every mechanism plugs into. Each mechanism's
contribution is called only when that mechanism is switched on; with all of
them off, initiatives move through the cycle limited only by time and capacity.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from sim.mechanisms import (
    budget_lever,
    cco_mandate,
    clout,
    delegation,
    design,
    follow_up,
    legacy_mindset,
    listening,
    measurement,
    overlay,
    resistance,
    rollout,
    silos,
    sponsor_attention,
)
from sim.model import feedback
from sim.model.initiatives import IN_FLIGHT, ActionItem, Initiative
from sim.scenario.config import INITIATIVE_KINDS

if TYPE_CHECKING:
    from sim.model.agents import Executive
    from sim.model.cxmodel import CXModel

LEADER = "cx_leader"
FIX_KINDS = ("process_redesign", "infrastructure_fix")


# --- scoping ---------------------------------------------------------------


def leader_scopes(model: CXModel) -> None:
    """The CX leader starts scoping a new initiative when there is room for one."""
    if not model.leader.in_post:
        return
    mine = model.portfolio.open_initiatives(owner=LEADER)
    if any(i.stage in ("scoping", "proposed") for i in mine):
        return
    if sum(i.stage in ("approved", *IN_FLIGHT) for i in mine) >= model.cfg.initiatives.max_active:
        return
    kind, issue, integration = _choose_work(model)
    scope = "top_down" if model.rng.random() < _top_down_share(model) else "bottom_up"
    home = model.home.name if model.home is not None else None
    depts = _choose_departments(model, kind, scope, home)
    segment = issue.segment if issue is not None else _choose_segment(model, scope)
    _new_initiative(
        model,
        kind,
        LEADER,
        "leader's programme",
        scope,
        depts,
        segment,
        issue,
        integration,
        model.cfg.initiatives.scoping_weeks,
    )


def propose_departmental(model: CXModel, dept: str, kind: str | None, cause: str) -> None:
    """A department starts an improvement of its own (bottom-up, approved by its head)."""
    if model.portfolio.open_initiatives(owner=dept):
        return  # one own initiative at a time
    if kind is None:
        kind = _weighted_kind(model, INITIATIVE_KINDS)
    depts = _choose_departments(model, kind, "bottom_up", dept)
    segment = _choose_segment(model, "bottom_up")
    _new_initiative(
        model, kind, dept, cause, "bottom_up", depts, segment, None, False, model.cfg.initiatives.scoping_weeks / 2.0
    )


def _new_initiative(model, kind, owner, cause, scope, depts, segment, issue, integration, mean_weeks) -> None:
    spec = getattr(model.cfg.initiatives.types, kind)
    weeks = max(1, math.ceil(model.rng.gamma(4.0, mean_weeks / 4.0)))
    ini = Initiative(
        uid=model.portfolio.next_uid(),
        kind=kind,
        owner=owner,
        cause=cause,
        scope=scope,
        departments=depts,
        segment=segment,
        cost=spec.cost * len(depts) / spec.departments,
        week_scoped=model.week,
        proposal_due=model.week + weeks,
        target_issue=issue,
        targets_integration=integration,
    )
    if issue is not None:
        issue.targeted = True
    model.portfolio.add(ini)


def _choose_work(model: CXModel):
    """Kind of initiative, the issue it targets (if any) and whether it is a data-integration fix."""
    issue = model.issues.worst_untargeted()
    fixes_allowed = sum(getattr(model.cfg.initiatives.types, k).weight for k in FIX_KINDS) > 0
    if issue is not None and fixes_allowed and model.rng.random() < model.cfg.initiatives.issue_focus:
        return _weighted_kind(model, FIX_KINDS), issue, False
    kind = _weighted_kind(model, INITIATIVE_KINDS)
    integration = kind == "infrastructure_fix" and model.on.silos and silos.wants_integration_fix(model)
    return kind, None, integration


def _weighted_kind(model: CXModel, kinds: tuple[str, ...]) -> str:
    weights = np.array([getattr(model.cfg.initiatives.types, k).weight for k in kinds])  # sum > 0 (validated/checked)
    return kinds[int(model.rng.choice(len(kinds), p=weights / weights.sum()))]


def _top_down_share(model: CXModel) -> float:
    if model.on.rollout:
        return rollout.top_down_share(model)
    return model.cfg.initiatives.top_down_share


def _choose_departments(model: CXModel, kind: str, scope: str, lead: str | None) -> tuple[str, ...]:
    everyone = tuple(model.departments)
    if scope == "top_down":
        return everyone
    n = getattr(model.cfg.initiatives.types, kind).departments
    pool = [d for d in everyone if d != lead]
    size = max(0, min(len(pool), n - (lead is not None)))
    picked = [pool[i] for i in model.rng.choice(len(pool), size=size, replace=False)] if pool else []
    chosen = ([lead] if lead is not None else []) + picked
    return tuple(d for d in everyone if d in chosen)


def _choose_segment(model: CXModel, scope: str) -> int:
    if scope == "top_down":
        return -1
    shares = np.array([s.share for s in model.cfg.customers.segments])
    return int(model.rng.choice(len(shares), p=shares / shares.sum()))


# --- proposal and decision ---------------------------------------------------


def propose_scoped(model: CXModel) -> None:
    """Scoping that is finished becomes a proposal."""
    for ini in model.portfolio.open_initiatives():
        if ini.stage == "scoping" and model.week >= ini.proposal_due:
            ini.stage = "proposed"
            ini.week_proposed = model.week
            model.portfolio.counts["proposed"] += 1


def approver(model: CXModel, ini: Initiative) -> Executive:
    """Who decides: the placement's sponsor, or the owning department's head."""
    return model.sponsor if ini.owner == LEADER else model.departments[ini.owner].head


def home_of(model: CXModel, ini: Initiative) -> str | None:
    """The owner's own department: the CX team's home (None in the executive office), or the owning department."""
    if ini.owner == LEADER:
        return model.home.name if model.home is not None else None
    return ini.owner


def owner_clout(model: CXModel, ini: Initiative) -> float:
    """Clout behind an initiative: the CX leader's, or the owning department head's."""
    if ini.owner == LEADER:
        return model.leader_clout()
    return model.departments[ini.owner].head.clout if model.on.clout else 1.0


def approval_probability(model: CXModel, ini: Initiative, can_fund: bool) -> float:
    """Chance the approver says yes, from commitment, clout and resistance."""
    cfg = model.cfg.initiatives
    boss = approver(model, ini)
    attention = boss.cx_attention
    if ini.owner != LEADER and model.on.design:
        attention = max(attention, model.departments[ini.owner].customer_incentive(model))
    if model.on.budget_lever:
        attention = budget_lever.commitment(model, attention, can_fund)
    commitment = 1.0 - cfg.attention_weight * (1.0 - attention)
    p = cfg.base_approval * commitment * (1.0 - cfg.approval_clout_weight * (1.0 - owner_clout(model, ini)))
    if model.on.clout:
        p *= clout.approver_factor(model, boss)
    if model.on.resistance:
        p *= resistance.approval_factor(model, ini)
    if model.on.legacy_mindset:
        p *= legacy_mindset.approval_factor(model, boss)
    return min(1.0, p)


def decide(model: CXModel) -> None:
    """Pending proposals get decided (at a pace set by clout) or time out."""
    cfg = model.cfg.initiatives
    for ini in model.portfolio.open_initiatives():
        if ini.stage != "proposed":
            continue
        waited = model.week - ini.week_proposed
        if waited >= cfg.max_wait_weeks:
            _reject(model, ini, "no decision")
            continue
        hazard = cfg.decision_rate * (1.0 - cfg.decision_clout_weight * (1.0 - owner_clout(model, ini)))
        if model.rng.random() >= hazard:
            continue
        can_fund = model.on.budget_lever and ini.owner == LEADER and budget_lever.can_fund(model, ini)
        if model.rng.random() < approval_probability(model, ini, can_fund):
            if can_fund:
                budget_lever.fund(model, ini)
            ini.stage = "approved"
            ini.week_decided = model.week
            model.portfolio.counts["approved"] += 1
            model.portfolio.decision_waits.append(waited)
        else:
            _reject(model, ini, "rejected")


def _reject(model: CXModel, ini: Initiative, reason: str) -> None:
    ini.stage = ini.outcome = "rejected"
    ini.end_reason = reason
    ini.week_decided = ini.week_ended = model.week
    model.portfolio.counts["rejected"] += 1
    if ini.target_issue is not None:
        ini.target_issue.targeted = False
    if ini.owner == LEADER:
        model.frustrate(model.cfg.leader_tenure.rejection_frustration)


# --- launch and delegation -------------------------------------------------------


def launch(model: CXModel) -> None:
    """Approved initiatives hold their launch event; customers are invited to take part."""
    cfg = model.cfg.initiatives
    for ini in model.portfolio.open_initiatives():
        if ini.stage != "approved" or model.week < ini.week_decided + cfg.launch_weeks:
            continue
        if ini.owner == LEADER and not model.leader.in_post:
            continue  # the CX team runs the event: it waits for a leader
        ini.stage = "launched"
        ini.week_launched = model.week
        model.org.spend_week += ini.cost
        share = getattr(cfg.types, ini.kind).invite_share
        if share > 0:
            # Co-design and advisory boards ask people the firm knows first; a community recruits anew.
            returning = 0.0 if ini.kind == "community" else model.cfg.feedback.returning_participants
            ini.invited, ini.participants = model.customers.invite(share, model.rng, returning)
            model.customers.participated[ini.participants] = True
            if ini.kind == "community":
                model.customers.set_engaged(ini.participants, True)


def delegate(model: CXModel) -> None:
    """A week after launch, action items are written up and handed to departments."""
    cfg = model.cfg.initiatives
    for ini in model.portfolio.in_flight():
        if ini.week_delegated is not None or model.week < ini.week_launched + 1:
            continue
        spec = getattr(cfg.types, ini.kind)
        per_dept = resistance.items_per_department(model, ini.kind) if model.on.resistance else 1
        due = model.week + cfg.due_weeks
        ini.items = [ActionItem(ini, dept, spec.effort_weeks, due) for dept in ini.departments for _ in range(per_dept)]
        ini.week_delegated = ini.last_done_week = model.week
        ini.next_followup = model.week + model.cfg.follow_up.interval_weeks


# --- work ------------------------------------------------------------------------


def item_priority(model: CXModel, dept, ini: Initiative) -> float:
    """Priority a department gives an item of ``ini``: clout plus every enabled lever."""
    weights = model.cfg.delegation
    priority = (
        1.0 + weights.clout_weight * owner_clout(model, ini) + weights.sponsor_push * approver(model, ini).cx_attention
    )
    if ini.owner == dept.name:
        priority += dept.cfg.own_pressure  # a department's own initiative is its own priority, not delegated work
    if model.on.cco_mandate and ini.owner == LEADER:
        priority += cco_mandate.priority_term(model)
    if model.on.design:
        priority += design.priority_term(model, dept)
    if model.on.budget_lever and ini.funded:
        priority += model.cfg.budget_lever.funded_priority
    if model.on.overlay:
        priority += overlay.priority_term(model, dept)
    if model.on.legacy_mindset:
        priority *= legacy_mindset.priority_factor(model, dept)
    return priority


def work(model: CXModel) -> None:
    """Departments (and CX staff) progress delegated items within their capacity."""
    week = model.week
    productivity = model.productivity()
    open_items = model.portfolio.open_items()
    for name, dept in model.departments.items():
        if dept.paused(week):
            continue
        queue = sorted(
            (it for it in open_items if it.department == name),
            key=lambda it: (not it.escalated, it.due_week),
        )
        budget = _whole(model, dept.cfg.capacity)
        for item in queue:
            if budget <= 0:
                break
            p = delegation.work_probability(model, dept, item) if model.on.delegation else 1.0
            p *= productivity
            if model.on.silos:
                p *= silos.coordination_factor(model, item.initiative.departments)
            if model.rng.random() < p:
                progress(model, item)
                budget -= 1
    if model.on.cco_mandate and model.leader.in_post:
        staff = cco_mandate.staff_capacity(model)
        # Staff help where departments did not work this week - not where work is on hold,
        # and not on items a department has shelved (only an escalation brings those back).
        backlog = sorted(
            (
                it
                for it in model.portfolio.open_items()
                if it.initiative.owner == LEADER
                and it.worked_week != week
                and not it.shelved
                and not model.departments[it.department].paused(week)
            ),
            key=lambda it: it.due_week,
        )
        for item in backlog[:staff]:
            progress(model, item)


def _whole(model: CXModel, x: float) -> int:
    """Round ``x`` up or down at random so that the mean is ``x``."""
    base = math.floor(x)
    return base + int(model.rng.random() < x - base)


def progress(model: CXModel, item: ActionItem) -> None:
    """One week of work on ``item``; a finished item on time is a kept commitment.

    A finished item is what counts as movement: it revives a stalled initiative.
    """
    ini = item.initiative
    item.progress += 1
    item.worked_week = model.week
    ini.progress_since_followup = True
    if item.progress >= item.effort and item.done_week is None:
        item.done_week = ini.last_done_week = model.week
        if ini.stage == "stalled":
            ini.stage = "launched"
            ini.stalled_since = None
        if not item.booked:
            item.booked = True
            model.ledger.book(model.week, on_time=model.week <= item.due_week)


def book_overdue(model: CXModel) -> None:
    """Items that passed their due week unfinished count as broken commitments."""
    for item in model.portfolio.overdue_items(model.week):
        if not item.booked:
            item.booked = True
            model.ledger.book(model.week, on_time=False)


# --- ends --------------------------------------------------------------------------


def update_status(model: CXModel) -> None:
    """Complete, stall or abandon initiatives in flight."""
    cfg = model.cfg.initiatives
    for ini in model.portfolio.in_flight():
        if ini.week_delegated is None:
            continue
        if not ini.open_items():
            complete(model, ini)
        elif ini.stage == "launched" and model.week - ini.last_done_week >= cfg.stall_weeks:
            ini.stage = "stalled"
            ini.stalled_since = model.week
            if ini.week_stalled is None:
                ini.week_stalled = model.week
        elif ini.stage == "stalled" and model.week - ini.stalled_since >= cfg.abandon_weeks:
            abandon(model, ini, "stalled too long")


def complete(model: CXModel, ini: Initiative) -> None:
    """All items done: the experience improves, and the gain may be measured."""
    ini.stage = ini.outcome = "completed"
    ini.week_ended = model.week
    model.portfolio.counts["completed"] += 1
    spec = getattr(model.cfg.initiatives.types, ini.kind)
    ini.gain = spec.loyalty_gain * ini.gain_quality
    model.customers.improve(ini.segment, ini.gain)
    if ini.target_issue is not None:
        model.issues.resolve(model, ini.target_issue)
    if ini.kind == "listening_programme" and model.on.listening:
        listening.on_programme_completed(model)
    if ini.targets_integration and model.on.silos:
        silos.on_integration_fix(model)
    detect = measurement.detect_probability(model) if model.on.measurement else model.cfg.initiatives.survey_detect
    ini.measured = ini.gain > 0 and model.rng.random() < detect
    if ini.measured:
        model.org.evidence += 1
        if model.on.sponsor_attention and ini.owner == LEADER:
            sponsor_attention.on_measured_win(model)
        if model.on.rollout:
            rollout.spread(model, ini)
    if model.on.follow_up:
        follow_up.close_loop(model, ini)


def abandon(model: CXModel, ini: Initiative, reason: str) -> None:
    """The initiative ends unfinished: commitments are broken, participants hear nothing.

    Work given up before any decision (in scoping or awaiting one) is "dropped";
    approved work given up is "abandoned".
    """
    was_in_flight = ini.stage in IN_FLIGHT
    outcome = "dropped" if ini.stage in ("scoping", "proposed") else "abandoned"
    ini.stage = ini.outcome = outcome
    ini.end_reason = reason
    ini.week_ended = model.week
    model.portfolio.counts[outcome] += 1
    if ini.target_issue is not None:
        ini.target_issue.targeted = False
    for item in ini.items:
        if not item.booked and item.done_week is None:
            item.booked = True
            model.ledger.book(model.week, on_time=False)
    if was_in_flight and model.on.follow_up:
        follow_up.close_loop(model, ini)


def budget_cuts(model: CXModel) -> None:
    """At the budget cycle, unfunded work whose approver has lost interest may be cut."""
    p = model.cfg.events.budget_cut_prob * feedback.budget_cut_factor(model)
    for ini in model.portfolio.open_initiatives():
        exposed = ini.stage in ("approved", *IN_FLIGHT) and not ini.funded
        if exposed and model.rng.random() < p * (1.0 - approver(model, ini).cx_attention):
            abandon(model, ini, "budget cut")

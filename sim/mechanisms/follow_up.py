"""Mechanism 4 - customer follow-up and abandonment [seed 000].

Customers who took part in a workshop, advisory board or community are promised
status updates. When an update is due the leader sends it with a probability set
by discipline, by spare bandwidth (chasing overdue items eats it) and by whether
there is any progress to report. Participants who hear nothing lose trust and
willingness to take part next time; those who hear back regain a little.

Off: no follow-ups are promised, and unanswered participation leaves customers unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.params import param

if TYPE_CHECKING:
    from sim.model.cxmodel import CXModel
    from sim.model.initiatives import Initiative

SEED = "000"
CLAIM = "Participants who never hear back lose trust and decline the next invitation."


@dataclass(frozen=True, slots=True)
class Params:
    """Parameters of participant follow-up."""

    interval_weeks: int = param(
        6, lo=1, hi=52, unit="weeks", doc="weeks between promised status updates to participants"
    )
    discipline: float = param(
        0.85, lo=0, hi=1, unit="prob", doc="chance a due update is sent when the leader has bandwidth and news"
    )
    no_news_skip: float = param(
        0.6, lo=0, hi=1, unit="prob", doc="chance an update is skipped because nothing progressed since the last one"
    )
    bandwidth: float = param(
        6.0, lo=0, hi=100, unit="tasks/week", doc="chasing and follow-up tasks the leader can handle in a week"
    )
    willingness_loss: float = param(
        0.25, lo=0, hi=1, unit="share", doc="share of participation willingness lost by a participant who hears nothing"
    )
    trust_loss: float = param(0.03, lo=0, hi=1, unit="trust", doc="trust lost by a participant who hears nothing")
    willingness_gain: float = param(
        0.05, lo=0, hi=1, unit="share", doc="share of the gap to full willingness regained when an update arrives"
    )


def send_probability(model: CXModel, ini: Initiative, due_now: int) -> float:
    """Chance a due update for ``ini`` goes out this week."""
    p = model.cfg.follow_up
    if not model.leader.in_post:
        return 0.0
    demand = due_now + sum(it.initiative.owner == "cx_leader" for it in model.portfolio.overdue_items(model.week))
    capacity = p.bandwidth + model.staff_followup_bandwidth()
    bandwidth = min(1.0, capacity / demand) if demand > 0 else 1.0
    news = 1.0 if ini.progress_since_followup else 1.0 - p.no_news_skip
    return p.discipline * bandwidth * news


def send_due(model: CXModel) -> None:
    """Send (or fail to send) every status update that falls due this week."""
    p = model.cfg.follow_up
    due = [
        ini
        for ini in model.portfolio.in_flight()
        if ini.has_participants and ini.week_delegated is not None and ini.next_followup <= model.week
    ]
    for ini in due:
        sent = model.rng.random() < send_probability(model, ini, len(due))
        record(model, ini, sent)
        ini.next_followup = model.week + p.interval_weeks
        ini.progress_since_followup = False


def close_loop(model: CXModel, ini: Initiative) -> None:
    """Final update when an initiative ends: sent on completion (subject to chance), never on abandonment."""
    if not ini.has_participants:
        return
    sent = ini.outcome == "completed" and model.rng.random() < send_probability(model, ini, 1)
    record(model, ini, sent)


def record(model: CXModel, ini: Initiative, sent: bool) -> None:
    """Book the update as a commitment and let participants react to it."""
    model.ledger.book(model.week, on_time=sent)
    ini.followups_due += 1
    ini.followups_sent += int(sent)
    react(model, ini.participants, sent)


def react(model: CXModel, idx: np.ndarray, sent: bool) -> None:
    """Participants' trust and willingness respond to hearing back, or not."""
    p = model.cfg.follow_up
    c = model.customers
    if sent:
        c.willingness[idx] += p.willingness_gain * (1.0 - c.willingness[idx])
    else:
        c.willingness[idx] *= 1.0 - p.willingness_loss
        c.trust[idx] = np.maximum(0.0, c.trust[idx] - p.trust_loss)

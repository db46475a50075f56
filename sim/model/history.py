"""The firm's past: weeks simulated before week 0 so that the run starts settled.

The warm start (:meth:`CustomerPopulation._warm_up`) settles loyalty under word of
mouth and noise, but not under issues, bugs and the churn they cause: a run with
no CX programme then drifts for about two years before it settles. Here the
world runs for ``simulation.history_weeks`` weeks with no CX programme - issues
and bugs arrive, are detected through surveys, fixed by routine work or fade,
customers churn and are acquired - and week 0 starts from where that leaves
them. Nothing of the organisation (placement, design, executives) is read, so
every placement and design of a seed shares the same past.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.model import events

if TYPE_CHECKING:
    from sim.model.cxmodel import CXModel


def settle(model: CXModel) -> None:
    """Run the firm's past and make week 0 the start of every count."""
    weeks = model.cfg.simulation.history_weeks
    if weeks <= 0:
        return
    model.settling = True
    for week in range(-weeks, 0):
        model.week = week
        model.metrics = {"nps": model.customers.nps()}  # what acquisition's word of mouth reads
        events.world_events(model)
        model.handle_issues()
        model.customers.step(model)
    model.settling = False
    model.week = 0
    model.metrics = {}
    model.customers.start_here()
    model.issues.start_here()
    model.log.clear()


__all__ = ["settle"]

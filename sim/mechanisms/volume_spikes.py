"""Mechanism 8 - volume spikes [seed 001].

A product bug, or a disruption such as a storm or an outage, can multiply
contacts and online mentions tenfold. Contacts reach the departments that
handle them (each department's ``contact_share``); each handles a little more
than its usual volume (``headroom``), and in a surge can scale up to its own
``surge_capacity`` once its spare capacity is mobilised. Contacts beyond
capacity go unanswered and cost loyalty.

Where CX sits decides how fast that happens. In the department it sits in,
mobilising is its own lever and happens at once; any other department must be
asked up the design's escalation path (each week the request gets through with
the chance that every rung agrees), or mobilises on its own after a while.
The same holds for the spike's cause: when CX sits in the department that
fixes product bugs (``organisation.bug_fixer``) a detected bug behind a surge
is fast-tracked at once; otherwise the leader must push the request up the
path. A fast-tracked cause is fixed in ``fast_fix_weeks`` on average rather
than the routine ``issues.routine_fix_weeks``.

So service (most contacts, room to scale) absorbs a spike when CX sits there
and is slow to when CX sits in marketing; an outsourced centre with a
contractual cap absorbs little wherever CX sits.

Off: every contact is handled, however many arrive; nothing is mobilised or fast-tracked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.params import param

if TYPE_CHECKING:
    from sim.model.cxmodel import CXModel

SEED = "001"
CLAIM = (
    "A tenfold contact spike costs less loyalty where CX sits in the department that handles the contacts and "
    "can scale (service) than where it cannot (marketing)."
)


@dataclass(frozen=True, slots=True)
class Params:
    """Parameters of contact handling under surges."""

    headroom: float = param(
        1.2, lo=1, hi=10, unit="multiplier", doc="each department's handling capacity as a multiple of its usual volume"
    )
    unhandled_cost: float = param(
        0.3, lo=0, hi=10, unit="loyalty points", doc="loyalty a customer loses per unanswered contact"
    )
    unprompted_weeks: float = param(
        4.0,
        lo=0.5,
        hi=104,
        unit="weeks",
        doc="mean weeks before a department mobilises spare capacity on its own, unasked",
    )
    fast_fix_weeks: float = param(
        2.0, lo=0.5, hi=104, unit="weeks", doc="mean weeks to fix a surge's cause once its fix is fast-tracked"
    )


def respond(model: CXModel) -> None:
    """While a surge lasts: mobilise spare capacity and push the fix of its cause (nothing outside surges)."""
    surges = model.issues.active_surges(model.week)
    if not surges:
        for dept in model.departments.values():
            dept.mobilised = False
        return
    p = model.cfg.volume_spikes
    home = model.home
    asking = model.leader.in_post
    through = model.escalation_success()
    # No draws where nothing can change: free unanswered contacts need no capacity,
    # and a "fast" fix no faster than routine work needs no push.
    mobilising = p.unhandled_cost > 0
    pushing = p.fast_fix_weeks < model.cfg.issues.routine_fix_weeks
    for dept in model.departments.values():
        if not mobilising or dept.mobilised or dept.cfg.contact_share <= 0:
            continue
        if dept is home:
            dept.mobilised = True  # its own lever
        elif asking and model.rng.random() < through:
            dept.mobilised = True  # the request got up the ladder
        elif model.rng.random() < 1.0 / p.unprompted_weeks:
            dept.mobilised = True  # it acts on its own
    fixer = model.departments.get(model.cfg.organisation.bug_fixer)
    for surge in surges if pushing else ():
        cause = surge.cause
        if cause is None or cause.fast_tracked or not cause.detected or cause.week_resolved is not None:
            continue
        if (fixer is not None and fixer is home) or (asking and model.rng.random() < through):
            cause.fast_tracked = True
        if cause.fast_tracked:
            model.log.add(
                model.week, "fix_fast_tracked", f"The fix of the {cause.label} behind the spike is fast-tracked."
            )


def capacity_share(model: CXModel) -> dict[str, float]:
    """Each department's handling capacity this week, as a multiple of its usual contact volume."""
    headroom = model.cfg.volume_spikes.headroom
    return {name: headroom * (d.cfg.surge_capacity if d.mobilised else 1.0) for name, d in model.departments.items()}


def unanswered_share(model: CXModel, demand: float, usual_volume: float) -> float:
    """Share of this week's contacts that go unanswered, summed over the departments that handle them.

    Department ``d`` receives ``contact_share_d x demand`` against a capacity of
    ``contact_share_d x usual_volume x headroom x (surge_capacity_d if mobilised)``.
    """
    if demand <= 0:
        return 0.0
    capacity = capacity_share(model)
    lost = 0.0
    for name, dept in model.departments.items():
        share = dept.cfg.contact_share
        if share > 0:
            lost += share * max(0.0, 1.0 - capacity[name] * usual_volume / demand)
    return lost

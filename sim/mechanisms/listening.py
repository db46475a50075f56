"""Mechanism 7 - listening reach [seed 001].

Service hears customers at every contact; marketing mostly through surveys and
reputation monitoring; operations through process metrics. Reach is not typed
per placement: it follows from the home. The CX team hears in full the contacts
its home department handles (its ``contact_share``); the contacts other
departments handle reach it only as data, in part (``data_view``), in full
measure when they sit on the home's own data system and otherwise only as far
as integration joins systems (mechanism 12); surveys add a little everywhere
(``survey_reach``). A team in the executive office handles no contacts and
sees only what integrated data shows.

    reach = survey + (1 - survey) x sum_d contact_share_d x v_d
    v_home = 1;  v_d = data_view x (1 if system_d = system_home else integration)

Reach sets how fast a customer-critical issue is noticed; a loud issue (one
driving a contact surge) is noticed faster, and completed listening programmes
widen reach. Detected issues are fixed by routine work and can be targeted by
initiatives.

Off: every issue is known the week it appears.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.params import param

if TYPE_CHECKING:
    from sim.model.cxmodel import CXModel

SEED = "001"
CLAIM = "Where CX sits changes how fast customer-critical issues are seen."


@dataclass(frozen=True, slots=True)
class Params:
    """Parameters of issue detection."""

    detection_rate: float = param(
        0.5, lo=0, hi=10, unit="1/week", doc="weekly detection hazard of an issue at full listening reach"
    )
    spike_loudness: float = param(
        3.0, lo=1, hi=20, unit="multiplier", doc="how much louder an issue is while it drives a contact spike"
    )
    programme_boost: float = param(
        0.1, lo=0, hi=1, unit="reach", doc="listening reach added by each completed listening programme"
    )
    survey_reach: float = param(
        0.1,
        lo=0,
        hi=1,
        unit="share",
        doc="share of the customer signal surveys and reputation monitoring bring to the CX team wherever it sits",
    )
    data_view: float = param(
        0.6,
        lo=0,
        hi=1,
        unit="share",
        doc="share of what a contact tells that reaches the CX team as data when another department handles it",
    )


def contact_view(model: CXModel) -> float:
    """Share of customers' contacts whose signal reaches the CX team, heard or through data."""
    p = model.cfg.listening
    home = model.home
    integration = model.org.integration
    view = 0.0
    for dept in model.departments.values():
        if dept is home:
            view += dept.cfg.contact_share
        else:
            shared = home is not None and dept.system == home.system
            view += dept.cfg.contact_share * p.data_view * (1.0 if shared else integration)
    return view


def reach(model: CXModel) -> float:
    """Current listening reach: surveys, the home's contacts and data, plus what listening programmes added."""
    survey = model.cfg.listening.survey_reach
    return min(1.0, survey + (1.0 - survey) * contact_view(model) + model.org.listening_bonus)


def detect(model: CXModel) -> None:
    """Give every undetected open issue its weekly chance of being noticed."""
    p = model.cfg.listening
    base = p.detection_rate * reach(model)
    for issue in model.issues.undetected():
        loud = p.spike_loudness if issue.spiking(model.week) else 1.0
        if model.rng.random() < 1.0 - math.exp(-base * loud):
            model.issues.mark_detected(model, issue)


def on_programme_completed(model: CXModel) -> None:
    """A completed listening programme widens reach."""
    model.org.listening_bonus += model.cfg.listening.programme_boost

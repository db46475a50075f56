"""Mechanism 20 - customer metrics translated into operational ones [seeds 001, 003].

NPS, renewal and satisfaction are tracked everywhere, but a survey alone rarely
shows that one initiative moved loyalty. Translating customers' own success into
operational metrics (time to be productive, steps to complete a task) makes the
gains of completed initiatives measurable, and measured gains are the ROI
evidence that later approvals need.

Off: only the survey can reveal a gain (``initiatives.survey_detect``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.params import param

if TYPE_CHECKING:
    from sim.model.cxmodel import CXModel

SEED = "001, 003"
CLAIM = "Operational metrics translated from customers' success make CX gains measurable, feeding the ROI case."


@dataclass(frozen=True, slots=True)
class Params:
    """Parameters of CX measurement."""

    translation: float = param(
        0.3, lo=0, hi=1, unit="share", doc="share of customer outcomes translated into operational metrics"
    )


def detect_probability(model: CXModel) -> float:
    """Chance a real gain from a completed initiative is measured."""
    survey = model.cfg.initiatives.survey_detect
    return survey + (1.0 - survey) * model.cfg.measurement.translation

"""Mechanism 2 - authority versus responsibility [seeds 000, 001, 003].

A programme leader handed the mandate without the clout gets decisions later and
approvals less often, and departments give their requests lower priority. Clout
from position falls with each level between the leader and the C-suite.

Off: the leader's position gives full clout (factor 1) whatever the level.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.params import param

if TYPE_CHECKING:
    from sim.model.cxmodel import CXModel

SEED = "000, 001, 003"
CLAIM = "A leader with responsibility but no clout gets slower approvals and less follow-through."


@dataclass(frozen=True, slots=True)
class Params:
    """Parameters of positional clout."""

    level_decay: float = param(
        0.65, lo=0.05, hi=1, unit="ratio", doc="clout kept per reporting level below the C-suite (level 1 = 1.0)"
    )


def position_clout(model: CXModel) -> float:
    """Clout the CX leader draws from the reporting level (1 = C-suite, 4 = mid-level)."""
    return model.cfg.authority.level_decay ** (model.placement.leader_level - 1)

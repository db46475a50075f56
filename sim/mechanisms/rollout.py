"""Mechanism 10 - bottom-up versus top-down [seed 002].

Bottom-up work improves one piece of the experience (few departments, one
segment); when it visibly succeeds, peers who see the result start their own.
Top-down work is mandated across the organisation (every department, every
segment). Firms under threat lean bottom-up; firms in a winning position go
top-down.

Off: the share of top-down initiatives is fixed (``initiatives.top_down_share``)
whatever the firm's position, and successes do not spread to peers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.params import param

if TYPE_CHECKING:
    from sim.model.cxmodel import CXModel
    from sim.model.initiatives import Initiative

SEED = "002"
CLAIM = "Firms under threat go bottom-up, winning firms top-down; bottom-up successes spread to peers who see them."


@dataclass(frozen=True, slots=True)
class Params:
    """Parameters of rollout style."""

    threat_shift: float = param(
        0.25, lo=0, hi=1, unit="share", doc="fall in the top-down share while the firm is under competitive threat"
    )
    winning_shift: float = param(
        0.25,
        lo=0,
        hi=1,
        unit="share",
        doc="rise in the top-down share when NPS has gained 10+ points on its starting level",
    )
    peer_spread: float = param(
        0.3, lo=0, hi=1, unit="prob", doc="chance a measured bottom-up success leads a peer department to start its own"
    )


def top_down_share(model: CXModel) -> float:
    """Share of new initiatives run top-down, given the firm's position."""
    p = model.cfg.rollout
    share = model.cfg.initiatives.top_down_share
    share -= p.threat_shift * model.pressure()
    share += p.winning_shift * min(1.0, max(0.0, model.nps_gain() / 10.0))
    return min(1.0, max(0.0, share))


def spread(model: CXModel, ini: Initiative) -> None:
    """A measured bottom-up success may be copied by a peer department."""
    if ini.scope != "bottom_up" or model.rng.random() >= model.cfg.rollout.peer_spread:
        return
    peers = [d for d in model.departments if d not in ini.departments]
    if peers:
        peer = peers[int(model.rng.integers(len(peers)))]
        model.lifecycle.propose_departmental(model, peer, ini.kind, cause="peer saw results")

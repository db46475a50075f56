"""The twenty mechanisms of the model brief, one module each: claim, parameters and rules.

A mechanism acts on the model it is handed and imports only :mod:`sim.params` at run
time (the model's classes only for type hints), so the scenario can gather every
mechanism's ``Params`` without importing the model.

Every module holds a docstring stating the claim and its seed essay, a frozen
``Params`` dataclass (its parameters, read from the scenario table of the same
name), and the functions the model calls *only* when the mechanism is switched
on in the scenario's ``[mechanisms]`` table. ``MECHANISMS`` keeps the brief's order.
"""

from __future__ import annotations

from types import ModuleType

from sim.mechanisms import (
    authority,
    budget_lever,
    cco_mandate,
    clout,
    delegation,
    design,
    engagement,
    follow_up,
    leader_tenure,
    legacy_mindset,
    listening,
    measurement,
    overlay,
    reorganisation,
    resistance,
    rollout,
    silos,
    sponsor_attention,
    transparency,
    volume_spikes,
)

MECHANISMS: dict[str, ModuleType] = {
    "sponsor_attention": sponsor_attention,
    "authority": authority,
    "delegation": delegation,
    "follow_up": follow_up,
    "budget_lever": budget_lever,
    "clout": clout,
    "listening": listening,
    "volume_spikes": volume_spikes,
    "resistance": resistance,
    "rollout": rollout,
    "overlay": overlay,
    "silos": silos,
    "cco_mandate": cco_mandate,
    "leader_tenure": leader_tenure,
    "reorganisation": reorganisation,
    "legacy_mindset": legacy_mindset,
    "transparency": transparency,
    "engagement": engagement,
    "design": design,
    "measurement": measurement,
}

__all__ = ["MECHANISMS"]

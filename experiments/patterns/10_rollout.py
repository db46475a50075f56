"""Mechanism 10: bottom-up pieces spread to peers who see results (essay 002)."""

from sim.validation.patterns import Expect, Pattern, lever

PATTERN = Pattern(
    mechanism="rollout",
    claim="A bottom-up success spreads: peers who see results start their own initiatives.",
    lever="chance a peer department copies a visible bottom-up success: 0 against 0.6, operations-led",
    arms=lever("operations", "rollout.peer_spread", 0.0, 0.6),
    replicates=20,
    expects=(Expect("peer_initiatives", +1),),
)

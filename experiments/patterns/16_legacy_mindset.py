"""Mechanism 16: legacy-mindset managers (essay 004)."""

from sim.validation.patterns import Expect, Pattern, lever

PATTERN = Pattern(
    mechanism="legacy_mindset",
    claim="The larger the share of managers with a legacy mindset, the fewer delegated CX items are done on time.",
    lever="share of managers with a legacy mindset: 0.1 against 0.8, operations-led",
    arms=lever("operations", "legacy_mindset.share", 0.1, 0.8),
    replicates=80,
    expects=(Expect("item_follow_through", -1),),
)

"""Mechanism 3: delegated action items and a boss reluctant to escalate (essay 000)."""

from sim.validation.patterns import Expect, Pattern, lever

PATTERN = Pattern(
    mechanism="delegation",
    claim="When the leader's boss is reluctant to take overdue CX items up the ladder, departments keep fewer of their delegated commitments.",
    lever="boss's willingness to escalate an overdue item: 0.9 against 0.1 (probability per request), marketing-led",
    arms=lever("marketing", "delegation.boss_willingness", 0.9, 0.1),
    replicates=80,
    documented={"item_follow_through": "not shown"},
    note=(
        "A reluctant boss does not change the share of items done on time (+0.008, 95% CI -0.026 to +0.041, 80 pairs). In the model the leader escalates an item only once it is overdue, and an overdue item has already been booked as broken, so escalation cannot make an item on time; it only gets late items finished and keeps their initiatives from stalling. What the model shows is that escalation is a late remedy: it rescues initiatives, not punctuality."
    ),
    expects=(Expect("item_follow_through", -1),),
)

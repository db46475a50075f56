"""Mechanism 4: participants who never hear back (essay 000)."""

from sim.validation.patterns import Expect, Pattern, lever

PATTERN = Pattern(
    mechanism="follow_up",
    claim="Customers who gave their time and were not followed up become less willing to take part when invited again.",
    lever="follow-up discipline (share of due follow-ups sent): 0.9 against 0.2, marketing-led, co-design-heavy portfolio",
    arms=lever("marketing", "follow_up.discipline", 0.9, 0.2),
    base={"initiatives.types.community.weight": 0.5},
    replicates=20,
    expects=(Expect("participant_willingness", -1),),
)

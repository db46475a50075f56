"""Mechanism 14: short CX-leader tenures strand work in flight (essay 004)."""

from sim.validation.patterns import Expect, Pattern, lever

PATTERN = Pattern(
    mechanism="leader_tenure",
    claim="Where CX leaders leave sooner, more initiatives are stranded in flight and fewer commitments are kept.",
    lever="CX leader's calm tenure (mean weeks before leaving without frustration): 300 against 75, marketing-led",
    arms=lever("marketing", "leader_tenure.calm_tenure_weeks", 300.0, 75.0),
    replicates=80,
    documented={"follow_through": "not shown"},
    note=(
        "Shorter calm tenures more than double leader departures (+2.4 per five years) and strand more of the launched initiatives (+0.13 of them, 95% CI +0.05 to +0.22), as claimed. Follow-through does not move detectably (-0.008, CI -0.063 to +0.047): a departure strands initiatives but the commitments already made are booked whether or not a leader is there to chase them."
    ),
    expects=(Expect("leader_departures", +1), Expect("stranded_share", +1), Expect("follow_through", -1)),
)

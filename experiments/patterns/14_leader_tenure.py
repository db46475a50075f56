"""Mechanism 14: short CX-leader tenures strand work in flight (essay 004)."""

from sim.validation.patterns import Expect, Pattern, lever

PATTERN = Pattern(
    mechanism="leader_tenure",
    claim="Where CX leaders leave sooner, more initiatives are stranded in flight and fewer commitments are kept.",
    lever="CX leader's calm tenure (mean weeks before leaving without frustration): 300 against 75, marketing-led",
    arms=lever("marketing", "leader_tenure.calm_tenure_weeks", 300.0, 75.0),
    replicates=80,
    documented={"stranded_share": "not shown", "follow_through": "not shown"},
    note=(
        "Shorter calm tenures more than double leader departures (+2.6 per five years), but neither the share of launched initiatives stranded (+0.005, 95% CI -0.10 to +0.11) nor follow-through (+0.006, CI -0.055 to +0.067) moves detectably at 80 pairs. A departure strands each initiative in flight only with probability 0.5; under the marketing-led position few initiatives are approved and running at once (about three), so the per-run figures are ratios of small counts and their run-to-run spread swamps the effect. The claim holds for departures, not (at this precision) for the work they strand."
    ),
    expects=(Expect("leader_departures", +1), Expect("stranded_share", +1), Expect("follow_through", -1)),
)

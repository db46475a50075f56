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
        "Shorter calm tenures more than double leader departures (+2.5 per five years) and raise the share of launched initiatives stranded (+0.12, 95% CI +0.0001 to +0.23: only just excluding zero), but follow-through (-0.041, CI -0.090 to +0.008) moves in the predicted direction without excluding zero at 80 pairs. A departure strands each initiative in flight only with probability 0.5, and with about three initiatives running at once the per-run figures are ratios of small counts. The direction is the essay's; the size is modest next to run-to-run variation."
    ),
    expects=(Expect("leader_departures", +1), Expect("stranded_share", +1), Expect("follow_through", -1)),
)

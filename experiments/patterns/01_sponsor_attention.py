"""Mechanism 1: the sponsor's attention drifts away before the proposal is ready (essay 000)."""

from sim.validation.patterns import Expect, Pattern, lever

PATTERN = Pattern(
    mechanism="sponsor_attention",
    claim="When the sponsoring executive's interest fades faster, fewer CX proposals are approved and fewer commitments are kept.",
    lever="half-life of the sponsor's extra attention: 80 weeks (slow drift) against 10 weeks (fast drift), marketing-led",
    arms=lever("marketing", "sponsor_attention.half_life_weeks", 80.0, 10.0),
    replicates=80,
    documented={"follow_through": "not shown"},
    note=(
        "Fast drift lowers the CX leader's approval rate (by about 6 points), as the essay says, but follow-through over the run does not move detectably (-0.010, 95% CI -0.048 to +0.028, 80 pairs): once work is approved, whether departments keep their commitments depends mostly on their own pressure and capacity; the sponsor's attention enters a delegated item's priority only through the sponsor-push term, one of several. Run-level follow-through is also noisy (sd of the paired contrast about 0.16, because a run has only a handful of launched initiatives), so effects under about 4 points cannot be resolved with 80 pairs."
    ),
    expects=(Expect("approval_rate", -1), Expect("follow_through", -1)),
)

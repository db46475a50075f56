"""Mechanism 5: the budget lever, up to 10% of operating spend (essay 001)."""

from sim.validation.patterns import Expect, Pattern, lever

PATTERN = Pattern(
    mechanism="budget_lever",
    claim="Letting the CX leader direct a share of operating spend (up to 10%) funds fixes nobody else would, and more commitments are kept.",
    lever="share of opex the marketing-led CX leader may prioritise: 0% against 10%",
    arms=lever("marketing", "designs.marketing.budget_share", 0.0, 0.10),
    replicates=60,
    expects=(Expect("follow_through", +1), Expect("approval_rate", +1)),
)

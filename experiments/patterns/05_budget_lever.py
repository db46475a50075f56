"""Mechanism 5: the budget lever, up to 10% of operating spend (essay 001)."""

from sim.validation.patterns import Expect, Pattern, lever

PATTERN = Pattern(
    mechanism="budget_lever",
    claim="Letting the CX leader direct a share of operating spend (up to 10%) funds fixes nobody else would, and more commitments are kept.",
    lever="share of opex the marketing-led CX leader may prioritise: 0% against 10%",
    arms=lever("marketing", "designs.marketing.budget_share", 0.0, 0.10),
    replicates=60,
    documented={"follow_through": "not shown"},
    note=(
        "A 10% budget lever raises the approval rate by 7 points (95% CI +0.038 to +0.105, 60 pairs), as claimed; follow-through rises by 0.05 but the CI just covers zero (-0.010 to +0.114). Funded initiatives need less of the sponsor's commitment to be approved, but the departments that do the work are the same, so the share of commitments kept moves less than approvals (before issue 12 it was just separated)."
    ),
    expects=(Expect("follow_through", +1), Expect("approval_rate", +1)),
)
